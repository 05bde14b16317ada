package names_test

import (
	"fmt"

	"github.com/idcontrol/idcontrol/names"
)

func ExampleFirstName() {
	d := names.FirstName("Jean-Pierre", "JEAN PIERRE, MARIE", names.SourceVIZ)
	fmt.Println(d.Match, d.Rule)
	d = names.FirstName("Claire", "ANNE, MARIE, CLAIRE", names.SourceVIZ)
	fmt.Println(d.Match, d.Rule)
	d = names.FirstName("Marie", "ANNE, MARIE-CLAIRE", names.SourceVIZ)
	fmt.Println(d.Match, d.Rule, d.Message)
	d = names.FirstName("Jürgen", "JUERGEN<<<<<<<<", names.SourceMRZ)
	fmt.Println(d.Match, d.Rule, d.Message)
	d = names.FirstName("Jean", "JEANNE", names.SourceVIZ)
	fmt.Println(d.Match, d.Rule)
	// Output:
	// true GIVEN_SUBSET
	// true GIVEN_SUBSET
	// false NO_MATCH The names differ.
	// true MRZ_TRANSLIT Equal after transliteration of the MRZ.
	// false NO_MATCH
}

func ExampleFound() {
	d := names.Found("Jean", "Dupont", "M. OU MME JEAN DUPONT\n12 RUE DES LILAS\n75012 PARIS")
	fmt.Println(d.Match, d.Message)
	d = names.Found("Jean", "Dupont", "MME MARIE DUPONT\n12 RUE DES LILAS")
	fmt.Println(d.Match, d.Message)
	// Output:
	// true The first and last names were found together in the text.
	// false Only the last name was found.
}

func ExampleLastName() {
	d := names.LastName("Martin", "DUPONT ÉPOUSE MARTIN", names.SourceVIZ)
	fmt.Println(d.Match, d.Rule)
	d = names.LastName("de la Fontaine", "LAFONTAINE", names.SourceVIZ)
	fmt.Println(d.Match, d.Rule)
	// Output:
	// true USAGE_OR_BIRTH
	// true PARTICLE
}

func ExampleBirthName() {
	d := names.BirthName("Leroy", "MME FAURE NÉE LEROY", names.SourceVIZ)
	fmt.Println(d.Match, d.Rule)
	d = names.BirthName("Faure", "LEROY ÉPOUSE FAURE", names.SourceVIZ)
	fmt.Println(d.Match, d.Rule)
	// Output:
	// true USAGE_OR_BIRTH
	// false NO_MATCH
}
