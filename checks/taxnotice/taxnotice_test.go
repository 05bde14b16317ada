package taxnotice

import (
	"crypto/elliptic"
	"crypto/x509"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/internal/prototest"
	"github.com/idcontrol/idcontrol/policy"
	"github.com/idcontrol/idcontrol/twoddoc"
	"github.com/idcontrol/idcontrol/twoddoc/twoddoctest"
	"google.golang.org/protobuf/encoding/protojson"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// specStore holds the specification's test certificate FR00/0001 only.
func specStore(t testing.TB) *twoddoc.TrustStore {
	t.Helper()
	s, err := twoddoc.NewTrustStore([]*x509.Certificate{twoddoctest.SpecCertificate(t)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func run(t *testing.T, req *idcontrolv1.CheckTaxNoticeRequest, store *twoddoc.TrustStore) *idcontrolv1.CheckTaxNoticeResponse {
	t.Helper()
	ref, err := civil.ParseISO(req.GetReferenceDate())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := Check(req, policy.Resolve(req.GetPolicy()), ref, store)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestGoldens runs testdata/*.request.json — the specification's two
// tax-notice samples with a notice that agrees or not, a notice without
// 2D-Doc — and compares with testdata/*.golden.json (-update rewrites).
func TestGoldens(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("testdata", "*.request.json"))
	if len(files) == 0 {
		t.Fatal("no requests")
	}
	store := specStore(t)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".request.json")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			req := &idcontrolv1.CheckTaxNoticeRequest{}
			if err := protojson.Unmarshal(raw, req); err != nil {
				t.Fatal(err)
			}
			prototest.Golden(t, filepath.Join("testdata", name+".golden.json"), run(t, req, store), *update)
		})
	}
}

func b(v bool) *bool { return &v }

func eq(p *bool, want *bool) bool {
	if p == nil || want == nil {
		return p == nil && want == nil
	}
	return *p == *want
}

// notice04 is the specification's type-04 message, to be signed afresh.
const notice04 = "DC04FR990001FFFF22AD0401FR432,75\x1d44227801234567845202146RETI PATRICK\x1d4A310720224163198\x1d47300112345601648RETI SOPHIE\x1d490701987765432"

func TestControlsWithAFreshSignature(t *testing.T) {
	t.Parallel()
	p := twoddoctest.NewPKI(t, elliptic.P256(), "FR99", "0001", time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	store, err := twoddoc.LoadTrustStore(p.WriteDir(t))
	if err != nil {
		t.Fatal(err)
	}
	raw := twoddoctest.Sign(t, p.LeafKey, notice04)
	details := func() *idcontrolv1.DocumentDetails {
		return &idcontrolv1.DocumentDetails{
			Reference: "2278012345678", FiscalNumber1: "3001123456016", IssuanceDate: "2022-07-31",
			RefIncome: "63 198 €", IncomeYear: 2021, FullName1: "PATRICK RETI", FullName2: "Sophie Reti",
		}
	}
	base := func() *idcontrolv1.CheckTaxNoticeRequest {
		return &idcontrolv1.CheckTaxNoticeRequest{
			Document: &idcontrolv1.Document{Type: "TAX_NOTICE", DocumentDetails: details(), Doc2DRaw: raw},
			Participants: []*idcontrolv1.Participant{
				{Uuid: "p1", FirstName: "Patrick", LastName: "Reti"},
				{Uuid: "p2", FirstName: "Jean", LastName: "Dupont"},
			},
			ReferenceDate: "2022-12-01",
			Policy:        &idcontrolv1.Policy{MaxDocumentAgeDays: map[string]int32{"taxNotice": 365}},
		}
	}
	cases := []struct {
		name  string
		edit  func(r *idcontrolv1.CheckTaxNoticeRequest)
		check func(t *testing.T, c *idcontrolv1.TaxNoticeControls)
	}{
		{"genuine and agreeing", nil, func(t *testing.T, c *idcontrolv1.TaxNoticeControls) {
			for name, got := range map[string]*bool{
				"documentTypeMatch": c.DocumentTypeMatch, "dateFound": c.DateFound, "fiscalNumberFound": c.FiscalNumberFound,
				"taxNoticeReferenceFound": c.TaxNoticeReferenceFound, "doc2DFound": c.Doc2DFound, "doc2DValid": c.Doc2DValid,
				"doc2DAndDocumentMatch": c.Doc2DAndDocumentMatch, "doc2DAndFullName2Match": c.Doc2DAndFullName2Match,
			} {
				if !eq(got, b(true)) {
					t.Errorf("%s = %v, want true", name, got)
				}
			}
			if !eq(c.MaxAgeExceeded, b(false)) || !eq(c.Participants[0].FullNameMatch, b(true)) || !eq(c.Participants[1].FullNameMatch, b(false)) {
				t.Errorf("%+v", c)
			}
		}},
		{"amount spelt otherwise", func(r *idcontrolv1.CheckTaxNoticeRequest) { r.Document.DocumentDetails.RefIncome = "63198,00" },
			func(t *testing.T, c *idcontrolv1.TaxNoticeControls) {
				if !eq(c.Doc2DAndReferenceIncomeMatch, b(true)) {
					t.Errorf("reference income: %v", c.Doc2DAndReferenceIncomeMatch)
				}
			}},
		{"altered reference income", func(r *idcontrolv1.CheckTaxNoticeRequest) { r.Document.DocumentDetails.RefIncome = "53 198 €" },
			func(t *testing.T, c *idcontrolv1.TaxNoticeControls) {
				if !eq(c.Doc2DAndReferenceIncomeMatch, b(false)) || !eq(c.Doc2DAndDocumentMatch, b(false)) || !eq(c.Doc2DValid, b(true)) {
					t.Errorf("%+v", c)
				}
			}},
		{"other declarant", func(r *idcontrolv1.CheckTaxNoticeRequest) { r.Document.DocumentDetails.FullName1 = "DUPONT JEAN" },
			func(t *testing.T, c *idcontrolv1.TaxNoticeControls) {
				if !eq(c.Doc2DAndFullName1Match, b(false)) || !eq(c.Doc2DAndDocumentMatch, b(false)) {
					t.Errorf("%+v", c)
				}
			}},
		{"forged 2D-Doc (income changed after signing)", func(r *idcontrolv1.CheckTaxNoticeRequest) {
			r.Document.Doc2DRaw = strings.Replace(raw, "4163198", "4163199", 1)
			r.Document.DocumentDetails.RefIncome = "63199"
		}, func(t *testing.T, c *idcontrolv1.TaxNoticeControls) {
			if !eq(c.Doc2DValid, b(false)) || !eq(c.Doc2DFound, b(true)) || !eq(c.Doc2DAndReferenceIncomeMatch, b(true)) {
				t.Errorf("%+v", c)
			}
		}},
		{"no 2D-Doc", func(r *idcontrolv1.CheckTaxNoticeRequest) { r.Document.Doc2DRaw = "" },
			func(t *testing.T, c *idcontrolv1.TaxNoticeControls) {
				if !eq(c.Doc2DFound, b(false)) || c.Doc2DValid != nil || c.Doc2DAndDocumentMatch != nil || c.Doc2DAndIncomeYearMatch != nil || c.Participants[0].FullNameMatch != nil {
					t.Errorf("%+v", c)
				}
			}},
		{"not a 2D-Doc", func(r *idcontrolv1.CheckTaxNoticeRequest) { r.Document.Doc2DRaw = "HELLO" },
			func(t *testing.T, c *idcontrolv1.TaxNoticeControls) {
				if !eq(c.Doc2DFound, b(false)) || c.Doc2DValid != nil {
					t.Errorf("%+v", c)
				}
			}},
		{"old notice and wrong fiscal key", func(r *idcontrolv1.CheckTaxNoticeRequest) {
			r.ReferenceDate = "2024-01-01"
			r.Document.DocumentDetails.FiscalNumber1 = "3001123456789"
		}, func(t *testing.T, c *idcontrolv1.TaxNoticeControls) {
			if !eq(c.MaxAgeExceeded, b(true)) || !eq(c.FiscalNumberFound, b(false)) {
				t.Errorf("%+v", c)
			}
		}},
		{"payslip declared", func(r *idcontrolv1.CheckTaxNoticeRequest) { r.Document.Type = "PAYSLIP" },
			func(t *testing.T, c *idcontrolv1.TaxNoticeControls) {
				if !eq(c.DocumentTypeMatch, b(false)) || !eq(c.Doc2DAndDocumentTypeMatch, b(false)) {
					t.Errorf("%+v", c)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := base()
			if c.edit != nil {
				c.edit(req)
			}
			c.check(t, run(t, req, store).GetControls())
		})
	}
}

func TestASDIRNeedsThePolicy(t *testing.T) {
	t.Parallel()
	p := twoddoctest.NewPKI(t, elliptic.P256(), "FR99", "0001", time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	asdir := "DC04FR990001FFFF22AD1801FR432,75\x1d44227801234567845202146RETI PATRICK\x1d4B31052022"
	req := &idcontrolv1.CheckTaxNoticeRequest{
		Document:      &idcontrolv1.Document{Type: "TAX_NOTICE", Doc2DRaw: twoddoctest.Sign(t, p.LeafKey, asdir)},
		ReferenceDate: "2022-12-01",
	}
	if c := run(t, req, nil).GetControls(); !eq(c.Doc2DAndDocumentTypeMatch, b(false)) || c.Doc2DValid != nil {
		t.Errorf("ASDIR by default: %+v", c)
	}
	req.Policy = &idcontrolv1.Policy{TaxNoticeAcceptsAsdir: b(true)}
	resp := run(t, req, nil)
	if c := resp.GetControls(); !eq(c.Doc2DAndDocumentTypeMatch, b(true)) {
		t.Errorf("ASDIR accepted: %+v", c)
	}
	if d := resp.GetDocumentDetails().GetDoc2D(); d.GetDeclarationDate() != "2022-05-31" || d.GetPartsCount() != 2.75 {
		t.Errorf("doc2D %+v", d)
	}
}

func TestParseAmount(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{
		"28 450 €": 2845000, "28450": 2845000, "28 450,00": 2845000, "28\u00a0450": 2845000, "28\u202f450 EUR": 2845000,
		"28.450": 2845000, "1.234.567": 123456700, "2,75": 275, "2.75": 275, "-182": -18200, "0": 0, "2,5": 250,
	} {
		if got, ok := parseAmount(in); !ok || got != want {
			t.Errorf("parseAmount(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "€", "abc", "12,345", "1,2,3", "99999999999999999999", "--1", "12 a"} {
		if got, ok := parseAmount(in); ok {
			t.Errorf("parseAmount(%q) = %d, want not an amount", in, got)
		}
	}
}

func TestReferenceAndFiscalNumberInText(t *testing.T) {
	t.Parallel()
	if got := referenceInText("Référence de l'avis : 22 78 01 23 45 678\nautre"); got != "2278012345678" {
		t.Errorf("reference %q", got)
	}
	if got := referenceInText("REFERENCE DE L'AVIS D'IMPOT N° 2278012345678"); got != "2278012345678" {
		t.Errorf("reference %q", got)
	}
	if got := digitRuns("Numéro fiscal : 30 01 123 456 016 et 12345", 13); len(got) != 1 || got[0] != "3001123456016" {
		t.Errorf("fiscal %q", got)
	}
}
