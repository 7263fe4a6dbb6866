package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"playbook/generator/diag"
)

// Every is a review interval: days or months.
type Every struct {
	Days, Months int
}

// ParseEvery reads a review interval: "180d" (days) or "6m" (months); ""
// is no interval.
func ParseEvery(s string) (Every, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Every{}, nil
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || n > 1200 {
		return Every{}, fmt.Errorf("%q is not an interval: write days as \"180d\" or months as \"6m\"", s)
	}
	switch s[len(s)-1] {
	case 'd':
		return Every{Days: n}, nil
	case 'm':
		return Every{Months: n}, nil
	}
	return Every{}, fmt.Errorf("%q is not an interval: write days as \"180d\" or months as \"6m\"", s)
}

// Due is when a page reviewed on reviewed is due again.
func (e Every) Due(reviewed time.Time) time.Time { return reviewed.AddDate(0, e.Months, e.Days) }

// Stale is a page past its review date.
type Stale struct {
	Page *Page
	Due  time.Time // zero: never reviewed
}

// Stale lists the pages past their review date on today, in site order:
// those with an interval whose last review (reviewed) plus the interval
// lies before today, and those with an interval but no review date.
func (s *Site) Stale(today time.Time) []Stale {
	var out []Stale
	for _, p := range s.AllPages() {
		every, err := ParseEvery(p.ReviewEvery)
		if err != nil || every == (Every{}) {
			continue
		}
		if p.Reviewed.IsZero() {
			if p.keys.Has("review_every") { // a page that asks for reviews but has none
				out = append(out, Stale{Page: p})
			}
			continue
		}
		if due := every.Due(p.Reviewed); due.Before(today) {
			out = append(out, Stale{Page: p, Due: due})
		}
	}
	return out
}

// StaleWarnings are the warnings check gives for stale pages, at their
// reviewed key.
func (s *Site) StaleWarnings(today time.Time) diag.List {
	var d diag.List
	for _, st := range s.Stale(today) {
		p := st.Page
		pos := p.keys.At("reviewed")
		if st.Due.IsZero() {
			pos = p.keys.At("review_every")
			d.Warnf(p.File, pos.Line, pos.Col, "review_every %s but no reviewed date: review the page and set reviewed = %s", p.ReviewEvery, today.Format("2006-01-02"))
			continue
		}
		who := ""
		if p.Owner != "" {
			who = " (owner: " + p.Owner + ")"
		}
		d.Warnf(p.File, pos.Line, pos.Col, "last reviewed %s, due again %s (every %s)%s: review the page and update reviewed",
			p.Reviewed.Format("2006-01-02"), st.Due.Format("2006-01-02"), p.ReviewEvery, who)
	}
	return d
}
