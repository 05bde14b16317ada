// Package fieldmatch offers the matching engine one field at a time, as
// MatchField answers it: the same decision every control relies on, so an
// operator can see why a control failed.
package fieldmatch

import (
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/places"
)

// Match compares declared with extracted as field, read from src. Bad input
// (an unknown field, a birth date that is not a date) is returned as
// checks.Violations, even when the other side is empty; an empty or blank
// side is no error: the decision is MISSING.
func Match(field idcontrolv1.MatchField, declared, extracted string, src idcontrolv1.MatchSource) (match.Decision, error) {
	var v checks.Violations
	var a, b civil.Date
	switch field {
	case idcontrolv1.MatchField_MATCH_FIELD_FIRST_NAME, idcontrolv1.MatchField_MATCH_FIELD_LAST_NAME,
		idcontrolv1.MatchField_MATCH_FIELD_BIRTH_NAME, idcontrolv1.MatchField_MATCH_FIELD_FULL_NAME,
		idcontrolv1.MatchField_MATCH_FIELD_BIRTH_PLACE, idcontrolv1.MatchField_MATCH_FIELD_ADDRESS:
	case idcontrolv1.MatchField_MATCH_FIELD_BIRTH_DATE:
		a, _ = checks.ParseDate(&v, "declared", declared, true)
		b, _ = checks.ParseDate(&v, "extracted", extracted, true)
	default:
		v.Add("field", "UNKNOWN_VALUE", "must name a field to compare")
	}
	if err := v.Err(); err != nil {
		return match.Decision{}, err
	}
	if strings.TrimSpace(declared) == "" || strings.TrimSpace(extracted) == "" {
		return match.Decision{Rule: match.RuleMissing, Message: "One of the two values is empty: there is nothing to compare."}, nil
	}
	s := source(src)
	switch field {
	case idcontrolv1.MatchField_MATCH_FIELD_FIRST_NAME:
		return names.FirstName(declared, extracted, s), nil
	case idcontrolv1.MatchField_MATCH_FIELD_LAST_NAME:
		return names.LastName(declared, extracted, s), nil
	case idcontrolv1.MatchField_MATCH_FIELD_BIRTH_NAME:
		return names.BirthName(declared, extracted, s), nil
	case idcontrolv1.MatchField_MATCH_FIELD_FULL_NAME:
		return names.FullName(declared, extracted, s), nil
	case idcontrolv1.MatchField_MATCH_FIELD_BIRTH_PLACE:
		return places.BirthPlace(declared, extracted), nil
	case idcontrolv1.MatchField_MATCH_FIELD_BIRTH_DATE:
		return names.BirthDate(a, b), nil
	default: // MATCH_FIELD_ADDRESS
		return places.AddressMatch(places.ParseAddress(declared), extracted), nil
	}
}

// source maps the wire enum; unspecified reads as the visual zone.
func source(s idcontrolv1.MatchSource) names.Source {
	switch s {
	case idcontrolv1.MatchSource_MATCH_SOURCE_MRZ:
		return names.SourceMRZ
	case idcontrolv1.MatchSource_MATCH_SOURCE_TEXT:
		return names.SourceText
	default:
		return names.SourceVIZ
	}
}

// Response renders d as MatchField answers it. A decision that could not
// be made (a side missing, carrying no information, or damaged on the way:
// a replacement or invisible character in a name) leaves match absent,
// never false nor true: contract principle 2. The rule and the message say
// why.
func Response(d match.Decision) *idcontrolv1.MatchFieldResponse {
	resp := &idcontrolv1.MatchFieldResponse{Rule: string(d.Rule), Score: d.Score, Message: d.Message}
	if d.Rule != match.RuleMissing && d.Rule != match.RuleUndetermined && d.Rule != match.RuleDamaged {
		resp.Match = checks.Bool(d.Match)
	}
	return resp
}
