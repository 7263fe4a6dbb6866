package synth

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"playbook/generator/project"
)

// TestWrite: a synthetic playbook loads without a problem. With SYNTH_DIR and
// SYNTH_PAGES set, it writes one there instead, to time the command by hand
// (see the README).
func TestWrite(t *testing.T) {
	dir, pages := os.Getenv("SYNTH_DIR"), 120
	if n, err := strconv.Atoi(os.Getenv("SYNTH_PAGES")); err == nil {
		pages = n
	}
	if dir == "" {
		dir = t.TempDir()
	}
	if err := Write(dir, pages); err != nil {
		t.Fatal(err)
	}
	proj, diags := project.Load(os.DirFS(filepath.Join(dir, "content")), nil, project.Options{Content: "content"})
	if len(diags) > 0 {
		t.Fatalf("the synthetic playbook has problems:\n%v", diags)
	}
	if len(proj.Site.Pages) < pages {
		t.Errorf("%d pages, want at least %d", len(proj.Site.Pages), pages)
	}
}
