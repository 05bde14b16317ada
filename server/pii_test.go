package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/idcontrol/idcontrol/ledger"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
)

// trapLedger fails or panics on chosen attempt keys, to drive the error
// paths; its panic value carries the key, as a careless panic would.
type trapLedger struct{ ledger.Ledger }

func (l trapLedger) Consume(ctx context.Context, key string, maxAttempts int, ttl time.Duration) (int, bool, error) {
	switch {
	case strings.HasSuffix(key, "-panic-trap"):
		panic(fmt.Sprintf("ledger trap for %s", key))
	case strings.HasSuffix(key, "-fail-trap"):
		return 0, false, ledger.ErrUnavailable
	}
	return l.Ledger.Consume(ctx, key, maxAttempts, ttl)
}

// fixtureValues harvests every string of the example requests, whole and
// split into words and MRZ fields: whatever a fixture holds is treated as
// personal. Short tokens and the schema's own words (enum names) are left
// out, since they turn up by chance (a "FRA" in a duration, a method name).
func fixtureValues(examples []example) []string {
	seen := map[string]bool{}
	var add func(string)
	add = func(s string) {
		s = strings.TrimSpace(s)
		if len([]rune(s)) < 4 || seen[s] || isSchemaWord(s) {
			return
		}
		if strings.IndexFunc(s, unicode.IsLetter) < 0 && len(s) < 6 {
			return // a bare short number: a port, a duration
		}
		seen[s] = true
	}
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsMap():
				v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
					if fd.MapValue().Kind() == protoreflect.StringKind {
						addAll(add, mv.String())
					}
					return true
				})
			case fd.IsList():
				for i := range v.List().Len() {
					e := v.List().Get(i)
					if fd.Kind() == protoreflect.StringKind {
						addAll(add, e.String())
					} else if fd.Kind() == protoreflect.MessageKind {
						walk(e.Message())
					}
				}
			case fd.Kind() == protoreflect.StringKind:
				addAll(add, v.String())
			case fd.Kind() == protoreflect.MessageKind:
				walk(v.Message())
			}
			return true
		})
	}
	for _, ex := range examples {
		walk(ex.request)
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	return out
}

func addAll(add func(string), s string) {
	add(s)
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '<' || unicode.IsSpace(r) || r == ',' }) {
		add(w)
	}
}

// isSchemaWord: an enum value name like MATCH_FIELD_BIRTH_DATE, or a word
// of the schema's names ("fiscal" of fiscalNumber, "reference" of
// referenceDate), which a log or metric may name; a form's boilerplate in
// the fixtures' free text is made of such words.
func isSchemaWord(s string) bool {
	if strings.Contains(s, "_") && strings.ToUpper(s) == s && !strings.ContainsAny(s, " <0123456789") {
		return true
	}
	return schemaWords()[strings.ToLower(s)]
}

var schemaWords = sync.OnceValue(func() map[string]bool {
	words := map[string]bool{}
	addName := func(name string) {
		var w []rune
		flush := func() {
			if len(w) > 0 {
				words[strings.ToLower(string(w))] = true
				w = w[:0]
			}
		}
		for _, r := range name {
			switch {
			case r == '_' || unicode.IsDigit(r):
				flush()
			case unicode.IsUpper(r) && len(w) > 0 && !unicode.IsUpper(w[len(w)-1]):
				flush()
				w = append(w, r)
			default:
				w = append(w, r)
			}
		}
		flush()
	}
	var walk func(md protoreflect.MessageDescriptor)
	walk = func(md protoreflect.MessageDescriptor) {
		addName(string(md.Name()))
		for i := range md.Fields().Len() {
			addName(md.Fields().Get(i).JSONName())
		}
		for i := range md.Messages().Len() {
			walk(md.Messages().Get(i))
		}
	}
	protoregistry.GlobalFiles.RangeFilesByPackage("idcontrol.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := range fd.Messages().Len() {
			walk(fd.Messages().Get(i))
		}
		return true
	})
	return words
})

// scramble appends "#" to every string: most fields then break their
// rules, which drives the validation errors with the values inside.
func scramble(m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsMap():
		case fd.IsList():
			for i := range v.List().Len() {
				if fd.Kind() == protoreflect.StringKind {
					v.List().Set(i, protoreflect.ValueOfString(v.List().Get(i).String()+"#"))
				} else if fd.Kind() == protoreflect.MessageKind {
					scramble(v.List().Get(i).Message())
				}
			}
		case fd.Kind() == protoreflect.StringKind:
			m.Set(fd, protoreflect.ValueOfString(v.String()+"#"))
		case fd.Kind() == protoreflect.MessageKind:
			scramble(v.Message())
		}
		return true
	})
}

