package registry

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// SourceRecherche is the open API Recherche d'entreprises.
const SourceRecherche = "recherche-entreprises"

// DefaultRechercheURL is the open API's production server.
const DefaultRechercheURL = "https://recherche-entreprises.api.gouv.fr"

// Recherche is the open API Recherche d'entreprises (no key).
type Recherche struct {
	base string
	f    *fetcher
}

// rechercheRate is the open API's published limit: 7 requests per second
// per IP address (search-api app/doc/open-api.yml, "Limite des requêtes").
const rechercheRate = 7

// NewRecherche returns the open registry at base (DefaultRechercheURL in
// production), with a timeout per call; client may be nil. Calls are kept
// under the API's 7 requests per second.
func NewRecherche(base string, client *http.Client, timeout time.Duration) *Recherche {
	lim := rate.NewLimiter(rechercheRate, rechercheRate)
	return &Recherche{base: strings.TrimRight(base, "/"), f: newFetcher(SourceRecherche, client, timeout, nil, lim)}
}

// Name implements Source.
func (r *Recherche) Name() string { return SourceRecherche }

// The shapes below are the search API's (search-api app/models/unite_legale.py);
// only the fields we use are decoded.
type rechercheResponse struct {
	Results      *[]rechercheUnit `json:"results"`
	TotalResults int              `json:"total_results"`
}

type rechercheUnit struct {
	Siren                  string                   `json:"siren"`
	NomComplet             string                   `json:"nom_complet"`
	NomRaisonSociale       string                   `json:"nom_raison_sociale"`
	NatureJuridique        string                   `json:"nature_juridique"`
	DateCreation           string                   `json:"date_creation"`
	DateFermeture          string                   `json:"date_fermeture"`
	EtatAdministratif      string                   `json:"etat_administratif"`
	Siege                  *rechercheEtablissement  `json:"siege"`
	MatchingEtablissements []rechercheEtablissement `json:"matching_etablissements"`
	Dirigeants             []rechercheDirigeant     `json:"dirigeants"`
}

type rechercheEtablissement struct {
	Siret              string `json:"siret"`
	ActivitePrincipale string `json:"activite_principale"`
	Adresse            string `json:"adresse"`
	CodePostal         string `json:"code_postal"`
	LibelleCommune     string `json:"libelle_commune"`
	NumeroVoie         string `json:"numero_voie"`
	IndiceRepetition   string `json:"indice_repetition"`
	TypeVoie           string `json:"type_voie"`
	LibelleVoie        string `json:"libelle_voie"`
	EstSiege           bool   `json:"est_siege"`
	EtatAdministratif  string `json:"etat_administratif"`
}

// rechercheDirigeant is either shape of dirigeants[]: DirigeantsPP
// (type_dirigeant "personne physique") or DirigeantsPM ("personne morale").
type rechercheDirigeant struct {
	TypeDirigeant    string `json:"type_dirigeant"`
	Nom              string `json:"nom"`
	Prenoms          string `json:"prenoms"`
	DateDeNaissance  string `json:"date_de_naissance"`
	AnneeDeNaissance string `json:"annee_de_naissance"`
	Qualite          string `json:"qualite"`
	Siren            string `json:"siren"`
	Denomination     string `json:"denomination"`
}

// Lookup implements Source: GET /search?q=<id>. A search by SIRET answers
// that establishment in matching_etablissements.
func (r *Recherche) Lookup(ctx context.Context, id string) (*Company, error) {
	u := r.base + "/search?" + url.Values{"q": {id}, "page": {"1"}, "per_page": {"5"}}.Encode()
	status, body, err := r.f.get(ctx, u)
	if err != nil {
		return nil, err
	}
	switch status {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil, &NotFoundError{Source: SourceRecherche}
	default:
		return nil, &UpstreamError{Source: SourceRecherche, Status: status, Reason: "unexpected HTTP status"}
	}
	var resp rechercheResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, &UpstreamError{Source: SourceRecherche, Status: status, Reason: "the answer is not the search API's JSON", Err: err}
	}
	if resp.Results == nil {
		return nil, &UpstreamError{Source: SourceRecherche, Status: status, Reason: "the answer has no results field"}
	}
	siren := id[:min(9, len(id))]
	for _, u := range *resp.Results {
		if u.Siren == siren {
			c := u.company()
			if len(id) == 14 {
				if _, ok := c.Office(id); !ok {
					// The unit is known but not this establishment.
					return nil, &NotFoundError{Source: SourceRecherche}
				}
			}
			return c, nil
		}
	}
	// Non-diffusible units are left out of the open API: not authoritative.
	return nil, &NotFoundError{Source: SourceRecherche}
}

func (u *rechercheUnit) company() *Company {
	c := &Company{
		SIREN:            u.Siren,
		LegalName:        strings.TrimSpace(u.NomRaisonSociale),
		LegalFormCode:    u.NatureJuridique,
		LegalForm:        LegalFormLabel(u.NatureJuridique),
		RegistrationDate: u.DateCreation,
		State:            unitState(u.EtatAdministratif),
		ClosingDate:      u.DateFermeture,
		AgentsKnown:      u.Dirigeants != nil,
		Source:           SourceRecherche,
	}
	if c.LegalName == "" {
		c.LegalName = strings.TrimSpace(u.NomComplet)
	}
	if u.Siege != nil && u.Siege.Siret != "" {
		c.Offices = append(c.Offices, u.Siege.office())
	}
	for _, e := range u.MatchingEtablissements {
		if _, dup := c.Office(e.Siret); !dup && e.Siret != "" {
			c.Offices = append(c.Offices, e.office())
		}
	}
	for _, d := range u.Dirigeants {
		c.Agents = append(c.Agents, d.agent())
	}
	return c
}

func (e *rechercheEtablissement) office() Office {
	street := joinNonEmpty(e.NumeroVoie, e.IndiceRepetition, e.TypeVoie, e.LibelleVoie)
	if street == "" {
		street = e.Adresse
	}
	return Office{
		SIRET:      e.Siret,
		Address:    street,
		PostalCode: e.CodePostal,
		City:       e.LibelleCommune,
		APECode:    apeCode(e.ActivitePrincipale),
		Main:       e.EstSiege,
		State:      officeState(e.EtatAdministratif),
	}
}

func (d *rechercheDirigeant) agent() Agent {
	if d.TypeDirigeant == "personne morale" {
		return Agent{Role: d.Qualite, Legal: true, SIREN: d.Siren, Name: strings.TrimSpace(d.Denomination)}
	}
	birth := d.DateDeNaissance
	if birth == "" {
		birth = d.AnneeDeNaissance
	}
	return Agent{
		Role:       d.Qualite,
		LastName:   strings.TrimSpace(d.Nom),
		FirstNames: strings.TrimSpace(d.Prenoms),
		Name:       joinNonEmpty(d.Nom, d.Prenoms),
		BirthDate:  birth,
	}
}

// unitState reads a unité légale's état administratif: A active, C ceased.
func unitState(s string) State {
	switch s {
	case "A":
		return StateActive
	case "C":
		return StateClosed
	}
	return StateUnknown
}

// officeState reads an établissement's état administratif: A open, F closed.
func officeState(s string) State {
	switch s {
	case "A":
		return StateActive
	case "F":
		return StateClosed
	}
	return StateUnknown
}
