package places

import (
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
