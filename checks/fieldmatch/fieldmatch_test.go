package fieldmatch_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/fieldmatch"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"google.golang.org/protobuf/testing/protocmp"
)

const (
	first    = idcontrolv1.MatchField_MATCH_FIELD_FIRST_NAME
	last     = idcontrolv1.MatchField_MATCH_FIELD_LAST_NAME
	birth    = idcontrolv1.MatchField_MATCH_FIELD_BIRTH_NAME
	full     = idcontrolv1.MatchField_MATCH_FIELD_FULL_NAME
	place    = idcontrolv1.MatchField_MATCH_FIELD_BIRTH_PLACE
	date     = idcontrolv1.MatchField_MATCH_FIELD_BIRTH_DATE
	address  = idcontrolv1.MatchField_MATCH_FIELD_ADDRESS
	viz      = idcontrolv1.MatchSource_MATCH_SOURCE_VIZ
	mrz      = idcontrolv1.MatchSource_MATCH_SOURCE_MRZ
	text     = idcontrolv1.MatchSource_MATCH_SOURCE_TEXT
	noSource = idcontrolv1.MatchSource_MATCH_SOURCE_UNSPECIFIED
)

// TestMatch states what the engine must answer for every field kind. rules
// lists the acceptable deciding rules (the first is the one the contract's
// definitions name; a second is given only where they leave a choice).
// Scores: 1 for EXACT; (0, 1] for another match; [0, 1) for no match, and
// within [lo, hi] when stated.
func TestMatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                string
		field               idcontrolv1.MatchField
		src                 idcontrolv1.MatchSource
		declared, extracted string
		match               bool
		rules               []match.Rule
		lo, hi              float64 // score bounds when hi > 0
	}{
		// First names.
		{"first: same", first, viz, "JEAN", "JEAN", true, []match.Rule{match.RuleExact}, 1, 1},
		{"first: case and accents", first, viz, "Héloïse", "HELOISE", true, []match.Rule{match.RuleExact}, 1, 1},
		{"first: the first of two given names", first, viz, "JEAN", "JEAN PIERRE", true, []match.Rule{match.RuleGivenSubset}, 0.8, 1},
		{"first: the first of three, comma separated", first, viz, "Marie", "MARIE, CLAIRE, ANNE", true, []match.Rule{match.RuleGivenSubset}, 0.8, 1},
		{"first: the ordered start of the given names", first, viz, "JEAN PIERRE", "JEAN PIERRE MARIE", true, []match.Rule{match.RuleGivenSubset}, 0.9, 1},
		{"first: a hyphenated given name", first, viz, "Jean-Pierre", "JEAN PIERRE", true, []match.Rule{match.RuleSeparators}, 0.95, 1},
		{"first: another name", first, viz, "PAUL", "JEAN PIERRE", false, []match.Rule{match.RuleNoMatch}, 0, 0.79},
		{"first: JEANNE is not JEAN", first, viz, "JEAN", "JEANNE", false, []match.Rule{match.RuleNoMatch}, 0, 0},
		{"first: MRZ fillers", first, mrz, "JEAN PIERRE", "JEAN<PIERRE<<<<<<<<<<<<<<<<", true, []match.Rule{match.RuleSeparators, match.RuleExact}, 0.95, 1},
		{"first: MRZ truncated (CHRIST or CHRISTI would read another name)", first, mrz, "MARIE CHRISTINE", "MARIE<CHR", true, []match.Rule{match.RuleMRZTruncated}, 0.8, 1},
		{"first: MRZ transliteration of Ü", first, mrz, "JÜRGEN", "JUERGEN<<<<<<<<", true, []match.Rule{match.RuleMRZTranslit}, 0.8, 1},
		{"first: OCR 0 for O on the document", first, viz, "LOUIS", "L0UIS", true, []match.Rule{match.RuleOCREquivalent}, 0.8, 1},
		{"first: free text", first, text, "JEAN", "JEAN", true, []match.Rule{match.RuleExact}, 1, 1},
		{"first: a later given name", first, viz, "Claire", "ANNE, MARIE, CLAIRE", true, []match.Rule{match.RuleGivenSubset}, 0.5, 1},
		{"first: two given names in another order", first, viz, "Claire Anne", "ANNE, MARIE, CLAIRE", true, []match.Rule{match.RuleGivenSubset}, 0.5, 1},
		{"first: part of a compound given name", first, viz, "Claire", "ANNE, MARIE-CLAIRE", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},
		{"first: an initial is no given name", first, viz, "P.", "PIERRE", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},
		{"first: MRZ cut on the separator of a compound", first, mrz, "Jean-Pierre Marc", "JEAN<PIERRE<", true, []match.Rule{match.RuleMRZTruncated}, 0.5, 1},
		{"first: a replacement character", first, viz, "JEAN", "JEAN\uFFFD", false, []match.Rule{match.RuleDamaged}, 0, 0},
		{"first: a zero-width space", first, viz, "JEAN\u200b", "JEAN", false, []match.Rule{match.RuleDamaged}, 0, 0},
		{"first: unspecified source reads as VIZ", first, noSource, "JEAN", "JEAN PIERRE", true, []match.Rule{match.RuleGivenSubset}, 0.8, 1},

		// Last names.
		{"last: same", last, viz, "DUPONT", "DUPONT", true, []match.Rule{match.RuleExact}, 1, 1},
		{"last: case", last, viz, "Dupont", "DUPONT", true, []match.Rule{match.RuleExact}, 1, 1},
		{"last: DUPOND is not DUPONT, yet close", last, viz, "DUPONT", "DUPOND", false, []match.Rule{match.RuleNoMatch}, 0.8, 0.9999},
		{"last: another name", last, viz, "DUPONT", "BERNARD", false, []match.Rule{match.RuleNoMatch}, 0, 0.79},
		{"last: apostrophe", last, viz, "D'ARTAGNAN", "DARTAGNAN", true, []match.Rule{match.RuleSeparators, match.RuleParticle}, 0.9, 1},
		{"last: a dropped particle", last, viz, "DE LA FONTAINE", "LA FONTAINE", true, []match.Rule{match.RuleParticle}, 0.8, 1},
		{"last: usage name after ÉP.", last, viz, "DURAND", "MARTIN ÉP. DURAND", true, []match.Rule{match.RuleUsageOrBirth}, 0.8, 1},
		{"last: MRZ transliteration of Ü", last, mrz, "MÜLLER", "MUELLER<<<<<<<<<", true, []match.Rule{match.RuleMRZTranslit}, 0.9, 1},
		{"last: MRZ truncated at full width", last, mrz, "WOLFESCHLEGELSTEINHAUSEN", "WOLFESCHLEGELSTEIN", true, []match.Rule{match.RuleMRZTruncated}, 0.8, 1},
		{"last: MRZ filled, so not truncated", last, mrz, "DUPONTEL", "DUPONT<<<<<<<<<<", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},

		{"last: a replacement character", last, viz, "Dupont\uFFFD", "DUPONT", false, []match.Rule{match.RuleDamaged}, 0, 0},
		{"last: a declared double usage name", last, viz, "Leroy-Faure", "LEROY ÉPOUSE FAURE", true, []match.Rule{match.RuleUsageOrBirth}, 0.5, 1},
		{"last: a double name keeps its order", last, viz, "LEROY--FAURE", "FAURE-LEROY", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},
		{"last: MRZ apostrophe omitted", last, mrz, "N'DIAYE", "NDIAYE<<<<<<", true, []match.Rule{match.RuleSeparators}, 0.9, 1},
		{"last: MRZ OCR 0 for O", last, mrz, "DUBOIS", "DUB0IS<<<<<<", true, []match.Rule{match.RuleOCREquivalent}, 0.5, 1},
		{"last: a label in a text", last, text, "Leroy", "Nom de naissance : LEROY", true, []match.Rule{match.RuleCivility}, 0.5, 1},

		// Birth names.
		{"birth: the usage name is not the birth name", birth, viz, "FAURE", "LEROY ÉPOUSE FAURE", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},
		{"birth: widow's usage name only", birth, viz, "FAURE", "VVE FAURE", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},
		{"birth: after NÉE", birth, viz, "LEROY", "MME FAURE NÉE LEROY", true, []match.Rule{match.RuleUsageOrBirth}, 0.5, 1},
		{"birth: same", birth, viz, "MARTIN", "MARTIN", true, []match.Rule{match.RuleExact}, 1, 1},
		{"birth: another", birth, viz, "MARTIN", "DURAND", false, []match.Rule{match.RuleNoMatch}, 0, 0.79},

		// Full names.
		{"full: same", full, text, "JEAN DUPONT", "JEAN DUPONT", true, []match.Rule{match.RuleExact}, 1, 1},
		{"full: first and last swapped", full, text, "Jean Dupont", "DUPONT JEAN", true, []match.Rule{match.RuleTokenOrder}, 0.8, 1},
		{"full: a title", full, text, "JEAN DUPONT", "M. JEAN DUPONT", true, []match.Rule{match.RuleCivility}, 0.8, 1},
		{"full: a role label", full, text, "Pierre Roux", "Président : M. Pierre ROUX", true, []match.Rule{match.RuleCivility}, 0.5, 1},
		{"full: part of a compound given name", full, text, "Paul Roux", "ROUX PAUL-ÉMILE", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},
		{"full: MRZ cut inside a compound given name", full, mrz, "Jean-Pierre Lefebvre-Duchamp", "LEFEBVRE<DUCHAMP<<JEAN<PIER", true, []match.Rule{match.RuleMRZTruncated}, 0.5, 1},
		{"full: another last name", full, text, "JEAN DUPONT", "JEAN BERNARD", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},

		// Birth places (the places reference).
		{"place: arrondissement and INSEE code", place, viz, "PARIS 15E ARRONDISSEMENT (75)", "75115", true, []match.Rule{match.RulePlace}, 0.95, 1},
		{"place: with and without department", place, viz, "SAINT-DENIS (93)", "SAINT-DENIS", true, []match.Rule{match.RulePlace}, 0.9, 1},
		{"place: homonyms in two departments", place, viz, "SAINT-DENIS (93)", "ST DENIS (974)", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},
		{"place: another commune", place, viz, "LYON", "LILLE", false, []match.Rule{match.RuleNoMatch}, 0.01, 0.9999},
		{"place: abroad", place, viz, "CASABLANCA (MAROC)", "Casablanca (Maroc)", true, []match.Rule{match.RulePlace}, 1, 1},

		// Birth dates, partial ones included.
		{"date: same", date, viz, "1985-03-14", "1985-03-14", true, []match.Rule{match.RuleExact}, 1, 1},
		{"date: day unknown on the document", date, mrz, "1985-03-14", "1985-03-XX", true, []match.Rule{match.RuleDatePartial}, 0.8, 1},
		{"date: month and day unknown, written 00", date, viz, "1985-00-00", "1985-03-14", true, []match.Rule{match.RuleDatePartial}, 0.8, 1},
		{"date: another day", date, viz, "1985-03-14", "1985-03-15", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},
		{"date: another year, parts unknown", date, viz, "1985-XX-XX", "1986-03-14", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},
		{"date: another month", date, viz, "1985-03-XX", "1985-04-14", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},

		// Addresses.
		{"address: same", address, text, "12 BIS AVENUE DU GENERAL LECLERC, 75014 PARIS", "12 BIS AVENUE DU GENERAL LECLERC\n75014 PARIS", true, []match.Rule{match.RuleExact}, 1, 1},
		{"address: abbreviations and complements", address, text, "12 bis avenue du Général Leclerc, 75014 Paris", "M DUPONT\n12B AV DU GAL LECLERC\nBAT A\n75014 PARIS CEDEX 14", true, []match.Rule{match.RuleAddress}, 0.9, 1},
		{"address: another number suffix", address, text, "12 BIS AVENUE DU GENERAL LECLERC, 75014 PARIS", "12 AV DU GAL LECLERC\n75014 PARIS", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},
		{"address: another postal code", address, text, "12 BIS AVENUE DU GENERAL LECLERC, 75014 PARIS", "12 BIS AV DU GAL LECLERC\n75015 PARIS", false, []match.Rule{match.RuleNoMatch}, 0, 0.9999},

		// A side with nothing on it is no error and no mismatch.
		{"missing: empty declared name", first, viz, "", "JEAN", false, []match.Rule{match.RuleMissing}, 0, 0},
		{"missing: blank extracted place", place, viz, "LYON", "   ", false, []match.Rule{match.RuleMissing}, 0, 0},
		{"missing: empty extracted date", date, viz, "1985-03-14", "", false, []match.Rule{match.RuleMissing}, 0, 0},
		{"missing: empty address", address, viz, "", "", false, []match.Rule{match.RuleMissing}, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d, err := fieldmatch.Match(c.field, c.declared, c.extracted, c.src)
			if err != nil {
				t.Fatalf("Match: %v", err)
			}
			if d.Match != c.match {
				t.Errorf("match %v, want %v (%+v)", d.Match, c.match, d)
			}
			ruleOK := false
			for _, r := range c.rules {
				ruleOK = ruleOK || d.Rule == r
			}
			if !ruleOK {
				t.Errorf("rule %s, want one of %v (%+v)", d.Rule, c.rules, d)
			}
			switch {
			case d.Score < 0 || d.Score > 1:
				t.Errorf("score %v out of [0, 1]", d.Score)
			case d.Rule == match.RuleExact && d.Score != 1:
				t.Errorf("EXACT scores %v, want 1", d.Score)
			case d.Match && d.Score == 0:
				t.Errorf("a match scores 0")
			case !d.Match && d.Score == 1:
				t.Errorf("no match scores 1")
			case c.hi > 0 && (d.Score < c.lo || d.Score > c.hi):
				t.Errorf("score %v, want in [%v, %v]", d.Score, c.lo, c.hi)
			}
			if d.Message == "" {
				t.Error("no message")
			}
			// The message never repeats a compared value: decisions are logged.
			for _, w := range fold.Words(c.declared + " " + c.extracted) {
				if len(w) >= 4 && strings.Contains(" "+fold.Fold(d.Message)+" ", " "+w+" ") {
					t.Errorf("message %q repeats %q", d.Message, w)
				}
			}
		})
	}
}

