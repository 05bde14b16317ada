package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

const example = "../../examples/ControlService.CheckClientFile.proofs.json"

func TestCheckLocal(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"check", "--local", example}, nil, &out, &errOut)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"DOCUMENT", "1 invoice INVOICE", "postalAddressMatch", "DECISION REVIEW", "document 4 payslip: nirFound failed → REVIEW"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCheckJSON(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"check", "--local", "--json", example}, nil, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	resp := &idcontrolv1.CheckClientFileResponse{}
	if err := protojson.Unmarshal(out.Bytes(), resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Documents) != 5 || resp.Decision != idcontrolv1.Decision_DECISION_REVIEW {
		t.Errorf("got %d documents, %s", len(resp.Documents), resp.Decision)
	}
}

func TestDeclineExitStatus(t *testing.T) {
	t.Parallel()
	file := `{"clientFile": {"participants": [{"uuid": "p1", "firstName": "Jean", "lastName": "Dupont"}]},
		"documents": [{"id": "o", "type": "OTHER", "text": "DUPLICATA non contractuel"}],
		"policy": {"keywordsBlacklist": ["duplicata"]}, "referenceDate": "2024-04-01"}`
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"check", "--local", "-"}, strings.NewReader(file), &out, &errOut); code != exitDecline {
		t.Fatalf("exit %d, want %d: %s%s", code, exitDecline, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "DECISION DECLINE") || !strings.Contains(out.String(), "keywordsBlacklist failed → DECLINE") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args  []string
		stdin string
	}{
		{nil, ""},
		{[]string{"nope"}, ""},
		{[]string{"check"}, ""},
		{[]string{"check", "--local", "-"}, "{not json"},
		{[]string{"check", "--local", "-"}, `{"clientFile": {}, "referenceDate": "2024-13-01"}`},
		{[]string{"check", "--local", "-"}, `{"clientFile": {}, "policy": {"maxDocumentsPerFile": 50}}`},
		{[]string{"check", "--local", "/nonexistent.json"}, ""},
	} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), c.args, strings.NewReader(c.stdin), &out, &errOut); code != exitError {
			t.Errorf("%q %q: exit %d, want %d", c.args, c.stdin, code, exitError)
		}
	}
}

// TestCheckCoherence: the cross-document controls are rows of the table,
// and one that fails is a reason named by its participant.
func TestCheckCoherence(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../examples/ControlService.CheckClientFile.coherence.json")
	if err != nil {
		t.Fatal(err)
	}
	// The payslip of a namesake: same surname, another given name.
	file := filepath.Join(t.TempDir(), "file.json")
	if err := os.WriteFile(file, bytes.Replace(raw, []byte(`"firstName": "JEAN",`), []byte(`"firstName": "PIERRE",`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"check", "--local", file}, nil, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"coherence p1", "sameAddress", "coherence p1: participants.sameIdentity failed → REVIEW"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
