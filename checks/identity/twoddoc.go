package identity

import (
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/doc2d"
	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/names"
)

// AddTwoDDoc answers doc2DFound, doc2DValid and doc2DAndDocumentMatch for
// an identity document that carries a 2D-Doc (document.doc2DRaw), and adds
// its verification steps to resp. Without doc2DRaw the three controls are
// absent, with one finding: most identity documents carry no 2D-Doc, and
// whether this one does is the caller's reading, not ours to guess.
func AddTwoDDoc(req *idcontrolv1.CheckIdentityDocumentRequest, resp *idcontrolv1.CheckIdentityDocumentResponse, store *doc2d.TrustStore) {
	addTwoDDoc(nil, req, resp, store)
}

// addTwoDDoc is AddTwoDDoc; s, when not nil, is the state of the check
// that made resp, whose block gives the finding of a missing 2D-Doc.
func addTwoDDoc(s *state, req *idcontrolv1.CheckIdentityDocumentRequest, resp *idcontrolv1.CheckIdentityDocumentResponse, store *doc2d.TrustStore) {
	if resp == nil {
		return
	}
	doc := req.GetDocument()
	r := doc2d.Read(doc.GetDoc2DRaw(), store)
	if !r.Given {
		const ctl, code, msg = "doc2DFound", "DOC2D_NOT_PROVIDED", "No 2D-Doc was sent (document.doc2DRaw): the 2D-Doc controls are absent."
		var f *idcontrolv1.Finding
		if s != nil {
			f = s.finding(ctl, "", code, msg)
		} else {
			f = &idcontrolv1.Finding{Control: ctl, Code: code, Message: msg}
		}
		resp.Findings = append(resp.Findings, f)
		return
	}
	if resp.Controls == nil {
		resp.Controls = &idcontrolv1.IdentityDocumentControls{}
	}
	f := checks.Findings(resp.Findings)
	c := resp.Controls
	c.Doc2DFound = doc2d.Found(r, &f)
	c.Doc2DValid = doc2d.Valid(r, &f)
	c.Doc2DAndDocumentMatch = doc2DAndDocumentMatch(r, doc, &f)
	resp.Findings = f
	resp.Doc2DVerification = doc2d.VerificationProto(r)
}

// Data identifiers of identity 2D-Docs (specification section 7.5).
const (
	idGivenNames = "60"
	idFirstName  = "61"
	idBirthName  = "62"
	idUsageName  = "63"
	idDocNumber  = "66"
	idBirthDate  = "69"
	idMRZ        = "6F"
)

// doc2DAndDocumentMatch — « le 2D-Doc ne peut être lu ou ne correspond pas
// aux données du document et de la MRZ »: every identity datum of the
// 2D-Doc that the document also shows agrees with it — birth name (62),
// usage name (63), given names (60 or 61), document number (66), birth
// date (69), MRZ (6F). False when the 2D-Doc cannot be read or one datum
// differs; absent when nothing can be compared.
func doc2DAndDocumentMatch(r doc2d.Result, doc *idcontrolv1.Document, f *checks.Findings) *bool {
	const ctl = "doc2DAndDocumentMatch"
	if r.Doc == nil {
		f.Add(ctl, "", "DOC2D_UNREADABLE", "The 2D-Doc cannot be read: it cannot confirm the document.")
		return checks.Bool(false)
	}
	d := r.Doc
	get := func(id string) string { v, _ := d.Get(id); return strings.TrimSpace(v) }
	h := doc.GetData().GetInformations().GetHolder()
	compared := 0
	mismatch := func(what string) *bool {
		f.Add(ctl, "", "DOC2D_DOCUMENT_MISMATCH", "The 2D-Doc's "+what+" differs from the document's.")
		return checks.Bool(false)
	}
	if v := get(idBirthName); v != "" {
		onDoc := h.GetBirthName()
		if strings.TrimSpace(onDoc) == "" {
			onDoc = h.GetLastName()
		}
		if strings.TrimSpace(onDoc) != "" {
			compared++
			if !names.LastName(v, onDoc, names.SourceVIZ).Match {
				return mismatch("birth name (62)")
			}
		}
	}
	if v := get(idUsageName); v != "" && strings.TrimSpace(h.GetLastName()) != "" {
		compared++
		if !names.LastName(v, h.GetLastName(), names.SourceVIZ).Match {
			return mismatch("usage name (63)")
		}
	}
	given := get(idGivenNames)
	if given == "" {
		given = get(idFirstName)
	}
	docGiven := strings.Join(h.GetFirstNames(), " ")
	if strings.TrimSpace(docGiven) == "" {
		docGiven = h.GetFirstName()
	}
	if given != "" && strings.TrimSpace(docGiven) != "" {
		compared++
		// The 2D-Doc separates given names with '/' or blanks.
		if !names.FirstName(strings.ReplaceAll(given, "/", " "), docGiven, names.SourceVIZ).Match {
			return mismatch("given names (60/61)")
		}
	}
	if v := get(idDocNumber); v != "" {
		if n := doc.GetData().GetInformations().GetDocument().GetNumber(); strings.TrimSpace(n) != "" {
			compared++
			if compact2D(v) != compact2D(n) {
				return mismatch("document number (66)")
			}
		}
	}
	if v := get(idBirthDate); len(v) == 8 {
		if b, err := civil.ParseISO(h.GetBirthDate()); err == nil {
			if d2, err := civil.ParseISO(v[4:8] + "-" + v[2:4] + "-" + v[0:2]); err == nil {
				compared++
				if d2 != b {
					return mismatch("birth date (69)")
				}
			}
		}
	}
	if v := get(idMRZ); v != "" {
		m := doc.GetData().GetMrz()
		if lines := m.GetLine1() + m.GetLine2() + m.GetLine3(); strings.TrimSpace(lines) != "" {
			compared++
			if compact2D(v) != compact2D(lines) {
				return mismatch("MRZ (6F)")
			}
		}
	}
	if compared == 0 {
		f.Add(ctl, "", "NOTHING_TO_COMPARE", "The 2D-Doc and the document share no identity datum to compare.")
		return nil
	}
	return checks.Bool(true)
}

// compact2D folds and drops blanks, for numbers and MRZ lines.
func compact2D(s string) string {
	return strings.Join(fold.Words(strings.ReplaceAll(s, "\n", " ")), "")
}
