// Package company holds what the payslip and legal-entity controls share
// about a company: reading its SIREN or SIRET (through ident), asking the
// company registry (through registry's Connector, or data the caller sent
// in report.json's companyDetails shape), the controls those decide, and
// the answer's extraData.companyDetails. Lookup is the one function here
// that does I/O; the rest is pure.
package company

import (
	"context"
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ident"
	"github.com/idcontrol/idcontrol/registry"
)

// Stable finding codes of the company controls.
const (
	CodeIDMissing        = "COMPANY_ID_MISSING"
	CodeIDFormat         = "COMPANY_ID_FORMAT"
	CodeSIRENOnly        = "SIREN_ONLY"
	CodeConnectorOff     = "CONNECTOR_OFF"
	CodeConnectorFailed  = "CONNECTOR_FAILED"
	CodeNoValidID        = "NO_VALID_COMPANY_ID"
	CodeNotRequested     = "CONNECTOR_NOT_REQUESTED"
	CodeSupplied         = "REGISTRY_DATA_SUPPLIED"
	CodeNotInRegistry    = "NOT_IN_REGISTRY"
	CodeNotInOpenData    = "NOT_IN_OPEN_REGISTRY"
	CodeStateUnknown     = "STATE_UNKNOWN"
	CodeCompanyClosed    = "COMPANY_CLOSED"
	CodeOfficeClosed     = "OFFICE_CLOSED"
	CodeOfficeNotListed  = "OFFICE_NOT_IN_ANSWER"
	CodeAgentsUnknown    = "AGENTS_UNKNOWN"
	CodeAgentsLegalOnly  = "AGENTS_LEGAL_PERSONS_ONLY"
	CodeNoAgents         = "NO_AGENTS"
	CodeAgentNotFound    = "AGENT_NOT_FOUND"
	CodeParticipantNames = "NAME_MISSING"
)

// ID is a company identifier as read: the digits of a SIREN or a SIRET.
type ID struct {
	// Given is false when there was nothing to read.
	Given bool
	// Digits is the value without blanks, dots and dashes.
	Digits string
	// FormatOK: 9 or 14 digits.
	FormatOK bool
	// SIREN validates the first 9 digits (when FormatOK); SIRET the 14
	// digits of a SIRET.
	SIREN, SIRET ident.Result
	IsSIRET      bool
}

// ParseID reads a SIREN or a SIRET as printed ("812 345 676 00009").
func ParseID(raw string) ID {
	var b strings.Builder
	for _, r := range raw {
		switch {
		case r == ' ' || r == '.' || r == '-' || r == '\u00a0' || r == '\u202f' || r == '\t':
		default:
			b.WriteRune(r)
		}
	}
	id := ID{Digits: b.String()}
	id.Given = id.Digits != ""
	if !id.Given {
		return id
	}
	for i := 0; i < len(id.Digits); i++ {
		if id.Digits[i] < '0' || id.Digits[i] > '9' {
			return id
		}
	}
	switch len(id.Digits) {
	case 9:
		id.FormatOK = true
	case 14:
		id.FormatOK, id.IsSIRET = true, true
		id.SIRET = ident.ValidateFRSIRET(id.Digits)
	default:
		return id
	}
	id.SIREN = ident.ValidateFRSIREN(id.Digits[:9])
	return id
}

// LookupKey is the number to ask the registry for: the SIRET when valid,
// else the SIREN when valid, else "".
func (id ID) LookupKey() string {
	switch {
	case id.IsSIRET && id.SIRET.Valid:
		return id.Digits
	case id.FormatOK && id.SIREN.Valid:
		return id.Digits[:9]
	}
	return ""
}

// Looker is what Lookup needs of the registry (registry.Connector).
type Looker interface {
	Lookup(ctx context.Context, id string) (*registry.Company, error)
}

