package checks

import "testing"

func TestParseDate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		value   string
		partial bool
		ok      bool
		bad     bool // a violation is recorded
	}{
		{"", false, false, false},
		{"1965-12-06", false, true, false},
		{"1965-12-XX", true, true, false},
		{"1965-12-XX", false, false, true},
		{"2024-02-30", false, false, true},
		{"0001-01-01", false, false, true},
		{"1799-12-31", false, false, true},
		{"3000-01-01", false, false, true},
		{"06/12/1965", false, false, true},
	}
	for _, c := range cases {
		var v Violations
		_, ok := ParseDate(&v, "birthDate", c.value, c.partial)
		if ok != c.ok || (len(v) > 0) != c.bad {
			t.Errorf("ParseDate(%q, partial=%v) = ok %v, violations %v", c.value, c.partial, ok, v)
		}
		for _, x := range v {
			if x.Field != "birthDate" || x.Reason != "INVALID_DATE" {
				t.Errorf("%q: violation %+v", c.value, x)
			}
		}
	}
}
