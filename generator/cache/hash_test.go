package cache

import (
	"fmt"
	"strings"
	"testing"
)

// The function is wyhash final 4: its reference test vectors.
func TestWyhashVectors(t *testing.T) {
	for i, c := range []struct {
		in   string
		want uint64
	}{
		{"", 0x409638ee2bde459},
		{"a", 0xa8412d091b5fe0a9},
		{"abc", 0x32dd92e4b2915153},
		{"message digest", 0x8619124089a3a16b},
		{"abcdefghijklmnopqrstuvwxyz", 0x7a43afb61d7f5f40},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 0xff42329b90e50d58},
		{"12345678901234567890123456789012345678901234567890123456789012345678901234567890", 0xc39cab13b115aad3},
	} {
		if got := wyhash([]byte(c.in), uint64(i)); got != c.want {
			t.Errorf("wyhash(%q, %d) = %#x, want %#x", c.in, i, got, c.want)
		}
	}
}

// The hashes are stored on disk between builds: a change of the encoding
// of parts must be a deliberate one (with a new cache format version),
// never an accident.
func TestHashesAreStable(t *testing.T) {
	got := []uint64{
		Sum([]byte("客户分析")),
		NewHasher().Strings("steps/analyze.md", "zh-CN").Uint64(42).Bool(true).Sum(),
		NewHasher().Strings(strings.Repeat("长文本", 100)).Bytes([]byte("x")).Sum(),
	}
	want := []uint64{0x654e001cbc0b11b5, 0x3e1438d913f09231, 0x4221ccd201437a30}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("hash %d: %#x, want %#x", i, got[i], want[i])
		}
	}
}

// Every length, and every small change, gives another hash.
func TestHashesDiffer(t *testing.T) {
	seen := map[uint64]string{}
	add := func(s string) {
		h := Sum([]byte(s))
		if other, ok := seen[h]; ok {
			t.Fatalf("%q and %q hash alike", s, other)
		}
		seen[h] = s
	}
	base := []byte("北方羽绒 Beifang Down: 团体定制防寒服，分区加量充绒，整衣不增重。The quick brown fox jumps over the lazy dog.")
	for n := range len(base) + 1 {
		add(string(base[:n]))
	}
	for i := range base {
		for _, bit := range []byte{1, 0x80} {
			b := []byte(string(base))
			b[i] ^= bit
			add(string(b))
		}
	}
	for i := range 200_000 {
		add(fmt.Sprintf("page-%05d.md", i))
	}
	// Parts are length-prefixed.
	if NewHasher().Strings("ab", "c").Sum() == NewHasher().Strings("a", "bc").Sum() {
		t.Error(`("ab","c") and ("a","bc") hash alike`)
	}
	long := string(base) + string(base) + string(base)
	if NewHasher().Strings(long).Sum() == NewHasher().Strings(long[:len(long)-1]).Sum() {
		t.Error("two long parts differing in their last byte hash alike")
	}
}

func BenchmarkSum(b *testing.B) {
	data := make([]byte, 3200)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Sum(data)
	}
}

// A typical key: a page's digest of short strings and numbers.
func BenchmarkHasher(b *testing.B) {
	parts := []string{"steps/analyze.md", "客户分析", "找到值得做的客户，摸清它的采购方式。", "zh-CN", "step", "page", "analyze", "客户档案", "2026-11-01", "刘建华"}
	for b.Loop() {
		h := NewHasher()
		h.Strings(parts...).Uint64(1, 2, 3).Bool(true)
		for _, p := range parts {
			h.Strings(p).Uint64(uint64(len(p)))
		}
		h.Sum()
	}
}
