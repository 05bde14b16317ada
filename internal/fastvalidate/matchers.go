package fastvalidate

import "regexp"

// handMatchers are the protos' most used patterns written out: a date
// pattern checked through the regexp engine cost ~90 ns a field, and a
// client file has dozens. FuzzMatchers holds each to its regexp.
var handMatchers = map[string]func(string) bool{
	"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$":           func(s string) bool { return s == "" || isoDate(s, false) },
	"^([0-9]{4}-([0-9]{2}|XX)-([0-9]{2}|XX))?$": func(s string) bool { return s == "" || isoDate(s, true) },
	"^[0-9]{4,10}$":  func(s string) bool { return len(s) >= 4 && len(s) <= 10 && all(s, isDigit) },
	"^[0-9a-f]{64}$": func(s string) bool { return len(s) == 64 && all(s, isLowerHex) },
}

// regexpPatterns lists the patterns in use that have no hand matcher.
var regexpPatterns []string

// matcher is a pattern's hand-written matcher, or its regexp's.
func matcher(pattern string) func(string) bool {
	if m, ok := handMatchers[pattern]; ok {
		return m
	}
	regexpPatterns = append(regexpPatterns, pattern)
	return regexp.MustCompile(pattern).MatchString
}

// isoDate: YYYY-MM-DD in digits; with unknown, MM and DD may each be XX.
func isoDate(s string, unknown bool) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !all(s[:4], isDigit) {
		return false
	}
	two := func(p string) bool { return all(p, isDigit) || unknown && p == "XX" }
	return two(s[5:7]) && two(s[8:10])
}

func all(s string, ok func(byte) bool) bool {
	for i := range len(s) {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool    { return '0' <= c && c <= '9' }
func isLowerHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' }
