// Package brief joins an account to the playbook: where the account stands
// in the six steps, what its people need at that step, and the gaps a sales
// manager would raise. It reads the account and the playbook by id and
// copies no text; renderers (the brief PDF, serve's /_accounts/, playbook
// accounts) show it. Everything in it is internal.
package brief

import (
	"cmp"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"playbook/generator/account"
	"playbook/generator/method"
	"playbook/generator/model"
)

// Brief is one account joined to the playbook.
type Brief struct {
	Account    *account.Account
	Step       *model.Page // the step page of the account's stage; nil when the playbook has none
	StepIndex  int         // 0-based; -1 when the stage is not set
	Checklist  []Item      // the step's checklist, with what the account has done
	People     []Person
	Gaps       []Gap
	Objections []*model.Page   // the objection cards of the account's step
	Value      decimal.Decimal // the quote's total; zero without a quote
	Overdue    decimal.Decimal // instalments past their due date and unpaid
	Paid       decimal.Decimal // instalments paid
	NextDue    time.Time
}

// Item is a checklist item of the account's step.
type Item struct {
	ID   string
	Text *model.Markdown
	Done bool
}

// Person is a contact with what the playbook says about them.
type Person struct {
	Contact account.Contact
	Role    *model.Role  // nil when the playbook does not describe it
	Style   *model.Style // nil when unknown
	Stage   *model.Stage
	Task    string // the role's task at the account's step
}

// Gap is a warning a sales manager would raise. Code names it (and its UI
// string, gap.<code>); the other fields say what it is about.
type Gap struct {
	Code    string
	Contact string          // the contact it is about, if any
	Amount  decimal.Decimal // for an overdue instalment
	Days    int             // days overdue, or until the validity lapses
	// Level is the collection guide's level for an overdue instalment (by
	// its amount and days); nil when the playbook has no escalation matrix.
	Level *model.EscalationStep
}

// Gap codes, in the order a manager raises them.
const (
	GapOverdue        = "overdue"          // an instalment is past its due date and unpaid
	GapValidity       = "validity"         // the proposal's validity lapses within two weeks, or has
	GapNoDecider      = "no_decider"       // no contact is the decider
	GapDeciderTrust   = "decider_trust"    // at 赢取承诺 or later, the decider is below "trusted"
	GapNoCoach        = "no_coach"         // by 挖掘需求, no inside coach (内线)
	GapNoUser         = "no_user"          // by 挖掘需求, no user met
	GapNoEvaluator    = "no_evaluator"     // by 挖掘需求, no evaluator met
	GapNoCompetitors  = "no_competitors"   // by 呈现价值, no competitor analysed
	GapNextActionLate = "next_action_late" // the next action is past its due date
)

// In is the playbook and the language an account's brief is written in:
// the account's proposal language, and that language's part of the
// playbook when it has step pages (else the site language's, whose method
// it then quotes).
func In(site *model.Site, a *account.Account) (*model.Site, string) {
	lang := a.Proposal.Language
	if lang == "" {
		lang = site.Lang
	}
	if l := site.Language(lang); l != nil && len(l.Steps) > 0 {
		return l, lang
	}
	return site, lang
}

