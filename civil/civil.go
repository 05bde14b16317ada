// Package civil holds calendar dates whose parts may be unknown, as identity
// documents print them: an MRZ birth date may read 65<<<< (day and month unknown).
package civil

import (
	"fmt"
	"time"
)

// Date is a calendar date. A zero Month or Day means that part is unknown;
// a zero Year means the whole date is unknown.
type Date struct {
	Year  int
	Month int
	Day   int
}

// Known reports whether every part of the date is known.
func (d Date) Known() bool { return d.Year != 0 && d.Month != 0 && d.Day != 0 }

// IsZero reports whether nothing of the date is known.
func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// Valid reports whether the known parts form a real calendar date
// (unknown parts are allowed).
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 {
		return false
	}
	if d.Day == 0 || d.Month == 0 {
		return true
	}
	return d.Day <= DaysIn(d.Year, d.Month)
}

// DaysIn returns the number of days of month m (1-12) of year y.
func DaysIn(y, m int) int {
	// By hand for the months of a year: every date read is validated, and
	// time.Date costs a calendar conversion each time. The Gregorian rule
	// is time's, proleptic as there.
	switch m {
	case 1, 3, 5, 7, 8, 10, 12:
		return 31
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String renders the date as ISO 8601 (YYYY-MM-DD). Unknown parts are written
// as XX, so a partial date never looks like a full one.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 {
		m, day := twoDigits(d.Month), twoDigits(d.Day)
		return fmt.Sprintf("%d-%s-%s", d.Year, m[:], day[:])
	}
	// By hand: dates are rendered in every answer, and fmt costs three
	// allocations where this costs one.
	var b [10]byte
	y := d.Year
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + y%10)
		y /= 10
	}
	b[4], b[7] = '-', '-'
	m, day := twoDigits(d.Month), twoDigits(d.Day)
	copy(b[5:7], m[:])
	copy(b[8:10], day[:])
	return string(b[:])
}

// twoDigits renders a month or a day, XX when unknown.
func twoDigits(n int) [2]byte {
	if n <= 0 || n > 99 {
		return [2]byte{'X', 'X'}
	}
	return [2]byte{byte('0' + n/10), byte('0' + n%10)}
}

// Time returns the date at midnight UTC. Only meaningful when Known.
func (d Date) Time() time.Time {
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
}

// FromTime returns the calendar date of t in t's location.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: int(m), Day: d}
}

// Compare orders two known dates: -1, 0 or +1.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return sign(d.Year - o.Year)
	case d.Month != o.Month:
		return sign(d.Month - o.Month)
	default:
		return sign(d.Day - o.Day)
	}
}

func sign(v int) int {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}

// Before reports whether d is strictly before o (both known).
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// AddDays returns d shifted by n days (d known).
func (d Date) AddDays(n int) Date {
	// By hand for a real date (the controls shift dates by a day or by the
	// policy's days, several times a request); time normalises the rest.
	if !d.calendar() {
		return FromTime(d.Time().AddDate(0, 0, n))
	}
	return fromDays(d.days() + n)
}

// AddYears returns the same day n years later; 29 February becomes 1 March
// in a common year, as time.AddDate normalises it.
func (d Date) AddYears(n int) Date {
	if !d.calendar() {
		return FromTime(d.Time().AddDate(n, 0, 0))
	}
	d.Year += n
	if d.Month == 2 && d.Day == 29 && DaysIn(d.Year, 2) == 28 {
		d.Month, d.Day = 3, 1
	}
	return d
}

// calendar reports whether d is a real date of the years time.Date
// handles without overflow, for which AddDays and AddYears compute by hand
// what time would.
func (d Date) calendar() bool {
	return d.Year > -1e9 && d.Year < 1e9 && d.Month >= 1 && d.Month <= 12 && d.Day >= 1 && d.Day <= DaysIn(d.Year, d.Month)
}

// days is the number of days from 1970-01-01 to d, and fromDays its
// inverse: the proleptic Gregorian calendar of package time, by H.
// Hinnant's days_from_civil and civil_from_days.
func (d Date) days() int {
	y, m := d.Year, d.Month
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func fromDays(z int) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return Date{Year: y, Month: m, Day: day}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// AgeAt returns the age in whole years of someone born on d at date at
// (both known).
func (d Date) AgeAt(at Date) int {
	age := at.Year - d.Year
	if at.Month < d.Month || (at.Month == d.Month && at.Day < d.Day) {
		age--
	}
	return age
}

// ParseISO parses YYYY-MM-DD. Unknown month or day may be written XX or 00
// (only when the day is unknown too for the month). An empty string is an
// error: callers decide whether absence is allowed.
func ParseISO(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("not a YYYY-MM-DD date")
	}
	y, ok := digits(s[0:4])
	if !ok || y == 0 {
		return Date{}, fmt.Errorf("year is not four digits")
	}
	m, mKnown := part(s[5:7])
	day, dKnown := part(s[8:10])
	if m < 0 || day < 0 {
		return Date{}, fmt.Errorf("month or day is not two digits")
	}
	if !mKnown && dKnown {
		return Date{}, fmt.Errorf("day known but month unknown")
	}
	d := Date{Year: y, Month: m, Day: day}
	if !d.Valid() {
		return Date{}, fmt.Errorf("not a calendar date")
	}
	return d, nil
}

// part parses a two-character month or day: XX or 00 is unknown (0, false);
// -1 means malformed.
func part(s string) (int, bool) {
	if s == "XX" || s == "xx" || s == "00" {
		return 0, false
	}
	v, ok := digits(s)
	if !ok {
		return -1, false
	}
	return v, true
}

func digits(s string) (int, bool) {
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}
