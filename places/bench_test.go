package places

import "testing"

// benchPayslip is the kind of text AddressFound and FindAddresses read on
// every payslip: an employer's address, the employee's, figures.
const benchPayslip = `Bulletin de salaire — Période : septembre 2024
SAS Menuiserie Lefèvre, 8 rue du Général Leclerc, 35000 Rennes
N° SIRET 552 100 554 00025 — Code APE 1623Z — Convention collective du bâtiment
Mme Hélène Marchand
Résidence Les Tilleuls, Bât. B
45 avenue Jean Jaurès
69007 Lyon
Emploi : menuisière — Coefficient 230 — Entrée le 01/03/2019
Salaire de base 151,67 h 2 480,00 €
Cotisations salariales 541,27 €
Net à payer avant impôt sur le revenu 1 938,73 €
Net imposable 2 012,40 €`

func BenchmarkAddressFound(b *testing.B) {
	for _, bc := range []struct {
		name string
		decl Address
	}{
		{"found", Address{Line1: "45 av. Jean Jaurès", PostalCode: "69007", City: "Lyon"}},
		{"absent", Address{Line1: "3 rue de la Paix", PostalCode: "75002", City: "Paris"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				AddressFound(bc.decl, benchPayslip)
			}
		})
	}
}

func BenchmarkFindAddresses(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if len(FindAddresses(benchPayslip)) != 2 {
			b.Fatal("want the employer's and the employee's addresses")
		}
	}
}
