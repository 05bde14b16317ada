package vectors

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

const (
	copies = "../../testdata/vectors"
	source = "../../../shared/vectors"
)

func TestCopiesEqualShared(t *testing.T) {
	entries, err := os.ReadDir(source)
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("../shared/vectors is not beside the repository: nothing to compare the copies with")
	}
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".json" {
			continue
		}
		n++
		want, err := os.ReadFile(filepath.Join(source, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(copies, e.Name()))
		if err != nil {
			t.Errorf("%s: no copy in testdata/vectors: cp ../shared/vectors/%s testdata/vectors/", e.Name(), e.Name())
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/vectors/%s differs from ../shared/vectors/%s: copy it again", e.Name(), e.Name())
		}
	}
	if n == 0 {
		t.Fatal("../shared/vectors holds no vectors")
	}
}
