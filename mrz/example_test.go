package mrz_test

import (
	"fmt"

	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/mrz"
)

func ExampleParse() {
	res, err := mrz.Parse([]string{
		"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<",
		"8806923102858CORINNE<<<<<<<6512068F6",
	}, civil.Date{Year: 2026, Month: 11, Day: 22})
	if err != nil {
		fmt.Println(err) // a *mrz.FormatError: INVALID_ARGUMENT
		return
	}
	fmt.Println(res.Format, res.Valid, res.DocumentNumber, res.LastName, res.FirstNames, res.BirthDate, res.IssueMonth.Year, res.IssueMonth.Month)
	for _, c := range res.CheckDigits {
		fmt.Printf("%s %c %c %v\n", c.Field, c.Expected, c.Found, c.Valid)
	}
	// Output:
	// FR-ID-CARD true 880692310285 BERTHIER [CORINNE] 1965-12-06 1988 6
	// documentNumber 8 8 true
	// birthDate 8 8 true
	// composite 6 6 true
}

func ExampleParse_findings() {
	res, _ := mrz.Parse([]string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408123F1204159ZE184226B<<<<<10",
	}, civil.Date{Year: 2026, Month: 11, Day: 22})
	fmt.Println(res.Valid)
	for _, f := range res.Findings {
		fmt.Println(f.Code, f.Field)
	}
	// Output:
	// false
	// CHECK_DIGIT_MISMATCH birthDate
	// CHECK_DIGIT_MISMATCH composite
}

func ExampleCheckDigit() {
	fmt.Printf("%c\n", mrz.CheckDigit("L898902C3"))
	// Output: 6
}
