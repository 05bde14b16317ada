package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// specPath is the specification's text in the shared folder beside the
// repository (too large to copy in); the test is skipped where it is absent.
var specPath = filepath.Join("..", "..", "..", "..", "shared", "specs", "2d-doc-spec-v3.2.6.txt")

// TestEmbeddedCatalogueIsGenerated regenerates the catalogue from the
// specification and compares it with twoddoc/identifiers.tsv, so that the
// embedded data cannot drift from its source.
func TestEmbeddedCatalogueIsGenerated(t *testing.T) {
	f, err := os.Open(specPath)
	if err != nil {
		t.Skipf("specification not available (%v): check out the project's shared/ folder beside the repository to run this test", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			lines = append(lines, sc.Text())
		}
	}
	var b strings.Builder
	if n := generate(lines, &b); n < 330 {
		t.Errorf("%d identifiers, want the ~337 of section 7", n)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "identifiers.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Error("twoddoc/identifiers.tsv differs from what gencatalog makes of the specification: regenerate it")
	}
}
