package fastvalidate

import (
	"regexp"
	"slices"
	"testing"
)

// tricky inputs for the hand matchers: near misses of each pattern.
var matcherSeeds = []string{
	"", "2026-12-02", "2026-12-0", "2026-12-022", "2026-12-02\n", "\n2026-12-02", "2026/12/02",
	"2026-XX-XX", "2026-12-XX", "XXXX-12-02", "2026-xx-02", "2026-1X-02", "٢٠٢٦-12-02", "2026-12-0٢",
	"1234", "123", "1234567890", "12345678901", "12a4", "+1234",
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
}

// Every hand matcher gives its pattern's verdict.
func TestMatchersAgreeWithTheirPatterns(t *testing.T) {
	for pattern, match := range handMatchers {
		re := regexp.MustCompile(pattern)
		for _, s := range matcherSeeds {
			if match(s) != re.MatchString(s) {
				t.Errorf("%q on %q: hand %v, regexp %v", pattern, s, match(s), re.MatchString(s))
			}
		}
	}
}

// Every pattern of the protos goes through a hand matcher: a new pattern
// falls back to the regexp engine, which is right but slower.
func TestEveryPatternInUseIsHandMatched(t *testing.T) {
	if len(patterns) == 0 || len(regexpPatterns) > 0 {
		t.Errorf("%d patterns in use, through the regexp engine: %q", len(patterns), regexpPatterns)
	}
}

// The seeds match each pattern at least once, so the comparisons above
// see both verdicts.
func TestSeedsReachEveryPattern(t *testing.T) {
	for pattern := range handMatchers {
		re := regexp.MustCompile(pattern)
		if !slices.ContainsFunc(matcherSeeds, re.MatchString) {
			t.Errorf("no seed matches %q", pattern)
		}
	}
}

// FuzzMatchers: whatever the string, each hand matcher agrees with its
// regexp.
func FuzzMatchers(f *testing.F) {
	for _, s := range matcherSeeds {
		f.Add(s)
	}
	patterns := make([]string, 0, len(handMatchers))
	res := map[string]*regexp.Regexp{}
	for p := range handMatchers {
		patterns = append(patterns, p)
		res[p] = regexp.MustCompile(p)
	}
	slices.Sort(patterns)
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range patterns {
			if handMatchers[p](s) != res[p].MatchString(s) {
				t.Fatalf("%q on %q: hand %v, regexp %v", p, s, handMatchers[p](s), res[p].MatchString(s))
			}
		}
	})
}
