package generator

import (
	"os"
	"testing"
	"time"
)

func TestPhases(t *testing.T) {
	dir := os.Getenv("SYNTH_DIR")
	if dir == "" {
		t.Skip()
	}
	cfg := Config{ContentDir: dir + "/content", OutDir: dir + "/output"}
	for range 5 {
		t0 := time.Now()
		if _, err := Build(cfg); err != nil {
			t.Fatal(err)
		}
		t.Logf("build %v", time.Since(t0))
	}
}
