package places_test

import (
	"fmt"

	"github.com/idcontrol/idcontrol/places"
)

func ExampleBirthPlace() {
	d := places.BirthPlace("PARIS 15E ARRONDISSEMENT (75)", "75115")
	fmt.Println(d.Match, d.Rule)
	d = places.BirthPlace("SAINT-DENIS (93)", "ST DENIS (974)")
	fmt.Println(d.Match, d.Rule, d.Message)
	// Output:
	// true PLACE
	// false NO_MATCH The birth places are in different departments.
}

func ExampleAddressMatch() {
	declared := places.Address{Line1: "12 BIS AVENUE DU GENERAL LECLERC", PostalCode: "75014", City: "PARIS"}
	d := places.AddressMatch(declared, "M DUPONT\n12B AV DU GAL LECLERC\nBAT A\n75014 PARIS CEDEX 14")
	fmt.Println(d.Match, d.Rule)
	// Output: true ADDRESS
}

func ExampleAddressFound() {
	declared := places.Address{Line1: "3 RUE DES ECOLES", PostalCode: "67000", City: "STRASBOURG"}
	d := places.AddressFound(declared, "FACTURE\nMme MARTIN\n3 r des Écoles\n67000 Strasbourg")
	fmt.Println(d.Match)
	// Output: true
}

func ExampleParseAddress() {
	fmt.Printf("%+v\n", places.ParseAddress("3, rue des Écoles\n67000 Strasbourg Cedex 2"))
	// Output: {Line1:3 RUE DES ECOLES Line2: PostalCode:67000 City:STRASBOURG Country:}
}
