// Package places compares birth places and French postal addresses for the
// name engine: 'PARIS 15E ARRONDISSEMENT (75)' = 'PARIS 15E (75)' = INSEE
// 75115, ST = SAINT, homonym communes told apart by their department,
// foreign places by folded text; addresses after La Poste / AFNOR XP Z10-011
// street-type abbreviations (AV, BD, R, CHE…), BIS/TER/QUATER, postal code
// and city, with complements (BAT, ESC, APT, BP, CS…, a résidence or a
// bâtiment before or after the street) and CEDEX ignored, LD = LIEU-DIT, and
// digits an OCR engine read for letters inside a word (G4RE) read as the
// declared letters.
//
// Decisions are match.Decision values whose messages never repeat the
// compared values. Boolean decisions are rules; PlaceSimilarity and
// AddressSimilarity give scores in [0, 1] for similarity scoring.
//
// The commune reference (communes.tsv.gz: INSEE code, name, department,
// postal codes, type) is generated from the npm package
// @etalab/decoupage-administratif (Licence Ouverte 2.0) by
// places/internal/gen; regenerate it with
//
//	make -f places/Makefile.places communes
//
// It holds current communes, municipal arrondissements and delegated or
// associated communes (former communes merged into a new one) still listed by
// the source; older former communes are not included.
package places
