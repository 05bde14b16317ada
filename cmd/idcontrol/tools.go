package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/idcontrol/idcontrol/checks/identifier"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/encoding/protojson"
)

// exitInvalid is the status of `mrz` and `validate` when a value is not
// valid.
const exitInvalid = 2

// dial opens a plaintext connection to the server.
func dial(addr string) (*grpc.ClientConn, error) {
	return grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
}

// runMrz is `idcontrol mrz LINE…`: ParseMrz on the server; the format,
// each field and each check digit.
func runMrz(ctx context.Context, args []string, stdout, stderr io.Writer, conn func(string) (*grpc.ClientConn, error)) int {
	fs := flag.NewFlagSet("mrz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:50051", "server address (plaintext gRPC)")
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
	addr := fs.String("addr", "localhost:50051", "server address (plaintext gRPC)")
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