// Outcome is what the registry said, or why it said nothing.
type Outcome struct {
	// Off: no connector is configured.
	Off bool
	// Supplied: the caller sent the registry data (no call made).
	Supplied bool
	// Requested: the connector was called.
	Requested bool
	// Err is the connector's failure (never an unknown number).
	Err error
	// NotFound: the registry does not know the number; Authoritative when
	// that proves the number does not exist (SIRENE).
	NotFound, Authoritative bool
	// Company is the answer, nil unless found.
	Company *registry.Company
	// Key is the number asked for ("" when none was valid).
	Key string
}

// Lookup asks the registry for id unless supplied data are given (then
// they are the answer), no connector is configured (conn nil) or id has
// no valid number. It never fails: a failure is in the Outcome.
func Lookup(ctx context.Context, conn Looker, id ID, supplied *idcontrolv1.CompanyRecord) Outcome {
	key := id.LookupKey()
	if supplied != nil {
		return Outcome{Supplied: true, Company: FromRecord(supplied), Key: key}
	}
	if conn == nil {
		return Outcome{Off: true, Key: key}
	}
	if key == "" {
		return Outcome{Key: key}
	}
	c, err := conn.Lookup(ctx, key)
	out := Outcome{Requested: true, Key: key}
	switch nf, auth := registry.IsNotFound(err); {
	case err == nil:
		out.Company = c
	case nf:
		out.NotFound, out.Authoritative = true, auth
	default:
		out.Err = err
	}
	return out
}

// companyConnectorRequested — « l'appel au connecteur de vérification de
// l'entreprise a été demandé »: true when the registry was called; false
// when no connector is configured, the caller supplied the registry data,
// or there was no valid number to ask for (a finding says which).
func companyConnectorRequested(o Outcome, f *checks.Findings) *bool {
	const ctl = "companyConnectorRequested"
	switch {
	case o.Requested:
		return checks.Bool(true)
	case o.Supplied:
		f.Add(ctl, "", CodeSupplied, "The registry data were supplied with the request: the connector was not called.")
	case o.Off:
		f.Add(ctl, "", CodeConnectorOff, "The company-registry connector is off (no --registry-url nor --sirene-url configured).")
	default:
		f.Add(ctl, "", CodeNoValidID, "No valid SIREN or SIRET to ask the registry for.")
	}
	return checks.Bool(false)
}

// companyConnectorFailed — « l'appel au connecteur de vérification de
// l'entreprise a échoué »: the registry was called and failed (timeout,
// error status, malformed answer, open circuit). An unknown number is an
// answer, not a failure. Absent when the connector was not called.
func companyConnectorFailed(o Outcome, f *checks.Findings) *bool {
	const ctl = "companyConnectorFailed"
	if !o.Requested {
		f.Add(ctl, "", CodeNotRequested, "The connector was not called (see companyConnectorRequested).")
		return nil
	}
	if o.Err != nil {
		// The error names the source and the status, never the number.
		f.Add(ctl, "", CodeConnectorFailed, "The company registry could not be reached or answered badly: "+o.Err.Error()+".")
		return checks.Bool(true)
	}
	return checks.Bool(false)
}

// ConnectorControls computes companyConnectorRequested and
// companyConnectorFailed.
func ConnectorControls(o Outcome, f *checks.Findings) (requested, failed *bool) {
	return companyConnectorRequested(o, f), companyConnectorFailed(o, f)
}

// registryAnswer explains, for a dependent control, why there is no
// registry answer to decide on; ok is true when there is one.
func registryAnswer(ctl string, o Outcome, f *checks.Findings) (ok bool) {
	switch {
	case o.Company != nil:
		return true
	case o.Off:
		f.Add(ctl, "", CodeConnectorOff, "The company-registry connector is off: the registry was not asked.")
	case o.Err != nil:
		f.Add(ctl, "", CodeConnectorFailed, "The company registry failed: nothing can be said of the company.")
	case o.NotFound && !o.Authoritative:
		f.Add(ctl, "", CodeNotInOpenData, "The open registry does not list this number; it leaves out units whose data are not public, so this proves nothing.")
	case o.NotFound:
		return false // the caller decides: the number does not exist
	default:
		f.Add(ctl, "", CodeNoValidID, "No valid SIREN or SIRET to ask the registry for.")
	}
	return false
}
