package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"playbook/generator/diag"
	"playbook/generator/method"
)

// Style is one of the method's five communication styles, as a page of the
// playbook describes it (front matter [[styles]]).
type Style struct {
	ID        string `toml:"id"` // peacock | koala | owl | tiger | chameleon
	Name      string `toml:"name"`
	Recognize string `toml:"recognize"` // how to tell
	Do        string `toml:"do"`        // how to talk with them
	Avoid     string `toml:"avoid"`
	Page      *Page  `toml:"-"` // where it is described
}

// Role is one of the four buying roles (front matter [[roles]]), with what
// to do with it at each step of the method.
type Role struct {
	ID    string            `toml:"id"` // designer | evaluator | decider | user
	Name  string            `toml:"name"`
	Cares string            `toml:"cares"` // what they care about
	Steps map[string]string `toml:"steps"` // step id → what to do with them at that step
	Page  *Page             `toml:"-"`
}

// Stage is one of the four relationship stages (front matter [[stages]]).
type Stage struct {
	ID   string `toml:"id"` // acquainted | engaged | trusted | allied
	Name string `toml:"name"`
	Goal string `toml:"goal"`
	Do   string `toml:"do"`
	Page *Page  `toml:"-"`
}

// Coaching is what the playbook says about styles, roles and stages, in
// the method's order: the step pages and the coaching matrix join them.
type Coaching struct {
	Styles     []*Style
	Roles      []*Role
	Stages     []*Stage
	Escalation *Escalation // the collection guide's matrix; nil when no page has one
}

// Escalation is how hard to push for an overdue payment: a level for each
// band of amount (rows) and of days overdue (columns), as the collection
// guide's front matter [escalation] gives it.
type Escalation struct {
	Currency string            `toml:"currency"` // the amounts' currency (CNY)
	Amounts  []float64         `toml:"amounts"`  // row bounds: below the first, …, the last and above
	Days     []int             `toml:"days"`     // column bounds: up to the first, …, over the last
	Levels   [][]string        `toml:"levels"`   // a step id per row and column
	Steps    []*EscalationStep `toml:"steps"`
	Page     *Page             `toml:"-"`
}

// EscalationStep is one level of collection: who acts and what they say.
type EscalationStep struct {
	ID     string `toml:"id"`
	Name   string `toml:"name"`
	Who    string `toml:"who"`
	Script string `toml:"script"`
}

// Level is the step for an amount (in Currency; another currency counts by
// days alone, in the first row) overdue by days.
func (e *Escalation) Level(amount float64, currency string, days int) *EscalationStep {
	if e == nil || len(e.Levels) == 0 {
		return nil
	}
	row := 0
	if currency == e.Currency {
		for row < len(e.Amounts) && amount >= e.Amounts[row] {
			row++
		}
	}
	col := 0
	for col < len(e.Days) && days > e.Days[col] {
		col++
	}
	row, col = min(row, len(e.Levels)-1), min(col, len(e.Levels[row])-1)
	for _, s := range e.Steps {
		if s.ID == e.Levels[row][col] {
			return s
		}
	}
	return nil
}

// Empty reports whether the playbook describes no style and no role.
func (c *Coaching) Empty() bool { return c == nil || len(c.Styles) == 0 && len(c.Roles) == 0 }

// RolesAt are the roles with something to do at a step.
func (c *Coaching) RolesAt(step string) []*Role {
	var out []*Role
	for _, r := range c.Roles {
		if strings.TrimSpace(r.Steps[step]) != "" {
			out = append(out, r)
		}
	}
	return out
}

// coaching gathers the styles, roles and stages each language's pages
// describe, checking their ids against the method's (each id once per
// language).
func (l *loader) coaching(pages []*parsed) {
	for _, s := range l.site.Languages {
		s.Coaching = &Coaching{}
	}
	seen := map[string]*Page{}
	check := func(ps *parsed, key, kind, id string, ids []string, i int) bool {
		at := fmt.Sprintf("%s[%d].id", key, i)
		was := seen[ps.page.Lang+" "+kind+" "+id]
		switch {
		case id == "":
			ps.errAt(at, "%s: an id is required (%s)", at, strings.Join(ids, ", "))
			return false
		case !slices.Contains(ids, id):
			msg := fmt.Sprintf("%s: %q is not a %s of the method (%s)", at, id, kind, strings.Join(ids, ", "))
			if s := diag.Suggest(id, ids); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			ps.errAt(at, "%s", msg)
			return false
		case was != nil:
			ps.errAt(at, "%s: %s %q is already described in %s", at, kind, id, was.File)
			return false
		}
		seen[ps.page.Lang+" "+kind+" "+id] = ps.page
		return true
	}
	for _, ps := range pages {
		if ps.failed {
			continue
		}
		c := l.sites[ps.page.Lang].Coaching
		for i := range ps.fm.Styles {
			s := ps.fm.Styles[i]
			if check(ps, "styles", "style", s.ID, method.Styles, i) {
				s.Page = ps.page
				c.Styles = append(c.Styles, &s)
			}
		}
		for i := range ps.fm.Roles {
			r := ps.fm.Roles[i]
			if check(ps, "roles", "role", r.ID, method.Roles, i) {
				for _, step := range slices.Sorted(maps.Keys(r.Steps)) {
					if !slices.Contains(method.Steps, step) {
						ps.errAt(fmt.Sprintf("roles[%d].steps.%s", i, step), "roles[%d].steps: %q is not a step of the method (%s)", i, step, strings.Join(method.Steps, ", "))
					}
				}
				r.Page = ps.page
				c.Roles = append(c.Roles, &r)
			}
		}
		if e := ps.fm.Escalation; e != nil {
			switch {
			case c.Escalation != nil:
				ps.errAt("escalation", "escalation: the collection matrix is already given in %s", c.Escalation.Page.File)
			case len(e.Levels) != len(e.Amounts)+1:
				ps.errAt("escalation.levels", "escalation.levels: %d rows, but amounts makes %d bands", len(e.Levels), len(e.Amounts)+1)
			default:
				ok := true
				for i, row := range e.Levels {
					if len(row) != len(e.Days)+1 {
						ps.errAt("escalation.levels", "escalation.levels[%d]: %d columns, but days makes %d bands", i, len(row), len(e.Days)+1)
						ok = false
					}
					for _, id := range row {
						if !slices.ContainsFunc(e.Steps, func(s *EscalationStep) bool { return s.ID == id }) {
							ps.errAt("escalation.levels", "escalation.levels[%d]: %q is not the id of one of escalation.steps", i, id)
							ok = false
						}
					}
				}
				if ok {
					e.Page = ps.page
					c.Escalation = e
				}
			}
		}
		for i := range ps.fm.Stages {
			s := ps.fm.Stages[i]
			if check(ps, "stages", "stage", s.ID, method.Stages, i) {
				s.Page = ps.page
				c.Stages = append(c.Stages, &s)
			}
		}
		l.diags = append(l.diags, ps.diags...)
		ps.diags = nil
	}
	order := func(ids []string) func(a, b string) int {
		return func(a, b string) int { return slices.Index(ids, a) - slices.Index(ids, b) }
	}
	for _, s := range l.site.Languages {
		c := s.Coaching
		slices.SortFunc(c.Styles, func(a, b *Style) int { return order(method.Styles)(a.ID, b.ID) })
		slices.SortFunc(c.Roles, func(a, b *Role) int { return order(method.Roles)(a.ID, b.ID) })
		slices.SortFunc(c.Stages, func(a, b *Stage) int { return order(method.Stages)(a.ID, b.ID) })
	}
}
