package ident

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// Property tests: generated valid values validate, and single-character
// substitutions are rejected exactly as far as each algorithm's
// mathematics guarantees.

func newRand() *rand.Rand { return rand.New(rand.NewPCG(13616, 9362)) }

func randDigit(r *rand.Rand) byte  { return byte('0' + r.IntN(10)) }
func randLetter(r *rand.Rand) byte { return byte('A' + r.IntN(26)) }

// substitutions calls f with every value differing from v in one
// position, a digit replaced by another digit or a letter by another letter.
func substitutions(v string, f func(pos int, old, new byte, mutated string)) {
	b := []byte(v)
	for i, c := range b {
		lo, hi := byte('0'), byte('9')
		if c >= 'A' {
			lo, hi = 'A', 'Z'
		}
		for x := lo; x <= hi; x++ {
			if x == c {
				continue
			}
			b[i] = x
			f(i, c, x, string(b))
		}
		b[i] = c
	}
}

func genIBAN(r *rand.Rand) string {
	cc := ibanCountries[r.IntN(len(ibanCountries))]
	s := specFor(cc)
	bban := make([]byte, s.length-4)
	for tries := 0; ; tries++ {
		for i := range bban {
			switch s.classes[i] {
			case 'n':
				bban[i] = randDigit(r)
			case 'a':
				bban[i] = randLetter(r)
			default:
				if r.IntN(4) == 0 {
					bban[i] = randLetter(r)
				} else {
					bban[i] = randDigit(r)
				}
			}
		}
		if s.national.verify(bban) {
			break
		}
	}
	return withCheckDigits(cc + "00" + string(bban))
}

// ISO 7064 mod 97-10 detects every single substitution: a digit changed by
// δ changes the number by δ·10^k, a letter by δ·10^k too (two-digit values),
// and 97 is a prime above every |δ| and coprime with 10.
func TestPropertyIBAN(t *testing.T) {
	t.Parallel()
	r := newRand()
	for range 400 {
		v := genIBAN(r)
		if res := ValidateIBAN(v); !res.Valid {
			t.Fatalf("generated %s: %s", v, res.Code)
		}
		substitutions(v, func(pos int, _, _ byte, m string) {
			if ValidateIBAN(m).Valid {
				t.Errorf("%s: substitution at %d undetected: %s", v, pos, m)
			}
		})
	}
}

func genRIB(r *rand.Rand) string {
	b := make([]byte, 23)
	for i := range 21 {
		b[i] = randDigit(r)
		if i >= 10 && r.IntN(8) == 0 {
			b[i] = randLetter(r)
		}
	}
	k := ribKey(b)
	b[21], b[22] = byte('0'+k/10), byte('0'+k%10)
	return string(b)
}

// The RIB key detects every digit substitution (89, 15 and 3 are coprime
// with the prime 97); a letter substituted by one of the same digit class
// (A/J, B/K/S…) is by design the same number and goes unseen.
func TestPropertyRIB(t *testing.T) {
	t.Parallel()
	r := newRand()
	for range 500 {
		v := genRIB(r)
		if !ValidateFRRIB(v).Valid {
			t.Fatalf("generated %s", v)
		}
		substitutions(v, func(pos int, old, new byte, m string) {
			sameDigit := old >= 'A' && ribDigit(old) == ribDigit(new)
			if got := ValidateFRRIB(m).Valid; got != sameDigit {
				t.Errorf("%s → %s: valid=%v, want %v", v, m, got, sameDigit)
			}
		})
	}
}

func genNIR(r *rand.Rand) string {
	b := make([]byte, 0, 13)
	b = append(b, byte('1'+r.IntN(2)), randDigit(r), randDigit(r))
	m := 1 + r.IntN(12)
	b = append(b, byte('0'+m/10), byte('0'+m%10))
	switch r.IntN(6) {
	case 0:
		b = append(b, '2', "AB"[r.IntN(2)])
	default:
		d := 1 + r.IntN(95)
		b = append(b, byte('0'+d/10), byte('0'+d%10))
	}
	for range 6 {
		b = append(b, randDigit(r))
	}
	return nirWithKey(string(b))
}

