// Package twoddoc decodes and verifies 2D-Doc barcodes, the French visible
// electronic seal specified by ANTS ("Spécifications techniques des codes à
// barres 2D-Doc", v3.2.6): the text a barcode scanner returns, in the C40
// format of header versions 01 to 04.
//
// Decode splits a raw 2D-Doc into its header, its message zone (the data
// identifiers, checked against the catalogue of the specification's tables),
// its signature and its unsigned annex. Verify answers each step of the
// specification's verification algorithm separately — structure,
// certificate found, chain valid, certificate valid at the signature date,
// signature valid, not revoked — against a TrustStore loaded from a
// directory of certificates and CRLs.
//
// The package never panics on input and never allocates in proportion to a
// length it has not checked: raw input is capped at MaxRawLength bytes.
// Binary-format 2D-Docs (version 04 binary header 0xDC, or a C40 message
// that switches to binary) are reported as unsupported, not misread.
package twoddoc
