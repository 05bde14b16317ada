// Package doc2d runs what every document family shares about a 2D-Doc:
// decoding the raw barcode text, verifying it against the trust store, the
// doc2DFound and doc2DValid controls, and the TwoDDocService answer. The
// decoding and verification themselves live in the twoddoc library.
package doc2d

import (
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/twoddoc"
)

// Result is a raw 2D-Doc read and verified.
type Result struct {
	// Given is true when the document carried a raw 2D-Doc.
	Given bool
	// Doc is the decoded 2D-Doc; nil when Err is set or nothing was given.
	Doc *twoddoc.Doc
	Err *twoddoc.Error
	// Verification is meaningful when Doc is set.
	Verification twoddoc.Verification
	// TrustStore is false when the server has no trust store.
	TrustStore bool
}

// Read decodes and verifies raw against store (nil: no trust store).
func Read(raw string, store *twoddoc.TrustStore) Result {
	r := Result{Given: strings.TrimSpace(raw) != "", TrustStore: store != nil}
	if !r.Given {
		return r
	}
	d, err := twoddoc.Decode(raw)
	if err != nil {
		r.Err = asError(err)
		return r
	}
	r.Doc = d
	r.Verification = twoddoc.Verify(d, store)
	return r
}

func asError(err error) *twoddoc.Error {
	if e, ok := err.(*twoddoc.Error); ok {
		return e
	}
	return &twoddoc.Error{Code: "DOC2D_UNREADABLE", Message: "The 2D-Doc could not be read."}
}

