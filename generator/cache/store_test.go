package cache

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestStoreRoundTrip(t *testing.T) {
	s := NewStore("v1")
	s.Put(Key{"site.page", 1}, Record{Sum: 11})
	s.Put(Key{"model.docs", 2}, Record{Encode: func() []byte { return []byte("文档") }})
	got, err := ReadStore(s.Encode(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := got.Get(Key{"site.page", 1}); !ok || r.Sum != 11 || r.Data != nil {
		t.Errorf("page record: %+v %v", r, ok)
	}
	if r, ok := got.Get(Key{"model.docs", 2}); !ok || string(r.Data) != "文档" {
		t.Errorf("docs record: %+v %v", r, ok)
	}
	if _, ok := got.Get(Key{"site.page", 2}); ok {
		t.Error("a record of another key")
	}
	// Records larger than the pieces the file is written in.
	big := NewStore("v1")
	want := map[Key][]byte{}
	for i, n := range []int{checksumChunk - 26, 2*checksumChunk + 5, 3, checksumChunk} {
		k := Key{"site.big", uint64(i)}
		want[k] = bytes.Repeat([]byte{byte('a' + i)}, n)
		big.Put(k, Record{Data: want[k]})
	}
	bigRead, err := ReadStore(big.Encode(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	for k, data := range want {
		if r, ok := bigRead.Get(k); !ok || !bytes.Equal(r.Data, data) {
			t.Errorf("%v: %d bytes back of %d", k, len(r.Data), len(data))
		}
	}
	// Only what this build took or made goes on to the next.
	got.Put(Key{"site.page", 3}, Record{Sum: 33})
	next, err := ReadStore(got.Encode(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[Key]bool{{"site.page", 1}: true, {"model.docs", 2}: true, {"site.page", 3}: true} {
		if _, ok := next.Get(k); ok != want {
			t.Errorf("%v carried: %v", k, ok)
		}
	}
	if got.Hits() != 2 {
		t.Errorf("%d hits, want 2", got.Hits())
	}
	if !got.Changed() {
		t.Error("a new record, yet the store is unchanged")
	}
	same, _ := ReadStore(next.Encode(), "v1")
	for k := range next.old {
		r, _ := same.Get(k)
		same.Put(k, r)
	}
	if same.Changed() {
		t.Error("every record used as it was, yet the store changed")
	}
	same.Put(Key{"site.page", 3}, Record{Sum: 34})
	if !same.Changed() {
		t.Error("a record made anew, yet the store is unchanged")
	}
	unused, _ := ReadStore(s.Encode(), "v1")
	if again, _ := ReadStore(unused.Encode(), "v1"); len(again.old) != 0 {
		t.Errorf("records no build used were kept: %v", again.old)
	}
}

// A cache of another version, a foreign file or a damaged one is never
// taken.
func TestStoreRefuses(t *testing.T) {
	s := NewStore("v1")
	s.Put(Key{"site.page", 1}, Record{Sum: 11, Data: []byte("abc")})
	s.Put(Key{"site.big", 2}, Record{Data: bytes.Repeat([]byte("x"), checksumChunk+100)}) // more than a piece of the checksum
	data := s.Encode()
	if got, err := ReadStore(data, "v2"); !errors.Is(err, ErrVersion) || len(got.old) != 0 {
		t.Errorf("another version: %v", err)
	}
	if got, err := ReadStore([]byte("<html>not a cache</html>"), "v1"); !errors.Is(err, ErrForeign) || len(got.old) != 0 {
		t.Errorf("a foreign file: %v", err)
	}
	for _, old := range []string{"playbook cache 1\nold records", "playbook cache 2\n\x02v1old records"} {
		if _, err := ReadStore([]byte(old), "v1"); !errors.Is(err, ErrVersion) {
			t.Errorf("an older format: %v", err)
		}
	}
	for n := len(storeMagic); n < len(data); n++ {
		if n > 1024 && n < len(data)-1024 && n%checksumChunk > 64 && n%checksumChunk < checksumChunk-64 && n%65537 != 0 {
			continue // the middle of the big record: a sample of it
		}
		if got, err := ReadStore(data[:n], "v1"); err == nil || len(got.old) != 0 {
			t.Errorf("cut at %d of %d: %v", n, len(data), err)
		}
		bad := []byte(string(data))
		bad[n] ^= 1
		if got, err := ReadStore(bad, "v1"); err == nil || len(got.old) != 0 {
			t.Errorf("a bit changed at %d of %d: %v", n, len(data), err)
		}
	}
}

func FuzzReadStore(f *testing.F) {
	s := NewStore("v")
	s.Put(Key{"k", 1}, Record{Sum: 2, Data: []byte("data")})
	f.Add(s.Encode())
	f.Add([]byte(storeMagic + "\x01v\x01k12345678"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadStore(data, "v")
		if err != nil && len(got.old) != 0 {
			t.Fatal("records kept from a file that could not be read")
		}
	})
}

// The records behind the checksum, read as any bytes.
func FuzzParseRecords(f *testing.F) {
	s := NewStore("v")
	s.Put(Key{"k", 1}, Record{Sum: 2, Data: []byte("data")})
	data := s.Encode()
	f.Add(data[len(storeMagic) : len(data)-8])
	f.Fuzz(func(t *testing.T, data []byte) {
		old, err := parseRecords(data, "v")
		if err != nil && old != nil {
			t.Fatal("records from bytes that could not be read")
		}
	})
}

// TestLater: a store read in the background answers as the store it reads,
// from any goroutine, once it is in.
func TestLater(t *testing.T) {
	old := NewStore("v1")
	old.Put(Key{Kind: "a", Hash: 1}, Record{Sum: 7})
	data := old.Encode()
	release := make(chan struct{})
	s := Later(func() *Store {
		<-release
		r, err := ReadStore(data, "v1")
		if err != nil {
			t.Error(err)
		}
		return r
	})
	got := make(chan uint64)
	go func() {
		r, _ := s.Get(Key{Kind: "a", Hash: 1})
		got <- r.Sum
	}()
	select {
	case <-got:
		t.Fatal("Get answered before the store was read")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	if sum := <-got; sum != 7 || s.Hits() != 1 || s.Changed() {
		t.Errorf("after the read: sum %d, %d hits, changed %v; want 7, 1, false", sum, s.Hits(), s.Changed())
	}
}

// A build without a store (serve, check) asks a nil one.
func TestNilStore(t *testing.T) {
	var s *Store
	if _, ok := s.Get(Key{Kind: "a"}); ok || s.Hits() != 0 || len(s.Kept()) != 0 || len(s.Made()) != 0 {
		t.Error("a nil store answered as if it held records")
	}
	s.Put(Key{Kind: "a"}, Record{Sum: 1})
	s.Tally("a")
}
