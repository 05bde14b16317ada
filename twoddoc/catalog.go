package twoddoc

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

//go:embed identifiers.tsv
var identifiersTSV string

//go:embed identifiers-supplement.tsv
var supplementTSV string

//go:embed types.tsv
var typesTSV string

// Identifier is one data identifier of the C40 perimeter '01'.
type Identifier struct {
	ID      string
	Section string // "7.3"; "S" for the v3.3.x supplement
	Min     int
	Max     int // -1: no maximum
	Type    string
	Name    string
}

// Fixed reports whether the identifier has a fixed length: its value is
// not followed by a separator.
func (i Identifier) Fixed() bool { return i.Max > 0 && i.Min == i.Max }

// Presence says what a document type asks of an identifier.
type Presence uint8

const (
	// PresenceOptional: the identifier may appear.
	PresenceOptional Presence = iota + 1
	// PresenceMandatory: the identifier must appear.
	PresenceMandatory
	// PresenceForbidden: the identifier must not appear in this type.
	PresenceForbidden
)

// DocumentType is what the catalogue knows of one document type.
type DocumentType struct {
	Code     string
	Family   string // address, bank, tax, payslip, identity
	Name     string
	sections map[string]bool
	rules    map[string]Presence
	// alternatives are mandatory groups: at least one alternative has all
	// its identifiers present.
	alternatives [][][]string
}

// Presence says whether id may, must or must not appear in the type.
func (t *DocumentType) Presence(id string, def Identifier, known bool) Presence {
	if p, ok := t.rules[id]; ok {
		return p
	}
	if known && t.sections[def.Section] {
		return PresenceOptional
	}
	return PresenceForbidden
}

type catalog struct {
	ids   map[string]Identifier
	types map[string]*DocumentType
}

var (
	catOnce sync.Once
	cat     *catalog
	catErr  error
)

// loadCatalog parses the embedded tables once. A malformed table is a
// build defect; tests load it, so it never reaches production.
func loadCatalog() (*catalog, error) {
	catOnce.Do(func() { cat, catErr = parseCatalog() })
	return cat, catErr
}

// mustCatalog is loadCatalog for callers that cannot fail: the tables are
// embedded and checked by the tests.
func mustCatalog() *catalog {
	c, err := loadCatalog()
	if err != nil {
		return &catalog{ids: map[string]Identifier{}, types: map[string]*DocumentType{}}
	}
	return c
}

func parseCatalog() (*catalog, error) {
	c := &catalog{ids: map[string]Identifier{}, types: map[string]*DocumentType{}}
	for _, src := range []string{identifiersTSV, supplementTSV} {
		for n, line := range strings.Split(src, "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) != 6 || len(f[0]) != 2 {
				return nil, fmt.Errorf("identifiers line %d: want 6 columns", n+1)
			}
			mn, err1 := strconv.Atoi(f[2])
			mx, err2 := strconv.Atoi(f[3])
			if err1 != nil || err2 != nil || mn < 0 || mx < -1 || (mx >= 0 && mx < mn) {
				return nil, fmt.Errorf("identifiers line %d: bad lengths", n+1)
			}
			c.ids[f[0]] = Identifier{ID: f[0], Section: f[1], Min: mn, Max: mx, Type: f[4], Name: f[5]}
		}
	}
	for n, line := range strings.Split(typesTSV, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("types line %d: want 5 columns", n+1)
		}
		t := &DocumentType{Code: f[0], Family: f[1], Name: f[2], sections: map[string]bool{}, rules: map[string]Presence{}}
		for _, s := range strings.Fields(f[3]) {
			t.sections[s] = true
		}
		for _, r := range strings.Fields(f[4]) {
			ids, p, ok := strings.Cut(r, ":")
			if !ok {
				return nil, fmt.Errorf("types line %d: rule %q", n+1, r)
			}
			var pres Presence
			switch p {
			case "O":
				pres = PresenceMandatory
			case "F":
				pres = PresenceOptional
			case "-":
				pres = PresenceForbidden
			default:
				return nil, fmt.Errorf("types line %d: rule %q", n+1, r)
			}
			if strings.ContainsAny(ids, "|+") {
				if pres != PresenceMandatory {
					return nil, fmt.Errorf("types line %d: a group must be mandatory", n+1)
				}
				var group [][]string
				for _, alt := range strings.Split(ids, "|") {
					members := strings.Split(alt, "+")
					for _, m := range members {
						if _, ok := c.ids[m]; !ok {
							return nil, fmt.Errorf("types line %d: unknown identifier %s", n+1, m)
						}
						t.rules[m] = PresenceOptional
					}
					group = append(group, members)
				}
				t.alternatives = append(t.alternatives, group)
				continue
			}
			if _, ok := c.ids[ids]; !ok {
				return nil, fmt.Errorf("types line %d: unknown identifier %s", n+1, ids)
			}
			t.rules[ids] = pres
		}
		c.types[t.Code] = t
	}
	return c, nil
}

// LookupIdentifier returns the catalogue's definition of a data identifier.
func LookupIdentifier(id string) (Identifier, bool) {
	d, ok := mustCatalog().ids[id]
	return d, ok
}

// LookupType returns the catalogue's definition of a document type of the
// C40 perimeter '01'.
func LookupType(code string) (*DocumentType, bool) {
	t, ok := mustCatalog().types[code]
	return t, ok
}
