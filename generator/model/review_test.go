package model

import (
	"testing"
	"time"
)

func TestParseEvery(t *testing.T) {
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{"180d": "2027-04-30", "6m": "2027-05-01", "12m": "2027-11-01", "1d": "2026-11-02"} {
		e, err := ParseEvery(in)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := e.Due(day).Format("2006-01-02"); got != want {
			t.Errorf("%s after %s = %s, want %s", in, day.Format("2006-01-02"), got, want)
		}
	}
	for _, bad := range []string{"6w", "d", "-3d", "0m", "1.5m", "99999d", "six months"} {
		if _, err := ParseEvery(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if e, err := ParseEvery(""); err != nil || e != (Every{}) {
		t.Errorf("empty: %v %v", e, err)
	}
}

func FuzzParseEvery(f *testing.F) {
	f.Add("180d")
	f.Add("6m")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEvery(s)
		if err == nil && (e.Days < 0 || e.Months < 0) {
			t.Fatalf("%q gave %+v", s, e)
		}
	})
}
