package document

import (
	"slices"
	"testing"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/doctype"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/proto"
)

func codes(f checks.Findings, control string) []string {
	var out []string
	for _, x := range f {
		if x.Control == control {
			out = append(out, x.Code)
		}
	}
	return out
}

func TestKeywordControls(t *testing.T) {
	t.Parallel()
	pol := policy.Resolve(&idcontrolv1.Policy{
		KeywordsWhitelist: []string{"EDF"}, KeywordsBlacklist: []string{"RIB", "faux"},
		KeywordsParticipantAlert: []string{"illisible"}, KeywordsOperatorAlert: []string{"duplicata"},
		KeywordsOperatorInfo: []string{"échéance(s)"},
	})
	cases := []struct {
		name, text               string
		white, black, part, op   []string
		info                     []string
		blackFinding, noTextFind bool
	}{
		{name: "all lists", text: "EDF — DUPLICATA — document illisible — vos échéances — FAUX", white: []string{"EDF"}, black: []string{"faux"}, part: []string{"illisible"}, op: []string{"duplicata"}, info: []string{"échéance(s)"}, blackFinding: true},
		{name: "substrings are not words", text: "TRIBUNAL EDFX FAUXBOURG", blackFinding: false},
		{name: "no text", text: " ", noTextFind: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var f checks.Findings
			k := KeywordControls(PrepareText(c.text), pol, &f)
			for _, x := range []struct{ got, want []string }{{k.Whitelist, c.white}, {k.Blacklist, c.black}, {k.ParticipantAlert, c.part}, {k.OperatorAlert, c.op}, {k.OperatorInfo, c.info}} {
				if !slices.Equal(x.got, x.want) {
					t.Errorf("got %q, want %q", x.got, x.want)
				}
			}
			if got := slices.Contains(codes(f, "keywordsBlacklist"), "KEYWORD_FOUND"); got != c.blackFinding {
				t.Errorf("blacklist finding %v, want %v", got, c.blackFinding)
			}
			if got := slices.Contains(codes(f, "keywordsWhitelist"), "TEXT_MISSING"); got != c.noTextFind {
				t.Errorf("text-missing finding %v, want %v", got, c.noTextFind)
			}
		})
	}
	// No list, no control and no finding.
	var f checks.Findings
	if k := KeywordControls(PrepareText(""), policy.Resolve(nil), &f); k.Blacklist != nil || len(f) != 0 {
		t.Errorf("empty policy: %+v %v", k, f)
	}
}

func TestDocumentTypeMatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text string
		expected   []string
		want       *bool
		code       string
	}{
		{"detected as expected", "FACTURE Montant TTC", []string{doctype.Invoice}, proto.Bool(true), "TYPE_DETECTED"},
		{"detected, another type", "FACTURE Montant TTC", []string{doctype.Schedule}, proto.Bool(false), "TYPE_MISMATCH"},
		{"one of the family", "ÉCHÉANCIER", []string{doctype.Invoice, doctype.Schedule}, proto.Bool(true), "TYPE_DETECTED"},
		{"undecided", "FACTURE ÉCHÉANCIER", []string{doctype.Invoice}, nil, "TYPE_UNDETERMINED"},
		{"no anchor", "bonjour", []string{doctype.Invoice}, nil, "TYPE_UNDETERMINED"},
		{"no text", "", []string{doctype.Invoice}, nil, "TEXT_MISSING"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var f checks.Findings
			txt := PrepareText(c.text)
			got := DocumentTypeMatch(txt, Detect(txt), c.expected, &f)
			if (got == nil) != (c.want == nil) || (got != nil && *got != *c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			if cs := codes(f, "documentTypeMatch"); !slices.Equal(cs, []string{c.code}) {
				t.Errorf("findings %q, want %q", cs, c.code)
			}
		})
	}
}

func TestImageVerdicts(t *testing.T) {
	t.Parallel()
	var f checks.Findings
	doc := &idcontrolv1.Document{ImageAnalysis: &idcontrolv1.ImageAnalysis{ContainsAnnotations: proto.Bool(true)}}
	if got := ContainsAnnotations(doc, &f); got == nil || !*got {
		t.Error("containsAnnotations: the caller's verdict is the answer")
	}
	if got := ContainsTamperingSign(doc, &f); got != nil {
		t.Error("containsTamperingSign without a verdict must be absent")
	}
	if !slices.Equal(codes(f, "containsAnnotations"), []string{"ANNOTATIONS_FOUND"}) || !slices.Equal(codes(f, "containsTamperingSign"), []string{"IMAGE_ANALYSIS_MISSING"}) {
		t.Errorf("findings %v", f)
	}
}
