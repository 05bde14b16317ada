package clientfile

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/payslip"
	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/places"
	"google.golang.org/protobuf/proto"
)

// The coherence controls' names, as answered and as the decision rules
// name them ("participants." + name, family "coherence").
const (
	ctlSameIdentity   = "sameIdentity"
	ctlSameAddress    = "sameAddress"
	ctlRIBHolderKnown = "ribHolderKnown"
	ctlEmployerAlive  = "employerAlive"

	// CoherenceFamily is the decision rules' family of the coherence
	// controls.
	CoherenceFamily = "coherence"
)

// fileDoc is one checked document of the file with its answer.
type fileDoc struct {
	index int
	doc   *idcontrolv1.Document
	res   *idcontrolv1.ClientFileDocumentResult
	fam   string // the answering family's JSON name ("" when unchecked)

	// Read once per file, for every participant's controls.
	names   personNames
	address string // addressField
	hasText bool
}

// coherence computes the cross-document controls of every participant
// over the documents that are theirs (ownedBy).
func coherence(req *idcontrolv1.CheckClientFileRequest, resp *idcontrolv1.CheckClientFileResponse) *idcontrolv1.ClientFileCoherence {
	ps := req.GetClientFile().GetParticipants()
	docs := make([]fileDoc, 0, len(resp.GetDocuments()))
	for i, r := range resp.GetDocuments() {
		d := fileDoc{index: i, doc: req.GetDocuments()[i], res: r, fam: familyName(r)}
		d.names, d.address, d.hasText = readNames(d), addressField(d), !blank(d.doc.GetText())
		docs = append(docs, d)
	}
	out := &idcontrolv1.ClientFileCoherence{Participants: make([]*idcontrolv1.ParticipantCoherence, 0, len(ps))}
	for _, p := range ps {
		var mine, unattributed []fileDoc
		for _, d := range docs {
			switch {
			case d.fam == "":
			case ownedBy(d.doc, p, len(ps)):
				mine = append(mine, d)
			case d.doc.GetParticipantUuid() == "":
				unattributed = append(unattributed, d)
			}
		}
		c := &idcontrolv1.ParticipantCoherence{Owner: p.GetUuid()}
		var f checks.Findings
		if len(unattributed) > 0 {
			f.Add(CoherenceFamily, p.GetUuid(), "DOCUMENTS_UNATTRIBUTED", fmt.Sprintf(
				"Documents %s have no participantUuid in a file of several participants: no coherence control compared them.", indexes(unattributed)))
		}
		c.SameIdentity = sameIdentity(c, mine, &f)
		c.SameAddress = sameAddress(c, mine, &f)
		c.RibHolderKnown = ribHolderKnown(c, mine, &f)
		c.EmployerAlive = employerAlive(c, mine, &f)
		c.Findings = f
		out.Participants = append(out.Participants, c)
	}
	return out
}

// familyName is familyResult's family name, without reflection.
func familyName(r *idcontrolv1.ClientFileDocumentResult) string {
	switch r.GetFamily().(type) {
	case *idcontrolv1.ClientFileDocumentResult_IdentityDocument:
		return "identityDocument"
	case *idcontrolv1.ClientFileDocumentResult_BankDetails:
		return "bankDetails"
	case *idcontrolv1.ClientFileDocumentResult_TaxNotice:
		return "taxNotice"
	case *idcontrolv1.ClientFileDocumentResult_ProofOfAddress:
		return "proofOfAddress"
	case *idcontrolv1.ClientFileDocumentResult_SupportingDocument:
		return "supportingDocument"
	case *idcontrolv1.ClientFileDocumentResult_Payslip:
		return "payslip"
	}
	return ""
}

// ownedBy tells whether a document is the participant's: its
// participantUuid names them, or it has none and the file has one
// participant.
func ownedBy(d *idcontrolv1.Document, p *idcontrolv1.Participant, participants int) bool {
	if u := d.GetParticipantUuid(); u != "" {
		return u == p.GetUuid()
	}
	return participants == 1
}

