package twoddoc

import (
	"crypto/x509"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/idcontrol/idcontrol/twoddoc/twoddoctest"
)

// vector is one entry of the repository's testdata/vectors/twoddoc.json
// (the project's public vectors: the specification's samples).
type vector struct {
	Name   string `json:"name"`
	Raw    string `json:"raw"`
	Expect struct {
		Version       string            `json:"version"`
		CAID          string            `json:"caId"`
		CertID        string            `json:"certId"`
		IssueDate     *string           `json:"issueDate"`
		SignatureDate string            `json:"signatureDate"`
		DocumentType  string            `json:"documentType"`
		Perimeter     string            `json:"perimeter"`
		Country       string            `json:"country"`
		Fields        map[string]string `json:"fields"`
	} `json:"expect"`
}

func loadVectors(t testing.TB) []vector {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "vectors", "twoddoc.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) < 2 {
		t.Fatalf("want the two specification samples, got %d", len(vs))
	}
	return vs
}

// specCert is the specification's test certificate FR00/0001 (annex 16.1).
var specCert = twoddoctest.SpecCertificate

func TestSpecificationSamples(t *testing.T) {
	t.Parallel()
	store, err := NewTrustStore([]*x509.Certificate{specCert(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			d, err := Decode(v.Raw)
			if err != nil {
				t.Fatal(err)
			}
			h, e := d.Header, v.Expect
			if h.Version != e.Version || h.CAID != e.CAID || h.CertID != e.CertID || h.DocumentType != e.DocumentType ||
				h.Perimeter != e.Perimeter || h.Country != e.Country || h.SignatureDate.String() != e.SignatureDate {
				t.Errorf("header %+v, want %+v", h, e)
			}
			if e.IssueDate == nil && !h.IssueDate.IsZero() {
				t.Errorf("issue date %v, want none (FFFF)", h.IssueDate)
			}
			got := map[string]string{}
			for _, f := range d.Message {
				got[f.ID] = f.Value
			}
			if len(got) != len(e.Fields) {
				t.Errorf("fields %v, want %v", got, e.Fields)
			}
			for id, want := range e.Fields {
				if got[id] != want {
					t.Errorf("field %s = %q, want %q", id, got[id], want)
				}
			}
			if len(d.Issues) != 0 {
				t.Errorf("issues %+v, want none", d.Issues)
			}
			ver := Verify(d, store)
			if ver.Structure.Status != StatusPassed || ver.CertificateFound.Status != StatusPassed || ver.SignatureValid.Status != StatusPassed {
				t.Errorf("structure/found/signature: %+v", ver)
			}
			// The test certificate expired in 2015, years before these signatures.
			if ver.CertificateValidAtSignature.Status != StatusFailed || ver.CertificateValidAtSignature.Code != CodeCertificateExpired {
				t.Errorf("validity at signature date: %+v, want failed", ver.CertificateValidAtSignature)
			}
			// The store has the signing certificate but not the FR00 authority.
			if ver.ChainValid.Status != StatusFailed || ver.ChainValid.Code != CodeAuthorityNotFound {
				t.Errorf("chain: %+v, want AUTHORITY_NOT_FOUND", ver.ChainValid)
			}
			if ver.Valid() {
				t.Error("Valid() true for a certificate outside its validity period")
			}
			if ver.SignedBy != "CN=0001,OU=0002 00000000000000,O=CERTIFICAT DE TEST,C=FR" {
				t.Errorf("SignedBy %q", ver.SignedBy)
			}
		})
	}
}
