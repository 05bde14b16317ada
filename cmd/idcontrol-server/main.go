// Command idcontrol-server serves the idcontrol gRPC API.
//
// Every flag has an environment variable of the same name, upper-cased and
// prefixed with IDCONTROL_ (--listen ↔ IDCONTROL_LISTEN); a flag given on
// the command line wins over its variable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/idcontrol/idcontrol/server"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		// -h and --help printed the usage: asked for, not an error.
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "idcontrol-server:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cfg, err := parseFlags(args, os.LookupEnv)
	if err != nil {
		return err
	}
	level, err := server.ParseLogLevel(cfg.LogLevel)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return server.Run(ctx, cfg, log)
}

// parseFlags reads the flags, falling back to IDCONTROL_* variables.
func parseFlags(args []string, env func(string) (string, bool)) (server.Config, error) {
	cfg := server.Defaults()
	fs := flag.NewFlagSet("idcontrol-server", flag.ContinueOnError)
	fs.StringVar(&cfg.Listen, "listen", cfg.Listen, "TCP address to serve on")
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "directory of the embedded attempt ledger (created if missing)")
	fs.StringVar(&cfg.Policies, "policies", cfg.Policies, "JSON file of named policies (optional)")
	fs.StringVar(&cfg.AttemptsStore, "attempts-store", cfg.AttemptsStore, `attempt ledger: "bbolt" or a redis://host:port/db URL`)
	fs.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "debug, info, warn or error")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long in-flight RPCs may drain on SIGINT/SIGTERM")
	fs.IntVar(&cfg.MaxRecvSize, "max-recv-size", cfg.MaxRecvSize, "largest request accepted, in bytes")
	fs.DurationVar(&cfg.DefaultTimeout, "default-timeout", cfg.DefaultTimeout, "deadline of RPCs that arrive without one")
	fs.StringVar(&cfg.TrustStore, "trust-store", cfg.TrustStore, "directory of 2D-Doc certificates")
	fs.StringVar(&cfg.SireneURL, "sirene-url", cfg.SireneURL, "SIRENE API base URL (company registry connector)")
	fs.StringVar(&cfg.SireneToken, "sirene-token", cfg.SireneToken, "SIRENE API token")
	fs.IntVar(&cfg.MaxConcurrentStreams, "max-concurrent-streams", cfg.MaxConcurrentStreams, "calls in progress on one connection")
	fs.IntVar(&cfg.MaxConnections, "max-connections", cfg.MaxConnections, "connections served at once")
	fs.IntVar(&cfg.MaxReceiving, "max-receiving", cfg.MaxReceiving, "requests being received at once, over all connections")
	fs.DurationVar(&cfg.RecvTimeout, "recv-timeout", cfg.RecvTimeout, "time a client may take to send its request")
	fs.DurationVar(&cfg.HandshakeTimeout, "handshake-timeout", cfg.HandshakeTimeout, "time a new connection may take to complete the HTTP/2 handshake")
	fs.StringVar(&cfg.RegistryURL, "registry-url", cfg.RegistryURL, "API Recherche d'entreprises base URL, e.g. https://recherche-entreprises.api.gouv.fr (company registry connector; off when empty with --sirene-url)")
	fs.DurationVar(&cfg.RegistryTimeout, "registry-timeout", cfg.RegistryTimeout, "timeout of each company-registry call, within the RPC's deadline")
	fs.DurationVar(&cfg.RegistryCacheTTL, "registry-cache-ttl", cfg.RegistryCacheTTL, "how long a company-registry answer is reused")
	fs.IntVar(&cfg.RegistryCacheSize, "registry-cache-size", cfg.RegistryCacheSize, "most company-registry answers kept in memory")
	fs.StringVar(&cfg.SignatureStore, "signature-store", cfg.SignatureStore, `signature agreements: "bbolt" or a postgres://user@host:port/db URL`)
	fs.StringVar(&cfg.SignatureKeyFile, "signature-key-file", cfg.SignatureKeyFile, "file of the key one-time codes are HMAC'd under (>= 32 bytes); without it SignatureService is not served")
	fs.StringVar(&cfg.SignatureEvidenceKeyFile, "signature-evidence-key-file", cfg.SignatureEvidenceKeyFile, "PEM PKCS#8 Ed25519 private key that signs evidence records")
	fs.StringVar(&cfg.SignaturePolicy, "signature-policy", cfg.SignaturePolicy, "JSON file of signature limits and SMS templates (optional)")
	fs.StringVar(&cfg.SMSWebhookURL, "sms-webhook-url", cfg.SMSWebhookURL, "SMS gateway webhook receiving a JSON POST per message")
	fs.StringVar(&cfg.SMSWebhookAuthHeader, "sms-webhook-auth-header", cfg.SMSWebhookAuthHeader, `header sent to the SMS webhook, "Name: value"`)
	fs.DurationVar(&cfg.SMSWebhookTimeout, "sms-webhook-timeout", cfg.SMSWebhookTimeout, "timeout of each SMS webhook POST")
	fs.IntVar(&cfg.SMSWebhookRetries, "sms-webhook-retries", cfg.SMSWebhookRetries, "retries after a network error, 429 or 5xx of the SMS webhook")
	fs.BoolVar(&cfg.SMSOutbox, "sms-outbox", cfg.SMSOutbox, "DEVELOPMENT ONLY: write SMS (codes in clear) to <data-dir>/sms-outbox.jsonl instead of sending them")
	fs.StringVar(&cfg.TLSCert, "tls-cert", cfg.TLSCert, "PEM certificate (chain) served over TLS; reloaded on SIGHUP or change")
	fs.StringVar(&cfg.TLSKey, "tls-key", cfg.TLSKey, "PEM private key of --tls-cert")
	fs.StringVar(&cfg.TLSClientCA, "tls-client-ca", cfg.TLSClientCA, "PEM CA bundle: require client certificates signed by it (mutual TLS)")
	fs.BoolVar(&cfg.Insecure, "insecure", cfg.Insecure, "allow plaintext on a non-loopback --listen address")
	fs.StringVar(&cfg.AuthConfig, "auth-config", cfg.AuthConfig, "JSON file of clients, hashed API keys, JWT/JWKS settings and rate limits; authentication is off without it")
	fs.BoolVar(&cfg.AuthOpenHealth, "auth-open-health", cfg.AuthOpenHealth, "leave the gRPC health service open when authentication is on")
	fs.BoolVar(&cfg.Reflection, "reflection", cfg.Reflection, "serve server reflection when authentication is on (always served without it)")
	fs.StringVar(&cfg.MetricsListen, "metrics-listen", cfg.MetricsListen, "HTTP address of /metrics and /healthz (off when empty)")
	fs.DurationVar(&cfg.ReloadInterval, "reload-interval", cfg.ReloadInterval, "how often certificate and auth files are checked for changes")
	fs.StringVar(&cfg.HealthListen, "health-listen", cfg.HealthListen, "address of a plaintext gRPC health service alone, for Kubernetes probes (off when empty)")
	fs.StringVar(&cfg.OTLPEndpoint, "otlp-endpoint", cfg.OTLPEndpoint, "host:port of an OTLP/gRPC trace collector (tracing off when empty)")
	fs.BoolVar(&cfg.OTLPInsecure, "otlp-insecure", cfg.OTLPInsecure, "speak plaintext to the OTLP collector")
	fs.Float64Var(&cfg.TraceRatio, "trace-ratio", cfg.TraceRatio, "share of traces sampled when the caller has not decided, 0 to 1")
	fs.StringVar(&cfg.PprofListen, "pprof-listen", cfg.PprofListen, "HTTP address of net/http/pprof, for profiling under load (off when empty; keep private)")
	// Variables first, so that flags given on the command line override them.
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "IDCONTROL_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := env(name); ok && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("%s: %w", name, err)
			}
		}
	})
	if envErr != nil {
		return cfg, envErr
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return cfg, cfg.Validate()
}
