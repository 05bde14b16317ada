// Package country knows the country codes that identity documents and bank
// identifiers print: ISO 3166-1 alpha-2 and alpha-3 codes of current
// countries, and the codes ICAO Doc 9303 adds for machine-readable zones
// (D for Germany, GBD/GBN/GBO/GBP/GBS, UNO/UNA/UNK, XXA/XXB/XXC/XXX, EUE,
// the organisations' X.. codes, UTO for specimens, RKS for Kosovo).
//
// The tables are embedded files (iso3166.txt, icao.txt) whose headers give
// their source and date. Lookups take upper-case codes exactly as printed
// (no blanks, no '<' filler), never allocate, and are safe for concurrent use.
package country
