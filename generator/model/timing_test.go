package model

import (
	"os"
	"testing"
	"time"
)

func TestLoadTiming(t *testing.T) {
	dir := os.Getenv("SYNTH_DIR")
	if dir == "" {
		t.Skip()
	}
	for range 5 {
		t0 := time.Now()
		Load(os.DirFS(dir+"/content"), Options{})
		t.Logf("load %v", time.Since(t0))
	}
}
