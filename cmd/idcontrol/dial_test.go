package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// keyedMrz answers only a call that carries the API key.
type keyedMrz struct {
	fakeMrz
	key string
}

func (k *keyedMrz) ParseMrz(ctx context.Context, req *idcontrolv1.ParseMrzRequest) (*idcontrolv1.ParseMrzResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	if got := md.Get("x-api-key"); len(got) != 1 || got[0] != k.key {
		return nil, status.Error(codes.Unauthenticated, "unauthenticated")
	}
	return k.fakeMrz.ParseMrz(ctx, req)
}

// TestDialTLSWithKey: with IDCONTROL_CLIENT_TLS_CA and _API_KEY the command
// reaches a TLS server that wants the key; without the CA it cannot.
func TestDialTLSWithKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	caFile, serverCert := selfSigned(t, dir)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer(grpc.Creds(credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{serverCert}})))
	idcontrolv1.RegisterMrzServiceServer(s, &keyedMrz{key: "k-123"})
	go s.Serve(lis)
	t.Cleanup(s.Stop)
	addr := lis.Addr().String()

	env := map[string]string{"IDCONTROL_CLIENT_TLS_CA": caFile, "IDCONTROL_CLIENT_API_KEY": "k-123"}
	withEnv := func(env map[string]string) func(string) (*grpc.ClientConn, error) {
		return func(a string) (*grpc.ClientConn, error) { return dialEnv(a, func(k string) string { return env[k] }) }
	}
	var out, errOut bytes.Buffer
	if code := runMrz(context.Background(), []string{"--addr", addr, "L1", "L2"}, &out, &errOut, withEnv(env)); code == exitError {
		t.Fatalf("over TLS with the key: %s", errOut.String())
	}
	errOut.Reset()
	if code := runMrz(context.Background(), []string{"--addr", addr, "L1", "L2"}, &out, &errOut, withEnv(map[string]string{"IDCONTROL_CLIENT_TLS_CA": caFile})); code != exitError {
		t.Error("without the key the call succeeded")
	}
	errOut.Reset()
	if code := runMrz(context.Background(), []string{"--addr", addr, "L1", "L2"}, &out, &errOut, withEnv(map[string]string{"IDCONTROL_CLIENT_API_KEY": "k-123"})); code != exitError {
		t.Error("in plaintext against a TLS server the call succeeded")
	}
}

// selfSigned writes a CA-like self-signed certificate for 127.0.0.1 and
// returns its PEM file and the pair to serve.
func selfSigned(t *testing.T, dir string) (string, tls.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "idcontrol test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(file, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return file, pair
}
