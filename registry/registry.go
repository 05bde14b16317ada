package registry

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// State is an administrative state in the registry.
type State uint8

const (
	// StateUnknown: the source did not say.
	StateUnknown State = iota
	// StateActive: a company "A" (active), an establishment "A" (open).
	StateActive
	// StateClosed: a company "C" (cessée), an establishment "F" (fermé).
	StateClosed
)

// Company is what a registry says about one company (unité légale).
type Company struct {
	SIREN     string
	LegalName string
	// LegalFormCode is the INSEE catégorie juridique ("5710"); LegalForm
	// its label when known.
	LegalFormCode, LegalForm string
	// RegistrationDate is the creation date, YYYY-MM-DD.
	RegistrationDate string
	State            State
	// ClosingDate is YYYY-MM-DD when the company ceased, if known.
	ClosingDate string
	Agents      []Agent
	// AgentsKnown is false when the source gives no directors (SIRENE).
	AgentsKnown bool
	// Offices holds the head office and the establishment looked up.
	Offices []Office
	// Source names the source(s) that answered.
	Source string
}

// Office returns the establishment siret among c's offices.
func (c *Company) Office(siret string) (Office, bool) {
	for _, o := range c.Offices {
		if o.SIRET == siret {
			return o, true
		}
	}
	return Office{}, false
}

// Agent is one legal representative (dirigeant).
type Agent struct {
	Role string
	// Legal is true for a company as director (personne morale): then
	// Name is its denomination and SIREN its number.
	Legal bool
	SIREN string
	// LastName and FirstNames of a natural person; Name is the full name
	// (or the denomination of a company).
	LastName, FirstNames, Name string
	// BirthName is the birth name when the source gives one apart.
	BirthName string
	// BirthDate is YYYY-MM (the open registry publishes no day) or YYYY-MM-DD.
	BirthDate string
}

// Office is one establishment.
type Office struct {
	SIRET      string
	Address    string // street line
	PostalCode string
	City       string
	APECode    string // without its dot: 6201Z
	Main       bool
	State      State
}

// Source is one company registry.
type Source interface {
	// Name identifies the source in errors and answers ("sirene"…).
	Name() string
	// Lookup looks up a SIREN (9 digits) or a SIRET (14 digits), already
	// validated. For a SIRET, the answer's Offices hold that
	// establishment. A number the source does not know is a *NotFoundError.
	Lookup(ctx context.Context, id string) (*Company, error)
}

// NotFoundError is a number the source does not know. Authoritative is
// true when the source holds every unit (SIRENE): then the number does not
// exist; the open registry leaves non-public units out, so there it may.
type NotFoundError struct {
	Source        string
	Authoritative bool
}

func (e *NotFoundError) Error() string { return e.Source + ": the number is not in the registry" }

// UpstreamError is a failed call: a transport error, an HTTP status the
// source should not answer, or a body that is not the source's JSON. It
// never repeats the number looked up.
type UpstreamError struct {
	Source string
	Status int // HTTP status, 0 when none was received
	Reason string
	Err    error
}

func (e *UpstreamError) Error() string {
	s := e.Source + ": " + e.Reason
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *UpstreamError) Unwrap() error { return e.Err }

// IsNotFound reports whether err is a *NotFoundError, and whether it is
// authoritative.
func IsNotFound(err error) (notFound, authoritative bool) {
	var nf *NotFoundError
	if errors.As(err, &nf) {
		return true, nf.Authoritative
	}
	return false, false
}

//go:embed legalforms.tsv
var legalFormsTSV string

var legalForms = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(legalFormsTSV))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		if code, label, ok := strings.Cut(line, "\t"); ok {
			m[code] = label
		}
	}
	return m
})

// LegalFormLabel is the INSEE label of a catégorie juridique code, "" when
// unknown.
func LegalFormLabel(code string) string { return legalForms()[code] }

// apeCode drops the dot of a NAF code as the registries write it (62.01Z),
// the form report.json shows (6201Z).
func apeCode(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), ".", "") }

// joinNonEmpty joins the non-blank parts with single spaces.
func joinNonEmpty(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}
