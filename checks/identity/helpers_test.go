package identity

import (
	"strings"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/mrz"
)

// Builders of test MRZs with their check digits (ICAO Doc 9303 layouts and
// the French card of 1988-2021).

func pad(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s + strings.Repeat("<", n-len(s))
}

func cd(s string) string { return string(mrz.CheckDigit(s)) }

// td1 builds a TD1 MRZ (ID cards, residence permits).
func td1(code, state, number, birth, sex, expiry, nat, name string) []string {
	num := pad(number, 9)
	l1 := pad(code, 2) + pad(state, 3) + num + cd(num) + pad("", 15)
	l2 := birth + cd(birth) + sex + expiry + cd(expiry) + pad(nat, 3) + pad("", 11)
	l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	return []string{l1, l2, pad(name, 30)}
}

// td3 builds a TD3 MRZ (passports).
func td3(state, number, nat, birth, sex, expiry, name string) []string {
	num := pad(number, 9)
	l1 := "P<" + pad(state, 3) + pad(name, 39)
	personal := pad("", 14)
	l2 := num + cd(num) + pad(nat, 3) + birth + cd(birth) + sex + expiry + cd(expiry) + personal + cd(personal)
	l2 += cd(l2[0:10] + l2[13:20] + l2[21:43])
	return []string{l1, l2}
}

// frCard builds the MRZ of a French ID card of 1988-2021.
func frCard(surname, dept, office, number, given, birth, sex string) []string {
	l1 := "IDFRA" + pad(surname, 25) + pad(dept, 3) + pad(office, 3)
	l2 := number + cd(number) + pad(given, 14) + birth + cd(birth) + sex
	l2 += cd(l1 + l2)
	return []string{l1, l2}
}

// doc builds an identity-document request.
func doc(typ string, lines []string, info *idcontrolv1.DocumentInformation, holder *idcontrolv1.HolderInformation, pages ...string) *idcontrolv1.Document {
	d := &idcontrolv1.Document{Type: typ, Data: &idcontrolv1.DocumentData{
		Informations: &idcontrolv1.Informations{Document: info, Holder: holder},
	}}
	if len(lines) > 0 {
		d.Data.Mrz = &idcontrolv1.MrzLines{Line1: lines[0], Line2: lines[1]}
		if len(lines) > 2 {
			d.Data.Mrz.Line3 = lines[2]
		}
	}
	for _, p := range pages {
		d.Data.Pages = append(d.Data.Pages, &idcontrolv1.Page{PageType: p})
	}
	return d
}

func info(number, issue, country, expiry string) *idcontrolv1.DocumentInformation {
	return &idcontrolv1.DocumentInformation{Number: number, IssuanceDate: issue, IssuanceCountry: country, ExpirationDate: expiry}
}

func holder(last, birthName string, first []string, birth, gender string) *idcontrolv1.HolderInformation {
	h := &idcontrolv1.HolderInformation{LastName: last, BirthName: birthName, FirstNames: first, BirthDate: birth, Gender: gender}
	if len(first) > 0 {
		h.FirstName = first[0]
	}
	return h
}

func person(uuid, civility, first, last, birthName, birthDate string) *idcontrolv1.Participant {
	return &idcontrolv1.Participant{Uuid: uuid, Civility: civility, FirstName: first, LastName: last, BirthName: birthName, BirthDate: birthDate}
}
