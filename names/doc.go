// Package names is the one engine for every person-name comparison of the
// service: a client file (declared) against what was read on an identity
// document's visual zone (VIZ) or MRZ, or in a free text (bank details,
// payslip). A wrong match lets a fraud through, a wrong refusal rejects an
// honest person; where the two conflict, the engine refuses: precision
// first.
//
// Both sides are folded (fold.Fold: upper-case ASCII, accents dropped,
// hyphen and apostrophe to a blank), Cyrillic is transliterated after ICAO
// Doc 9303, leading titles (M, MME, DR…, and joint ones: M OU MME, M ET MME)
// are set aside, and so is what stands before a colon or, in a free text,
// a label or a role (NOM DE NAISSANCE :, PRÉSIDENT :, TITULAIRE DU COMPTE).
// For last, birth and full names the usage/birth markers (ÉP., ÉPOUSE,
// VEUVE, VVE, DIVORCÉE, DIT, NOM D'USAGE, before the usage name; NÉE, before
// the birth name) split a name into its birth and usage names. A name
// holding a replacement character (U+FFFD), an invisible one (zero-width
// space or joiner, soft hyphen) or bytes that are not UTF-8 was damaged on
// the way: it is never compared (DAMAGED, no match). Then the cascade runs;
// the first rule that explains the difference decides and names itself in
// the Decision:
//
//  1. EXACT: equal after folding (CIVILITY when a title or a label was set
//     aside, MRZ_TRANSLIT when Cyrillic was transliterated).
//  2. SEPARATORS: equal once blanks are removed (JEAN-PIERRE, JEANPIERRE;
//     D'ARTAGNAN, DARTAGNAN; N'DIAYE, NDIAYE in the MRZ, which omits
//     apostrophes).
//  3. MRZ only. MRZ_TRANSLIT: the declared name written with an ICAO
//     variant of its national letters (Ä AE/A, Ö OE/O, Ü UE/UXX/U, Å AA/A,
//     Ø OE/O, Ñ N/NXX). MRZ_TRUNCATED: the MRZ value is the start of the
//     declared name, at least 4 letters, cut at the end of the field: the
//     raw field ends with a letter, or with a single '<' right after one
//     (the cut fell on the separator of a compound name, LEFEBVRE<DUCHAMP<<
//     JEAN<); two fillers prove the field was not cut. A cut word that is
//     itself a known given name or a gendered form of the declared word
//     (JEAN for JEANNE, MARTIN for MARTINEZ) is refused.
//  4. USAGE_OR_BIRTH (last, birth, full): a last name matches the birth
//     name, the usage name, or both in that order (LEROY-FAURE for LEROY
//     ÉPOUSE FAURE); a birth name matches the birth name only (FAURE is not
//     the birth name of LEROY ÉPOUSE FAURE, of MME FAURE NÉE LEROY, nor of
//     VVE FAURE, which has none).
//  5. PARTICLE (last, birth, full): the droppable particles DE, D', DU,
//     DES, VAN, VON (and DER/DEN after VAN/VON) left out on one side (DE LA
//     FONTAINE = LA FONTAINE, VAN DIJK = DIJK), ST = SAINT. LE, LA, EL, AL,
//     BEN, DI, DA, DOS… are part of the name: LE GALL is not GALL. Glued
//     forms (DELAFONTAINE) are the separators rule's.
//  6. GIVEN_SUBSET: the declared given names are some of the document's,
//     in any order (CLAIRE, or CLAIRE ANNE, of ANNE MARIE CLAIRE), each one
//     whole: a compound given name is one name (MARIE is not MARIE-CLAIRE,
//     though JEAN PIERRE written apart is JEAN-PIERRE). An initial is not a
//     given name. The MRZ writes JEAN-PIERRE as JEAN<PIERRE and cannot tell
//     a compound from two names.
//  7. TOKEN_ORDER (full names only): the surname before or after the given
//     names; the surname's own words keep their order, so a double surname
//     (LEROY FAURE, LEROY--FAURE, the legacy double-name separator) is not
//     FAURE LEROY, in last and birth names too. In the MRZ the '<<' tells
//     the surname from the given names. The full name may carry further
//     given names (GIVEN_SUBSET).
//  8. OCR_EQUIVALENT: OCR confusions on the extracted side only (0/O,
//     1/I/L, 5/S, 8/B, 2/Z, 6/G, RN/M, VV/W, CL/D), in the visual zone, the
//     MRZ and texts, word by word and with the rules above, unless the
//     corrected reading is another name (two known given names, a gendered
//     form). There is no typo tolerance: a declared typo, DUPONT/DUPOND,
//     MARTIN/MARTINE are no match. Fuzziness belongs to Similarity.
//  9. NO_MATCH, scored with Similarity.
//
// Found looks for a person in a free text: the last name as whole words
// with a given name of the file next to it on one line (before or after,
// whatever text goes on around it), never across OU/ET unless the joint
// form shares the surname (M ET MME PIERRE ET MARIE ROUX); on bank
// documents the given name's initial is enough (MR P ROUX). A given name
// inside a hyphenated compound (PIERRE of PIERRE-LOUIS) is not found, and
// the last name alone is not enough: a relative shares it. OCR readings
// are tried when the words as written find nobody.
//
// Every Decision carries a score in [0, 1] and an English message that
// never repeats the compared names, so decisions can be logged.
//
// The known given names (firstnames.txt, embedded) serve to refuse an OCR
// correction or a cut MRZ word that reads another real name. TestAccuracy
// measures precision and recall on two labelled sets: testdata/pairs.tsv,
// written with the engine, and testdata/pairs_sources.tsv, written from
// outside sources (ICAO Doc 9303 Part 3, the French civil-status rules for
// usage and double names, RIB, payslip and Kbis layouts) and adversarial
// pairs for each rule.
package names
