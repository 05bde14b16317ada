// Package ident validates identifiers exactly and says why not: IBAN (ISO
// 13616 and the SWIFT IBAN registry, with national checks), BIC (ISO 9362),
// the French RIB key, NIR, SIREN/SIRET, numéro fiscal and tax-notice
// reference, the Russian INN, OGRN, OGRNIP and SNILS, and phone numbers
// (E.164, through github.com/nyaruka/phonenumbers).
//
// Every value is normalised first: full-width forms (ＦＲ７６…) are folded
// to ASCII as Unicode NFKC folds them, blanks (space, tab, NBSP, NNBSP,
// ideographic space) and the separators '-', '.', '/' are dropped and ASCII
// letters upper-cased; any other character outside [0-9A-Z] makes the
// value invalid.
//
// Messages never repeat the value: personal data must not reach logs.
//
// Allocations: validation works in a stack buffer. Result.Normalized is the
// input string itself when the input is already canonical; otherwise (the
// input had separators or lower case) it is one new string, and every
// detail string is a slice of it. Phone numbers go through the
// phonenumbers library, which allocates.
package ident
