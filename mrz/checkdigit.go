package mrz

// charValue holds the Doc 9303 Part 3 §4.9 value of each byte: digits are
// themselves, A-Z are 10-35, the filler '<' is 0. Any other byte counts as
// 0 too, so that a check digit can still be computed over a field whose bad
// character has already been reported as a finding.
var charValue = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = uint8(c - '0')
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = uint8(c-'A') + 10
	}
	return t
}()

// weighted holds charValue times the weight 7, 3 or 1 (at most 245), so
// the inner loop is one load and one add.
var weighted = func() (t [3][256]uint8) {
	for k, w := range [3]uint8{7, 3, 1} {
		for c := range 256 {
			t[k][c] = charValue[c] * w
		}
	}
	return t
}()

// CheckDigit returns the ICAO Doc 9303 check digit of s as an ASCII digit
// '0'-'9': weights 7, 3, 1 repeated from the left, modulus 10, '<' = 0,
// A = 10 … Z = 35. Bytes outside 0-9, A-Z count as 0. It never allocates.
func CheckDigit(s string) byte {
	var c checksum
	c.add(s)
	return c.digit()
}

// checksum accumulates a check digit over several pieces, as composites
// cover non-contiguous positions; the weight carries on across pieces.
type checksum struct {
	total, k int // k: index of the next weight
}

func (c *checksum) add(s string) {
	total, k := c.total, c.k
	// Three characters at a time with the weights rotated to start at k:
	// the weight index then needs no update inside the loop.
	w0, w1, w2 := &weighted[k], &weighted[(k+1)%3], &weighted[(k+2)%3]
	i := 0
	for ; i+2 < len(s); i += 3 {
		total += int(w0[s[i]]) + int(w1[s[i+1]]) + int(w2[s[i+2]])
	}
	for ; i < len(s); i++ {
		total += int(weighted[k][s[i]])
		if k++; k == 3 {
			k = 0
		}
	}
	c.total, c.k = total, k
}

func (c *checksum) digit() byte { return byte('0' + c.total%10) }
