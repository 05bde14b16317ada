package server

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// testCA is a throwaway certificate authority.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue returns a PEM certificate and key for cn, valid for 127.0.0.1.
func (ca *testCA) issue(t *testing.T, cn string, serial int64, usage x509.ExtKeyUsage) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
}

// writeAtomic replaces path the way a Secret rotation does: a new file
// renamed over the old one.
func writeAtomic(t testing.TB, path string, data []byte) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

type liveServer struct {
	addr string
	srv  *Server
	logs *syncBuffer
}

// startLive runs the server as Run does (New, a TCP listener on
// 127.0.0.1:0, the reloaders) with cfg adjusted for a temporary directory.
func startLive(t *testing.T, set func(*Config)) *liveServer {
	t.Helper()
	return startLiveWith(t, slog.LevelDebug, set, nil)
}

// startLiveWith logs at level and lets tweak replace dependencies before
// the server starts.
func startLiveWith(t *testing.T, level slog.Level, set func(*Config), tweak func(*Server)) *liveServer {
	t.Helper()
	cfg := Defaults()
	cfg.DataDir = t.TempDir()
	cfg.Listen = "127.0.0.1:0"
	cfg.ReloadInterval = 50 * time.Millisecond
	set(&cfg)
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: level}))
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := New(ctx, cfg, log)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if tweak != nil {
		tweak(srv)
	}
	lis, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.deps.ext.start(ctx, log, srv); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lis) }()
	t.Cleanup(func() { cancel(); <-done })
	return &liveServer{addr: lis.Addr().String(), srv: srv, logs: logs}
}

