package doctype

import (
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text, want string
	}{
		{"income tax notice", "AVIS D'IMPOT 2022 SUR LES REVENUS DE L'ANNEE 2021\nNumero fiscal : 30 01 123 456 016\nReference de l'avis : 22 78 01 23 45 678\nRevenu fiscal de reference : 63 198 €", TaxNotice},
		{"property tax notice", "AVIS D'IMPÔT 2023 TAXES FONCIÈRES\nNuméro fiscal 30 01 123 456 016\nRéférence de l'avis 23 78 01 23 45 678\nPropriétés bâties\nBase d'imposition 1 234", PropertyTax},
		{"payslip", "BULLETIN DE PAIE\nPériode du 01/03/2024 au 31/03/2024\nSalaire brut 2 500,00\nNet à payer avant impôt 1 950,00\nNet imposable 2 010,00", Payslip},
		{"rib", "RELEVÉ D'IDENTITÉ BANCAIRE\nTitulaire du compte : M JEAN DUPONT\nIBAN FR76 3000 6000 0112 3456 7890 189\nBIC AGRIFRPP", RIB},
		{"rib without its title", "IBAN : FR76 3000 6000 0112 3456 7890 189 BIC : AGRIFRPP Domiciliation : AGENCE CENTRALE", RIB},
		{"energy invoice", "EDF\nFacture du 12/03/2024\nN° de facture 10123456789\nPoint de livraison 01234567890123\nConsommations\nMontant TTC 84,20 €", Invoice},
		{"invoice mentioning a due date", "FACTURE n° 2024-118 Montant TTC 84,20 € Échéance le 30/03/2024", Invoice},
		{"schedule", "ÉCHÉANCIER DE PAIEMENT 2024\nMensualisation\nDates de prélèvement : le 5 de chaque mois", Schedule},
		{"home insurance", "ATTESTATION D'ASSURANCE HABITATION\nNous soussignés certifions que M. DUPONT, souscripteur du contrat n° 123, est assuré en multirisque habitation, responsabilité civile, risques locatifs", HomeInsurance},
		{"CAF certificate", "CAISSE D'ALLOCATIONS FAMILIALES DE PARIS\nATTESTATION DE PAIEMENT\nNuméro d'allocataire : 1234567\nAide personnalisée au logement", CAFCertificate},
		{"pension", "ASSURANCE RETRAITE\nATTESTATION DE PAIEMENT DE PENSION\nMontant de votre pension de retraite : 1 234,56 €", Pension},
		{"ID card", "RÉPUBLIQUE FRANÇAISE CARTE NATIONALE D'IDENTITÉ N° 880692310285", IDCard},
		{"payslip with the employee's IBAN", "BULLETIN DE PAIE\nSalaire brut 2 500,00\nNet à payer 1 950,00\nPayé par virement IBAN FR76 3000 6000 0112 3456 7890 189", Payslip},
		{"invoice paid by direct debit", "FACTURE N° 2024-118\nMontant TTC 84,20 €\nPrélèvement sur le compte IBAN FR76 3000 6000 0112 3456 7890 189 BIC AGRIFRPP", Invoice},
		{"income tax notice, titled", "DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES\nIMPÔT SUR LE REVENU\nAvis d'imposition 2023", TaxNotice},
		{"taxe d'habitation is no income tax notice (undecided)", "AVIS D'IMPÔT 2022 TAXE D'HABITATION\nNuméro fiscal 30 01 123 456 016\nRéférence de l'avis 22 78 01 23 45 678", ""},
		{"property tax with income words stays undecided", "AVIS D'IMPÔT TAXES FONCIÈRES\nIMPÔT SUR LE REVENU", ""},
		{"OCR noise around anchors", "--- B U L L E T I N --- bulletin  de   paie\n\nNET A PAYER", Payslip},
		// Since 2019 a payslip prints "impôt sur le revenu", a title of
		// the tax notice: its own withholding line outweighs it.
		{"payslip with the withholding tax", "BULLETIN DE PAIE\nNET A PAYER AVANT IMPOT SUR LE REVENU 1 854,25\nImpôt sur le revenu prélevé à la source 120,00", Payslip},
		{"the withholding line alone", "NET A PAYER AVANT IMPOT SUR LE REVENU 1 854,25", Payslip},
		{"payslip without its title: two salary words", "SALAIRE BRUT 2 500,00\nNET A PAYER 1 950,00", Payslip},
		{"payslip without its title: base salary and net amounts", "SALAIRE DE BASE 2 350,00\nNET IMPOSABLE 1 854,25\nNET A PAYER 1 800,00", Payslip},
		{"an invoice's net à payer is no payslip", "FACTURE N° 12\nNET A PAYER 84,20 €", Invoice},
		{"net à payer alone decides nothing", "NET A PAYER 84,20 €", ""},
		{"nothing", "Bonjour, veuillez trouver ci-joint le document demandé.", ""},
		{"empty", "", ""},
		{"one clue is not enough", "IBAN FR76 3000 6000 0112 3456 7890 189", ""},
		{"two titles: undecided", "FACTURE\nATTESTATION D'ASSURANCE HABITATION", ""},
		{"RIB in TRIBUNAL is no clue", "TRIBUNAL JUDICIAIRE ATTRIBUTION IBANEZ", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := Detect(c.text)
			if d.Type != c.want {
				t.Errorf("Detect = %q (leader %s %d %q, runner-up %s %d), want %q", d.Type, d.Leader, d.Score, d.Evidence, d.RunnerUp, d.RunnerUpScore, c.want)
			}
			if d.Type != "" && len(d.Evidence) == 0 {
				t.Error("a detection without evidence")
			}
		})
	}
}

func TestEvidence(t *testing.T) {
	t.Parallel()
	d := Detect("BULLETIN DE SALAIRE — net à payer 1 950,00")
	if d.Type != Payslip || strings.Join(d.Evidence, "|") != "bulletin de salaire|net à payer" || d.Score != 4 {
		t.Errorf("got %+v", d)
	}
}

func BenchmarkDetect(b *testing.B) {
	text := strings.Repeat("EDF Facture du 12/03/2024 N° de facture 10123456789 Montant TTC 84,20 € 12 rue de la Paix 75002 Paris\n", 20)
	b.ReportAllocs()
	for b.Loop() {
		if Detect(text).Type != Invoice {
			b.Fatal("not an invoice")
		}
	}
}
