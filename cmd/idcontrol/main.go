// Command idcontrol is the command line for people: `idcontrol check
// FILE.json` sends a client file (CheckClientFile's request, JSON) to a
// server, or evaluates it in this process with --local, and prints a table
// of every document's controls with why, then the decision; `idcontrol mrz
// LINE…` parses an MRZ on the server; `idcontrol validate KIND VALUE…`
// validates identifiers. The exit status is 2 when the decision is DECLINE
// (or a value is not valid), 1 on an error, so that it fits in a shell
// pipeline.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"buf.build/go/protovalidate"
	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/clientfile"
	"github.com/idcontrol/idcontrol/checks/doc2d"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Exit statuses.
const (
	exitOK      = 0
	exitError   = 1
	exitDecline = 2
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: idcontrol check [flags] FILE.json   (FILE "-" reads stdin)
       idcontrol mrz [--addr host:port] [--json] LINE1 LINE2 [LINE3]
       idcontrol validate [--addr host:port | --local] KIND VALUE…

  Sends a client file (CheckClientFile's request as JSON: clientFile,
  documents, policy or policyId, referenceDate) to a server, or evaluates it
  here with --local, and prints every control with why and the decision.
  Exit status: 0 APPROVE or REVIEW, 2 DECLINE, 1 error; mrz and validate
  exit 2 when a value is not valid.

  The connection is plaintext unless the environment says otherwise:
  IDCONTROL_CLIENT_TLS_CA=ca.pem (TLS, the server's CA; or
  IDCONTROL_CLIENT_TLS=1 for the system's roots), IDCONTROL_CLIENT_TLS_CERT
  and IDCONTROL_CLIENT_TLS_KEY (mutual TLS), IDCONTROL_CLIENT_API_KEY (sent
  as x-api-key).
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "mrz" {
		return runMrz(ctx, args[1:], stdout, stderr, dial)
	}
	if len(args) > 0 && args[0] == "validate" {
		return runValidate(ctx, args[1:], stdout, stderr, dial)
	}
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprint(stderr, usage)
		return exitError
	}
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:50051", "server address (TLS and API key: see the IDCONTROL_CLIENT_ variables in the usage)")
	local := fs.Bool("local", false, "evaluate in this process instead of calling a server")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	policies := fs.String("policies", "", "with --local: the policy file, as the server's --policies")
	trustDir := fs.String("trust-store", "", "with --local: the 2D-Doc certificates, as the server's --trust-store")
	timeout := fs.Duration("timeout", 10*time.Second, "how long to wait for the server")
	if err := fs.Parse(args[1:]); err != nil {
		return exitError
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, usage)
		return exitError
	}
	req, err := readRequest(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintln(stderr, "idcontrol:", err)
		return exitError
	}
	var resp *idcontrolv1.CheckClientFileResponse
	if *local {
		resp, err = evaluate(ctx, req, *policies, *trustDir)
	} else {
		resp, err = call(ctx, *addr, *timeout, req)
	}
	if err != nil {
		fmt.Fprintln(stderr, "idcontrol:", err)
		return exitError
	}
	if *asJSON {
		out, err := protojson.MarshalOptions{Multiline: true}.Marshal(resp)
		if err != nil {
			fmt.Fprintln(stderr, "idcontrol:", err)
			return exitError
		}
		fmt.Fprintln(stdout, string(out))
	} else {
		printTable(stdout, resp)
	}
	if resp.GetDecision() == idcontrolv1.Decision_DECISION_DECLINE {
		return exitDecline
	}
	return exitOK
}

