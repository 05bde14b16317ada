package mrz

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/idcontrol/idcontrol/civil"
)

// TestFindingsAreSentences: every finding of the public vectors and of
// damaged lines is one sentence an operator reads: a capital, a period.
func TestFindingsAreSentences(t *testing.T) {
	t.Parallel()
	ref := civil.Date{Year: 2026, Month: 1, Day: 1}
	inputs := [][]string{
		{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
		{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408132F1204159ZE184226B<<<<<11"}, // wrong birth date and composite digits
		{"P<QQQ3RIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36QQQ7413122X1299159ZE184226B<<<<<10"}, // bad country, name, date, sex
		{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "8806923102858CORINNE<<<<<<<6512068F7"},
	}
	for _, v := range loadVectorsQuiet() {
		inputs = append(inputs, v.Lines)
	}
	n := 0
	for _, lines := range inputs {
		r, err := Parse(lines, ref)
		if err != nil {
			continue
		}
		for _, f := range r.Findings {
			n++
			first, _ := utf8.DecodeRuneInString(f.Message)
			if f.Message == "" || !unicode.IsUpper(first) || f.Message[len(f.Message)-1] != '.' {
				t.Errorf("%s %s: %q is not a sentence", f.Code, f.Field, f.Message)
			}
		}
	}
	if n < 5 {
		t.Fatalf("only %d findings: the inputs no longer exercise the messages", n)
	}
}