// Make joins account a to the playbook site (in the site language) as of today.
func Make(site *model.Site, a *account.Account, today time.Time) *Brief {
	b := &Brief{Account: a, StepIndex: method.StepIndex(a.Account.Stage), NextDue: a.Progress.NextDue}
	for _, p := range site.Steps {
		if p.Step.ID == a.Account.Stage {
			b.Step = p
		}
	}
	if b.Step != nil {
		var done []string
		for _, sp := range a.Progress.Steps {
			if sp.Step == a.Account.Stage {
				done = sp.Done
			}
		}
		for i, id := range b.Step.Step.ChecklistIDs {
			if i < len(b.Step.Step.Checklist) {
				b.Checklist = append(b.Checklist, Item{ID: id, Text: b.Step.Step.Checklist[i], Done: slices.Contains(done, id)})
			}
		}
	}
	c := site.Coaching
	for _, ct := range a.Contacts {
		p := Person{Contact: ct}
		if c != nil {
			for _, r := range c.Roles {
				if r.ID == ct.Role {
					p.Role, p.Task = r, r.Steps[a.Account.Stage]
				}
			}
			for _, s := range c.Styles {
				if s.ID == ct.Style {
					p.Style = s
				}
			}
			for _, s := range c.Stages {
				if s.ID == ct.Relationship {
					p.Stage = s
				}
			}
		}
		b.People = append(b.People, p)
	}
	for _, p := range site.Pages {
		if p.Objection != nil && p.Objection.StepID == a.Account.Stage {
			b.Objections = append(b.Objections, p)
		}
	}
	if q := a.Quote; q != nil {
		b.Value = q.Total
		for _, pm := range a.Progress.Payments {
			if !pm.Paid.IsZero() && pm.Payment >= 1 && pm.Payment <= len(q.Instalments) {
				b.Paid = b.Paid.Add(q.Instalments[pm.Payment-1].Amount)
			}
		}
	}
	var esc *model.Escalation
	if c != nil {
		esc = c.Escalation
	}
	b.Gaps = gaps(a, b.StepIndex, today, esc)
	for _, g := range b.Gaps {
		if g.Code == GapOverdue {
			b.Overdue = b.Overdue.Add(g.Amount)
		}
	}
	return b
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

func days(from, to time.Time) int { return int(day(to).Sub(day(from)).Hours() / 24) }

// gaps are the warnings a manager would raise about account a, at step
// index stage, as of today; an overdue instalment gets its level from the
// collection guide's matrix esc.
func gaps(a *account.Account, stage int, today time.Time, esc *model.Escalation) []Gap {
	var out []Gap
	at := func(step string) bool { return stage >= method.StepIndex(step) }
	// money first: an instalment past its due date
	if q := a.Quote; q != nil {
		for _, pm := range a.Progress.Payments {
			if pm.Paid.IsZero() && !pm.Due.IsZero() && day(pm.Due).Before(day(today)) && pm.Payment >= 1 && pm.Payment <= len(q.Instalments) {
				amount, late := q.Instalments[pm.Payment-1].Amount, days(pm.Due, today)
				out = append(out, Gap{Code: GapOverdue, Amount: amount, Days: late, Level: esc.Level(amount.InexactFloat64(), q.Currency, late)})
			}
		}
	}
	if v := a.Proposal.ValidUntil; a.HasProposal && !v.IsZero() && !at("collect") {
		if left := days(today, v); left <= 14 {
			out = append(out, Gap{Code: GapValidity, Days: left})
		}
	}
	if d := a.Progress.NextDue; !d.IsZero() && day(d).Before(day(today)) {
		out = append(out, Gap{Code: GapNextActionLate, Days: days(d, today)})
	}
	var decider *account.Contact
	coach, user, evaluator := false, false, false
	for i, ct := range a.Contacts {
		switch ct.Role {
		case "decider":
			if decider == nil {
				decider = &a.Contacts[i]
			}
		case "user":
			user = true
		case "evaluator":
			evaluator = true
		}
		coach = coach || ct.Guide != ""
	}
	switch {
	case decider == nil:
		out = append(out, Gap{Code: GapNoDecider})
	case at("commit") && method.StageIndex(decider.Relationship) < method.StageIndex("trusted"):
		out = append(out, Gap{Code: GapDeciderTrust, Contact: decider.Name})
	}
	if at("needs") {
		if !coach {
			out = append(out, Gap{Code: GapNoCoach})
		}
		if !user {
			out = append(out, Gap{Code: GapNoUser})
		}
		if !evaluator {
			out = append(out, Gap{Code: GapNoEvaluator})
		}
	}
	if at("value") && len(a.Competitors) == 0 {
		out = append(out, Gap{Code: GapNoCompetitors})
	}
	return out
}

// All are the briefs of every account, most urgent first.
func All(site *model.Site, accounts []*account.Account, today time.Time) []*Brief {
	var out []*Brief
	for _, a := range accounts {
		out = append(out, Make(site, a, today))
	}
	slices.SortStableFunc(out, Urgency)
	return out
}

// Urgency orders briefs for the account list: overdue money first (most
// first), then late next actions, then more gaps, then the nearest next
// action and the nearest signing.
func Urgency(a, b *Brief) int {
	if c := b.Overdue.Cmp(a.Overdue); c != 0 {
		return c
	}
	late := func(x *Brief) bool {
		return slices.ContainsFunc(x.Gaps, func(g Gap) bool { return g.Code == GapNextActionLate })
	}
	if la, lb := late(a), late(b); la != lb {
		if la {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(len(b.Gaps), len(a.Gaps)); c != 0 {
		return c
	}
	if c := compareDates(a.NextDue, b.NextDue); c != 0 {
		return c
	}
	if c := compareDates(a.Account.Progress.Close, b.Account.Progress.Close); c != 0 {
		return c
	}
	return cmp.Compare(a.Account.Slug, b.Account.Slug)
}

// compareDates orders dates, an unset one last.
func compareDates(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}
