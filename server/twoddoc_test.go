package server

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idcontrol/idcontrol/checks/doc2d"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

// testTrustStore is testdata/truststore: the specification's test
// certificate FR00/0001, without its authority.
func testTrustStore(t testing.TB) *doc2d.TrustStore {
	t.Helper()
	s, err := doc2d.LoadTrustStore(filepath.Join("testdata", "truststore"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTrustStoreFlag(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for name, dir := range map[string]string{
		"missing directory": filepath.Join(t.TempDir(), "nope"),
		"junk file":         junkDir(t),
	} {
		cfg := Defaults()
		cfg.DataDir = t.TempDir()
		cfg.TrustStore = dir
		if srv, err := New(context.Background(), cfg, log); err == nil {
			srv.closeDeps()
			t.Errorf("%s: the server starts", name)
		}
	}
	cfg := Defaults()
	cfg.DataDir = t.TempDir()
	cfg.TrustStore = filepath.Join("testdata", "truststore")
	srv, err := New(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.closeDeps()
	if srv.deps.trust == nil || srv.deps.trust.Len() != 1 {
		t.Errorf("trust store not loaded: %+v", srv.deps.trust)
	}
}

func junkDir(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.pem"), []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDecodeTwoDDoc(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	c := idcontrolv1.NewTwoDDocServiceClient(env.conn)
	resp, err := c.DecodeTwoDDoc(context.Background(), &idcontrolv1.DecodeTwoDDocRequest{Raw: "not a 2D-Doc"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetDecoded() || len(resp.GetFindings()) != 1 || resp.GetFindings()[0].GetCode() != "DOC2D_MARKER_MISSING" {
		t.Errorf("%v", resp)
	}
	// Binary 2D-Docs cannot even travel as a proto string (invalid UTF-8);
	// their UTF-8 rendering is reported unsupported.
	resp, err = c.DecodeTwoDDoc(context.Background(), &idcontrolv1.DecodeTwoDDocRequest{Raw: "\u00dc\u0003{"})
	if err != nil || resp.GetFindings()[0].GetCode() != "DOC2D_BINARY_UNSUPPORTED" {
		t.Errorf("%v %v", resp, err)
	}
	_, err = c.DecodeTwoDDoc(context.Background(), &idcontrolv1.DecodeTwoDDocRequest{Raw: strings.Repeat("A", 30000)})
	if err == nil {
		t.Error("an oversized raw text is accepted")
	}
}
