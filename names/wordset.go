package names

// A wordSet is a set of folded words looked up on every comparison
// (titles, markers, particles). Most words looked up are not in it: a
// 256-bit filter on a word's length and first and last bytes turns them
// away before the map, whose hashing costs more than the rest of the test.
type wordSet struct {
	m      map[string]bool
	filter [4]uint64
}

func newWordSet(words ...string) *wordSet {
	s := &wordSet{m: make(map[string]bool, len(words))}
	for _, w := range words {
		s.m[w] = true
		h := wordHash(w)
		s.filter[h>>6] |= 1 << (h & 63)
	}
	return s
}

// has reports whether w is in the set. A word of the set always passes
// the filter, so the filter never changes the answer.
func (s *wordSet) has(w string) bool {
	h := wordHash(w)
	return s.filter[h>>6]&(1<<(h&63)) != 0 && s.m[w]
}

// wordHash mixes a word's length with its first and last bytes into 8
// bits.
func wordHash(w string) uint8 {
	if w == "" {
		return 0
	}
	k := uint32(len(w))<<16 | uint32(w[0])<<8 | uint32(w[len(w)-1])
	return uint8((k * 0x9E3779B1) >> 24)
}
