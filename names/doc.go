// Package names is the one engine for every person-name comparison of the
// service: a client file (declared) against what was read on an identity
// document's visual zone (VIZ) or MRZ, or in a free text (bank details,
// payslip). A wrong match lets a fraud through, a wrong refusal rejects an
// honest person; where the two conflict, the engine refuses: precision
// first.
//
// Both sides are folded (fold.Fold: upper-case ASCII, accents dropped,
// hyphen and apostrophe to a blank), Cyrillic is transliterated after ICAO
// Doc 9303, a leading title (M, MME, DR…) is set aside, and for last, birth
// and full names the usage/birth markers (ÉP., ÉPOUSE, VEUVE, NÉE, DIT, NOM
// D'USAGE…) split a name into candidates. Then the cascade runs; the first
// rule that explains the difference decides and names itself in the
// Decision:
//
//  1. EXACT: equal after folding (CIVILITY when a title was set aside,
//     MRZ_TRANSLIT when Cyrillic was transliterated).
//  2. SEPARATORS: equal once blanks are removed (JEAN-PIERRE, JEANPIERRE;
//     D'ARTAGNAN, DARTAGNAN).
//  3. MRZ only. MRZ_TRANSLIT: the declared name written with an ICAO
//     variant of its national letters (Ä AE/A, Ö OE/O, Ü UE/UXX/U, Å AA/A,
//     Ø OE/O, Ñ N/NXX). MRZ_TRUNCATED: the MRZ value is a strict prefix of
//     the declared name, at least 4 letters, and the raw field does not end
//     with a '<' filler (a filler proves the field was not cut). A cut
//     word that is itself a known given name or a gendered form of the
//     declared word (JEAN for JEANNE, MARTIN for MARTINEZ) is refused.
//  4. PARTICLE (last, birth, full): the droppable particles DE, D', DU,
//     DES, VAN, VON (and DER/DEN after VAN/VON) left out on one side (DE LA
//     FONTAINE = LA FONTAINE, VAN DIJK = DIJK), ST = SAINT. LE, LA, EL, AL,
//     BEN, DI, DA, DOS… are part of the name: LE GALL is not GALL. Glued
//     forms (DELAFONTAINE) are the separators rule's.
//  5. GIVEN_SUBSET: first names are the first given names of the document
//     in order (JEAN of JEAN PIERRE MARIE; never PIERRE); a full name may
//     lack further given names that follow a declared given name.
//  6. TOKEN_ORDER (last, birth, full): the same words in another order.
//  7. OCR_EQUIVALENT: OCR confusions on the extracted side only (0/O,
//     1/I/L, 5/S, 8/B, 2/Z, 6/G, RN/M, VV/W, CL/D), unless the corrected
//     reading is another name (two known given names, a gendered form).
//     There is no typo tolerance: a declared typo, DUPONT/DUPOND,
//     MARTIN/MARTINE are no match. Fuzziness belongs to Similarity.
//  8. NO_MATCH, scored with Similarity.
//
// Found looks for a person in a free text: the last name as whole words
// with the first name (or its initial) next to it on one line, never
// across OU/ET; the last name alone is not enough, a relative shares it.
//
// Every Decision carries a score in [0, 1] and an English message that
// never repeats the compared names, so decisions can be logged.
//
// The known given names (firstnames.txt, embedded) serve to refuse an OCR
// correction or a cut MRZ word that reads another real name; testdata/pairs.tsv holds
// the labelled pairs TestAccuracy measures precision and recall on.
package names
