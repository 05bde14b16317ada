// Package fieldmatch offers the matching engine one field at a time, as
// MatchField answers it: the same decision every control relies on, so an
// operator can see why a control failed.
package fieldmatch

import (
	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/places"
)

// Match compares declared with extracted as field, read from src. Bad input
// (a birth date that is not a date) is returned as checks.Violations.
func Match(field idcontrolv1.MatchField, declared, extracted string, src idcontrolv1.MatchSource) (match.Decision, error) {
	if declared == "" || extracted == "" {
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
		var v checks.Violations
		a, _ := checks.ParseDate(&v, "declared", declared, true)
		b, _ := checks.ParseDate(&v, "extracted", extracted, true)
		if err := v.Err(); err != nil {
			return match.Decision{}, err
		}
		return names.BirthDate(a, b), nil
	case idcontrolv1.MatchField_MATCH_FIELD_ADDRESS:
		return places.Address(places.ParseAddress(declared), extracted), nil
	}
	var v checks.Violations
	v.Add("field", "UNKNOWN_VALUE", "must name a field to compare")
	return match.Decision{}, v
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
