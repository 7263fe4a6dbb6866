package writer

import (
	"reflect"
	"testing"
)

func TestSumsRoundTrip(t *testing.T) {
	m := map[string]fileSum{
		"index.html":            {size: 1234, mtime: 1764250000123456789, sum: 42},
		"steps/客户分析/index.html": {size: 0, mtime: -1, sum: 1 << 63},
		"search/t/511.js":       {size: 1 << 40, mtime: 7, sum: 9},
	}
	got, err := decodeSums(encodeSums(m))
	if err != nil || !reflect.DeepEqual(got, m) {
		t.Fatalf("%v %v", got, err)
	}
	data := encodeSums(m)
	for n := len(sumsMagic); n < len(data); n++ {
		if got, err := decodeSums(data[:n]); err == nil && len(got) == len(m) {
			t.Errorf("cut at %d of %d: every file read", n, len(data))
		}
	}
	if _, err := decodeSums([]byte("<html>")); err == nil {
		t.Error("a foreign file was read as sums")
	}
}

func FuzzDecodeSums(f *testing.F) {
	f.Add(encodeSums(map[string]fileSum{"a/index.html": {size: 3, mtime: 4, sum: 5}}))
	f.Add([]byte(sumsMagic + "\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decodeSums(data)
		if err != nil && m != nil {
			t.Fatal("sums from a file that could not be read")
		}
	})
}
