package synth

import (
	"os"
	"strconv"
	"testing"
)

func TestWriteForProfiling(t *testing.T) {
	dir, n := os.Getenv("SYNTH_DIR"), os.Getenv("SYNTH_PAGES")
	if dir == "" {
		t.Skip("set SYNTH_DIR and SYNTH_PAGES to write a synthetic playbook")
	}
	pages, _ := strconv.Atoi(n)
	if err := Write(dir, pages); err != nil {
		t.Fatal(err)
	}
}
