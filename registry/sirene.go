package registry

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// SourceSirene is INSEE's SIRENE API 3.11.
const SourceSirene = "sirene"

// DefaultSireneURL is the SIRENE API 3.11 on INSEE's API portal.
const DefaultSireneURL = "https://api.insee.fr/api-sirene/3.11"

// sireneKeyHeader carries the integration key of INSEE's API portal.
const sireneKeyHeader = "X-INSEE-Api-Key-Integration"

// Sirene is INSEE's SIRENE API 3.11 (key).
type Sirene struct {
	base string
	f    *fetcher
}

// NewSirene returns the SIRENE API at base (DefaultSireneURL in
// production) with its integration key; client may be nil.
func NewSirene(base, key string, client *http.Client, timeout time.Duration) *Sirene {
	h := http.Header{}
	if key != "" {
		h.Set(sireneKeyHeader, key)
	}
	// INSEE's portal allows 30 requests per minute on the public plan.
	lim := rate.NewLimiter(rate.Every(2*time.Second), 30)
	return &Sirene{base: strings.TrimRight(base, "/"), f: newFetcher(SourceSirene, client, timeout, h, lim)}
}

// Name implements Source.
func (s *Sirene) Name() string { return SourceSirene }

// The shapes below are SIRENE 3.11's (/siren/{siren} and /siret/{siret});
// only the fields we use are decoded.
type sireneSirenResponse struct {
	UniteLegale *sireneUniteLegale `json:"uniteLegale"`
}

type sireneUniteLegale struct {
	Siren                   string            `json:"siren"`
	DateCreationUniteLegale string            `json:"dateCreationUniteLegale"`
	Prenom1UniteLegale      string            `json:"prenom1UniteLegale"`
	PeriodesUniteLegale     []sirenePeriodeUL `json:"periodesUniteLegale"`
}

type sirenePeriodeUL struct {
	DateFin                       *string `json:"dateFin"`
	DateDebut                     string  `json:"dateDebut"`
	EtatAdministratifUniteLegale  string  `json:"etatAdministratifUniteLegale"`
	DenominationUniteLegale       string  `json:"denominationUniteLegale"`
	NomUniteLegale                string  `json:"nomUniteLegale"`
	CategorieJuridiqueUniteLegale string  `json:"categorieJuridiqueUniteLegale"`
	ActivitePrincipaleUniteLegale string  `json:"activitePrincipaleUniteLegale"`
	NicSiegeUniteLegale           string  `json:"nicSiegeUniteLegale"`
}

type sireneSiretResponse struct {
	Etablissement *sireneEtablissement `json:"etablissement"`
}

type sireneEtablissement struct {
	Siren              string `json:"siren"`
	Siret              string `json:"siret"`
	EtablissementSiege bool   `json:"etablissementSiege"`
	UniteLegale        struct {
		EtatAdministratifUniteLegale  string `json:"etatAdministratifUniteLegale"`
		DenominationUniteLegale       string `json:"denominationUniteLegale"`
		NomUniteLegale                string `json:"nomUniteLegale"`
		Prenom1UniteLegale            string `json:"prenom1UniteLegale"`
		CategorieJuridiqueUniteLegale string `json:"categorieJuridiqueUniteLegale"`
		DateCreationUniteLegale       string `json:"dateCreationUniteLegale"`
	} `json:"uniteLegale"`
	AdresseEtablissement struct {
		NumeroVoieEtablissement       string `json:"numeroVoieEtablissement"`
		IndiceRepetitionEtablissement string `json:"indiceRepetitionEtablissement"`
		TypeVoieEtablissement         string `json:"typeVoieEtablissement"`
		LibelleVoieEtablissement      string `json:"libelleVoieEtablissement"`
		CodePostalEtablissement       string `json:"codePostalEtablissement"`
		LibelleCommuneEtablissement   string `json:"libelleCommuneEtablissement"`
	} `json:"adresseEtablissement"`
	PeriodesEtablissement []struct {
		DateFin                         *string `json:"dateFin"`
		EtatAdministratifEtablissement  string  `json:"etatAdministratifEtablissement"`
		ActivitePrincipaleEtablissement string  `json:"activitePrincipaleEtablissement"`
	} `json:"periodesEtablissement"`
}

