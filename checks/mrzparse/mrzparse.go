// Package mrzparse is the family of ParseMrz: it reads a machine-readable
// zone with package mrz and builds the answer, the decoded fields, each
// check digit and the findings of mrzValid. Like every family it is a pure
// function of the request and the reference date; nothing here imports
// gRPC.
package mrzparse

import (
	"errors"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/mrz"
)

// Parse reads lines as of ref. Lines that are not an MRZ at all (wrong
// count or length) are checks.Violations; a zone with bad check digits or
// characters is an answer with valid false and findings.
func Parse(lines []string, ref civil.Date) (*idcontrolv1.ParseMrzResponse, error) {
	res, err := mrz.Parse(lines, ref)
	if err != nil {
		var fe *mrz.FormatError
		if errors.As(err, &fe) {
			var v checks.Violations
			v.Add(fe.Field, fe.Reason, fe.Description)
			return nil, v
		}
		return nil, err
	}
	return response(res), nil
}

var formats = map[mrz.Format]idcontrolv1.MrzFormat{
	mrz.FormatTD1:      idcontrolv1.MrzFormat_MRZ_FORMAT_TD1,
	mrz.FormatTD2:      idcontrolv1.MrzFormat_MRZ_FORMAT_TD2,
	mrz.FormatTD3:      idcontrolv1.MrzFormat_MRZ_FORMAT_TD3,
	mrz.FormatMRVA:     idcontrolv1.MrzFormat_MRZ_FORMAT_MRVA,
	mrz.FormatMRVB:     idcontrolv1.MrzFormat_MRZ_FORMAT_MRVB,
	mrz.FormatFRIDCard: idcontrolv1.MrzFormat_MRZ_FORMAT_FR_ID_CARD,
}

func response(r *mrz.Result) *idcontrolv1.ParseMrzResponse {
	resp := &idcontrolv1.ParseMrzResponse{
		Format: formats[r.Format],
		Valid:  checks.Bool(r.Valid),
		Fields: &idcontrolv1.MrzFields{
			DocumentCode:   r.DocumentCode,
			IssuingCountry: r.IssuingCountry,
			DocumentNumber: r.DocumentNumber,
			LastName:       r.LastName,
			FirstNames:     r.FirstNames,
			Nationality:    r.Nationality,
			BirthDate:      r.BirthDate.String(),
			Sex:            sexWord(r.Sex),
			ExpirationDate: r.ExpirationDate.String(),
			OptionalData:   r.OptionalData,
			OptionalData2:  r.OptionalData2,
			NameTruncated:  r.NameTruncated,
			Department:     r.Department,
			Office:         r.Office,
		},
	}
	if !r.IssueMonth.IsZero() {
		resp.Fields.IssuanceMonth = r.IssueMonth.String()[:7]
	}
	// One backing array per list: a parse answers about ten messages, and
	// this path is measured against the bare transport.
	cds := make([]idcontrolv1.CheckDigit, len(r.CheckDigits))
	valid := make([]bool, len(r.CheckDigits))
	resp.CheckDigits = make([]*idcontrolv1.CheckDigit, len(r.CheckDigits))
	for i, cd := range r.CheckDigits {
		valid[i] = cd.Valid
		c := &cds[i]
		c.Field, c.Expected, c.Found, c.Valid = cd.Field, digitString(cd.Expected), digitString(cd.Found), &valid[i]
		c.Detail = cd.Detail
		resp.CheckDigits[i] = c
	}
	if len(r.Findings) > 0 {
		fs := make([]idcontrolv1.Finding, len(r.Findings))
		resp.Findings = make([]*idcontrolv1.Finding, len(r.Findings))
		for i, f := range r.Findings {
			fs[i].Control, fs[i].Code, fs[i].Message = "mrzValid", f.Code, f.Message
			resp.Findings[i] = &fs[i]
		}
	}
	return resp
}

// sexWord renders the MRZ sex: M, F, or X when unspecified.
func sexWord(b byte) string {
	switch b {
	case 'M', 'F':
		return string(b)
	case 0:
		return ""
	}
	return "X"
}

// digitString renders a check digit without allocating: one-byte strings
// of the digits and '<' are static.
func digitString(b byte) string {
	const digits = "0123456789<"
	if b >= '0' && b <= '9' {
		return digits[b-'0' : b-'0'+1]
	}
	if b == '<' {
		return digits[10:]
	}
	return string(rune(b))
}
