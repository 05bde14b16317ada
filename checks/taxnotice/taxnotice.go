// Package taxnotice runs the controls of a French tax notice (avis
// d'impôt sur les revenus): its date and age, its numéro fiscal and
// reference, its 2D-Doc — decoded, verified against the trust store and
// compared with what the notice shows — and the participants' names and
// address on it.
package taxnotice

import (
	"strconv"
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/doc2d"
	"github.com/idcontrol/idcontrol/checks/document"
	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ident"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/policy"
	"github.com/idcontrol/idcontrol/twoddoc"
)

// Data identifiers of the tax-notice 2D-Docs (specification section 7.3).
const (
	idRefIncome   = "41"
	idParts       = "43"
	idReference   = "44"
	idIncomeYear  = "45"
	idDeclarant1  = "46"
	idFiscal1     = "47"
	idDeclarant2  = "48"
	idFiscal2     = "49"
	idAssessment  = "4A"
	idDeclaration = "4B"
)

// notice is what the controls read.
type notice struct {
	doc     *idcontrolv1.Document
	details *idcontrolv1.DocumentDetails
	text    string
	issued  civil.Date
	hasDate bool
	d2      doc2d.Result
}

func (n notice) hasText() bool { return strings.TrimSpace(n.text) != "" }

// found2D reports whether a 2D-Doc was decoded.
func (n notice) found2D() bool { return n.d2.Doc != nil }

func (n notice) get(id string) string {
	if n.d2.Doc == nil {
		return ""
	}
	v, _ := n.d2.Doc.Get(id)
	return v
}

