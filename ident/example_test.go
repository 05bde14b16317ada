package ident_test

import (
	"fmt"

	"github.com/idcontrol/idcontrol/ident"
)

func Example() {
	r := ident.Validate(ident.KindIBAN, "fr14 2004 1010 0505 0001 3m02 606")
	fmt.Println(r.Valid, r.Normalized, r.IBAN.BankCode, r.IBAN.BranchCode, r.IBAN.NationalCheck)
	r = ident.Validate(ident.KindIBAN, "FR1420041010050500013M02607")
	fmt.Println(r.Valid, r.Code, r.Message)
	// Output:
	// true FR1420041010050500013M02606 20041 01005 FR_RIB_KEY
	// false CHECKSUM_MISMATCH The IBAN check digits do not match (ISO 13616 mod 97).
}

func ExampleFindIBANs() {
	fmt.Println(ident.FindIBANs("IBAN : FR76 3000 6000 0112 3456 7890 189 BIC : AGRIFRPP882"))
	// Output: [FR7630006000011234567890189]
}
