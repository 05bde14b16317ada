package civil

import (
	"testing"
	"time"
)

func TestDateString(t *testing.T) {
	t.Parallel()
	cases := []struct {
		d    Date
		want string
	}{
		{Date{}, ""},
		{Date{Year: 1965, Month: 12, Day: 6}, "1965-12-06"},
		{Date{Year: 1974, Month: 8}, "1974-08-XX"},
		{Date{Year: 1974}, "1974-XX-XX"},
		{Date{Year: 7, Month: 1, Day: 1}, "0007-01-01"},
		{Date{Year: 12345, Month: 1, Day: 1}, "12345-01-01"},
	}
	for _, c := range cases {
		if got := c.d.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestDateStringAllocatesOnce(t *testing.T) {
	d := Date{Year: 2026, Month: 11, Day: 22}
	if n := testing.AllocsPerRun(100, func() { _ = d.String() }); n > 1 {
		t.Errorf("String allocates %v times, want at most 1", n)
	}
}

func TestParseISO(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"1965-12-06", Date{1965, 12, 6}, true},
		{"2024-02-29", Date{2024, 2, 29}, true},
		{"1974-08-XX", Date{1974, 8, 0}, true},
		{"1974-XX-XX", Date{1974, 0, 0}, true},
		{"1974-00-00", Date{1974, 0, 0}, true},
		{"2023-02-29", Date{}, false}, // not a leap year
		{"1974-13-01", Date{}, false},
		{"1974-04-31", Date{}, false},
		{"1974-XX-12", Date{}, false}, // day without month
		{"0000-01-01", Date{}, false},
		{"1974-8-12", Date{}, false},
		{"74-08-12xx", Date{}, false},
		{"1974/08/12", Date{}, false},
		{"", Date{}, false},
		{"１９７４-08-12", Date{}, false}, // no Unicode digits
	}
	for _, c := range cases {
		got, err := ParseISO(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseISO(%q) = %v, %v; want %v, ok=%v", c.in, got, err, c.want, c.ok)
		}
		if c.ok && got.String() != c.in && c.in[5:7] != "00" {
			t.Errorf("round trip of %q gives %q", c.in, got.String())
		}
	}
}

func TestAgeAndArithmetic(t *testing.T) {
	t.Parallel()
	born := Date{2008, 2, 29}
	cases := []struct {
		at   Date
		want int
	}{
		{Date{2026, 2, 28}, 17}, // a leapling is not 18 before 1 March in a common year
		{Date{2026, 3, 1}, 18},
		{Date{2028, 2, 29}, 20},
		{Date{2008, 2, 29}, 0},
	}
	for _, c := range cases {
		if got := born.AgeAt(c.at); got != c.want {
			t.Errorf("AgeAt(%v) = %d, want %d", c.at, got, c.want)
		}
	}
	if got := born.AddYears(18); got != (Date{2026, 3, 1}) {
		t.Errorf("AddYears(18) = %v, want 2026-03-01", got)
	}
	if got := (Date{2026, 12, 31}).AddDays(1); got != (Date{2027, 1, 1}) {
		t.Errorf("AddDays = %v", got)
	}
	if !(Date{2026, 1, 1}).Before(Date{2026, 1, 2}) || (Date{2026, 1, 2}).Before(Date{2026, 1, 2}) {
		t.Error("Before is wrong")
	}
	if DaysIn(2100, 2) != 28 || DaysIn(2000, 2) != 29 {
		t.Error("DaysIn ignores the Gregorian century rule")
	}
}

// TestDaysInTime: DaysIn is time.Date's answer for every month of years
// far on either side of the documents' range.
func TestDaysInTime(t *testing.T) {
	for y := -2000; y <= 10400; y++ {
		for m := -1; m <= 14; m++ {
			if got, want := DaysIn(y, m), time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("DaysIn(%d, %d) = %d, time.Date gives %d", y, m, got, want)
			}
		}
	}
}

// TestAddByHand: AddDays and AddYears give what time.AddDate gives, over
// every day of several centuries, leap days and far years included.
func TestAddByHand(t *testing.T) {
	viaTime := func(d Date, y, n int) Date { return FromTime(d.Time().AddDate(y, 0, n)) }
	check := func(d Date) {
		for _, n := range []int{-36525, -366, -365, -31, -1, 0, 1, 28, 29, 365, 366, 3653} {
			if got, want := d.AddDays(n), viaTime(d, 0, n); got != want {
				t.Fatalf("%v.AddDays(%d) = %v, want %v", d, n, got, want)
			}
		}
		for _, n := range []int{-100, -10, -1, 0, 1, 4, 5, 10, 15, 16, 100} {
			if got, want := d.AddYears(n), viaTime(d, n, 0); got != want {
				t.Fatalf("%v.AddYears(%d) = %v, want %v", d, n, got, want)
			}
		}
	}
	for d := (Date{Year: 1, Month: 1, Day: 1}); d.Year < 2; d = viaTime(d, 0, 1) {
		check(d)
	}
	for d := (Date{Year: 1890, Month: 1, Day: 1}); d.Year < 2110; d = viaTime(d, 0, 1) {
		check(d)
	}
	for _, d := range []Date{{-401, 2, 29}, {0, 2, 29}, {9999, 12, 31}, {12345, 6, 7}, {2023, 2, 31}, {2024, 0, 0}, {2024, 13, 1}, {2024, 1, 0}} {
		check(d)
	}
}
