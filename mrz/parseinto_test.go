package mrz

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/idcontrol/idcontrol/civil"
)

// sameAsParse fails t unless ParseInto answers lines as Parse does, whether
// dst brings storage, none, or holds the result of another MRZ.
func sameAsParse(t *testing.T, lines []string, ref civil.Date) {
	t.Helper()
	want, wantErr := Parse(lines, ref)
	other, _ := Parse([]string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}, civil.Date{Year: 2026, Month: 1, Day: 1})
	for name, dst := range map[string]*Result{
		"storage":   {CheckDigits: make([]Check, 0, 5), FirstNames: make([]string, 0, 8)},
		"none":      {},
		"reused":    other,
		"too small": {CheckDigits: make([]Check, 3, 3), FirstNames: make([]string, 1, 1)},
	} {
		err := ParseInto(dst, lines, ref)
		if (err == nil) != (wantErr == nil) || err != nil && cmp.Diff(wantErr, err) != "" {
			t.Fatalf("%s: ParseInto error %v, Parse %v", name, err, wantErr)
		}
		if err != nil {
			if cmp.Diff(&Result{}, dst, cmpopts.IgnoreUnexported(Result{})) != "" {
				t.Fatalf("%s: on error dst is %+v, want the zero Result", name, dst)
			}
			continue
		}
		if d := cmp.Diff(want, dst, cmpopts.IgnoreUnexported(Result{})); d != "" {
			t.Fatalf("%s: ParseInto(%q) differs from Parse (-Parse +ParseInto):\n%s", name, lines, d)
		}
	}
}

func TestParseIntoIsParse(t *testing.T) {
	t.Parallel()
	ref := civil.Date{Year: 2026, Month: 6, Day: 15}
	for _, c := range specimens {
		sameAsParse(t, c.lines, ref)
	}
	for _, v := range loadVectors(t) {
		vref := ref
		if v.ReferenceDate != "" {
			var err error
			if vref, err = civil.ParseISO(v.ReferenceDate); err != nil {
				t.Fatal(err)
			}
		}
		sameAsParse(t, v.Lines, vref)
	}
	sameAsParse(t, []string{"too", "short"}, ref)
	sameAsParse(t, specimens[0].lines, civil.Date{Year: 2026, Month: 2, Day: 30})
}

// FuzzParseInto: ParseInto answers what Parse answers, on any input.
func FuzzParseInto(f *testing.F) {
	for _, c := range specimens {
		l3 := ""
		if len(c.lines) == 3 {
			l3 = c.lines[2]
		}
		f.Add(c.lines[0], c.lines[1], l3, 2026)
	}
	f.Add("IDFRA\xff\xfe", "8806923102858CORINNE<<<<<<<6512068F6", "", 9999)
	f.Fuzz(func(t *testing.T, l1, l2, l3 string, year int) {
		lines := []string{l1, l2}
		if l3 != "" {
			lines = append(lines, l3)
		}
		sameAsParse(t, lines, civil.Date{Year: year%9000 + 1000, Month: 6, Day: 15})
	})
}

// TestParseIntoAllocates: given storage, a valid MRZ whose names hold no
// inner filler is parsed without allocating.
func TestParseIntoAllocates(t *testing.T) {
	lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	ref := civil.Date{Year: 2026, Month: 6, Day: 15}
	var checks [5]Check
	var names [8]string
	var r Result
	n := testing.AllocsPerRun(100, func() {
		r.CheckDigits, r.FirstNames = checks[:0], names[:0]
		if err := ParseInto(&r, lines, ref); err != nil || !r.Valid {
			t.Fatalf("%v %+v", err, r)
		}
	})
	if n != 0 {
		t.Errorf("ParseInto allocates %v times, want 0", n)
	}
}