func dialTLS(t *testing.T, addr string, roots []byte, clientCert, clientKey []byte) *grpc.ClientConn {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(roots)
	tc := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if clientCert != nil {
		pair, err := tls.X509KeyPair(clientCert, clientKey)
		if err != nil {
			t.Fatal(err)
		}
		tc.Certificates = []tls.Certificate{pair}
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(credentials.NewTLS(tc)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func healthCheck(conn *grpc.ClientConn, opts ...grpc.CallOption) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{}, opts...)
	return err
}

// tlsSetup writes a server certificate signed by a fresh CA into dir.
func tlsSetup(t *testing.T, cn string) (ca *testCA, certFile, keyFile string) {
	dir := t.TempDir()
	ca = newTestCA(t, "test server CA")
	c, k := ca.issue(t, cn, 2, x509.ExtKeyUsageServerAuth)
	certFile, keyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	writeAtomic(t, certFile, c)
	writeAtomic(t, keyFile, k)
	return ca, certFile, keyFile
}

func TestTLSServesAndRefusesPlaintext(t *testing.T) {
	t.Parallel()
	ca, cert, key := tlsSetup(t, "server-one")
	live := startLive(t, func(c *Config) { c.TLSCert, c.TLSKey = cert, key })
	if err := healthCheck(dialTLS(t, live.addr, ca.pem, nil, nil)); err != nil {
		t.Fatalf("TLS health check: %v", err)
	}
	plain, err := grpc.NewClient(live.addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if err := healthCheck(plain); err == nil {
		t.Fatal("a plaintext client was served by a TLS server")
	}
	if !strings.Contains(live.logs.String(), "transport: TLS") {
		t.Errorf("the start-up log does not say TLS:\n%s", live.logs)
	}
}

// TestTLSReloadKeepsConnections: a certificate rotated on disk is served to
// new connections while an established one keeps working.
func TestTLSReloadKeepsConnections(t *testing.T) {
	t.Parallel()
	ca, cert, key := tlsSetup(t, "server-one")
	live := startLive(t, func(c *Config) { c.TLSCert, c.TLSKey = cert, key })
	old := dialTLS(t, live.addr, ca.pem, nil, nil)
	var p peer.Peer
	if err := healthCheck(old, grpc.Peer(&p)); err != nil {
		t.Fatal(err)
	}
	if cn := servedCN(p); cn != "server-one" {
		t.Fatalf("served %q, want server-one", cn)
	}
	c, k := ca.issue(t, "server-two", 3, x509.ExtKeyUsageServerAuth)
	writeAtomic(t, key, k)
	writeAtomic(t, cert, c)
	deadline := time.Now().Add(15 * time.Second)
	for {
		fresh := dialTLS(t, live.addr, ca.pem, nil, nil)
		var q peer.Peer
		if err := healthCheck(fresh, grpc.Peer(&q)); err == nil && servedCN(q) == "server-two" {
			break
		}
		fresh.Close()
		if time.Now().After(deadline) {
			t.Fatalf("the rotated certificate was not served; log:\n%s", live.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := healthCheck(old); err != nil {
		t.Fatalf("the established connection broke on reload: %v", err)
	}
	// A broken file is refused and the current certificate stays.
	writeAtomic(t, cert, []byte("not a certificate"))
	if err := live.srv.deps.ext.tls.reload(); err == nil {
		t.Fatal("a broken certificate file was accepted")
	}
	if err := healthCheck(dialTLS(t, live.addr, ca.pem, nil, nil)); err != nil {
		t.Fatalf("a failed reload broke the server: %v", err)
	}
}

func servedCN(p peer.Peer) string {
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(info.State.PeerCertificates) == 0 {
		return ""
	}
	return info.State.PeerCertificates[0].Subject.CommonName
}

func TestMutualTLSRequiresClientCertificate(t *testing.T) {
	t.Parallel()
	ca, cert, key := tlsSetup(t, "server-one")
	clientCA := newTestCA(t, "test client CA")
	caFile := filepath.Join(t.TempDir(), "clients.pem")
	writeAtomic(t, caFile, clientCA.pem)
	live := startLive(t, func(c *Config) { c.TLSCert, c.TLSKey, c.TLSClientCA = cert, key, caFile })
	if err := healthCheck(dialTLS(t, live.addr, ca.pem, nil, nil)); err == nil {
		t.Fatal("a client without certificate was served under mutual TLS")
	}
	rogue := newTestCA(t, "rogue CA")
	rc, rk := rogue.issue(t, "onboarding", 5, x509.ExtKeyUsageClientAuth)
	if err := healthCheck(dialTLS(t, live.addr, ca.pem, rc, rk)); err == nil {
		t.Fatal("a certificate from another CA was accepted")
	}
	cc, ck := clientCA.issue(t, "onboarding", 4, x509.ExtKeyUsageClientAuth)
	if err := healthCheck(dialTLS(t, live.addr, ca.pem, cc, ck)); err != nil {
		t.Fatalf("a client certificate signed by the client CA: %v", err)
	}
	if !strings.Contains(live.logs.String(), "mutual TLS") {
		t.Errorf("the start-up log does not say mutual TLS:\n%s", live.logs)
	}
}

func TestPlaintextOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		listen   string
		insecure bool
		ok       bool
	}{
		{":50051", false, false},
		{"0.0.0.0:50051", false, false},
		{"10.0.0.5:50051", false, false},
		{":50051", true, true},
		{"127.0.0.1:50051", false, true},
		{"[::1]:50051", false, true},
		{"localhost:50051", false, true},
	} {
		cfg := Defaults()
		cfg.Listen, cfg.Insecure = tc.listen, tc.insecure
		if err := checkTransport(cfg); (err == nil) != tc.ok {
			t.Errorf("listen %s insecure %v: %v, want ok=%v", tc.listen, tc.insecure, err, tc.ok)
		}
	}
	// Run refuses before serving anything.
	cfg := Defaults()
	cfg.Listen, cfg.DataDir = "0.0.0.0:0", t.TempDir()
	logs := &syncBuffer{}
	if err := Run(context.Background(), cfg, newTestLogger(logs)); !errors.Is(err, errPlaintext) {
		t.Errorf("Run on 0.0.0.0 without TLS: %v, want the plaintext refusal", err)
	}
	if strings.Contains(logs.String(), `"msg":"serving"`) {
		t.Errorf("the refusal came after a serving line:\n%s", logs)
	}
}

// TestHealthListenPlaintextUnderTLS: Kubernetes probes reach health in
// plaintext on --health-listen, and nothing else is served there.
func TestHealthListenPlaintextUnderTLS(t *testing.T) {
	t.Parallel()
	_, cert, key := tlsSetup(t, "server-one")
	cfgPath := filepath.Join(t.TempDir(), "auth.json")
	writeJSON(t, cfgPath, authFile{Clients: []clientConf{{ID: "alpha", APIKeysSHA256: []string{keyHash("k")}}}})
	live := startLive(t, func(c *Config) {
		c.TLSCert, c.TLSKey, c.AuthConfig, c.HealthListen = cert, key, cfgPath, "127.0.0.1:0"
	})
	conn := dialPlain(t, live.srv.deps.ext.healthAddr)
	if err := healthCheck(conn); err != nil {
		t.Fatalf("plaintext health on --health-listen: %v", err)
	}
	if err := matchField(withKey("k"), conn); status.Code(err) != codes.Unimplemented {
		t.Errorf("the API on the health port: %v, want UNIMPLEMENTED", err)
	}
	// Draining, the port answers NOT_SERVING rather than nothing.
	live.srv.health.Shutdown()
	resp, err := healthpb.NewHealthClient(conn).Check(context.Background(), &healthpb.HealthCheckRequest{})
	if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Errorf("health port while draining: %v %v, want NOT_SERVING", resp.GetStatus(), err)
	}
}
