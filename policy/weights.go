package policy

import (
	"errors"
	"fmt"
	"strings"

	"buf.build/go/protovalidate"
)

// The fields that tell one person from another: a SIMILARITY weighting
// must rest on them.
var identityFields = []string{"lastName", "firstNames", "birthDate"}

// Shares of the total weight the identity fields must carry, each and
// together.
const (
	minIdentityShare      = 0.10
	minIdentityTotalShare = 0.50
)

// CheckWeights refuses a degenerate SIMILARITY weighting, one under which
// the score would no longer tell two people apart: lastName, firstNames and
// birthDate must each carry at least 10% of the total weight and together
// at least 50%. So no weighting puts everything on a minor field (sex,
// usage name, birth place) or weighs the names at zero. The vetoes (a name
// no rule explains, another birth date) apply whatever the weights; this
// rule keeps the score itself meaningful.
func CheckWeights(w map[string]float64) error {
	total := 0.0
	for _, x := range w {
		total += x
	}
	if total <= 0 {
		return errors.New("the weights sum to 0: nothing would be compared")
	}
	var errs []error
	identity := 0.0
	for _, f := range identityFields {
		share := w[f] / total
		identity += share
		if share < minIdentityShare {
			errs = append(errs, fmt.Errorf("%s carries %.0f%% of the total weight, under the %.0f%% each of lastName, firstNames and birthDate needs", f, 100*share, 100*minIdentityShare))
		}
	}
	if identity < minIdentityTotalShare {
		errs = append(errs, fmt.Errorf("lastName, firstNames and birthDate together carry %.0f%% of the total weight, under the %.0f%% needed", 100*identity, 100*minIdentityTotalShare))
	}
	return errors.Join(errs...)
}

// jsonNamed rewrites protovalidate's violations with the JSON names of the
// file (policies["kyc"].similarityThreshold, not
// policies["kyc"].similarity_threshold): the operator reads the message
// against a camelCase file.
func jsonNamed(err error) error {
	var ve *protovalidate.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	msgs := make([]string, 0, len(ve.Violations))
	for _, viol := range ve.Violations {
		msgs = append(msgs, camelPath(protovalidate.FieldPathString(viol.Proto.GetField()))+": "+viol.Proto.GetMessage())
	}
	return errors.New(strings.Join(msgs, "; "))
}

// camelPath turns the snake_case field names of a path into their JSON
// (lowerCamel) names, as protoc-gen-go derives them; map keys in quotes
// are left as written.
func camelPath(path string) string {
	var b strings.Builder
	quoted, upper := false, false
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch {
		case c == '"' && (i == 0 || path[i-1] != '\\'):
			quoted = !quoted
		case !quoted && c == '_':
			upper = true
			continue
		case upper && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		upper = false
		b.WriteByte(c)
	}
	return b.String()
}
