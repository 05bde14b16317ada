package server

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"
)

// tlsFiles serves the certificate and client CA read from files, swapped
// atomically on reload: a handshake reads the current pair, so a rotation
// takes effect for new connections while established ones carry on.
type tlsFiles struct {
	certFile, keyFile, caFile string
	cert                      atomic.Pointer[tls.Certificate]
	clientCAs                 atomic.Pointer[x509.CertPool]
}

// loadTLS reads the files once; an unreadable or mismatched pair fails the
// start rather than the first handshake.
func loadTLS(certFile, keyFile, caFile string) (*tlsFiles, error) {
	t := &tlsFiles{certFile: certFile, keyFile: keyFile, caFile: caFile}
	if err := t.reload(); err != nil {
		return nil, err
	}
	return t, nil
}

// reload reads the files again; on error the previous ones stay in force.
func (t *tlsFiles) reload() error {
	cert, err := tls.LoadX509KeyPair(t.certFile, t.keyFile)
	if err != nil {
		return fmt.Errorf("--tls-cert/--tls-key: %w", err)
	}
	var pool *x509.CertPool
	if t.caFile != "" {
		pem, err := os.ReadFile(t.caFile)
		if err != nil {
			return fmt.Errorf("--tls-client-ca: %w", err)
		}
		pool = x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return errors.New("--tls-client-ca: no PEM certificate found")
		}
	}
	t.cert.Store(&cert)
	if pool != nil {
		t.clientCAs.Store(pool)
	}
	return nil
}

func (t *tlsFiles) files() []string {
	out := []string{t.certFile, t.keyFile}
	if t.caFile != "" {
		out = append(out, t.caFile)
	}
	return out
}

// config is the server's TLS configuration: TLS 1.2 at least, HTTP/2
// only, and with a client CA a verified client certificate is required.
func (t *tlsFiles) config() *tls.Config {
	base := &tls.Config{
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"h2"},
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			return t.cert.Load(), nil
		},
	}
	if t.caFile == "" {
		return base
	}
	base.ClientAuth = tls.RequireAndVerifyClientCert
	base.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		c := base.Clone()
		c.GetConfigForClient = nil
		c.ClientCAs = t.clientCAs.Load()
		return c, nil
	}
	return base
}

func (t *tlsFiles) credentials() credentials.TransportCredentials {
	return credentials.NewTLS(t.config())
}

// certificateName is the identity a verified client certificate carries:
// its first URI SAN (a SPIFFE ID), else its Common Name, else its first DNS
// SAN; "" without a verified certificate.
func certificateName(ctx context.Context) string {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return ""
	}
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(info.State.VerifiedChains) == 0 || len(info.State.VerifiedChains[0]) == 0 {
		return ""
	}
	leaf := info.State.VerifiedChains[0][0]
	switch {
	case len(leaf.URIs) > 0:
		return leaf.URIs[0].String()
	case leaf.Subject.CommonName != "":
		return leaf.Subject.CommonName
	case len(leaf.DNSNames) > 0:
		return leaf.DNSNames[0]
	}
	return ""
}

// plaintextAllowed says whether serving without TLS is acceptable: asked
// for with --insecure, or on a loopback address only this host can reach.
func plaintextAllowed(cfg Config) bool {
	if cfg.Insecure {
		return true
	}
	host, _, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// watchFiles calls reload on SIGHUP and whenever the content of one of
// files changes (checked every interval: this also catches the symlink swap
// of a Kubernetes Secret volume). A failed reload is
// logged and the previous state stays in force. It returns when ctx ends.
func watchFiles(ctx context.Context, log *slog.Logger, what string, interval time.Duration, files func() []string, reload func() error) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	if interval <= 0 {
		interval = 5 * time.Second
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	last := fileStamps(files())
	do := func(why string) {
		last = fileStamps(files())
		if err := reload(); err != nil {
			log.Error("reload failed; the previous "+what+" stays in force", "trigger", why, "error", err.Error())
			return
		}
		log.Info(what+" reloaded", "trigger", why)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			do("SIGHUP")
		case <-tick.C:
			if now := fileStamps(files()); now != last {
				do("file change")
			}
		}
	}
}

// fileStamps summarises the files' contents: a digest, not the
// modification time, which the kernel keeps at a clock tick's grain (two
// writes in one tick look alike) and which a restored backup may set back.
// The files are small (certificates, keys, the auth file, a JWKS).
func fileStamps(files []string) string {
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			b = []byte("missing")
		}
		fmt.Fprintf(h, "%s:%d:", f, len(b))
		h.Write(b)
	}
	return string(h.Sum(nil))
}
