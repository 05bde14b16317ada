package mrz

import (
	"math/rand/v2"
	"testing"
)

// TestChecksumPieces checks that a checksum over pieces of any lengths
// equals the check digit of their concatenation: composites depend on the
// weight carrying over from one piece to the next.
func TestChecksumPieces(t *testing.T) {
	t.Parallel()
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, rng.IntN(60))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(b)
		var c checksum
		for rest := s; rest != ""; {
			n := 1 + rng.IntN(len(rest))
			c.add(rest[:n])
			rest = rest[n:]
		}
		if got, want := c.digit(), slowCheckDigit(s); got != want || CheckDigit(s) != want {
			t.Fatalf("%q: pieces %c, whole %c, want %c", s, got, CheckDigit(s), want)
		}
	}
}

// slowCheckDigit is the Doc 9303 definition written plainly.
func slowCheckDigit(s string) byte {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		v := 0
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10)
}
