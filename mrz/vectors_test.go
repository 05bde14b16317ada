package mrz

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/idcontrol/idcontrol/civil"
)

// vector is one entry of testdata/vectors/mrz.json. Expect keys that are
// absent are not checked: the file states only what its author asserts.
type vector struct {
	Name          string                     `json:"name"`
	Lines         []string                   `json:"lines"`
	ReferenceDate string                     `json:"referenceDate"`
	Expect        map[string]json.RawMessage `json:"expect"`
}

const vectorsPath = "../testdata/vectors/mrz.json"

// loadVectorsQuiet returns the vectors, or nil when the file is absent or
// unreadable (fuzz seeds).
func loadVectorsQuiet() []vector {
	raw, err := os.ReadFile(filepath.FromSlash(vectorsPath))
	if err != nil {
		return nil
	}
	var vs []vector
	if json.Unmarshal(raw, &vs) != nil {
		return nil
	}
	return vs
}

func loadVectors(tb testing.TB) []vector {
	tb.Helper()
	raw, err := os.ReadFile(filepath.FromSlash(vectorsPath))
	if err != nil {
		tb.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(raw, &vs); err != nil {
		tb.Fatal(err)
	}
	return vs
}

// protoFormat names a Format as the contract's enum does.
var protoFormat = map[Format]string{
	FormatTD1: "MRZ_FORMAT_TD1", FormatTD2: "MRZ_FORMAT_TD2", FormatTD3: "MRZ_FORMAT_TD3",
	FormatMRVA: "MRZ_FORMAT_MRVA", FormatMRVB: "MRZ_FORMAT_MRVB", FormatFRIDCard: "MRZ_FORMAT_FR_ID_CARD",
}

// jsonFields renders a Result with the vectors' key names.
func jsonFields(r *Result) map[string]any {
	sex := ""
	if r.Sex != 0 {
		sex = string(r.Sex)
	}
	var failed []string
	for _, c := range r.CheckDigits {
		if !c.Valid {
			failed = append(failed, c.Field)
		}
	}
	return map[string]any{
		"format":            protoFormat[r.Format],
		"valid":             r.Valid,
		"documentCode":      r.DocumentCode,
		"issuingCountry":    r.IssuingCountry,
		"documentNumber":    r.DocumentNumber,
		"lastName":          r.LastName,
		"firstNames":        r.FirstNames,
		"nationality":       r.Nationality,
		"birthDate":         r.BirthDate.String(),
		"sex":               sex,
		"expirationDate":    r.ExpirationDate.String(),
		"optionalData":      r.OptionalData,
		"failedCheckDigits": failed,
	}
}

// TestVectors runs every shared vector: each asserted key must match.
func TestVectors(t *testing.T) {
	t.Parallel()
	vs := loadVectors(t)
	if len(vs) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			ref, err := civil.ParseISO(v.ReferenceDate)
			if err != nil {
				t.Fatalf("referenceDate: %v", err)
			}
			r, err := Parse(v.Lines, ref)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got := jsonFields(r)
			for key, want := range v.Expect {
				g, ok := got[key]
				if !ok {
					t.Errorf("expect key %q unknown to the test", key)
					continue
				}
				gj, _ := json.Marshal(g)
				if string(gj) == "null" {
					gj = []byte("[]")
				}
				// Re-marshal to drop the file's indentation.
				var wv any
				if err := json.Unmarshal(want, &wv); err != nil {
					t.Fatalf("%s: %v", key, err)
				}
				wj, _ := json.Marshal(wv)
				w := string(wj)
				if w == "null" {
					w = "[]"
				}
				if string(gj) != w {
					t.Errorf("%s = %s, want %s (findings %v)", key, gj, w, r.Findings)
				}
			}
			// Absent keys: at least the French card has no expiry or nationality.
			if r.Format == FormatFRIDCard && (!r.ExpirationDate.IsZero() || r.Nationality != "") {
				t.Errorf("French card: expiry %v, nationality %q; want none", r.ExpirationDate, r.Nationality)
			}
		})
	}
}
