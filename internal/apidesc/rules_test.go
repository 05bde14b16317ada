package apidesc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"testing"
)

// TestMatchRulesDocumented: MatchFieldResponse.rule's comment, which
// grpcurl describe and docs/api.md show, explains every rule the engine
// answers: each constant of type Rule in match/match.go, so that a rule
// added there without its line in match.proto fails here.
func TestMatchRulesDocumented(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "../../match/match.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Rule" {
			return true
		}
		for _, v := range vs.Values {
			if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				rules = append(rules, s)
			}
		}
		return true
	})
	if len(rules) < 17 {
		t.Fatalf("read %d rules from match/match.go, want at least 17", len(rules))
	}

	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	d, err := files.FindDescriptorByName("idcontrol.v1.MatchFieldResponse.rule")
	if err != nil {
		t.Fatal(err)
	}
	comment := d.ParentFile().SourceLocations().ByDescriptor(d).LeadingComments
	for _, r := range rules {
		// Each rule opens its own line: "  NAME: what it allows".
		if !regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(r) + `: \S`).MatchString(comment) {
			t.Errorf("MatchFieldResponse.rule's comment does not explain %s", r)
		}
	}
}
