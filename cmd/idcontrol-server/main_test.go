package main

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"testing"
)

// TestHelpExitsZero: --help and -h print the usage and exit 0, as asked.
func TestHelpExitsZero(t *testing.T) {
	if os.Getenv("IDCONTROL_HELP_CHILD") == "1" {
		os.Args = []string{"idcontrol-server", os.Getenv("IDCONTROL_HELP_ARG")}
		main()
		return
	}
	for _, arg := range []string{"--help", "-h"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelpExitsZero$")
		cmd.Env = append(os.Environ(), "IDCONTROL_HELP_CHILD=1", "IDCONTROL_HELP_ARG="+arg)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s: %v\n%s", arg, err, out)
		}
	}
	if _, err := parseFlags([]string{"--no-such-flag"}, func(string) (string, bool) { return "", false }); err == nil || errors.Is(err, flag.ErrHelp) {
		t.Errorf("an unknown flag gave %v, want an error other than ErrHelp", err)
	}
}