// TestNoPersonalDataInLogsOrMetrics runs every example request — valid,
// scrambled into validation errors, unauthenticated, with a ledger that
// fails and one that panics with the key in its value — against a live
// server with authentication and metrics, at every log level, and looks
// for any value of the fixtures in the log and in /metrics.
func TestNoPersonalDataInLogsOrMetrics(t *testing.T) {
	t.Parallel()
	examples := loadExamples(t)
	personal := fixtureValues(examples)
	if len(personal) < 50 {
		t.Fatalf("only %d fixture values harvested: the harvest is broken", len(personal))
	}
	const trapKey = "880692310285"
	personal = append(personal, trapKey)
	cfgPath := filepath.Join(t.TempDir(), "auth.json")
	sigKey, sigEvidence := signatureKeyFiles(t)
	writeJSON(t, cfgPath, authFile{Clients: []clientConf{{ID: "pii", APIKeysSHA256: []string{keyHash("pii-test-key")}}}})
	for _, level := range []slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError} {
		t.Run(level.String(), func(t *testing.T) {
			t.Parallel()
			live := startLiveWith(t, level, func(c *Config) {
				c.AuthConfig, c.MetricsListen = cfgPath, "127.0.0.1:0"
				c.SignatureKeyFile, c.SignatureEvidenceKeyFile, c.SMSOutbox = sigKey, sigEvidence, true
			}, func(s *Server) { s.deps.ledger = trapLedger{s.deps.ledger} })
			conn := dialPlain(t, live.addr)
			ctx := withKey("pii-test-key")
			var similarity *example
			for i, ex := range examples {
				resp := dynamicpb.NewMessage(ex.method.Output())
				// The signature examples walk seeded agreements; on this fresh
				// store most are refused transitions: error paths, logged too.
				if err := conn.Invoke(ctx, ex.path(), ex.request, resp); err != nil && ex.method.Parent().Name() != "SignatureService" {
					t.Errorf("%s: %v", ex.name, err)
				}
				bad := proto.Clone(ex.request).(*dynamicpb.Message)
				scramble(bad)
				_ = conn.Invoke(ctx, ex.path(), bad, resp)
				wantCode(t, ex.name+" without key", conn.Invoke(context.Background(), ex.path(), ex.request, resp), codes.Unauthenticated)
				wantCode(t, ex.name+" with a fixture as key", conn.Invoke(withKey(trapKey), ex.path(), ex.request, resp), codes.Unauthenticated)
				if ex.method.Name() == "ScoreSimilarity" {
					similarity = &examples[i]
				}
			}
			if similarity == nil {
				t.Fatal("no ScoreSimilarity example")
			}
			keyField := similarity.request.Descriptor().Fields().ByJSONName("attemptKey")
			for suffix, want := range map[string]codes.Code{"-fail-trap": codes.Unavailable, "-panic-trap": codes.Internal} {
				req := proto.Clone(similarity.request).(*dynamicpb.Message)
				req.Set(keyField, protoreflect.ValueOfString(trapKey+suffix))
				resp := dynamicpb.NewMessage(similarity.method.Output())
				if err := conn.Invoke(ctx, similarity.path(), req, resp); status.Code(err) != want {
					t.Errorf("attempt key %s: %v, want %v", suffix, err, want)
				}
			}
			_, metrics := httpGet(t, "http://"+live.srv.deps.ext.metricsAddr+"/metrics")
			logs := live.logs.String()
			if !strings.Contains(logs, "panic in handler") || !strings.Contains(metrics, "grpc_server_handled_total") {
				t.Fatalf("the panic or the metrics are missing: the test saw nothing\n%s", logs)
			}
			if level == slog.LevelDebug && !strings.Contains(logs, "CheckIdentityDocument") {
				t.Fatalf("the debug log lacks the calls:\n%s", logs)
			}
			for _, p := range personal {
				if strings.Contains(logs, p) {
					t.Errorf("fixture value %q reached the log", p)
				}
				if strings.Contains(metrics, p) {
					t.Errorf("fixture value %q reached /metrics", p)
				}
			}
		})
	}
}

// signatureKeyFiles writes a code key and an Ed25519 evidence key, so that
// the live server serves SignatureService as a configured one does.
func signatureKeyFiles(t *testing.T) (codeKey, evidenceKey string) {
	t.Helper()
	dir := t.TempDir()
	codeKey = filepath.Join(dir, "code.key")
	if err := os.WriteFile(codeKey, []byte(strings.Repeat("5a", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	evidenceKey = filepath.Join(dir, "evidence.pem")
	if err := os.WriteFile(evidenceKey, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return codeKey, evidenceKey
}
