package doc2d

import (
	"crypto/elliptic"
	"strings"
	"testing"
	"time"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/twoddoc/twoddoctest"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	p := twoddoctest.NewPKI(t, elliptic.P384(), "FR99", "0001", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	store, err := LoadTrustStore(p.WriteDir(t, p.Leaf.SerialNumber))
	if err != nil {
		t.Fatal(err)
	}
	// A bank-details 2D-Doc (type 03) missing its mandatory BIC, with an annex.
	raw := twoddoctest.Sign(t, p.LeafKey, "DC04FR990001FFFF23B80301FR30M JEAN DUPONT\x1d31FR7630006000011234567890189") + "\x1d01ANNEX1"
	resp := Decode(raw, store)
	if !resp.GetDecoded() || resp.GetValid() || resp.GetHeader().GetDocumentTypeName() != "Relevé d'identité bancaire" {
		t.Fatalf("%v", resp)
	}
	if len(resp.GetFields()) != 2 || resp.GetFields()[1].GetName() != "Code IBAN" || len(resp.GetAnnex()) != 1 {
		t.Errorf("fields %v annex %v", resp.GetFields(), resp.GetAnnex())
	}
	v := resp.GetVerification()
	passed := idcontrolv1.VerificationStepStatus_VERIFICATION_STEP_STATUS_PASSED
	failed := idcontrolv1.VerificationStepStatus_VERIFICATION_STEP_STATUS_FAILED
	if v.GetSignatureValid().GetStatus() != passed || v.GetChainValid().GetStatus() != passed ||
		v.GetStructure().GetStatus() != failed || v.GetNotRevoked().GetStatus() != failed {
		t.Errorf("verification %v", v)
	}
	var got []string
	for _, f := range resp.GetFindings() {
		got = append(got, f.GetControl()+":"+f.GetCode())
	}
	if want := "structure:DOC2D_MANDATORY_MISSING notRevoked:CERTIFICATE_REVOKED"; strings.Join(got, " ") != want {
		t.Errorf("findings %v, want %s", got, want)
	}
}

func TestValidNamesEveryFailedStep(t *testing.T) {
	t.Parallel()
	p := twoddoctest.NewPKI(t, elliptic.P256(), "FR99", "0001", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC))
	store, err := LoadTrustStore(p.WriteDir(t, p.Leaf.SerialNumber))
	if err != nil {
		t.Fatal(err)
	}
	// Signed 2025-01-15, after the certificate expired; and revoked.
	r := Read(twoddoctest.Sign(t, p.LeafKey, "DC04FR990001FFFF23B80301FR30M JEAN DUPONT\x1d31FR7630006000011234567890189\x1d32AGRIFRPP"), store)
	var f checks.Findings
	if v := Valid(r, &f); v == nil || *v {
		t.Fatalf("valid %v", v)
	}
	if len(f) != 1 || f[0].GetCode() != "CERTIFICATE_NOT_VALID_AT_SIGNATURE_DATE" || !strings.Contains(f[0].GetMessage(), "revoked") {
		t.Errorf("%v", f)
	}
	if v := Valid(Read(r.Doc.SignedData()+"\x1f"+strings.Repeat("A", 103), nil), &f); v != nil {
		t.Errorf("without a trust store doc2DValid = %v, want absent", *v)
	}
}