// Lookup implements Source: /siren/{siren} for a SIREN, /siret/{siret}
// for a SIRET (which carries its unit's current state).
func (s *Sirene) Lookup(ctx context.Context, id string) (*Company, error) {
	path := "/siren/"
	if len(id) == 14 {
		path = "/siret/"
	}
	status, body, err := s.f.get(ctx, s.base+path+id)
	if err != nil {
		return nil, err
	}
	switch status {
	case http.StatusOK:
	case http.StatusNotFound:
		// SIRENE holds every unit, closed or not public: unknown is unknown.
		return nil, &NotFoundError{Source: SourceSirene, Authoritative: true}
	case http.StatusUnauthorized:
		return nil, &UpstreamError{Source: SourceSirene, Status: status, Reason: "the API key was refused"}
	case http.StatusForbidden:
		return nil, &UpstreamError{Source: SourceSirene, Status: status, Reason: "the unit's data are not public"}
	default:
		return nil, &UpstreamError{Source: SourceSirene, Status: status, Reason: "unexpected HTTP status"}
	}
	if len(id) == 14 {
		var resp sireneSiretResponse
		if err := json.Unmarshal(body, &resp); err != nil || resp.Etablissement == nil || resp.Etablissement.Siret != id {
			return nil, malformed(status, err)
		}
		return resp.Etablissement.company(), nil
	}
	var resp sireneSirenResponse
	if err := json.Unmarshal(body, &resp); err != nil || resp.UniteLegale == nil || resp.UniteLegale.Siren != id || len(resp.UniteLegale.PeriodesUniteLegale) == 0 {
		return nil, malformed(status, err)
	}
	return resp.UniteLegale.company(), nil
}

func malformed(status int, err error) error {
	return &UpstreamError{Source: SourceSirene, Status: status, Reason: "the answer is not SIRENE's JSON", Err: err}
}

func (u *sireneUniteLegale) company() *Company {
	// The current period comes first (dateFin null); do not rely on the
	// order alone.
	cur := u.PeriodesUniteLegale[0]
	for _, p := range u.PeriodesUniteLegale {
		if p.DateFin == nil {
			cur = p
			break
		}
	}
	c := &Company{
		SIREN:            u.Siren,
		LegalName:        unitName(cur.DenominationUniteLegale, cur.NomUniteLegale, u.Prenom1UniteLegale),
		LegalFormCode:    cur.CategorieJuridiqueUniteLegale,
		LegalForm:        LegalFormLabel(cur.CategorieJuridiqueUniteLegale),
		RegistrationDate: u.DateCreationUniteLegale,
		State:            unitState(cur.EtatAdministratifUniteLegale),
		Source:           SourceSirene,
	}
	if c.State == StateClosed {
		c.ClosingDate = cur.DateDebut // the period of the ceased state starts at the closing
	}
	if cur.NicSiegeUniteLegale != "" {
		// Only the head office's number: its state is not in this answer.
		c.Offices = []Office{{SIRET: u.Siren + cur.NicSiegeUniteLegale, Main: true, APECode: apeCode(cur.ActivitePrincipaleUniteLegale)}}
	}
	return c
}

func (e *sireneEtablissement) company() *Company {
	ul := &e.UniteLegale
	c := &Company{
		SIREN:            e.Siren,
		LegalName:        unitName(ul.DenominationUniteLegale, ul.NomUniteLegale, ul.Prenom1UniteLegale),
		LegalFormCode:    ul.CategorieJuridiqueUniteLegale,
		LegalForm:        LegalFormLabel(ul.CategorieJuridiqueUniteLegale),
		RegistrationDate: ul.DateCreationUniteLegale,
		State:            unitState(ul.EtatAdministratifUniteLegale),
		Source:           SourceSirene,
	}
	a := &e.AdresseEtablissement
	o := Office{
		SIRET:      e.Siret,
		Address:    joinNonEmpty(a.NumeroVoieEtablissement, a.IndiceRepetitionEtablissement, a.TypeVoieEtablissement, a.LibelleVoieEtablissement),
		PostalCode: a.CodePostalEtablissement,
		City:       a.LibelleCommuneEtablissement,
		Main:       e.EtablissementSiege,
	}
	for _, p := range e.PeriodesEtablissement {
		if p.DateFin == nil {
			o.State = officeState(p.EtatAdministratifEtablissement)
			o.APECode = apeCode(p.ActivitePrincipaleEtablissement)
			break
		}
	}
	c.Offices = []Office{o}
	return c
}

// unitName is the denomination of a company, or "NOM Prénom" of a sole trader.
func unitName(denomination, nom, prenom string) string {
	if d := strings.TrimSpace(denomination); d != "" {
		return d
	}
	return joinNonEmpty(nom, prenom)
}