func indexes(ds []fileDoc) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = fmt.Sprint(d.index)
	}
	return strings.Join(s, ", ")
}

// identityFirst orders documents with the identity documents first, each
// group in the file's order: the reference of a comparison is the
// strongest document that carries the datum.
func identityFirst(ds []fileDoc) []fileDoc {
	out := make([]fileDoc, 0, len(ds))
	for _, d := range ds {
		if d.fam == "identityDocument" {
			out = append(out, d)
		}
	}
	for _, d := range ds {
		if d.fam != "identityDocument" {
			out = append(out, d)
		}
	}
	return out
}

// personNames is what a document reads of its holder's names: given and
// last (birth) names apart, or full names (a tax notice's declarants).
type personNames struct {
	first, last, birth string
	full               []string
}

func (n personNames) split() bool { return !blank(n.first) && (!blank(n.last) || !blank(n.birth)) }

func (n personNames) lasts() []string {
	var out []string
	for _, l := range []string{n.last, n.birth} {
		if !blank(l) && (len(out) == 0 || fold.Fold(l) != fold.Fold(out[0])) {
			out = append(out, l)
		}
	}
	return out
}

// blank tells whether s holds no letter nor digit: no word to compare.
func blank(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}

// readNames is the names a document carries as fields: the holder's as
// printed (any family), else a payslip's documentDetails, else a tax
// notice's declarants (the fields, else its 2D-Doc's).
func readNames(d fileDoc) personNames {
	h := d.doc.GetData().GetInformations().GetHolder()
	n := personNames{first: strings.Join(h.GetFirstNames(), " "), last: h.GetLastName(), birth: h.GetBirthName()}
	if blank(n.first) {
		n.first = h.GetFirstName()
	}
	if n.split() {
		return n
	}
	dd := d.doc.GetDocumentDetails()
	if dn := (personNames{first: dd.GetFirstName(), last: dd.GetLastName(), birth: dd.GetBirthName()}); dn.split() {
		return dn
	}
	if d.fam == "taxNotice" {
		full := []string{dd.GetFullName1(), dd.GetFullName2()}
		if blank(full[0]) && blank(full[1]) {
			d2 := d.res.GetTaxNotice().GetDocumentDetails().GetDoc2D()
			full = []string{d2.GetFullName1(), d2.GetFullName2()}
		}
		for _, s := range full {
			if !blank(s) {
				n.full = append(n.full, s)
			}
		}
	}
	return n
}

// namesInText are the families whose text names the holder, searched when
// they carry no names as fields.
var namesInText = map[string]bool{"bankDetails": true, "payslip": true, "taxNotice": true, "proofOfAddress": true}

// sameIdentity — the documents' readings name one person: each document's
// names (and birth date where it carries one) agree with the reference's,
// the first document read, identity documents first. Given names agree
// when one side's are among the other's (a payslip may print one of
// three); last names when a usage or birth name of one side is one of the
// other's. A surname shared with another given name is another person.
func sameIdentity(c *idcontrolv1.ParticipantCoherence, ds []fileDoc, f *checks.Findings) *bool {
	owner := c.GetOwner()
	ordered := identityFirst(ds)
	ref := -1
	var rn personNames
	for i, d := range ordered {
		if n := d.names; n.split() {
			ref, rn = i, n
			break
		}
	}
	compared, ok := 0, true
	if ref >= 0 {
		r := ordered[ref]
		for i, d := range ordered {
			if i == ref {
				continue
			}
			dec, carried := namesAgree(rn, d)
			if !carried {
				continue
			}
			compared++
			ok = ok && dec.Match
			c.Comparisons = append(c.Comparisons, comparison(ctlSameIdentity, "names", r, d, dec))
			if !dec.Match {
				f.Add(ctlSameIdentity, owner, "NAME_MISMATCH", fmt.Sprintf("Document %d names another person than document %d.", d.index, r.index))
			}
		}
	}
	// Birth dates, compared as dates on the parts both sides know.
	var bref *fileDoc
	var bd civil.Date
	for i, d := range ordered {
		b, err := civil.ParseISO(d.doc.GetData().GetInformations().GetHolder().GetBirthDate())
		if err != nil {
			continue
		}
		if bref == nil {
			bref, bd = &ordered[i], b
			continue
		}
		dec := names.BirthDate(bd, b)
		compared++
		ok = ok && dec.Match
		c.Comparisons = append(c.Comparisons, comparison(ctlSameIdentity, "birthDate", *bref, d, dec))
		if !dec.Match {
			f.Add(ctlSameIdentity, owner, "BIRTH_DATE_MISMATCH", fmt.Sprintf("Document %d gives another birth date than document %d.", d.index, bref.index))
		}
	}
	if compared == 0 {
		if ref < 0 {
			f.Add(ctlSameIdentity, owner, "TOO_FEW_DOCUMENTS", "No document of the participant gives given names and a last name as fields to compare the others with.")
		} else {
			f.Add(ctlSameIdentity, owner, "TOO_FEW_DOCUMENTS", "Fewer than two documents of the participant carry names or a birth date to compare.")
		}
		return nil
	}
	return checks.Bool(ok)
}

