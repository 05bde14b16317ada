// Package doctype recognises the family of a French document from its OCR
// text: each family has anchor phrases (its title, "avis d'impôt",
// "bulletin de paie", "relevé d'identité bancaire", and words that go with
// it, "net à payer", "IBAN"), matched as whole folded words through
// keywords. A family wins when its anchors clearly outweigh every other
// family's; otherwise nothing is detected, and the caller says so rather
// than guessing.
package doctype

import (
	"github.com/idcontrol/idcontrol/keywords"
)

// Types are report.json's document types (contract.md, principle 7).
const (
	IDCard          = "ID_CARD"
	Passport        = "PASSPORT"
	ResidencePermit = "RESIDENCE_PERMIT"
	Payslip         = "PAYSLIP"
	TaxNotice       = "TAX_NOTICE"
	RIB             = "RIB"
	Invoice         = "INVOICE"
	Schedule        = "SCHEDULE"
	PropertyTax     = "PROPERTY_TAX"
	HomeInsurance   = "HOME_INSURANCE"
	Pension         = "PENSION"
	CAFCertificate  = "CAF_CERTIFICATE"
	Other           = "OTHER"
)

// Weights of an anchor: a title names the document ("AVIS D'IMPÔT"); a
// clue is a phrase such documents carry, which others may carry too; a
// strong clue is one rarely seen elsewhere.
const (
	title  = 3
	strong = 2
	clue   = 1
)

// minScore is the weight a family needs to be detected at all: one title,
// or three clues.
const minScore = 3

type anchor struct {
	phrase string
	weight int
}

type family struct {
	typ     string
	anchors []anchor
	lists   []keywords.List // one per anchor, compiled once
}

// families lists the anchors per family, in French as printed on the
// documents (folded before matching: case and accents do not matter).
var families = []family{
	// Every notice of the tax office says "avis d'impôt" and carries a
	// numéro fiscal: only the income's words make it an income tax notice.
	{typ: TaxNotice, anchors: []anchor{
		{"avis d'impôt", clue}, {"avis d'imposition", clue}, {"impôt sur le revenu", title},
		{"sur les revenus", strong}, {"revenu fiscal de référence", strong}, {"numéro fiscal", clue},
		{"référence de l'avis", clue}, {"nombre de parts", clue},
	}},
	// Since 2019 a payslip prints the withholding tax, and must print
	// "net à payer avant impôt sur le revenu": that line holds the tax
	// notice's title "impôt sur le revenu" (3), so it weighs as a title
	// (5) that, with the "net à payer" it also holds, reaches twice it.
	{typ: Payslip, anchors: []anchor{
		{"bulletin de paie", title}, {"bulletin de salaire", title}, {"fiche de paie", title},
		{"salaire brut", strong}, {"net à payer", clue}, {"net imposable", clue},
		{"cotisation(s) salariale(s)", clue}, {"convention collective", clue},
		{"salaire de base", clue}, {"net à payer avant impôt sur le revenu", title + strong},
	}},
	{typ: RIB, anchors: []anchor{
		{"relevé d'identité bancaire", title}, {"RIB", clue}, {"IBAN", clue}, {"BIC", clue},
		{"titulaire du compte", clue}, {"domiciliation", clue}, {"code guichet", clue}, {"clé RIB", clue},
	}},
	{typ: Invoice, anchors: []anchor{
		{"facture", title}, {"numéro de facture", clue}, {"date de facture", clue},
		{"montant TTC", clue}, {"total TTC", clue}, {"montant HT", clue}, {"point de livraison", clue},
		{"consommation(s)", clue}, {"abonnement", clue},
	}},
	{typ: Schedule, anchors: []anchor{
		{"échéancier", title}, {"échéancier de paiement", title}, {"mensualisation", clue},
		{"date(s) de prélèvement", clue}, {"échéance(s)", clue},
	}},
	{typ: PropertyTax, anchors: []anchor{
		{"taxe(s) foncière(s)", title + clue}, {"propriété(s) bâtie(s)", strong}, {"propriété(s) non bâtie(s)", clue},
		{"valeur locative cadastrale", clue}, {"base d'imposition", clue},
	}},
	{typ: HomeInsurance, anchors: []anchor{
		{"attestation d'assurance habitation", title}, {"assurance habitation", title},
		{"multirisque habitation", title}, {"responsabilité civile", clue}, {"risque(s) locatif(s)", clue},
		{"souscripteur", clue}, {"numéro de contrat", clue}, {"assuré", clue},
	}},
	{typ: CAFCertificate, anchors: []anchor{
		{"caisse d'allocations familiales", title}, {"attestation CAF", title},
		{"allocataire", clue}, {"numéro d'allocataire", clue}, {"attestation de paiement", clue},
		{"aide personnalisée au logement", clue}, {"allocation(s) familiale(s)", clue}, {"CAF", clue},
	}},
	{typ: Pension, anchors: []anchor{
		{"titre de pension", title}, {"pension de retraite", title}, {"attestation de paiement de pension", title},
		{"assurance retraite", clue}, {"retraite complémentaire", clue}, {"CARSAT", clue},
		{"pension(s)", clue}, {"retraité", clue},
	}},
	// Notices of the tax office that are none of the families above: they
	// say "avis d'impôt" and carry a numéro fiscal too, and must not read
	// as an income tax notice.
	{typ: Other, anchors: []anchor{
		{"taxe d'habitation", title}, {"contribution à l'audiovisuel public", strong},
		{"cotisation foncière des entreprises", title},
	}},
	{typ: IDCard, anchors: []anchor{
		{"carte nationale d'identité", title}, {"identity card", clue},
	}},
	{typ: Passport, anchors: []anchor{
		{"passeport", title}, {"passport", clue},
	}},
	{typ: ResidencePermit, anchors: []anchor{
		{"titre de séjour", title}, {"carte de résident", title}, {"residence permit", clue},
	}},
}

