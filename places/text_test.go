package places

import (
	"reflect"
	"sync"
	"testing"

	"github.com/idcontrol/idcontrol/fold"
)

// TestTextFolded: the folded text a Text keeps is fold.Fold of the text,
// whatever its separators and empty pieces.
func TestTextFolded(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "\n", " , ; ", "a,b", ",a,,b;\r\nc,", "- 12 rue, -,\n69007 Lyon ;", benchPayslip, "É,ß;\nŒ"} {
		if got, want := NewText(s).Folded(), fold.Fold(s); got != want {
			t.Errorf("NewText(%q).Folded() = %q, want %q", s, got, want)
		}
	}
}

// TestTextConcurrent: one Text read by several goroutines, one of them
// repairing OCR misreadings (on its own copy of the words), answers as
// each call on its own would; run with -race.
func TestTextConcurrent(t *testing.T) {
	t.Parallel()
	text := benchPayslip + "\n3 RUE DE LA G4RE\n69002 LY0N"
	decls := []Address{
		{Line1: "45 av. Jean Jaurès", PostalCode: "69007", City: "Lyon"},
		{Line1: "3 rue de la Gare", PostalCode: "69002", City: "Lyon"},
		{Line1: "3 rue de la Paix", PostalCode: "75002", City: "Paris"},
	}
	x := NewText(text)
	var wg sync.WaitGroup
	for g := range 8 {
		d := decls[g%len(decls)]
		want, wantFound := AddressFound(d, text), FindAddresses(text)
		if g == 1 && !want.Match {
			t.Fatalf("the repaired address should be found: %+v", want)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if got := x.AddressFound(d); got != want {
					t.Errorf("AddressFound(%+v) = %+v, want %+v", d, got, want)
					return
				}
				if got := x.FindAddresses(); !reflect.DeepEqual(got, wantFound) {
					t.Errorf("FindAddresses = %+v, want %+v", got, wantFound)
					return
				}
			}
		}()
	}
	wg.Wait()
}
