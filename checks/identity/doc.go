// Package identity computes the identity-document controls of report.json V6
// (CheckIdentityDocument) for ID cards, passports and residence permits: the
// MRZ against itself and against the visual inspection zone (VIZ, the
// extracted `informations`), the dates and the document's legal validity,
// the issuing country, the document type and number, known specimens, the
// pages, and the document against each owner of the client file.
//
// # Use
//
//	resp, err := identity.Check(req, policy.Resolve(req.GetPolicy()), civil.Date{Year: 2026, Month: 11, Day: 22})
//
// err, when not nil, is a checks.Violations: bad input (an unknown document
// type, a date that is not a date, an unknown gender or civility word, an
// oversized field), one entry per field with its JSON path
// ("document.data.informations.document.issuanceDate", "participants[0].birthDate").
// Missing data is not an error: the controls that need it are absent and a
// finding says why. An MRZ whose lines fit no layout is evidence, not bad
// input: mrzValid is false with the finding MRZ_UNRECOGNISED.
//
// # Controls and findings
//
// Every control's rule lives in one method named after the control
// (mrzValid, documentExpired…), whose doc comment quotes the reference's
// definition and states our rule. A control that is false (or true, for
// the controls where true is the bad answer: documentExpired,
// firstLastNamesInverted, namesInverted) or absent adds one finding or more
// with the control's JSON name, the owner for per-participant controls, a
// stable UPPER_SNAKE code and an English sentence that never repeats the
// personal data. A few findings inform on a good answer: COMPARED_WITH_MRZ
// (the VIZ had no name, the MRZ was used) and RULE_ASSUMED.
//
// Two keys go beyond the reference: documentNumberFormatValid (the number
// has its country's syntax) and holderAgeValid (the holder is at least the
// policy's minimum age; only when the policy sets one). The response's
// validity explains documentExpired: printed expiry, legal expiry, the rule
// applied and the last accepted day under the policy.
//
// Every name comparison goes through package names (and birth places
// through package places): no control compares names on its own. Known
// specimens are an embedded data file, specimens.txt, whose header gives
// its sources.
package identity
