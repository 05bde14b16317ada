package server

import (
	"context"
	"strings"
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

// TestParseMrzGenuineDocuments: genuine documents that were refused (issue
// 8) parse as valid through the RPC, saying how the check digit held or
// what is worth knowing.
func TestParseMrzGenuineDocuments(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	client := idcontrolv1.NewMrzServiceClient(env.conn)
	// Older Belgian card, PRADO BEL-BO-03003: check digit over the '<'.
	resp, err := client.ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{
		Lines: []string{"IDBEL000590240<6013<<<<<<<<<<<", "8512017F1311048BEL851201002007", "REINARTZ<<ULRIKE<KATIA<E<<<<<<"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.GetValid() || !strings.Contains(resp.GetCheckDigits()[0].GetDetail(), "BEL-BO-03003") {
		t.Errorf("Belgian card: valid %v, check %v", resp.GetValid(), resp.GetCheckDigits()[0])
	}
	// A single name: valid, the empty surname a finding.
	resp, err = client.ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{
		Lines: []string{"P<IND<<FIRST<NAME<<<<<<<<<<<<<<<<<<<<<<<<<<<", "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.GetValid() || len(resp.GetFindings()) != 1 || resp.GetFindings()[0].GetCode() != "EMPTY_PRIMARY_IDENTIFIER" {
		t.Errorf("single name: valid %v, findings %v", resp.GetValid(), resp.GetFindings())
	}
}