// namesAgree compares a document's names with the reference's; carried is
// false when the document gives nothing comparable (no names, a damaged
// text, a RIB held by the legal entity).
func namesAgree(ref personNames, d fileDoc) (match.Decision, bool) {
	n := d.names
	switch {
	case n.split():
		first := names.FirstName(ref.first, n.first, names.SourceText)
		if !first.Match {
			// Either side may print more given names than the other.
			first = names.FirstName(n.first, ref.first, names.SourceText)
		}
		if !first.Match {
			return first, comparable(first)
		}
		last := match.Decision{Rule: match.RuleMissing}
		for _, rl := range ref.lasts() {
			for _, dl := range n.lasts() {
				if d := names.LastName(rl, dl, names.SourceText); d.Match || !last.Match && d.Rule != match.RuleMissing {
					last = d
				}
			}
		}
		return last, comparable(last)
	case len(n.full) > 0:
		// The reference's given names, then each alone: a declarant line
		// may print fewer given names than the identity document.
		firsts := append([]string{ref.first}, strings.Fields(ref.first)...)
		best := match.Decision{Rule: match.RuleMissing}
		for _, full := range n.full {
			for _, rl := range ref.lasts() {
				for _, rf := range firsts {
					if d := names.FullName(rf+" "+rl, full, names.SourceText); d.Match || !best.Match && d.Rule != match.RuleMissing {
						best = d
					}
				}
			}
		}
		return best, comparable(best)
	case namesInText[d.fam] && d.hasText:
		best := match.Decision{Rule: match.RuleMissing}
		for _, rl := range ref.lasts() {
			if dec := names.Found(ref.first, rl, d.doc.GetText()); dec.Match || !best.Match && dec.Rule != match.RuleMissing {
				best = dec
			}
		}
		if !best.Match && d.fam == "bankDetails" && d.res.GetBankDetails().GetControls().GetLegalEntityNameFound() {
			return best, false // the legal entity's account: ribHolderKnown's
		}
		if !best.Match && comparable(best) {
			best.Message = "The reference document's names were not found in the text."
		}
		return best, comparable(best)
	}
	return match.Decision{}, false
}

// comparable tells whether a decision compared something: not a side
// missing, not a damaged text.
func comparable(d match.Decision) bool {
	return d.Rule != match.RuleMissing && d.Rule != match.RuleDamaged && d.Rule != ""
}

func comparison(control, datum string, ref, d fileDoc, dec match.Decision) *idcontrolv1.CoherenceComparison {
	return &idcontrolv1.CoherenceComparison{
		Control: control, Datum: datum,
		ReferenceIndex: proto.Int32(int32(ref.index)), ReferenceId: ref.doc.GetId(),
		DocumentIndex: proto.Int32(int32(d.index)), DocumentId: d.doc.GetId(),
		Match: proto.Bool(dec.Match), Rule: string(dec.Rule), Message: dec.Message,
	}
}

