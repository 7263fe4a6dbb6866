package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"playbook/generator/synth"
)

// benchmarkEdit measures an edit saved to disk until the reload event that
// announces it (the new build is being served), on a 1,000-page playbook,
// with real fsnotify. It reports the median and the 90th percentile.
func benchmarkEdit(b *testing.B, edit func(i int) string) {
	dir := b.TempDir()
	if err := synth.Write(dir, 1000); err != nil {
		b.Fatal(err)
	}
	r := start(b, dir)
	name := filepath.Join(dir, "content", "s03", "p00013.md")
	var times []time.Duration
	i := 0
	for b.Loop() {
		begin := time.Now()
		if err := os.WriteFile(name, []byte(edit(i)), 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case e := <-r.events:
			if e[0] != "reload" {
				b.Fatalf("event %v", e)
			}
		case <-time.After(30 * time.Second):
			b.Fatal("no reload")
		}
		times = append(times, time.Since(begin))
		i++
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "p90-ms")
}

func page(title, body string) string {
	return "+++\ntitle = \"" + title + "\"\nweight = 3\ntags = [\"标签3\", \"需求\"]\n+++\n" + body + "\n"
}

func BenchmarkBodyEdit(b *testing.B) {
	benchmarkEdit(b, func(i int) string { return page("页面 13 客户需求", fmt.Sprintf("正文第 %d 版。", i)) })
}

func BenchmarkTitleEdit(b *testing.B) {
	benchmarkEdit(b, func(i int) string { return page(fmt.Sprintf("页面 13 第 %d 版", i), "正文。") })
}
