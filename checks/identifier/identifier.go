// Package identifier maps the wire's identifier kinds and answers to the
// ident library: ValidateIdentifiers and every control that shows an
// identifier (the IBAN of bank details) answer the same way.
package identifier

import (
	"strconv"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ident"
)

var kinds = map[idcontrolv1.IdentifierKind]ident.Kind{
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_IBAN:                    ident.KindIBAN,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_BIC:                     ident.KindBIC,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_RIB:                  ident.KindFRRIB,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_NIR:                  ident.KindFRNIR,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_SIREN:                ident.KindFRSIREN,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_SIRET:                ident.KindFRSIRET,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_TAX_NUMBER:           ident.KindFRTaxNumber,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_TAX_NOTICE_REFERENCE: ident.KindFRTaxNoticeReference,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_RU_INN:                  ident.KindRUINN,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_RU_OGRN:                 ident.KindRUOGRN,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_RU_OGRNIP:               ident.KindRUOGRNIP,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_RU_SNILS:                ident.KindRUSNILS,
	idcontrolv1.IdentifierKind_IDENTIFIER_KIND_PHONE:                   ident.KindPhone,
}

// Validate validates each identifier, in order. An unknown kind cannot
// reach here: the request's validation rules refuse it.
func Validate(ids []*idcontrolv1.Identifier) (*idcontrolv1.ValidateIdentifiersResponse, error) {
	var v checks.Violations
	for i, id := range ids {
		if _, ok := kinds[id.GetKind()]; !ok {
			v.Add(fieldPath(i), "UNKNOWN_KIND", "must be a defined identifier kind")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	resp := &idcontrolv1.ValidateIdentifiersResponse{Results: make([]*idcontrolv1.IdentifierResult, len(ids))}
	for i, id := range ids {
		resp.Results[i] = Result(ident.Validate(kinds[id.GetKind()], id.GetValue()), id.GetKind())
	}
	return resp, nil
}

func fieldPath(i int) string {
	return "identifiers[" + strconv.Itoa(i) + "].kind"
}

// Result renders one validation as the API answers it: the details of
// what the value encodes only when it is valid.
func Result(r ident.Result, kind idcontrolv1.IdentifierKind) *idcontrolv1.IdentifierResult {
	out := &idcontrolv1.IdentifierResult{
		Kind:       kind,
		Valid:      checks.Bool(r.Valid),
		Normalized: r.Normalized,
		Code:       r.Code,
		Message:    r.Message,
	}
	if !r.Valid {
		return out
	}
	switch r.Kind {
	case ident.KindIBAN, ident.KindFRRIB:
		d := r.IBAN
		out.Details = &idcontrolv1.IdentifierResult_Iban{Iban: &idcontrolv1.IbanDetails{
			Country: d.Country, BankCode: d.BankCode, BranchCode: d.BranchCode,
			AccountNumber: d.Account, NationalCheck: d.NationalCheck, Sepa: d.SEPA,
		}}
	case ident.KindBIC:
		d := r.BIC
		out.Details = &idcontrolv1.IdentifierResult_Bic{Bic: &idcontrolv1.BicDetails{
			Institution: d.Institution, Country: d.Country, Location: d.Location, Branch: d.Branch, Test: d.Test,
		}}
	case ident.KindFRNIR:
		d := r.NIR
		out.Details = &idcontrolv1.IdentifierResult_Nir{Nir: &idcontrolv1.NirDetails{
			Sex: d.Sex, BirthYear: d.BirthYear, BirthMonth: int32(d.BirthMonth),
			Department: d.Department, Place: d.Place, Temporary: d.Temporary,
		}}
	case ident.KindPhone:
		d := r.Phone
		out.Details = &idcontrolv1.IdentifierResult_Phone{Phone: &idcontrolv1.PhoneDetails{
			Region: d.Region, Type: d.Type, E164: d.E164, CountryCode: int32(d.CountryCode),
		}}
	case ident.KindFRSIREN, ident.KindFRSIRET, ident.KindRUOGRN, ident.KindRUOGRNIP, ident.KindRUINN:
		d := r.Company
		if d.SIREN != "" || d.Check != "" {
			out.Details = &idcontrolv1.IdentifierResult_Company{Company: &idcontrolv1.CompanyDetails{Siren: d.SIREN, Check: d.Check}}
		}
	}
	return out
}