// addressField is the holder's postal address a document carries as a
// field: a proof's or a tax notice's documentDetails.address (a payslip's
// is the employer's), else the holder's address as printed.
func addressField(d fileDoc) string {
	if d.fam == "proofOfAddress" || d.fam == "taxNotice" {
		if a := d.doc.GetDocumentDetails().GetAddress(); !blank(a) {
			return a
		}
	}
	return d.doc.GetData().GetInformations().GetHolder().GetRawAddress()
}

// addressFamilies are the families sameAddress compares, references first.
var addressFamilies = []string{"proofOfAddress", "taxNotice", "payslip"}

// sameAddress — one postal address across the participant's proofs of
// address, payslips and tax notices: the first address given as a field
// (proofs first) is the reference; other fields are compared with it
// (places.AddressMatch: street number, type and name, postal code, city)
// and texts searched for it (places' AddressFound). A document whose text
// holds the address among others agrees: a payslip prints the employer's.
func sameAddress(c *idcontrolv1.ParticipantCoherence, ds []fileDoc, f *checks.Findings) *bool {
	owner := c.GetOwner()
	var cands []fileDoc
	for _, fam := range addressFamilies {
		for _, d := range ds {
			if d.fam == fam {
				cands = append(cands, d)
			}
		}
	}
	ref := -1
	var ra places.Address
	for i, d := range cands {
		if a := d.address; !blank(a) {
			ref, ra = i, places.ParseAddress(a)
			break
		}
	}
	if ref < 0 {
		f.Add(ctlSameAddress, owner, "TOO_FEW_DOCUMENTS", "No proof of address, tax notice or payslip of the participant gives the address as a field to compare the others with.")
		return nil
	}
	r := cands[ref]
	compared, ok := 0, true
	// Extractors write one address alike on several documents: each
	// distinct field is compared once.
	fields := map[string]match.Decision{}
	for i, d := range cands {
		if i == ref {
			continue
		}
		var dec match.Decision
		if a := d.address; !blank(a) {
			var seen bool
			if dec, seen = fields[a]; !seen {
				dec = places.AddressMatch(ra, a)
				fields[a] = dec
			}
		} else if d.hasText {
			dec = addressInText(ra, d)
		} else {
			continue
		}
		if !comparable(dec) {
			continue
		}
		compared++
		ok = ok && dec.Match
		c.Comparisons = append(c.Comparisons, comparison(ctlSameAddress, "address", r, d, dec))
		if !dec.Match {
			f.Add(ctlSameAddress, owner, "ADDRESS_MISMATCH", fmt.Sprintf("Document %d gives another address than document %d.", d.index, r.index))
		}
	}
	if compared == 0 {
		f.Add(ctlSameAddress, owner, "TOO_FEW_DOCUMENTS", "Fewer than two documents of the participant carry an address that can be compared.")
		return nil
	}
	return checks.Bool(ok)
}

// addressInText looks for the reference address in a document's text. A
// text that does not hold it disagrees only when it holds another postal
// address (places.FindAddresses) that is not the payslip's employer's: a
// text without the holder's address carries no datum.
func addressInText(ref places.Address, d fileDoc) match.Decision {
	x := places.NewText(d.doc.GetText())
	dec := x.AddressFound(ref)
	if dec.Match || !comparable(dec) {
		return dec
	}
	employer := ""
	if d.fam == "payslip" {
		employer = d.doc.GetDocumentDetails().GetAddress()
	}
	for _, a := range x.FindAddresses() {
		if !payslip.IsEmployerAddress(a, employer) {
			return match.Decision{Rule: match.RuleNoMatch, Message: "The text holds another postal address, not the reference document's."}
		}
	}
	return match.Decision{Rule: match.RuleMissing, Message: "The text holds no postal address but the employer's."}
}