func readRequest(path string, stdin io.Reader) (*idcontrolv1.CheckClientFileRequest, error) {
	var raw []byte
	var err error
	if path == "-" {
		raw, err = io.ReadAll(io.LimitReader(stdin, 64<<20))
	} else {
		raw, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	req := &idcontrolv1.CheckClientFileRequest{}
	if err := protojson.Unmarshal(raw, req); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return req, nil
}

func call(ctx context.Context, addr string, timeout time.Duration, req *idcontrolv1.CheckClientFileRequest) (*idcontrolv1.CheckClientFileResponse, error) {
	conn, err := dial(addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return idcontrolv1.NewControlServiceClient(conn).CheckClientFile(ctx, req)
}

// evaluate does what the server's CheckClientFile does, in this process:
// the request's rules, the policy file, the reference date (today in
// Europe/Paris by default), the family checks.
func evaluate(ctx context.Context, req *idcontrolv1.CheckClientFileRequest, policies, trustDir string) (*idcontrolv1.CheckClientFileResponse, error) {
	v, err := protovalidate.New()
	if err != nil {
		return nil, err
	}
	if err := v.Validate(req); err != nil {
		return nil, err
	}
	store, err := policy.Load(policies)
	if err != nil {
		return nil, err
	}
	var trust *doc2d.TrustStore
	if trustDir != "" {
		if trust, err = doc2d.LoadTrustStore(trustDir); err != nil {
			return nil, err
		}
	}
	var bad checks.Violations
	ref, ok := checks.ParseDate(&bad, "referenceDate", req.GetReferenceDate(), false)
	if !ok {
		paris, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			paris = time.UTC
		}
		ref = civil.FromTime(time.Now().In(paris))
	}
	pol, err := store.Lookup(req.GetPolicy(), req.GetPolicyId())
	if err != nil {
		return nil, err
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	resp, err := clientfile.Check(ctx, req, pol, ref, clientfile.Deps{Trust: trust})
	var vs checks.Violations
	if errors.As(err, &vs) {
		var lines []string
		for _, x := range vs {
			lines = append(lines, x.Field+": "+x.Description)
		}
		return nil, errors.New("invalid request: " + strings.Join(lines, "; "))
	}
	return resp, err
}

// printTable prints one row per control of each document (document,
// control, value, why), then the decision and its reasons.
func printTable(w io.Writer, resp *idcontrolv1.CheckClientFileResponse) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOCUMENT\tCONTROL\tVALUE\tWHY")
	for i, d := range resp.GetDocuments() {
		name := fmt.Sprintf("%d %s %s", i, d.GetId(), d.GetType())
		for _, f := range d.GetFindings() {
			fmt.Fprintf(tw, "%s\t%s\t\t%s\n", name, f.GetControl(), f.GetMessage())
		}
		ctl, findings := familyAnswer(d)
		if ctl == nil {
			continue
		}
		for _, r := range rows(ctl, "", "") {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, r.control, r.value, why(findings, r.json, r.owner))
		}
	}
	// The cross-document controls, per participant.
	for _, pc := range resp.GetCoherence().GetParticipants() {
		name := "coherence " + pc.GetOwner()
		for _, r := range rows(pc.ProtoReflect(), "", pc.GetOwner()) {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, r.control, r.value, why(pc.GetFindings(), r.json, r.owner))
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "\nDECISION %s\n", strings.TrimPrefix(resp.GetDecision().String(), "DECISION_"))
	for _, r := range resp.GetReasons() {
		what := fmt.Sprintf("document %d %s", r.GetDocumentIndex(), r.GetDocumentId())
		if r.DocumentIndex == nil {
			what = "coherence " + r.GetOwner()
		}
		fmt.Fprintf(w, "  %s: %s %s → %s\n", what, r.GetControl(),
			strings.ToLower(strings.TrimPrefix(r.GetOutcome().String(), "CONTROL_OUTCOME_")), strings.TrimPrefix(r.GetAction().String(), "DECISION_"))
	}
}

// familyAnswer is the controls message and findings of a document's family.
func familyAnswer(d *idcontrolv1.ClientFileDocumentResult) (protoreflect.Message, []*idcontrolv1.Finding) {
	m := d.ProtoReflect()
	fd := m.WhichOneof(m.Descriptor().Oneofs().ByName("family"))
	if fd == nil {
		return nil, nil
	}
	resp := m.Get(fd).Message()
	var findings []*idcontrolv1.Finding
	if ffd := resp.Descriptor().Fields().ByName("findings"); ffd != nil {
		l := resp.Get(ffd).List()
		for i := range l.Len() {
			findings = append(findings, l.Get(i).Message().Interface().(*idcontrolv1.Finding))
		}
	}
	cfd := resp.Descriptor().Fields().ByName("controls")
	if cfd == nil {
		return nil, findings
	}
	return resp.Get(cfd).Message(), findings
}

type row struct{ control, json, owner, value string }

// rows lists a controls message's booleans (absent ones too), non-empty
// lists of words, and its participants' controls, owner by owner.
func rows(m protoreflect.Message, prefix, owner string) []row {
	var out []row
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		name := fd.JSONName()
		switch {
		case fd.Kind() == protoreflect.BoolKind && fd.HasPresence():
			v := "absent"
			if m.Has(fd) {
				v = fmt.Sprint(m.Get(fd).Bool())
			}
			out = append(out, row{prefix + name, name, owner, v})
		case fd.IsList() && fd.Kind() == protoreflect.StringKind:
			l := m.Get(fd).List()
			if l.Len() == 0 {
				continue
			}
			words := make([]string, l.Len())
			for k := range l.Len() {
				words[k] = l.Get(k).String()
			}
			out = append(out, row{prefix + name, name, owner, strings.Join(words, ", ")})
		case fd.IsList() && fd.Kind() == protoreflect.MessageKind && name == "participants":
			l := m.Get(fd).List()
			for k := range l.Len() {
				p := l.Get(k).Message()
				o := p.Get(p.Descriptor().Fields().ByName("owner")).String()
				out = append(out, rows(p, "participants["+o+"].", o)...)
			}
		}
	}
	return out
}

// why joins the findings of one control (and owner).
func why(findings []*idcontrolv1.Finding, control, owner string) string {
	var msgs []string
	for _, f := range findings {
		if f.GetControl() == control && f.GetOwner() == owner {
			msgs = append(msgs, f.GetMessage())
		}
	}
	sort.Strings(msgs)
	return strings.Join(msgs, " ")
}