// Check computes the tax-notice controls of req under pol at the reference
// date ref, verifying the 2D-Doc against store (nil: no trust store).
func Check(req *idcontrolv1.CheckTaxNoticeRequest, pol policy.Effective, ref civil.Date, store *twoddoc.TrustStore) (*idcontrolv1.CheckTaxNoticeResponse, error) {
	doc := req.GetDocument()
	var v checks.Violations
	n := notice{doc: doc, details: doc.GetDocumentDetails(), text: doc.GetText()}
	n.issued, n.hasDate = checks.ParseDate(&v, "document.documentDetails.issuanceDate", n.details.GetIssuanceDate(), false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	n.d2 = doc2d.Read(doc.GetDoc2DRaw(), store)

	var f checks.Findings
	c := &idcontrolv1.TaxNoticeControls{}
	c.DocumentTypeMatch = documentTypeMatch(n, &f)
	c.DateFound = dateFound(n, &f)
	c.MaxAgeExceeded = document.MaxAgeExceeded(n.issued, n.hasDate, "taxNotice", pol, ref, &f)
	c.FiscalNumberFound = fiscalNumberFound(n, &f)
	c.TaxNoticeReferenceFound = taxNoticeReferenceFound(n, &f)
	c.Doc2DFound = doc2d.Found(n.d2, &f)
	c.Doc2DValid = doc2d.Valid(n.d2, &f)
	if n.found2D() {
		c.Doc2DAndDocumentTypeMatch = doc2DAndDocumentTypeMatch(n, pol, &f)
		c.Doc2DAndFullName1Match = doc2DAndFullName1Match(n, &f)
		c.Doc2DAndFullName2Match = doc2DAndFullName2Match(n, &f)
		c.Doc2DAndIncomeYearMatch = doc2DAndIncomeYearMatch(n, &f)
		c.Doc2DAndReferenceIncomeMatch = doc2DAndReferenceIncomeMatch(n, &f)
		c.Doc2DAndDocumentMatch = doc2DAndDocumentMatch(n, c, &f)
	}
	for _, p := range req.GetParticipants() {
		c.Participants = append(c.Participants, &idcontrolv1.TaxNoticeParticipantControls{
			Owner:              p.GetUuid(),
			NameFound:          document.NameFound(p, n.text, &f),
			FullNameMatch:      fullNameMatch(p, n, &f),
			PostalAddressFound: document.PostalAddressFound(p, n.text+"\n"+n.details.GetAddress(), &f),
		})
	}
	resp := &idcontrolv1.CheckTaxNoticeResponse{Controls: c, Findings: f, DocumentDetails: &idcontrolv1.TaxNoticeDetails{}}
	if n.found2D() {
		resp.DocumentDetails.Doc2D = details2D(n)
		resp.Doc2DVerification = doc2d.VerificationProto(n.d2)
	}
	return resp, nil
}

// documentTypeMatch — « le type de document détecté est bien celui
// attendu »: the declared type is TAX_NOTICE. Absent when no type is
// declared.
func documentTypeMatch(n notice, f *checks.Findings) *bool {
	t := n.doc.GetType()
	if t == "" {
		f.Add("documentTypeMatch", "", "TYPE_MISSING", "The document has no declared type.")
		return nil
	}
	if t != "TAX_NOTICE" {
		f.Add("documentTypeMatch", "", "TYPE_MISMATCH", "The document is declared as "+t+", not TAX_NOTICE.")
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// dateFound — « la date du document a été trouvée dans le document »: the
// notice's issuance date was extracted (documentDetails.issuanceDate).
func dateFound(n notice, f *checks.Findings) *bool {
	if !n.hasDate {
		f.Add("dateFound", "", "DATE_MISSING", "The notice's issuance date was not extracted (documentDetails.issuanceDate).")
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// fiscalNumberFound — « au moins un numéro fiscal a été trouvé sur le
// document »: documentDetails.fiscalNumber1 or 2, or a 13-digit number of
// the text, is a numéro fiscal whose last three digits are the first ten
// modulo 511. Absent when there is neither a number nor text to look in.
func fiscalNumberFound(n notice, f *checks.Findings) *bool {
	var cands []string
	for _, s := range []string{n.details.GetFiscalNumber1(), n.details.GetFiscalNumber2()} {
		if strings.TrimSpace(s) != "" {
			cands = append(cands, s)
		}
	}
	cands = append(cands, digitRuns(n.text, 13)...)
	if len(cands) == 0 {
		if !n.hasText() {
			f.Add("fiscalNumberFound", "", "TEXT_MISSING", "The notice has no fiscal number in documentDetails and no text to look for one in.")
			return nil
		}
		f.Add("fiscalNumberFound", "", "FISCAL_NUMBER_NOT_FOUND", "No 13-digit fiscal number was found on the notice.")
		return checks.Bool(false)
	}
	for _, s := range cands {
		if ident.ValidateFRFiscalNumber(s).Valid {
			return checks.Bool(true)
		}
	}
	f.Add("fiscalNumberFound", "", "CHECKSUM_MISMATCH", "No fiscal number of the notice has a right key (the last three digits are the first ten modulo 511).")
	return checks.Bool(false)
}

// digitRuns returns the runs of exactly want digits of text, the digits
// possibly grouped by single spaces ("30 01 123 456 789").
func digitRuns(text string, want int) []string {
	var out []string
	var cur []byte
	flush := func() {
		if len(cur) == want {
			out = append(out, string(cur))
		}
		cur = cur[:0]
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= '0' && c <= '9':
			cur = append(cur, c)
		case c == ' ' && len(cur) > 0 && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' && len(cur) < want:
			// a blank inside a grouped number
		default:
			flush()
		}
	}
	flush()
	return out
}

// taxNoticeReferenceFound — « la référence de l'avis d'impôt a été trouvée
// sur le document »: documentDetails.reference, or the 13 characters after
// "Référence de l'avis" in the text, form a well-made reference. Absent
// when there is neither.
func taxNoticeReferenceFound(n notice, f *checks.Findings) *bool {
	ref := n.details.GetReference()
	if strings.TrimSpace(ref) == "" {
		ref = referenceInText(n.text)
	}
	if strings.TrimSpace(ref) == "" {
		if !n.hasText() {
			f.Add("taxNoticeReferenceFound", "", "TEXT_MISSING", "The notice has no reference in documentDetails and no text to look for one in.")
			return nil
		}
		f.Add("taxNoticeReferenceFound", "", "REFERENCE_NOT_FOUND", "No tax-notice reference was found on the notice.")
		return checks.Bool(false)
	}
	if r := ident.ValidateFRTaxNoticeReference(ref); !r.Valid {
		f.Add("taxNoticeReferenceFound", "", r.Code, r.Message)
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// referenceInText returns the 13 characters that follow the label
// "Référence de l'avis" (blanks inside the reference ignored), or "".
func referenceInText(text string) string {
	words := fold.Words(text)
	for i := 0; i+3 < len(words); i++ {
		if words[i] != "REFERENCE" || words[i+1] != "DE" {
			continue
		}
		j := i + 2
		if words[j] == "L" { // l'avis folds to L AVIS
			j++
		}
		if j >= len(words) || words[j] != "AVIS" {
			continue
		}
		var b strings.Builder
		for k := j + 1; k < len(words) && b.Len() < 13; k++ {
			w := strings.TrimLeft(words[k], ":")
			if w == "" || w == "D" || w == "IMPOT" || w == "IMPOSITION" || w == "N" || w == "NO" {
				continue // "de l'avis d'impôt :", "N°"
			}
			b.WriteString(w)
		}
		if s := b.String(); len(s) == 13 {
			return s
		}
	}
	return ""
}

// taxTypes are the 2D-Doc types of a tax notice: the avis d'impôt (04, and
// 28 of the v3.3 specification); the ASDIR (18) when the policy accepts it.
func taxType(code string, pol policy.Effective) bool {
	return code == "04" || code == "28" || (code == "18" && pol.TaxNoticeAcceptsASDIR)
}

// doc2DAndDocumentTypeMatch — « le type de document détecté par le
// système correspond au type de document présent dans le doc2D »: a notice
// declared TAX_NOTICE (or undeclared) carries a 2D-Doc of type 04 or 28,
// or 18 (ASDIR) when the policy accepts it. Present only with a 2D-Doc.
func doc2DAndDocumentTypeMatch(n notice, pol policy.Effective, f *checks.Findings) *bool {
	h := n.d2.Doc.Header
	if t := n.doc.GetType(); t != "" && t != "TAX_NOTICE" {
		f.Add("doc2DAndDocumentTypeMatch", "", "TYPE_MISMATCH", "The document is declared as "+t+", which a tax-notice 2D-Doc check does not cover.")
		return checks.Bool(false)
	}
	if h.Perimeter != "01" || !taxType(h.DocumentType, pol) {
		msg := "The 2D-Doc is of type " + h.DocumentType + ", not a tax notice (04 or 28)."
		if h.DocumentType == "18" {
			msg = "The 2D-Doc is an ASDIR (type 18), which the policy does not accept as a tax notice (taxNoticeAcceptsAsdir)."
		}
		f.Add("doc2DAndDocumentTypeMatch", "", "DOC2D_TYPE_MISMATCH", msg)
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// doc2DAndFullName1Match — « le nom du premier déclarant correspond entre
// le document et le doc2D »: data 46 and documentDetails.fullName1 (or, when
// not extracted, the text) name the same person. Present only with a
// 2D-Doc; absent when either side lacks the name.
func doc2DAndFullName1Match(n notice, f *checks.Findings) *bool {
	return declarantMatch("doc2DAndFullName1Match", n.get(idDeclarant1), n.details.GetFullName1(), n, f)
}

// doc2DAndFullName2Match — « le nom du second déclarant correspond entre
// le document et le doc2D »: data 48 and documentDetails.fullName2 (or the
// text). Absent when the 2D-Doc has no second declarant: there is nothing
// to compare, and doc2DAndDocumentMatch does not require it then.
func doc2DAndFullName2Match(n notice, f *checks.Findings) *bool {
	return declarantMatch("doc2DAndFullName2Match", n.get(idDeclarant2), n.details.GetFullName2(), n, f)
}

func declarantMatch(ctl, in2D, onDoc string, n notice, f *checks.Findings) *bool {
	if len(fold.Words(in2D)) == 0 {
		f.Add(ctl, "", "DOC2D_NAME_MISSING", "The 2D-Doc names no such declarant.")
		return nil
	}
	if len(fold.Words(onDoc)) > 0 {
		d := names.FullName(onDoc, in2D, names.SourceText)
		if !d.Match {
			f.Add(ctl, "", "NAME_MISMATCH", "The declarant's name on the notice differs from the 2D-Doc's: "+d.Message)
		}
		return checks.Bool(d.Match)
	}
	if !n.hasText() {
		f.Add(ctl, "", "NAME_MISSING", "The notice's declarant name was not extracted and there is no text to look for it in.")
		return nil
	}
	ok := wordsTogether(fold.Words(in2D), fold.Words(n.text))
	if !ok {
		f.Add(ctl, "", "NAME_NOT_FOUND", "The 2D-Doc's declarant name was not found in the notice's text.")
	}
	return checks.Bool(ok)
}

// wordsTogether reports whether every word of want stands in text, next to
// each other, in any order (notices print "RETI PATRICK" or "PATRICK RETI").
func wordsTogether(want, text []string) bool {
	if len(want) == 0 || len(want) > len(text) {
		return false
	}
	for i := 0; i+len(want) <= len(text); i++ {
		used := make([]bool, len(want))
		all := true
		for _, w := range text[i : i+len(want)] {
			hit := false
			for k, x := range want {
				if !used[k] && x == w {
					used[k], hit = true, true
					break
				}
			}
			if !hit {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// doc2DAndIncomeYearMatch — « l'année pour laquelle les impôts sur les
// revenus sont calculés trouvée sur le document correspond avec l'année
// détectée dans le doc2D »: documentDetails.incomeYear equals data 45.
func doc2DAndIncomeYearMatch(n notice, f *checks.Findings) *bool {
	const ctl = "doc2DAndIncomeYearMatch"
	y, err := strconv.Atoi(n.get(idIncomeYear))
	if err != nil {
		f.Add(ctl, "", "DOC2D_INCOME_YEAR_MISSING", "The 2D-Doc has no income year (data 45).")
		return nil
	}
	if n.details.GetIncomeYear() == 0 {
		f.Add(ctl, "", "INCOME_YEAR_MISSING", "The notice's income year was not extracted (documentDetails.incomeYear).")
		return nil
	}
	ok := int(n.details.GetIncomeYear()) == y
	if !ok {
		f.Add(ctl, "", "INCOME_YEAR_MISMATCH", "The notice's income year differs from the 2D-Doc's.")
	}
	return checks.Bool(ok)
}

// doc2DAndReferenceIncomeMatch — « le revenu fiscal de référence correspond
// entre le document et le doc2D »: documentDetails.refIncome and data 41 are
// the same amount, whatever the spelling ("28 450 €", "28450", "28 450,00").
func doc2DAndReferenceIncomeMatch(n notice, f *checks.Findings) *bool {
	const ctl = "doc2DAndReferenceIncomeMatch"
	in2D, ok2D := parseAmount(n.get(idRefIncome))
	if !ok2D {
		f.Add(ctl, "", "DOC2D_REFERENCE_INCOME_MISSING", "The 2D-Doc has no reference income (data 41).")
		return nil
	}
	raw := n.details.GetRefIncome()
	if strings.TrimSpace(raw) == "" {
		f.Add(ctl, "", "REFERENCE_INCOME_MISSING", "The notice's reference income was not extracted (documentDetails.refIncome).")
		return nil
	}
	onDoc, ok := parseAmount(raw)
	if !ok {
		f.Add(ctl, "", "REFERENCE_INCOME_UNREADABLE", "The notice's reference income is not an amount.")
		return nil
	}
	if onDoc != in2D {
		f.Add(ctl, "", "REFERENCE_INCOME_MISMATCH", "The notice's reference income differs from the 2D-Doc's.")
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// doc2DAndDocumentMatch — « tous les contrôles entre le document et le
// doc2D sont OK »: doc2DAndDocumentTypeMatch, doc2DAndFullName1Match,
// doc2DAndFullName2Match, doc2DAndReferenceIncomeMatch and
// doc2DAndIncomeYearMatch are true — the second declarant's aside when the
// 2D-Doc has none. False when one is false; absent when one is absent.
func doc2DAndDocumentMatch(n notice, c *idcontrolv1.TaxNoticeControls, f *checks.Findings) *bool {
	const ctl = "doc2DAndDocumentMatch"
	parts := []struct {
		name string
		v    *bool
	}{
		{"doc2DAndDocumentTypeMatch", c.Doc2DAndDocumentTypeMatch},
		{"doc2DAndFullName1Match", c.Doc2DAndFullName1Match},
		{"doc2DAndFullName2Match", c.Doc2DAndFullName2Match},
		{"doc2DAndIncomeYearMatch", c.Doc2DAndIncomeYearMatch},
		{"doc2DAndReferenceIncomeMatch", c.Doc2DAndReferenceIncomeMatch},
	}
	var missing []string
	for _, p := range parts {
		if p.v != nil && !*p.v {
			f.Add(ctl, "", "DOC2D_DOCUMENT_MISMATCH", "The 2D-Doc and the notice disagree: "+p.name+" is false.")
			return checks.Bool(false)
		}
		if p.v == nil && !(p.name == "doc2DAndFullName2Match" && n.get(idDeclarant2) == "") {
			missing = append(missing, p.name)
		}
	}
	if len(missing) > 0 {
		f.Add(ctl, "", "DOC2D_COMPARISON_INCOMPLETE", "Some comparisons with the 2D-Doc could not be made: "+strings.Join(missing, ", ")+".")
		return nil
	}
	return checks.Bool(true)
}

// fullNameMatch — « le nom dans le doc2D correspond avec le nom du
// participant sur le dossier »: a declarant of the 2D-Doc (data 46 or 48)
// is the participant (last or birth name with the first name, any order).
// Absent without a 2D-Doc naming a declarant or without the participant's
// names.
func fullNameMatch(p *idcontrolv1.Participant, n notice, f *checks.Findings) *bool {
	owner := p.GetUuid()
	var declarants []string
	for _, id := range []string{idDeclarant1, idDeclarant2} {
		if v := n.get(id); len(fold.Words(v)) > 0 {
			declarants = append(declarants, v)
		}
	}
	if len(declarants) == 0 {
		f.Add("fullNameMatch", owner, "DOC2D_NAME_MISSING", "No 2D-Doc naming a declarant was decoded.")
		return nil
	}
	if len(fold.Words(p.GetFirstName())) == 0 || len(fold.Words(p.GetLastName()+" "+p.GetBirthName())) == 0 {
		f.Add("fullNameMatch", owner, "NAME_MISSING", "The participant has no first name or no last name in the client file.")
		return nil
	}
	for _, last := range []string{p.GetLastName(), p.GetBirthName()} {
		if len(fold.Words(last)) == 0 {
			continue
		}
		for _, dcl := range declarants {
			if names.FullName(p.GetFirstName()+" "+last, dcl, names.SourceText).Match {
				return checks.Bool(true)
			}
		}
	}
	f.Add("fullNameMatch", owner, "NAME_MISMATCH", "No declarant of the 2D-Doc is the participant.")
	return checks.Bool(false)
}

// details2D renders report.json's documentDetails.doc2D.
func details2D(n notice) *idcontrolv1.TaxNoticeDoc2D {
	h := n.d2.Doc.Header
	out := &idcontrolv1.TaxNoticeDoc2D{
		SignatureDate:      h.SignatureDate.String(),
		FullName1:          n.get(idDeclarant1),
		FullName2:          n.get(idDeclarant2),
		SignedBy:           n.d2.Verification.SignedBy,
		FiscalNumber1:      n.get(idFiscal1),
		FiscalNumber2:      n.get(idFiscal2),
		AssessmentDate:     ddmmyyyy(n.get(idAssessment)),
		DeclarationDate:    ddmmyyyy(n.get(idDeclaration)),
		TaxNoticeReference: n.get(idReference),
		DocumentType:       h.DocumentType,
	}
	if cents, ok := parseAmount(n.get(idRefIncome)); ok {
		v := float64(cents) / 100
		out.ReferenceIncome = &v
	}
	if cents, ok := parseAmount(n.get(idParts)); ok {
		v := float64(cents) / 100
		out.PartsCount = &v
	}
	if y, err := strconv.Atoi(n.get(idIncomeYear)); err == nil && y > 0 {
		v := int32(y)
		out.IncomeYear = &v
	}
	return out
}

// ddmmyyyy turns a 2D-Doc date JJMMAAAA into YYYY-MM-DD; "" when it is not
// a calendar date.
func ddmmyyyy(s string) string {
	if len(s) != 8 {
		return ""
	}
	d, err := civil.ParseISO(s[4:8] + "-" + s[2:4] + "-" + s[0:2])
	if err != nil || !d.Known() {
		return ""
	}
	return d.String()
}