// mod 97 over 13 digits detects every single-digit substitution; in the
// Corsican department, a substituted letter is no department at all.
func TestPropertyNIR(t *testing.T) {
	t.Parallel()
	r := newRand()
	for range 500 {
		v := genNIR(r)
		if res := ValidateFRNIR(v); !res.Valid {
			t.Fatalf("generated %s: %s", v, res.Code)
		}
		substitutions(v, func(pos int, _, _ byte, m string) {
			if ValidateFRNIR(m).Valid {
				t.Errorf("%s → %s undetected", v, m)
			}
		})
	}
}

// luhnComplete appends the Luhn check digit.
func luhnComplete(d []byte) string {
	for c := byte('0'); c <= '9'; c++ {
		if luhn(append(d, c)) {
			return string(append(d, c))
		}
	}
	panic("unreachable")
}

func randDigits(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = randDigit(r)
	}
	return b
}

// Luhn detects every single-digit substitution (doubling is a permutation
// of the digits). La Poste SIRETs only check their digit sum modulo 5: a
// digit changed by ±5 goes unseen.
func TestPropertySIRENSIRET(t *testing.T) {
	t.Parallel()
	r := newRand()
	for range 500 {
		siren := luhnComplete(randDigits(r, 8))
		if !ValidateFRSIREN(siren).Valid {
			t.Fatalf("generated %s", siren)
		}
		substitutions(siren, func(_ int, _, _ byte, m string) {
			if ValidateFRSIREN(m).Valid {
				t.Errorf("%s → %s undetected", siren, m)
			}
		})
		if siren == laPosteSIREN {
			continue
		}
		siret := luhnComplete(append([]byte(siren), randDigits(r, 4)...))
		if !ValidateFRSIRET(siret).Valid {
			t.Fatalf("generated %s", siret)
		}
		substitutions(siret, func(_ int, _, _ byte, m string) {
			if ValidateFRSIRET(m).Valid {
				t.Errorf("%s → %s undetected", siret, m)
			}
		})
	}
	for range 200 {
		b := append([]byte(laPosteSIREN), randDigits(r, 5)...)
		sum := 14
		for _, c := range b[9:] {
			sum += int(c - '0')
		}
		// Fix the last digit so that the digit sum is a multiple of 5.
		last := int(b[13]-'0') + (5-sum%5)%5
		if last > 9 {
			last -= 5
		}
		b[13] = byte('0' + last)
		v := string(b)
		if !ValidateFRSIRET(v).Valid {
			t.Fatalf("generated %s", v)
		}
		substitutions(v, func(pos int, old, new byte, m string) {
			d := int(new) - int(old)
			want := pos >= 9 && (d == 5 || d == -5) || m == laPosteHeadOffice
			if got := ValidateFRSIRET(m).Valid; got != want {
				t.Errorf("%s → %s: valid=%v, want %v", v, m, got, want)
			}
		})
	}
}

// mod 511 = 7·73 is coprime with 10 and above 9: every substitution in the
// first ten digits changes the remainder, every one in the last three
// changes the expected value.
func TestPropertyFiscalNumber(t *testing.T) {
	t.Parallel()
	r := newRand()
	for range 500 {
		b := randDigits(r, 10)
		b[0] = byte('0' + r.IntN(4))
		check := decimal(b) % 511
		v := string(b) + string([]byte{byte('0' + check/100), byte('0' + check/10%10), byte('0' + check%10)})
		if !ValidateFRFiscalNumber(v).Valid {
			t.Fatalf("generated %s", v)
		}
		substitutions(v, func(_ int, _, _ byte, m string) {
			if ValidateFRFiscalNumber(m).Valid {
				t.Errorf("%s → %s undetected", v, m)
			}
		})
	}
}

func weightedMod11(d string, w []int) int {
	s := 0
	for i, x := range w {
		s += int(d[i]-'0') * x
	}
	return s % 11
}

// collides reports whether two distinct remainders give the same check
// digit once reduced modulo 10.
func collides(a, b int) bool { return a != b && a%10 == b%10 }

