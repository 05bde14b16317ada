package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/idcontrol/idcontrol/checks/identifier"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/encoding/protojson"
)

// exitInvalid is the status of `mrz` and `validate` when a value is not
// valid.
const exitInvalid = 2

// dial connects to the server as the environment says (see usage):
// plaintext by default, for a server on loopback or behind --insecure.
func dial(addr string) (*grpc.ClientConn, error) { return dialEnv(addr, os.Getenv) }

// dialEnv reads the connection settings from getenv: TLS when
// IDCONTROL_CLIENT_TLS_CA names the PEM of the CA the server's certificate
// chains to (or IDCONTROL_CLIENT_TLS=1 for the system's roots), mutual TLS
// with IDCONTROL_CLIENT_TLS_CERT and IDCONTROL_CLIENT_TLS_KEY, and an API
// key sent as x-api-key from IDCONTROL_CLIENT_API_KEY. The environment, not
// flags: a key on the command line would stay in the shell's history and
// show in ps. The CLIENT_ infix keeps them apart from the server's own
// IDCONTROL_TLS_CERT and the like.
func dialEnv(addr string, getenv func(string) string) (*grpc.ClientConn, error) {
	creds := insecure.NewCredentials()
	ca, cert, key := getenv("IDCONTROL_CLIENT_TLS_CA"), getenv("IDCONTROL_CLIENT_TLS_CERT"), getenv("IDCONTROL_CLIENT_TLS_KEY")
	if ca != "" || cert != "" || key != "" || getenv("IDCONTROL_CLIENT_TLS") == "1" {
		tc := &tls.Config{MinVersion: tls.VersionTLS12}
		if ca != "" {
			raw, err := os.ReadFile(ca)
			if err != nil {
				return nil, fmt.Errorf("IDCONTROL_CLIENT_TLS_CA: %w", err)
			}
			tc.RootCAs = x509.NewCertPool()
			if !tc.RootCAs.AppendCertsFromPEM(raw) {
				return nil, fmt.Errorf("IDCONTROL_CLIENT_TLS_CA: no PEM certificate in %s", ca)
			}
		}
		if cert != "" || key != "" {
			pair, err := tls.LoadX509KeyPair(cert, key)
			if err != nil {
				return nil, fmt.Errorf("IDCONTROL_CLIENT_TLS_CERT and _KEY: %w", err)
			}
			tc.Certificates = []tls.Certificate{pair}
		}
		creds = credentials.NewTLS(tc)
	}
	opts := []grpc.DialOption{grpc.WithTransportCredentials(creds)}
	if k := getenv("IDCONTROL_CLIENT_API_KEY"); k != "" {
		opts = append(opts, grpc.WithUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, o ...grpc.CallOption) error {
			return invoker(metadata.AppendToOutgoingContext(ctx, "x-api-key", k), method, req, reply, cc, o...)
		}))
	}
	return grpc.NewClient(addr, opts...)
}

// runMrz is `idcontrol mrz LINE…`: ParseMrz on the server; the format,
// each field and each check digit.
func runMrz(ctx context.Context, args []string, stdout, stderr io.Writer, conn func(string) (*grpc.ClientConn, error)) int {
	fs := flag.NewFlagSet("mrz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:50051", "server address (TLS and API key: see the IDCONTROL_CLIENT_ variables in the usage)")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	if err := fs.Parse(args); err != nil {
		return exitError
	}
	if fs.NArg() < 2 || fs.NArg() > 3 {
		fmt.Fprintln(stderr, "usage: idcontrol mrz [--addr host:port] [--json] LINE1 LINE2 [LINE3]")
		return exitError
	}
	c, err := conn(*addr)
	if err != nil {
		fmt.Fprintln(stderr, "idcontrol:", err)
		return exitError
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	resp, err := idcontrolv1.NewMrzServiceClient(c).ParseMrz(ctx, &idcontrolv1.ParseMrzRequest{Lines: fs.Args()})
	if err != nil {
		fmt.Fprintln(stderr, "idcontrol:", err)
		return exitError
	}
	if *asJSON {
		out, _ := protojson.MarshalOptions{Multiline: true}.Marshal(resp)
		fmt.Fprintln(stdout, string(out))
	} else {
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "format\t%s\n", strings.TrimPrefix(resp.GetFormat().String(), "MRZ_FORMAT_"))
		fmt.Fprintf(tw, "valid\t%v\n", resp.GetValid())
		f := resp.GetFields()
		for _, kv := range [][2]string{
			{"documentCode", f.GetDocumentCode()}, {"issuingCountry", f.GetIssuingCountry()}, {"documentNumber", f.GetDocumentNumber()},
			{"lastName", f.GetLastName()}, {"firstNames", strings.Join(f.GetFirstNames(), " ")}, {"nationality", f.GetNationality()},
			{"birthDate", f.GetBirthDate()}, {"sex", f.GetSex()}, {"expirationDate", f.GetExpirationDate()}, {"optionalData", f.GetOptionalData()},
		} {
			if kv[1] != "" {
				fmt.Fprintf(tw, "%s\t%s\n", kv[0], kv[1])
			}
		}
		for _, cd := range resp.GetCheckDigits() {
			fmt.Fprintf(tw, "check digit %s\texpected %s found %s valid %v\n", cd.GetField(), cd.GetExpected(), cd.GetFound(), cd.GetValid())
		}
		for _, fd := range resp.GetFindings() {
			fmt.Fprintf(tw, "finding %s\t%s\n", fd.GetCode(), fd.GetMessage())
		}
		tw.Flush()
	}
	if !resp.GetValid() {
		return exitInvalid
	}
	return exitOK
}

