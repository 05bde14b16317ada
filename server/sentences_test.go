package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestAnswerMessagesAreSentences walks every example and golden answer
// (server/testdata/examples, checks/*/testdata): each message a finding, a
// comparison or an identifier result carries is one sentence, starting
// with a capital and ending with a period, whichever package wrote it.
func TestAnswerMessagesAreSentences(t *testing.T) {
	t.Parallel()
	var files []string
	for _, pattern := range []string{"testdata/examples/*.golden.json", "../checks/*/testdata/*.golden.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("found %d golden answers: has the layout changed?", len(files))
	}
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walkMessages(v, func(msg string) {
			n++
			first, _ := utf8.DecodeRuneInString(msg)
			if msg == "" || !unicode.IsUpper(first) || msg[len(msg)-1] != '.' {
				t.Errorf("%s: %q is not a sentence (capital first, period last)", f, msg)
			}
		})
	}
	if n == 0 {
		t.Fatal("no message in the golden answers")
	}
}

// walkMessages calls fn with every string under a "message" key.
func walkMessages(v any, fn func(string)) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			walkMessages(e, fn)
		}
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "message" {
				fn(s)
			}
			walkMessages(e, fn)
		}
	}
}
