package twoddoc_test

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/idcontrol/idcontrol/twoddoc"
	"github.com/idcontrol/idcontrol/twoddoc/twoddoctest"
)

// The specification's tax-notice sample (annex 16), verified against a
// store holding its test certificate FR00/0001: the signature verifies,
// but the certificate had expired when the sample was signed.
func Example() {
	raw := "DC04FR000001FFFF1FB60401FR432,75\x1d44227801234567845202146RETI PATRICK\x1d4A310720224163198\x1d47300112345678948RETI SOPHIE\x1d490701987765432\x1fQHA4A6QOV6AZJEBTIUNR7QOBXINNTMZTD5COQH6VN24NCZTXA7MYXB6SNSNTWAQRYK3ZFP4ZWBGLTJ6SDSPMURF7YFILKQFIAJY7NTI"
	d, err := twoddoc.Decode(raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Header.CAID, d.Header.CertID, d.Header.DocumentType, d.Header.SignatureDate)
	name, _ := d.Get("46")
	fmt.Println(name)

	b, _ := pem.Decode([]byte(twoddoctest.SpecCertificatePEM))
	cert, _ := x509.ParseCertificate(b.Bytes)
	store, _ := twoddoc.NewTrustStore([]*x509.Certificate{cert}, nil)
	v := twoddoc.Verify(d, store)
	fmt.Println("signature:", v.SignatureValid.Status)
	fmt.Println("certificate valid at signature date:", v.CertificateValidAtSignature.Status)
	fmt.Println("valid:", v.Valid())
	// Output:
	// FR00 0001 04 2022-03-24
	// RETI PATRICK
	// signature: PASSED
	// certificate valid at signature date: FAILED
	// valid: false
}
