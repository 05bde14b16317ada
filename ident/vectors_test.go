package ident

import (
	"encoding/json"
	"os"
	"testing"
)

// vectorKinds maps the shared vectors' wire kind names to ours.
var vectorKinds = map[string]Kind{
	"IDENTIFIER_KIND_IBAN":                    KindIBAN,
	"IDENTIFIER_KIND_BIC":                     KindBIC,
	"IDENTIFIER_KIND_FR_RIB":                  KindFRRIB,
	"IDENTIFIER_KIND_FR_NIR":                  KindFRNIR,
	"IDENTIFIER_KIND_FR_SIREN":                KindFRSIREN,
	"IDENTIFIER_KIND_FR_SIRET":                KindFRSIRET,
	"IDENTIFIER_KIND_FR_TAX_NUMBER":           KindFRFiscalNumber,
	"IDENTIFIER_KIND_FR_TAX_NOTICE_REFERENCE": KindFRTaxNoticeReference,
	"IDENTIFIER_KIND_RU_INN":                  KindRUINN,
	"IDENTIFIER_KIND_RU_OGRN":                 KindRUOGRN,
	"IDENTIFIER_KIND_RU_OGRNIP":               KindRUOGRNIP,
	"IDENTIFIER_KIND_RU_SNILS":                KindRUSNILS,
	"IDENTIFIER_KIND_PHONE":                   KindPhone,
}

func TestSharedVectors(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../testdata/vectors/identifiers.json")
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct {
		Kind       string  `json:"kind"`
		Value      string  `json:"value"`
		Valid      bool    `json:"valid"`
		Normalized *string `json:"normalized"`
		Why        string  `json:"why"`
	}
	if err := json.Unmarshal(data, &vectors); err != nil {
		t.Fatal(err)
	}
	if len(vectors) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range vectors {
		k, known := vectorKinds[v.Kind]
		if !known {
			t.Errorf("unknown kind %s", v.Kind)
			continue
		}
		r := Validate(k, v.Value)
		want := ""
		if v.Normalized != nil {
			want = *v.Normalized
		}
		if r.Valid != v.Valid || r.Normalized != want {
			t.Errorf("%s %q (%s): valid=%v normalized=%q code=%s (%s); want valid=%v normalized=%q",
				v.Kind, v.Value, v.Why, r.Valid, r.Normalized, r.Code, r.Message, v.Valid, want)
		}
		if r.Kind != k {
			t.Errorf("%s %q: kind %v", v.Kind, v.Value, r.Kind)
		}
		if r.Valid != (r.Code == CodeOK) || r.Code == "" || r.Message == "" {
			t.Errorf("%s %q: code %q message %q", v.Kind, v.Value, r.Code, r.Message)
		}
	}
}
