package signature

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadPolicy(t *testing.T) {
	t.Parallel()
	p, err := LoadPolicy(filepath.Join("..", "examples", "policy", "signature.json"))
	if err != nil {
		t.Fatal(err)
	}
	if p.CodeTTL.D() != 5*time.Minute || !p.CountryAllowed("ru") || p.CountryAllowed("DE") || len(p.RequiredDocuments) != 1 {
		t.Fatalf("%+v", p)
	}
	dir := t.TempDir()
	for name, body := range map[string]string{
		"unknown key":       `{"codeLifetime": "5m"}`,
		"no code in text":   `{"templates": {"en": "hello"}}`,
		"no en":             `{"templates": {"ru": "{code}"}}`,
		"too many attempts": `{"maxAttempts": 50}`,
		"ttl not duration":  `{"codeTtl": 300}`,
		"cooldown over ttl": `{"resendCooldown": "10m"}`,
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadPolicy(path); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if p, err := LoadPolicy(""); err != nil || p.MaxAttempts != 3 || p.CodeLength != 6 {
		t.Fatalf("defaults %+v %v", p, err)
	}
}

func TestCodesAreUniformDigits(t *testing.T) {
	t.Parallel()
	var counts [10]int
	for i := 0; i < 2000; i++ {
		c, err := newCode(rand.Reader, 6)
		if err != nil || len(c) != 6 {
			t.Fatalf("%q %v", c, err)
		}
		for _, d := range c {
			counts[d-'0']++
		}
	}
	for d, n := range counts {
		if n < 1000 || n > 1400 { // 1200 expected; > 6 sigma off
			t.Errorf("digit %d drawn %d times of 12000", d, n)
		}
	}
}