// ribHolderKnown — every RIB of the participant is held by the participant
// or by the file's legal entity: its bankDetails answer found the
// participant's name (participants.nameFound) or the legal entity's
// (legalEntityNameFound).
func ribHolderKnown(c *idcontrolv1.ParticipantCoherence, ds []fileDoc, f *checks.Findings) *bool {
	owner := c.GetOwner()
	ribs, decided, ok := 0, 0, true
	for _, d := range ds {
		if d.fam != "bankDetails" {
			continue
		}
		ribs++
		ctl := d.res.GetBankDetails().GetControls()
		var person *bool
		for _, pc := range ctl.GetParticipants() {
			if pc.GetOwner() == owner {
				person = pc.NameFound
			}
		}
		entity := ctl.LegalEntityNameFound
		if person == nil && entity == nil {
			continue
		}
		decided++
		known := person != nil && *person || entity != nil && *entity
		ok = ok && known
		dec := match.Decision{Match: known, Rule: match.RuleExact, Message: "The RIB names the participant or the legal entity."}
		if !known {
			dec = match.Decision{Rule: match.RuleNoMatch, Message: "The RIB names neither the participant nor the legal entity."}
			f.Add(ctlRIBHolderKnown, owner, "RIB_HOLDER_UNKNOWN", fmt.Sprintf("RIB %d names neither the participant nor the legal entity.", d.index))
		}
		c.Comparisons = append(c.Comparisons, own(ctlRIBHolderKnown, "holder", d, dec))
	}
	switch {
	case ribs == 0:
		f.Add(ctlRIBHolderKnown, owner, "NO_RIB", "The participant has no RIB among their documents.")
		return nil
	case decided == 0:
		f.Add(ctlRIBHolderKnown, owner, "NOT_COMPUTED", "No RIB of the participant could be searched for the participant's or the legal entity's name (see the RIB's findings).")
		return nil
	}
	return checks.Bool(ok)
}

// employerAlive — the employer of every payslip of the participant is alive
// in the company registry (the payslip's companyOfficeAlive).
func employerAlive(c *idcontrolv1.ParticipantCoherence, ds []fileDoc, f *checks.Findings) *bool {
	owner := c.GetOwner()
	payslips, decided, ok := 0, 0, true
	for _, d := range ds {
		if d.fam != "payslip" {
			continue
		}
		payslips++
		alive := d.res.GetPayslip().GetControls().CompanyOfficeAlive
		if alive == nil {
			continue
		}
		decided++
		ok = ok && *alive
		dec := match.Decision{Match: *alive, Rule: match.RuleExact, Message: "The registry gives the employer's office as alive."}
		if !*alive {
			dec = match.Decision{Rule: match.RuleNoMatch, Message: "The registry gives the employer's office as closed."}
			f.Add(ctlEmployerAlive, owner, "EMPLOYER_NOT_ALIVE", fmt.Sprintf("The employer of payslip %d is closed in the registry.", d.index))
		}
		c.Comparisons = append(c.Comparisons, own(ctlEmployerAlive, "employer", d, dec))
	}
	switch {
	case payslips == 0:
		f.Add(ctlEmployerAlive, owner, "NO_PAYSLIP", "The participant has no payslip among their documents.")
		return nil
	case decided == 0:
		f.Add(ctlEmployerAlive, owner, "NOT_COMPUTED", "No registry answered for the employer of the participant's payslips (see the payslips' companyOfficeAlive findings).")
		return nil
	}
	return checks.Bool(ok)
}

// own records a control read from one document, without a reference.
func own(control, datum string, d fileDoc, dec match.Decision) *idcontrolv1.CoherenceComparison {
	return &idcontrolv1.CoherenceComparison{
		Control: control, Datum: datum,
		DocumentIndex: proto.Int32(int32(d.index)), DocumentId: d.doc.GetId(),
		Match: proto.Bool(dec.Match), Rule: string(dec.Rule), Message: dec.Message,
	}
}
