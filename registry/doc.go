// Package registry looks French companies up in public company registries,
// behind one small interface (Source) and one production wrapper
// (Connector). It knows nothing of gRPC or of the controls: checks/company
// turns its answers into report.json's companyDetails and the controls.
//
// Two sources decode the sources' own published JSON:
//
//   - Recherche d'entreprises (recherche-entreprises.api.gouv.fr, open, no
//     key): GET /search?q=<SIREN or SIRET>. Shapes from the service's
//     open-source code, github.com/annuaire-entreprises-data-gouv-fr/search-api
//     (app/models/unite_legale.py, app/doc/open-api.yml, commit 7cc364f8):
//     results[] of unités légales with etat_administratif ("A" active, "C"
//     ceased), siege and matching_etablissements (etat_administratif "A"
//     open, "F" closed; for a search by SIRET the one establishment asked,
//     for a search by SIREN none), and dirigeants[], each either a natural
//     person (type_dirigeant "personne physique": nom, prenoms,
//     date_de_naissance as YYYY-MM, qualite) or a company (type_dirigeant
//     "personne morale": siren, denomination, qualite). The API leaves out
//     non-diffusible units, so "no result" there is not proof that a
//     company does not exist. It allows 7 requests per second per IP and
//     answers 429 with Retry-After beyond.
//   - INSEE SIRENE API 3.11 (api.insee.fr/api-sirene/3.11, key in the
//     X-INSEE-Api-Key-Integration header): GET /siren/{siren} answers
//     {header, uniteLegale{siren, dateCreationUniteLegale,
//     periodesUniteLegale[]{dateFin, dateDebut, etatAdministratifUniteLegale,
//     denominationUniteLegale, nomUniteLegale, categorieJuridiqueUniteLegale,
//     activitePrincipaleUniteLegale, nicSiegeUniteLegale…}}}, the current
//     period first (dateFin null); GET /siret/{siret} answers {header,
//     etablissement{siren, nic, siret, etablissementSiege, uniteLegale{…
//     current values…}, adresseEtablissement{numeroVoieEtablissement,
//     typeVoieEtablissement, libelleVoieEtablissement,
//     codePostalEtablissement, libelleCommuneEtablissement…},
//     periodesEtablissement[]{dateFin, etatAdministratifEtablissement,
//     activitePrincipaleEtablissement…}}}. 404 is an unknown number (SIRENE
//     holds every unit, so this one is authoritative); 403 a unit whose
//     data are not public. SIRENE gives no directors.
//
// Connector adds what production needs around the sources: a timeout per
// upstream call within the caller's deadline, retries with backoff on 429
// (honouring Retry-After) and 5xx while the deadline allows, a circuit
// breaker per source (sony/gobreaker), a bounded in-memory cache with TTL
// (hashicorp/golang-lru expirable; hits and misses counted) and
// singleflight, so that concurrent lookups of one number make one upstream
// call. Errors never read as "closed": a failure is an error, and only an
// explicit administrative state closes a company or an establishment.
//
// Nothing here logs: errors carry the source, the HTTP status and a reason,
// never the number looked up.
package registry