// TestMatchBadInput: bad input is violations naming the request field,
// whatever the other side holds.
func TestMatchBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                string
		field               idcontrolv1.MatchField
		declared, extracted string
		want                []string // violated fields
	}{
		{"unspecified field", idcontrolv1.MatchField_MATCH_FIELD_UNSPECIFIED, "JEAN", "JEAN", []string{"field"}},
		{"undefined field", idcontrolv1.MatchField(99), "JEAN", "JEAN", []string{"field"}},
		{"undefined field, empty values", idcontrolv1.MatchField(99), "", "", []string{"field"}},
		{"30 February declared", date, "1985-02-30", "1985-02-28", []string{"declared"}},
		{"French order extracted", date, "1985-03-14", "14/03/1985", []string{"extracted"}},
		{"day known, month unknown", date, "1985-XX-14", "1985-03-14", []string{"declared"}},
		{"both bad", date, "1985-13-01", "19850314", []string{"declared", "extracted"}},
		{"bad date, other side empty", date, "", "1985-13-01", []string{"extracted"}},
		{"year zero", date, "0000-03-14", "", []string{"declared"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := fieldmatch.Match(c.field, c.declared, c.extracted, viz)
			vs, ok := err.(checks.Violations)
			if !ok {
				t.Fatalf("Match = %v (%T), want checks.Violations", err, err)
			}
			var got []string
			for _, v := range vs {
				got = append(got, v.Field)
				if v.Reason == "" || v.Description == "" {
					t.Errorf("violation %+v lacks reason or description", v)
				}
				for _, value := range []string{c.declared, c.extracted} {
					if value != "" && strings.Contains(v.Description, value) {
						t.Errorf("description repeats the value: %q", v.Description)
					}
				}
			}
			if diff := cmp.Diff(c.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("violated fields (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMatchIsSymmetricForDates: a partial date matches from either side.
func TestMatchIsSymmetricForDates(t *testing.T) {
	t.Parallel()
	pairs := [][2]string{{"1985-03-14", "1985-03-XX"}, {"1985-03-14", "1985-XX-XX"}, {"1985-03-14", "1986-03-14"}}
	for _, p := range pairs {
		a, errA := fieldmatch.Match(date, p[0], p[1], viz)
		b, errB := fieldmatch.Match(date, p[1], p[0], viz)
		if errA != nil || errB != nil || a.Match != b.Match {
			t.Errorf("%s vs %s: %+v %v / %+v %v", p[0], p[1], a, errA, b, errB)
		}
	}
}

// TestResponse: match is absent, not false, when nothing could be decided.
func TestResponse(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	cases := []struct {
		d    match.Decision
		want *idcontrolv1.MatchFieldResponse
	}{
		{match.Decision{Match: true, Rule: match.RuleExact, Score: 1, Message: "m"}, &idcontrolv1.MatchFieldResponse{Match: &yes, Rule: "EXACT", Score: 1, Message: "m"}},
		{match.Decision{Rule: match.RuleNoMatch, Score: 0.4, Message: "m"}, &idcontrolv1.MatchFieldResponse{Match: &no, Rule: "NO_MATCH", Score: 0.4, Message: "m"}},
		{match.Decision{Rule: match.RuleMissing, Message: "m"}, &idcontrolv1.MatchFieldResponse{Rule: "MISSING", Message: "m"}},
		{match.Decision{Rule: match.RuleUndetermined, Message: "m"}, &idcontrolv1.MatchFieldResponse{Rule: "UNDETERMINED", Message: "m"}},
		{match.Decision{Rule: match.RuleDamaged, Message: "m"}, &idcontrolv1.MatchFieldResponse{Rule: "DAMAGED", Message: "m"}},
	}
	for _, c := range cases {
		if diff := cmp.Diff(c.want, fieldmatch.Response(c.d), protocmp.Transform()); diff != "" {
			t.Errorf("Response(%+v) (-want +got):\n%s", c.d, diff)
		}
	}
}

// TestReadmeRules sends every example of the README's MatchField table
// through the engine, so that the documented rules cannot drift from the
// code.
func TestReadmeRules(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(b), "## MatchField: the rules\n")
	if !ok {
		t.Fatal("README has no MatchField section")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	unquote := func(cell string) string {
		cell = strings.TrimSpace(cell)
		cell = strings.TrimSuffix(strings.TrimPrefix(cell, "`"), "`")
		s, err := strconv.Unquote(`"` + cell + `"`)
		if err != nil {
			t.Fatalf("cell %q: %v", cell, err)
		}
		return s
	}
	rows := 0
	seen := map[match.Rule]bool{}
	for _, line := range strings.Split(sec, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 9 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		rows++
		rule := match.Rule(unquote(cells[1]))
		field := idcontrolv1.MatchField(idcontrolv1.MatchField_value["MATCH_FIELD_"+unquote(cells[3])])
		src := idcontrolv1.MatchSource(idcontrolv1.MatchSource_value["MATCH_SOURCE_"+unquote(cells[4])])
		declared, extracted, want := unquote(cells[5]), unquote(cells[6]), unquote(cells[7])
		d, err := fieldmatch.Match(field, declared, extracted, src)
		if err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		resp := fieldmatch.Response(d)
		got := "absent"
		if resp.Match != nil {
			got = strconv.FormatBool(resp.GetMatch())
		}
		if got != want {
			t.Errorf("%s %q / %q: match %s, want %s (%+v)", rule, declared, extracted, got, want, d)
		}
		if (want == "true" || rule == match.RuleNoMatch || want == "absent") && d.Rule != rule {
			t.Errorf("%q / %q: rule %s, want %s", declared, extracted, d.Rule, rule)
		}
		seen[rule] = true
	}
	if rows < 15 {
		t.Errorf("only %d rows read from the README", rows)
	}
	for _, r := range []match.Rule{match.RuleExact, match.RuleSeparators, match.RuleMRZTranslit, match.RuleMRZTruncated,
		match.RuleUsageOrBirth, match.RuleParticle, match.RuleGivenSubset, match.RuleTokenOrder, match.RuleOCREquivalent,
		match.RuleCivility, match.RuleDatePartial, match.RulePlace, match.RuleAddress, match.RuleNoMatch, match.RuleMissing, match.RuleDamaged} {
		if !seen[r] {
			t.Errorf("the README gives no example of %s", r)
		}
	}
}