// runValidate is `idcontrol validate KIND VALUE…`: each value as an
// identifier of KIND (iban, bic, fr-nir, phone… or the enum's name), on the
// server or --local.
func runValidate(ctx context.Context, args []string, stdout, stderr io.Writer, conn func(string) (*grpc.ClientConn, error)) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:50051", "server address (TLS and API key: see the IDCONTROL_CLIENT_ variables in the usage)")
	local := fs.Bool("local", false, "validate in this process instead of calling a server")
	if err := fs.Parse(args); err != nil {
		return exitError
	}
	if fs.NArg() < 2 {
		fmt.Fprintln(stderr, "usage: idcontrol validate [--addr host:port | --local] KIND VALUE…  (KIND: iban, bic, fr-rib, fr-nir, fr-siren, fr-siret, fr-tax-number, fr-tax-notice-reference, ru-inn, ru-ogrn, ru-ogrnip, ru-snils, phone)")
		return exitError
	}
	kind, ok := parseKind(fs.Arg(0))
	if !ok {
		fmt.Fprintf(stderr, "idcontrol: unknown identifier kind %q\n", fs.Arg(0))
		return exitError
	}
	var ids []*idcontrolv1.Identifier
	for _, v := range fs.Args()[1:] {
		ids = append(ids, &idcontrolv1.Identifier{Kind: kind, Value: v})
	}
	var resp *idcontrolv1.ValidateIdentifiersResponse
	var err error
	if *local {
		resp, err = identifier.Validate(ids)
	} else {
		var c *grpc.ClientConn
		if c, err = conn(*addr); err == nil {
			defer c.Close()
			cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			resp, err = idcontrolv1.NewIdentifierServiceClient(c).ValidateIdentifiers(cctx, &idcontrolv1.ValidateIdentifiersRequest{Identifiers: ids})
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "idcontrol:", err)
		return exitError
	}
	code := exitOK
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VALUE\tVALID\tNORMALIZED\tCODE\tWHY")
	for i, r := range resp.GetResults() {
		if !r.GetValid() {
			code = exitInvalid
		}
		fmt.Fprintf(tw, "%s\t%v\t%s\t%s\t%s\n", ids[i].GetValue(), r.GetValid(), r.GetNormalized(), r.GetCode(), r.GetMessage())
	}
	tw.Flush()
	return code
}

// parseKind reads "iban", "fr-nir" or "IDENTIFIER_KIND_FR_NIR".
func parseKind(s string) (idcontrolv1.IdentifierKind, bool) {
	name := strings.ToUpper(strings.ReplaceAll(s, "-", "_"))
	if !strings.HasPrefix(name, "IDENTIFIER_KIND_") {
		name = "IDENTIFIER_KIND_" + name
	}
	v, ok := idcontrolv1.IdentifierKind_value[name]
	if !ok || v == 0 {
		return 0, false
	}
	return idcontrolv1.IdentifierKind(v), true
}
