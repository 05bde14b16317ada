package places

import "testing"

// benchPayslip is the kind of text AddressFound and FindAddresses read on
// every payslip: an employer's address, the employee's, figures.
const benchPayslip = `BULLETIN DE PAIE
BOULANGERIE DURAND - 12 BIS RUE DES LILAS 69003 LYON
SIRET : 812 345 676 00009   Convention collective : boulangerie
Période du 01/07/2020 au 31/07/2020
M JOHN DOE
45 AVENUE JEAN JAURES
69007 LYON
N° de sécurité sociale : 1 85 02 34 567 890 85
SALAIRE DE BASE 2 350,00
NET A PAYER AVANT IMPOT SUR LE REVENU 1 854,25
NET IMPOSABLE 1 854,25`

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