// INN: each weight is below 11 and non-zero, so a substitution always
// changes the mod 11 remainder; it goes unseen only when the two
// remainders are 0 and 10 (both written 0), for every check digit.
func TestPropertyINN(t *testing.T) {
	t.Parallel()
	r := newRand()
	for range 500 {
		b := randDigits(r, 9)
		b[0] = byte('1' + r.IntN(9)) // region codes 01-99: never 00
		v10 := string(append(b, innCheck(append(b, '0'), innWeights10)))
		b = randDigits(r, 10)
		b[0] = byte('1' + r.IntN(9))
		b = append(b, innCheck(append(b, '0', '0'), innWeights11))
		v12 := string(append(b, innCheck(append(b, '0'), innWeights12)))
		for _, v := range []string{v10, v12} {
			if !ValidateRUINN(v).Valid {
				t.Fatalf("generated %s", v)
			}
			substitutions(v, func(pos int, _, _ byte, m string) {
				var unseen bool
				if m[0] == '0' && m[1] == '0' {
					unseen = false // region 00 does not exist
				} else if len(v) == 10 {
					unseen = pos < 9 && collides(weightedMod11(v, innWeights10), weightedMod11(m, innWeights10))
				} else {
					unseen = pos < 10 &&
						collides(weightedMod11(v, innWeights11), weightedMod11(m, innWeights11)) &&
						collides(weightedMod11(v, innWeights12), weightedMod11(m, innWeights12))
				}
				if got := ValidateRUINN(m).Valid; got != unseen {
					t.Errorf("%s → %s: valid=%v, want %v", v, m, got, unseen)
				}
			})
		}
	}
}

// OGRN (mod 11) and OGRNIP (mod 13): 10^k is invertible modulo both
// primes and |δ| < 11, so the remainder always changes; the check keeps
// only its last digit, so remainders 0/10 (and for 13: 1/11, 2/12) collide.
func TestPropertyOGRN(t *testing.T) {
	t.Parallel()
	r := newRand()
	for range 500 {
		for _, n := range []int{13, 15} {
			m := uint64(11)
			if n == 15 {
				m = 13
			}
			b := randDigits(r, n-1)
			b[0] = "1256789"[r.IntN(7)] // OGRN and other EGRUL records
			if n == 15 {
				b[0] = '3' // OGRNIP
			}
			v := string(append(b, byte('0'+decimal(b)%m%10)))
			if !ValidateRUOGRN(v).Valid {
				t.Fatalf("generated %s", v)
			}
			substitutions(v, func(pos int, _, _ byte, mut string) {
				unseen := pos < n-1 && collides(int(decimal([]byte(v[:n-1]))%m), int(decimal([]byte(mut[:n-1]))%m))
				if pos == 0 && (n == 13 && strings.IndexByte("034", mut[0]) >= 0 || n == 15 && mut[0] != '3') {
					unseen = false // the first digit classes the record
				}
				if got := ValidateRUOGRN(mut).Valid; got != unseen {
					t.Errorf("%s → %s: valid=%v, want %v", v, mut, got, unseen)
				}
				if n == 15 && ValidateRUOGRNIP(mut).Valid != unseen {
					t.Errorf("OGRNIP %s → %s", v, mut)
				}
			})
		}
	}
}

func snilsSum(d string) int {
	s := 0
	for i := range 9 {
		s += int(d[i]-'0') * (9 - i)
	}
	return s % 101
}

// SNILS: |δ·w| ≤ 81 < 101, so a substitution always changes the sum modulo
// 101; it goes unseen only between remainders 0 and 100 (both written 00),
// or when the number falls to 001-001-998 or below, where nothing is checked.
func TestPropertySNILS(t *testing.T) {
	t.Parallel()
	r := newRand()
	for range 500 {
		b := randDigits(r, 9)
		if decimal(b) <= snilsUnchecked {
			continue
		}
		c := snilsSum(string(b)) % 100
		v := string(append(b, byte('0'+c/10), byte('0'+c%10)))
		if !ValidateRUSNILS(v).Valid {
			t.Fatalf("generated %s", v)
		}
		substitutions(v, func(pos int, _, _ byte, m string) {
			a, z := snilsSum(v), snilsSum(m)
			unseen := pos < 9 && (a == 0 && z == 100 || a == 100 && z == 0 || decimal([]byte(m[:9])) <= snilsUnchecked)
			if got := ValidateRUSNILS(m).Valid; got != unseen {
				t.Errorf("%s → %s: valid=%v, want %v", v, m, got, unseen)
			}
		})
	}
}