// Found — « le doc2D existe et a été trouvé sur le document »: a raw
// 2D-Doc was given and decodes as one. False when none was given (some
// notices have none) or it does not decode.
func Found(r Result, f *checks.Findings) *bool {
	switch {
	case !r.Given:
		f.Add("doc2DFound", "", "DOC2D_MISSING", "The document carries no 2D-Doc (doc2DRaw is empty).")
		return checks.Bool(false)
	case r.Err != nil:
		f.Add("doc2DFound", "", r.Err.Code, r.Err.Message)
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// Valid — « le doc2D sur le document est valide »: every verification step
// passed — structure, certificate found in the trust store, chain to its
// authority, certificate valid on the signature date, signature, not
// revoked (when the store holds the authority's CRL). Absent without a
// decoded 2D-Doc or without a trust store.
func Valid(r Result, f *checks.Findings) *bool {
	if r.Doc == nil {
		f.Add("doc2DValid", "", "DOC2D_NOT_FOUND", "No 2D-Doc was decoded: there is no signature to verify.")
		return nil
	}
	if !r.TrustStore {
		f.Add("doc2DValid", "", twoddoc.CodeTrustStoreMissing, "The server has no trust store (--trust-store): the 2D-Doc's signature cannot be verified.")
		return nil
	}
	v := r.Verification
	if v.Valid() {
		return checks.Bool(true)
	}
	// One finding: the first failed step's code, every failed step's reason.
	code, msgs := "", []string{}
	for _, s := range steps(v) {
		if s.Status == twoddoc.StatusFailed {
			if code == "" {
				code = s.Code
			}
			msgs = append(msgs, s.Message)
		}
	}
	if code == "" { // nothing failed outright: a step could not be run
		for _, s := range steps(v) {
			if s.Status == twoddoc.StatusNotChecked && s.Code != twoddoc.CodeNoCRL {
				code, msgs = s.Code, append(msgs, s.Message)
				break
			}
		}
	}
	f.Add("doc2DValid", "", code, strings.Join(msgs, " "))
	return checks.Bool(false)
}

func steps(v twoddoc.Verification) []twoddoc.Step {
	return []twoddoc.Step{v.Structure, v.CertificateFound, v.ChainValid, v.CertificateValidAtSignature, v.SignatureValid, v.NotRevoked}
}

// VerificationProto renders the verification steps.
func VerificationProto(r Result) *idcontrolv1.TwoDDocVerification {
	if r.Doc == nil {
		return nil
	}
	v := r.Verification
	return &idcontrolv1.TwoDDocVerification{
		Structure:                   step(v.Structure),
		CertificateFound:            step(v.CertificateFound),
		ChainValid:                  step(v.ChainValid),
		CertificateValidAtSignature: step(v.CertificateValidAtSignature),
		SignatureValid:              step(v.SignatureValid),
		NotRevoked:                  step(v.NotRevoked),
		SignedBy:                    v.SignedBy,
	}
}

func step(s twoddoc.Step) *idcontrolv1.VerificationStep {
	st := idcontrolv1.VerificationStepStatus_VERIFICATION_STEP_STATUS_NOT_CHECKED
	switch s.Status {
	case twoddoc.StatusPassed:
		st = idcontrolv1.VerificationStepStatus_VERIFICATION_STEP_STATUS_PASSED
	case twoddoc.StatusFailed:
		st = idcontrolv1.VerificationStepStatus_VERIFICATION_STEP_STATUS_FAILED
	}
	return &idcontrolv1.VerificationStep{Status: st, Code: s.Code, Message: s.Message}
}

// Decode answers TwoDDocService.DecodeTwoDDoc: the decoded 2D-Doc, its
// verification, and a finding per structure issue and per step not passed.
func Decode(raw string, store *twoddoc.TrustStore) *idcontrolv1.DecodeTwoDDocResponse {
	r := Read(raw, store)
	resp := &idcontrolv1.DecodeTwoDDocResponse{}
	if r.Doc == nil {
		e := r.Err
		if e == nil {
			e = &twoddoc.Error{Code: "DOC2D_MISSING", Message: "The 2D-Doc text is empty."}
		}
		resp.Findings = append(resp.Findings, &idcontrolv1.Finding{Control: "decoded", Code: e.Code, Message: e.Message})
		return resp
	}
	d := r.Doc
	h := d.Header
	resp.Decoded = true
	resp.Header = &idcontrolv1.TwoDDocHeader{
		Version: h.Version, CaId: h.CAID, CertId: h.CertID, SignatureDate: h.SignatureDate.String(),
		DocumentType: h.DocumentType, Perimeter: h.Perimeter, Country: h.Country,
	}
	if !h.IssueDate.IsZero() {
		resp.Header.IssueDate = h.IssueDate.String()
	}
	if t, ok := twoddoc.LookupType(h.DocumentType); ok && h.Perimeter == "01" {
		resp.Header.DocumentTypeName = t.Name
	}
	resp.Fields = fields(d.Message)
	resp.Annex = fields(d.Annex)
	resp.Verification = VerificationProto(r)
	resp.Valid = r.Verification.Valid()
	for _, is := range d.Issues {
		resp.Findings = append(resp.Findings, &idcontrolv1.Finding{Control: "structure", Code: is.Code, Message: is.Message})
	}
	names := []string{"structure", "certificateFound", "chainValid", "certificateValidAtSignature", "signatureValid", "notRevoked"}
	for i, s := range steps(r.Verification) {
		if s.Status != twoddoc.StatusPassed && !(i == 0 && s.Code == twoddoc.CodeStructureInvalid) {
			resp.Findings = append(resp.Findings, &idcontrolv1.Finding{Control: names[i], Code: s.Code, Message: s.Message})
		}
	}
	return resp
}

func fields(fs []twoddoc.Field) []*idcontrolv1.TwoDDocField {
	out := make([]*idcontrolv1.TwoDDocField, 0, len(fs))
	for _, f := range fs {
		x := &idcontrolv1.TwoDDocField{Id: f.ID, Value: f.Value, Truncated: f.Truncated}
		if def, ok := twoddoc.LookupIdentifier(f.ID); ok {
			x.Name = def.Name
		}
		out = append(out, x)
	}
	return out
}

// TrustStore is the trust store 2D-Docs are verified against.
type TrustStore = twoddoc.TrustStore

// LoadTrustStore reads the trust directory (--trust-store): PEM or DER
// certificates of the authorities and signing certificates, and optional
// CRLs. An empty dir is no trust store (nil, nil).
func LoadTrustStore(dir string) (*TrustStore, error) {
	if dir == "" {
		return nil, nil
	}
	return twoddoc.LoadTrustStore(dir)
}
