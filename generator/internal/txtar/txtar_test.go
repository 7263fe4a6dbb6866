package txtar

import "testing"

func TestRoundTrip(t *testing.T) {
	src := "comment\n-- a.md --\nhello\n-- dir/b.toml --\nx = 1\n"
	a := Parse([]byte(src))
	if len(a.Files) != 2 || a.Files[1].Name != "dir/b.toml" || string(a.Files[0].Data) != "hello\n" || string(a.Comment) != "comment\n" {
		t.Fatalf("parsed %+v", a)
	}
	if got := string(Format(a)); got != src {
		t.Errorf("round trip: %q", got)
	}
}
