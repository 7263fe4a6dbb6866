//go:build unix

package generator

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPipeNeverOpened: a pipe in the content folder (which would block any
// reader forever) is reported and never opened; check and build end.
func TestPipeNeverOpened(t *testing.T) {
	dir := copyExample(t)
	pipe := filepath.Join(dir, "content", "images", "stream")
	os.MkdirAll(filepath.Dir(pipe), 0o755)
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	err := checkWithin(t, filepath.Join(dir, "content"), 30*time.Second)
	if err == nil || !strings.Contains(err.Error(), "images/stream: not a regular file") {
		t.Errorf("the pipe was not reported: %v", err)
	}
}
