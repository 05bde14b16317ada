// Package mrz parses and validates machine-readable zones of identity
// documents: the ICAO Doc 9303 layouts TD1 (3×30, ID cards), TD2 (2×36),
// TD3 (2×44, passports), MRV-A (2×44) and MRV-B (2×36) visas, and the
// French national ID card issued from 1988 to 2021 (2×36, not ICAO).
//
// # Use
//
//	res, err := mrz.Parse(lines, civil.Date{Year: 2026, Month: 11, Day: 22})
//
// A returned error is always a *FormatError: the line count or the line
// lengths match no layout, or the reference date is not a calendar date,
// which is the caller's fault (INVALID_ARGUMENT). The package never reads
// the clock: the reference date is the caller's.
// Everything else — a wrong check digit, an unknown country, an impossible
// date, a character outside 0-9, A-Z and '<' inside a recognised layout —
// gives Result.Valid == false and one Finding per problem, each with a
// stable UPPER_SNAKE Code (see the Code… constants), the JSON-style name of
// the field and an English message. Messages never quote the MRZ's data
// (a check-digit finding names the expected and the printed digit only), so
// findings may be logged. A Finding marked Note (an empty primary
// identifier: a person with a single name) leaves the MRZ valid.
//
// Input is tolerant: lower case is upper-cased, blanks, tabs and CR/LF
// around a line are dropped, and a single string holding every line
// separated by newlines is split. Parse never panics.
//
// # What a Result holds
//
//   - Every check digit of the layout, in printed order, composite included
//     (CheckDigits); field names are documentNumber, birthDate,
//     expirationDate, optionalData (TD3 personal number) and composite (the
//     French card's final digit over line 1 and line 2[0:35] is its composite).
//   - Long document numbers of TD1 and TD2 (Doc 9303 Part 5 §4.2.4, Part 6):
//     when position 15 (TD1 line 1) or 10 (TD2 line 2) holds '<', the number
//     continues in the optional data and its check digit follows it.
//   - Names: LastName (primary identifier, '<' inside it read as a space),
//     FirstNames (secondary identifiers, one per '<'-separated component),
//     NameTruncated when a name field is filled to its last position, and
//     RawName / RawGivenNames: the fields exactly as printed, fillers included.
//   - Dates as civil.Date. Two-digit years are placed against the reference
//     date: a birth date (and the French card's issue month) is never after
//     it; an expiry lies in [ref−50 years, ref+50 years). A birth month or day
//     printed "<<" stays 0 (unknown); an all-filler date is left zero.
//   - Sex is 'M', 'F' or 'X' (unspecified, printed '<' or 'X'); 0 when the
//     printed character is none of these (with a finding).
//   - Country codes are checked with package country (ISO 3166-1 alpha-3 and
//     the ICAO additions such as D, UTO, XXA, GBN); "D<<" is returned as "D".
//
// Slices of a Result (CheckDigits, Findings, FirstNames) may share storage
// with the Result itself: use it through the pointer Parse returns.
//
// # Cost
//
// A valid MRZ costs one allocation (the Result), plus one string when a
// surname holds '<' or a document number overflows, plus one when the input
// needed upper-casing or had non-ASCII characters; findings allocate.
// Measured on this project's 2-core machine: TD3 ≈ 0.6 µs, TD1 ≈ 0.65 µs,
// French card ≈ 0.55 µs, 1 allocation each; CheckDigit ≈ 23 ns over 43
// characters, no allocation. See bench_test.go.
package mrz