// anchors indexes every family's anchors, in the families' order, so that
// a text is read once for all of them.
var anchors *keywords.Index

func init() {
	var all []keywords.List
	for i := range families {
		f := &families[i]
		f.lists = make([]keywords.List, len(f.anchors))
		for k, a := range f.anchors {
			f.lists[k] = keywords.Compile([]string{a.phrase})
		}
		all = append(all, f.lists...)
	}
	anchors = keywords.NewIndex(all)
}

// Detection is the outcome of Detect.
type Detection struct {
	// Type is the family that won, "" when none won clearly.
	Type string
	// Leader is the family with the most weight, winner or not; "" when no
	// anchor was found.
	Leader string
	// Score is the leader's weight.
	Score int
	// Evidence lists the leader's anchors found in the text, as written in
	// the table above.
	Evidence []string
	// RunnerUp is the second family and its score, "" when no other
	// family had an anchor.
	RunnerUp      string
	RunnerUpScore int
}

// Detect reads the family of a document from its text. A family's weight
// is its heaviest title found plus its clues found. A family wins when
// its anchors weigh at least minScore (a title, or three clues) and at
// least twice the next family's: an invoice that mentions an "échéance"
// is still an invoice, but a page with a title of two families is
// undecided.
func Detect(text string) Detection {
	return DetectPrepared(keywords.Prepare(text))
}

// DetectPrepared is Detect on text already prepared for keyword search.
func DetectPrepared(t keywords.Text) Detection {
	var best, second Detection
	found := anchors.Has(t)
	for i := range families {
		f := &families[i]
		// Titles count once (the heaviest): "attestation d'assurance
		// habitation" also reads "assurance habitation".
		clues, titleWeight := 0, 0
		var ev []string
		at := found[:len(f.lists)] // this family's anchors, in order
		found = found[len(f.lists):]
		for k := range f.lists {
			if !at[k] {
				continue
			}
			if w := f.anchors[k].weight; w >= title {
				titleWeight = max(titleWeight, w)
			} else {
				clues += w
			}
			ev = append(ev, f.anchors[k].phrase)
		}
		score := clues + titleWeight
		if score == 0 {
			continue
		}
		switch {
		case score > best.Score:
			second = best
			best = Detection{Type: f.typ, Score: score, Evidence: ev}
		case score > second.Score:
			second = Detection{Type: f.typ, Score: score}
		}
	}
	d := Detection{Leader: best.Type, Score: best.Score, Evidence: best.Evidence, RunnerUp: second.Type, RunnerUpScore: second.Score}
	if best.Score >= minScore && best.Score >= 2*second.Score {
		d.Type = best.Type
	}
	return d
}
