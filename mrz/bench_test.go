package mrz

import "testing"

var (
	benchTD3 = []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	benchTD1 = []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}
	benchFR  = []string{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "8806923102858CORINNE<<<<<<<6512068F6"}
	// A name with a particle and a long number: the scratch string is built.
	benchTD1Long = []string{"IDBEL592123456<7891<<<<<<<<<<<", "8001014M3001019BEL<<<<<<<<<<<6", "DE<SMET<<JEAN<<<<<<<<<<<<<<<<<"}
	benchLower   = []string{" p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<\r\n", "l898902c36uto7408122f1204159ze184226b<<<<<10\r\n"}
)

func benchParse(b *testing.B, lines []string) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(lines, ref); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseTD3(b *testing.B)           { benchParse(b, benchTD3) }
func BenchmarkParseTD1(b *testing.B)           { benchParse(b, benchTD1) }
func BenchmarkParseFRIDCard(b *testing.B)      { benchParse(b, benchFR) }
func BenchmarkParseTD1LongNumber(b *testing.B) { benchParse(b, benchTD1Long) }
func BenchmarkParseLowerCaseCRLF(b *testing.B) { benchParse(b, benchLower) }

func BenchmarkCheckDigit(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		CheckDigit("L898902C36UTO7408122F1204159ZE184226B<<<<<1")
	}
}
