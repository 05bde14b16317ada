package identity

import (
	"crypto/elliptic"
	"strings"
	"testing"
	"time"

	"github.com/idcontrol/idcontrol/checks/doc2d"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"github.com/idcontrol/idcontrol/twoddoc/twoddoctest"
	"google.golang.org/protobuf/proto"
)

// idDoc2D is a type-07 2D-Doc (titre d'identité) of a specimen holder.
const idDoc2D = "DC04FR990001226F226F0701FR60CORINNE/NATACHA\x1d62BERTHIER\x1d65CI66X4RTBPFW4\x1d67FR68F6906121965" + "6CFR"

// signedIDDoc2D is a trust store of a test PKI and idDoc2D signed by it.
func signedIDDoc2D(t *testing.T) (*doc2d.TrustStore, string) {
	t.Helper()
	p := twoddoctest.NewPKI(t, elliptic.P256(), "FR99", "0001", time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	store, err := doc2d.LoadTrustStore(p.WriteDir(t))
	if err != nil {
		t.Fatal(err)
	}
	return store, twoddoctest.Sign(t, p.LeafKey, idDoc2D)
}

func TestTwoDDocControls(t *testing.T) {
	t.Parallel()
	store, raw := signedIDDoc2D(t)
	holder := func() *idcontrolv1.HolderInformation {
		return &idcontrolv1.HolderInformation{LastName: "BERTHIER", FirstNames: []string{"CORINNE", "NATACHA"}, BirthDate: "1965-12-06"}
	}
	cases := []struct {
		name                 string
		raw                  string
		edit                 func(h *idcontrolv1.HolderInformation, d *idcontrolv1.DocumentInformation)
		found, valid, match  *bool
		verificationAnswered bool
	}{
		{name: "genuine and agreeing", raw: raw, found: ptr2D(true), valid: ptr2D(true), match: ptr2D(true), verificationAnswered: true},
		{name: "other birth date", raw: raw, edit: func(h *idcontrolv1.HolderInformation, _ *idcontrolv1.DocumentInformation) { h.BirthDate = "1965-12-07" },
			found: ptr2D(true), valid: ptr2D(true), match: ptr2D(false), verificationAnswered: true},
		{name: "other number", raw: raw, edit: func(_ *idcontrolv1.HolderInformation, d *idcontrolv1.DocumentInformation) { d.Number = "X4RTBPFW5" },
			found: ptr2D(true), valid: ptr2D(true), match: ptr2D(false), verificationAnswered: true},
		{name: "forged", raw: strings.Replace(raw, "BERTHIER", "BERTHIEZ", 1),
			edit:  func(h *idcontrolv1.HolderInformation, _ *idcontrolv1.DocumentInformation) { h.LastName = "BERTHIEZ" },
			found: ptr2D(true), valid: ptr2D(false), match: ptr2D(true), verificationAnswered: true},
		{name: "unreadable", raw: "DC04GARBAGE", found: ptr2D(false), match: ptr2D(false)},
		{name: "none: absent, said once", raw: ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, d := holder(), &idcontrolv1.DocumentInformation{Number: "X4RTBPFW4"}
			if c.edit != nil {
				c.edit(h, d)
			}
			req := &idcontrolv1.CheckIdentityDocumentRequest{Document: &idcontrolv1.Document{
				Type: "ID_CARD", Doc2DRaw: c.raw,
				Data: &idcontrolv1.DocumentData{Informations: &idcontrolv1.Informations{Holder: h, Document: d}},
			}}
			resp := &idcontrolv1.CheckIdentityDocumentResponse{Controls: &idcontrolv1.IdentityDocumentControls{}}
			AddTwoDDoc(req, resp, store)
			got := resp.GetControls()
			if !same2D(got.Doc2DFound, c.found) || !same2D(got.Doc2DValid, c.valid) || !same2D(got.Doc2DAndDocumentMatch, c.match) {
				t.Errorf("found %v valid %v match %v; findings %v", show2D(got.Doc2DFound), show2D(got.Doc2DValid), show2D(got.Doc2DAndDocumentMatch), resp.GetFindings())
			}
			if (resp.GetDoc2DVerification() != nil) != c.verificationAnswered {
				t.Errorf("verification %v", resp.GetDoc2DVerification())
			}
			if f := resp.GetFindings(); c.raw == "" && (len(f) != 1 || f[0].GetControl() != "doc2DFound" || f[0].GetCode() != "DOC2D_NOT_PROVIDED") {
				t.Errorf("without a 2D-Doc, want one DOC2D_NOT_PROVIDED finding, got %v", f)
			}
		})
	}
}

func ptr2D(b bool) *bool { return &b }

func same2D(a, b *bool) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func show2D(b *bool) string {
	if b == nil {
		return "absent"
	}
	if *b {
		return "true"
	}
	return "false"
}

// TestCheckWithTwoDDoc: CheckWithTwoDDoc answers what Check then
// AddTwoDDoc answer, on every case of TestCheck, without and with a
// 2D-Doc, and on the benchmark's request.
func TestCheckWithTwoDDoc(t *testing.T) {
	t.Parallel()
	store, raw := signedIDDoc2D(t)
	type one struct {
		name string
		req  *idcontrolv1.CheckIdentityDocumentRequest
		pol  policy.Effective
		ref  civil.Date
	}
	all := []one{{"bench", benchRequest(), policy.Resolve(nil), ref2026}}
	for _, tc := range cases() {
		ref := tc.ref
		if ref.IsZero() {
			var err error
			if ref, err = civil.ParseISO(tc.req.GetReferenceDate()); err != nil {
				t.Fatal(err)
			}
		}
		all = append(all, one{tc.name, tc.req, policy.Resolve(tc.pol), ref})
	}
	for _, c := range all {
		for _, doc2D := range []string{"", raw, "DC04GARBAGE"} {
			req := proto.Clone(c.req).(*idcontrolv1.CheckIdentityDocumentRequest)
			if req.GetDocument() != nil {
				req.GetDocument().Doc2DRaw = doc2D
			}
			want, wantErr := Check(req, c.pol, c.ref)
			if wantErr == nil {
				AddTwoDDoc(req, want, store)
			}
			got, err := CheckWithTwoDDoc(req, c.pol, c.ref, store)
			if (err == nil) != (wantErr == nil) || !proto.Equal(want, got) {
				t.Errorf("%s, 2D-Doc %.10q: CheckWithTwoDDoc = %v, %v; Check then AddTwoDDoc = %v, %v", c.name, doc2D, got, err, want, wantErr)
			}
		}
	}
}
