package server

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestServerReachesLibrariesOnlyThroughChecks: handlers go through a
// family (checks/…), never around it to a library (mrz, places, names…).
func TestServerReachesLibrariesOnlyThroughChecks(t *testing.T) {
	const module = "github.com/idcontrol/idcontrol/"
	// internal/apidesc is the contract itself (gen/'s descriptors with
	// their comments), served by reflection, and internal/fastvalidate its
	// validation rules compiled: no library. registry is, like
	// ledger, an outside service the server wires and hands to the families;
	// signature is the agreements' store of record, opened and mapped to
	// statuses by the server like the ledger.
	allowed := []string{"checks", "checks/", "policy", "ledger", "civil", "gen/", "internal/apidesc", "internal/fastvalidate", "registry", "signature"}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			rest, ours := strings.CutPrefix(path, module)
			if !ours {
				continue
			}
			ok := false
			for _, a := range allowed {
				if rest == a || (strings.HasSuffix(a, "/") && strings.HasPrefix(rest, a)) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s imports %s: the server reaches libraries only through checks/", name, path)
			}
		}
	}
}
