package site

import (
	"bytes"
	"strings"
	"testing"

	"playbook/generator/model"
)

// The streaming writer replaces the root marker like finish, however the
// text is cut into writes.
func TestRootWriterMatchesFinish(t *testing.T) {
	src := `<a href="` + model.RootMarker + `a/index.html">x</a> =" plain <img src="` + model.RootMarker + `b.png"> ="_pb`
	want := string(finish([]byte(src), "../../"))
	for cut := 1; cut < len(src); cut++ {
		var out bytes.Buffer
		w := &rootWriter{w: &out, root: []byte("../../")}
		for i := 0; i < len(src); i += cut {
			w.Write([]byte(src[i:min(i+cut, len(src))]))
		}
		w.Flush()
		if out.String() != want {
			t.Fatalf("writes of %d bytes: got %q, want %q", cut, out.String(), want)
		}
	}
	if strings.Contains(want, model.RootMarker) {
		t.Errorf("marker left in %q", want)
	}
}

func TestRewriteForHandbook(t *testing.T) {
	anchors := map[string]string{"steps/需求/index.html": "p3", "a/index.html": "p4"}
	in := `<h2 id="x">t <a class="anchor" href="#x">#</a></h2><a href="` + model.RootMarker + `steps/%E9%9C%80%E6%B1%82/index.html#%E6%A0%91">n</a><a href="` + model.RootMarker + `a/index.html">a</a><a href="` + model.RootMarker + `img.png">i</a><a href="https://e.com">e</a>`
	got := rewriteForHandbook(in, "p1", anchors)
	for _, want := range []string{`id="p1-x"`, `href="#p1-x"`, `href="#p3-树"`, `href="#p4"`, `href="` + model.RootMarker + `img.png"`, `href="https://e.com"`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
}
