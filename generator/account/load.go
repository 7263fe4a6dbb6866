package account

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"playbook/generator/diag"
	"playbook/generator/method"
	"playbook/generator/model"
	"playbook/generator/quote"
	"playbook/generator/source"
	"playbook/generator/tomlx"
)

// Options give an account's context: the playbook it belongs to.
type Options struct {
	Config   model.Config        // site.toml: language, company qualifications and references
	FAB      map[string][]string // ids of the playbook's FAB sheets → the languages that have one
	Today    time.Time           // for "validity already passed"; zero = now
	Language string              // default proposal language (the site's)
	// Checklists are the ids of each step page's checklist items, by step
	// id: [progress] records the items done by them.
	Checklists map[string][]string
}

// Languages of proposals.
var Languages = []string{"zh-CN", "en"}

// Currencies are the currencies proposals are priced in: their minor units
// and their amounts in words (Chinese capitals, English) are known.
var Currencies = []string{"CNY", "EUR", "GBP", "HKD", "JPY", "USD"}

// Statuses of answers.
var Statuses = []string{"comply", "exceed", "partial", "alternative", "no"}

// Invoices are the invoice types a quote may promise.
var Invoices = []string{"special", "general"}

// Dues are the events a payment may fall due on.
var Dues = []string{"signing", "delivery", "acceptance", "warranty_end"}

var (
	slugRe     = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)
)

// keys lists every valid key path, for "did you mean".
var keys = []string{
	"account", "contacts", "competitors", "opportunity", "swot", "proposal", "progress",
	"progress.next_action", "progress.next_due", "progress.close", "progress.steps", "progress.payments",
	"progress.steps.step", "progress.steps.reached", "progress.steps.done",
	"progress.payments.payment", "progress.payments.due", "progress.payments.paid",
	"account.name", "account.short_name", "account.industry", "account.size", "account.nature", "account.address",
	"account.postcode", "account.website", "account.stage", "account.owner", "account.products_in_use",
	"account.products_in_use.use", "account.products_in_use.brand", "account.products_in_use.quantity", "account.products_in_use.years",
	"contacts.name", "contacts.title", "contacts.department", "contacts.role", "contacts.relationship", "contacts.style",
	"contacts.guide", "contacts.phone", "contacts.email", "contacts.interests", "contacts.notes",
	"competitors.name", "competitors.history", "competitors.rep", "competitors.strengths", "competitors.weaknesses",
	"opportunity.exists", "opportunity.can_win", "opportunity.worth_it", "opportunity.our_strength", "opportunity.timeline", "opportunity.budget",
	"swot.strengths", "swot.weaknesses", "swot.opportunities", "swot.threats",
	"proposal.title", "proposal.number", "proposal.date", "proposal.valid_until", "proposal.language", "proposal.currency",
	"proposal.prepared_by", "proposal.contact", "proposal.current_state", "proposal.future", "proposal.challenges",
	"proposal.offerings", "proposal.plan", "proposal.quote", "proposal.answers", "proposal.credentials",
	"proposal.offerings.fab", "proposal.offerings.configuration", "proposal.offerings.note",
	"proposal.plan.phase", "proposal.plan.start", "proposal.plan.end", "proposal.plan.owner", "proposal.plan.deliverables", "proposal.plan.milestone",
	"proposal.quote.prices_include_tax", "proposal.quote.tax_rate", "proposal.quote.discount_percent", "proposal.quote.delivery",
	"proposal.quote.terms", "proposal.quote.items", "proposal.quote.fees", "proposal.quote.payments",
	"proposal.quote.items.name", "proposal.quote.items.spec", "proposal.quote.items.quantity", "proposal.quote.items.unit",
	"proposal.quote.items.unit_price", "proposal.quote.items.discount_percent", "proposal.quote.items.optional", "proposal.quote.items.gift",
	"proposal.quote.fees.name", "proposal.quote.fees.amount", "proposal.quote.payments.milestone", "proposal.quote.payments.percent",
	"proposal.answers.question", "proposal.answers.answer", "proposal.answers.status", "proposal.answers.ref",
	"proposal.credentials.qualifications", "proposal.credentials.references",
	"proposal.phone", "proposal.email", "proposal.cover_letter", "proposal.summary", "proposal.next_steps",
	"proposal.quote.delivery_place", "proposal.quote.warranty", "proposal.quote.after_sales", "proposal.quote.invoice",
	"proposal.quote.items.brand", "proposal.quote.items.model", "proposal.quote.payments.due",
	"proposal.answers.clause", "proposal.answers.note",
	"proposal.authorization", "proposal.authorization.representative", "proposal.authorization.title",
	"proposal.authorization.id_number", "proposal.authorization.phone", "proposal.authorization.valid_until",
}

// ParseAll parses account files (accounts/<slug>.toml), in the order given.
func ParseAll(files []*source.File, opts Options) ([]*Account, diag.List) {
	var out []*Account
	var diags diag.List
	for _, f := range files {
		a, d := Parse(strings.TrimSuffix(path.Base(f.Path), ".toml"), f.Name, f.Data, opts)
		diags = append(diags, d...)
		if a != nil {
			a.Source = f
			out = append(out, a)
		}
	}
	return out, diags
}

// Parse loads one account file. It returns nil when the file cannot be read
// as TOML; otherwise the account and every problem found.
func Parse(slug, file string, data []byte, opts Options) (*Account, diag.List) {
	var diags diag.List
	if !utf8.Valid(data) {
		diags.Errorf(file, 1, 1, "the file is not UTF-8 text (save it as UTF-8)")
		return nil, diags
	}
	a := &Account{Slug: slug, File: file}
	_, k, ok := tomlx.Decode(string(data), file, 1, a, keys, &diags)
	if !ok {
		return nil, diags
	}
	a.Keys = k
	c := &checker{a: a, keys: k, diags: &diags, opts: opts}
	if !slugRe.MatchString(slug) {
		diags.Errorf(file, 1, 1, "the file name %q must be lowercase letters, digits, - or _ (it names the account on the command line and the PDF)", slug+".toml")
	}
	c.check()
	a.Errors = diags.Errors()
	return a, diags
}

type checker struct {
	a     *Account
	keys  tomlx.Keys
	diags *diag.List
	opts  Options
}

func (c *checker) errorf(key, format string, args ...any) {
	p := c.keys.At(key)
	c.diags.Errorf(c.a.File, p.Line, p.Col, "%s: %s", key, fmt.Sprintf(format, args...))
}

func (c *checker) warnf(key, format string, args ...any) {
	p := c.keys.At(key)
	c.diags.Warnf(c.a.File, p.Line, p.Col, "%s: %s", key, fmt.Sprintf(format, args...))
}

func (c *checker) required(key, value string) {
	if strings.TrimSpace(value) == "" {
		c.errorf(key, "is required")
	}
}

func (c *checker) oneOf(key, value string, allowed []string) {
	if value == "" || slices.Contains(allowed, value) {
		return
	}
	msg := fmt.Sprintf("%q is not one of %s", value, strings.Join(allowed, ", "))
	if s := diag.Suggest(value, allowed); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	c.errorf(key, "%s", msg)
}

var hundred = decimal.NewFromInt(100)

// number reports a value that is not a number; it tells whether d is usable.
func (c *checker) number(key string, d Decimal) bool {
	if d.Invalid != "" {
		c.errorf(key, "%s", d.Invalid)
		return false
	}
	return true
}

func (c *checker) percent(key string, d Decimal) {
	if !c.number(key, d) {
		return
	}
	if d.IsNegative() || d.GreaterThan(hundred) {
		c.errorf(key, "%s must be between 0 and 100", d)
	}
}

func (c *checker) check() {
	a := c.a
	c.required("account.name", a.Account.Name)
	c.oneOf("account.stage", a.Account.Stage, method.Steps)

	deciders := 0
	for i, ct := range a.Contacts {
		at := fmt.Sprintf("contacts[%d]", i)
		c.required(at+".name", ct.Name)
		if ct.Role == "" {
			c.warnf(at, "%s has no role (%s)", ct.Name, strings.Join(method.Roles, ", "))
		}
		c.oneOf(at+".role", ct.Role, method.Roles)
		c.oneOf(at+".relationship", ct.Relationship, method.Stages)
		c.oneOf(at+".style", ct.Style, method.Styles)
		c.oneOf(at+".guide", ct.Guide, method.Guides)
		if ct.Role == "decider" {
			deciders++
		}
	}
	if deciders == 0 {
		c.warnf("contacts", "no decider among the contacts: who will sign?")
	}

	c.checkProgress()

	// An account early in the method has no proposal yet.
	a.HasProposal = c.keys.Has("proposal")
	for k := range c.keys.Paths() {
		a.HasProposal = a.HasProposal || strings.HasPrefix(k, "proposal.")
	}
	if !a.HasProposal {
		return
	}
	p := &a.Proposal
	c.required("proposal.title", p.Title)
	if p.Date.IsZero() {
		c.errorf("proposal.date", "is required (a date such as 2026-12-01)")
	}
	c.aDate("proposal.date", p.Date)
	c.aDate("proposal.valid_until", p.ValidUntil)
	if !p.ValidUntil.IsZero() && !p.Date.IsZero() && p.ValidUntil.Before(p.Date) {
		c.errorf("proposal.valid_until", "%s is before the proposal date %s", day(p.ValidUntil), day(p.Date))
	}
	today := c.opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	if !p.ValidUntil.IsZero() && day(p.ValidUntil) < day(today) && a.Account.Stage != "collect" { // once signed, validity no longer matters
		c.warnf("proposal.valid_until", "the validity (%s) has already passed", day(p.ValidUntil))
	}
	if p.Language == "" {
		p.Language = c.opts.Language
		if p.Language == "" {
			p.Language = "zh-CN"
		}
	}
	c.oneOf("proposal.language", p.Language, Languages)
	if p.Currency == "" {
		p.Currency = "CNY"
	}
	switch {
	case strings.EqualFold(p.Currency, "RMB"):
		c.errorf("proposal.currency", "%q is not an ISO 4217 code: renminbi is CNY", p.Currency)
	case !currencyRe.MatchString(p.Currency) || !slices.Contains(Currencies, p.Currency):
		msg := fmt.Sprintf("%q is not a currency Playbook knows (%s)", p.Currency, strings.Join(Currencies, ", "))
		if s := diag.Suggest(strings.ToUpper(p.Currency), Currencies); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		c.errorf("proposal.currency", "%s", msg)
	}

	var fabIDs []string
	for id := range c.opts.FAB {
		fabIDs = append(fabIDs, id)
	}
	sort.Strings(fabIDs)
	for i, o := range p.Offerings {
		at := fmt.Sprintf("proposal.offerings[%d]", i)
		switch {
		case o.FAB == "":
			c.errorf(at+".fab", "is required: the id of a FAB sheet")
		case !slices.Contains(c.opts.FAB[o.FAB], p.Language) && !slices.Contains(c.opts.FAB[o.FAB], c.opts.Language):
			msg := fmt.Sprintf("no FAB sheet %q in the playbook", o.FAB)
			if s := diag.Suggest(o.FAB, fabIDs); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else if len(fabIDs) > 0 {
				msg += " (known: " + strings.Join(fabIDs, ", ") + ")"
			}
			c.errorf(at+".fab", "%s", msg)
		}
		if strings.TrimSpace(o.Configuration) == "" {
			c.warnf(at, "offering %q has no configuration for this client", o.FAB)
		}
	}
	for i, ph := range p.Plan {
		at := fmt.Sprintf("proposal.plan[%d]", i)
		c.required(at+".phase", ph.Phase)
		c.aDate(at+".start", ph.Start)
		c.aDate(at+".end", ph.End)
		if !ph.Start.IsZero() && !ph.End.IsZero() && ph.End.Before(ph.Start) {
			c.errorf(at+".end", "%s is before the start %s", day(ph.End), day(ph.Start))
		}
	}
	// The seven sections are required: an empty one reaches the client as
	// a bare title.
	for _, f := range []struct{ key, value, section string }{
		{"proposal.current_state", p.CurrentState, "现状与未来 / Current state and future"},
		{"proposal.future", p.Future, "现状与未来 / Current state and future"},
		{"proposal.challenges", p.Challenges, "问题与挑战 / Problems and challenges"},
	} {
		if strings.TrimSpace(f.value) == "" {
			c.warnf("proposal", "%s is empty: the section %s prints without it", f.key, f.section)
		}
	}
	if len(p.Plan) == 0 {
		c.warnf("proposal", "no [[proposal.plan]] phases: the section 实施计划 / Implementation plan prints empty")
	}
	if len(p.Answers) == 0 {
		c.warnf("proposal", "no [[proposal.answers]]: the section 应答书 / Answers prints only its closing statement")
	}
	c.checkQuote()
	for i, an := range p.Answers {
		at := fmt.Sprintf("proposal.answers[%d]", i)
		c.required(at+".question", an.Question)
		if strings.TrimSpace(an.Answer) == "" {
			c.errorf(at+".answer", "is empty: answer every question point by point")
		}
		if an.Status == "" {
			c.errorf(at+".status", "is required (%s)", strings.Join(Statuses, ", "))
		}
		c.oneOf(at+".status", an.Status, Statuses)
		if an.Status == "alternative" && strings.TrimSpace(an.Note) == "" {
			c.warnf(at, "an alternative is a 负偏离: say in note how the offer differs from the requirement")
		}
	}
	for i, step := range p.NextSteps {
		if strings.TrimSpace(step) == "" {
			c.errorf(fmt.Sprintf("proposal.next_steps[%d]", i), "is empty")
		}
	}
	if au := p.Authorization; au != nil {
		c.required("proposal.authorization.representative", au.Representative)
		if strings.TrimSpace(c.opts.Config.Company.LegalRepresentative) == "" {
			c.errorf("proposal.authorization", "the 授权委托书 is given by the legal representative: set company.legal_representative in site.toml")
		}
		c.aDate("proposal.authorization.valid_until", au.ValidUntil)
		if !au.ValidUntil.IsZero() && !p.ValidUntil.IsZero() && au.ValidUntil.Before(p.ValidUntil) {
			c.warnf("proposal.authorization.valid_until", "the authorisation ends (%s) before the offer does (%s)", day(au.ValidUntil), day(p.ValidUntil))
		}
	}
	company := c.opts.Config.Company
	var quals, refs []string
	for _, q := range company.Qualifications {
		quals = append(quals, q.ID)
	}
	for _, r := range company.References {
		refs = append(refs, r.ID)
	}
	for i, id := range p.Credentials.Qualifications {
		c.known(fmt.Sprintf("proposal.credentials.qualifications[%d]", i), "proposal.credentials.qualifications", id, quals, "[[company.qualifications]]")
	}
	// A certificate that lapses while the offer stands undermines it.
	until := p.ValidUntil
	if until.IsZero() {
		until = p.Date
	}
	for _, q := range company.Qualifications {
		chosen := len(p.Credentials.Qualifications) == 0 || slices.Contains(p.Credentials.Qualifications, q.ID)
		if chosen && !q.ValidUntil.IsZero() && !until.IsZero() && q.ValidUntil.Before(until) {
			c.warnf("proposal.credentials", "qualification %q expires on %s, before the offer ends (%s): renew it in site.toml or leave it out",
				q.ID, day(q.ValidUntil), day(until))
		}
	}
	for i, id := range p.Credentials.References {
		c.known(fmt.Sprintf("proposal.credentials.references[%d]", i), "proposal.credentials.references", id, refs, "[[company.references]]")
	}
}

// checkProgress checks [progress]: steps of the method, checklist items
// the step pages have, dates, instalments of the quote.
func (c *checker) checkProgress() {
	pr := &c.a.Progress
	c.aDate("progress.next_due", pr.NextDue)
	c.aDate("progress.close", pr.Close)
	if pr.NextAction != "" && pr.NextDue.IsZero() {
		c.warnf("progress.next_action", "has no due date: set progress.next_due")
	}
	stage := method.StepIndex(c.a.Account.Stage)
	seen := map[string]bool{}
	for i, st := range pr.Steps {
		at := fmt.Sprintf("progress.steps[%d]", i)
		c.oneOf(at+".step", st.Step, method.Steps)
		c.aDate(at+".reached", st.Reached)
		switch {
		case st.Step == "":
			c.errorf(at+".step", "is required: the step (%s)", strings.Join(method.Steps, ", "))
		case seen[st.Step]:
			c.errorf(at+".step", "step %q is listed twice", st.Step)
		case stage >= 0 && method.StepIndex(st.Step) > stage:
			c.warnf(at+".step", "%q comes after the account's stage %q (account.stage)", st.Step, c.a.Account.Stage)
		}
		seen[st.Step] = true
		ids, known := c.opts.Checklists[st.Step]
		for j, id := range st.Done {
			if !known || slices.Contains(ids, id) {
				continue
			}
			msg := fmt.Sprintf("the %s step page has no checklist item %q (renamed or removed?)", st.Step, id)
			if s := diag.Suggest(id, ids); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			c.warnf(fmt.Sprintf("%s.done[%d]", at, j), "%s", msg)
		}
	}
	n := len(c.a.Proposal.Quote.Payments)
	for i, pm := range pr.Payments {
		at := fmt.Sprintf("progress.payments[%d]", i)
		c.aDate(at+".due", pm.Due)
		c.aDate(at+".paid", pm.Paid)
		switch {
		case n == 0:
			c.errorf(at+".payment", "the quote has no instalments (proposal.quote.payments) for it to be")
		case pm.Payment < 1 || pm.Payment > n:
			c.errorf(at+".payment", "%d is not an instalment of proposal.quote.payments (1 to %d)", pm.Payment, n)
		case pm.Due.IsZero():
			c.errorf(at+".due", "is required: when the instalment falls due")
		}
	}
}

// aDate reports a TOML time of day (10:00:00) written where a date is
// meant: it decodes as the year 0.
func (c *checker) aDate(key string, t time.Time) {
	if !t.IsZero() && t.Year() < 1900 {
		c.errorf(key, "%s is not a date (write it as 2026-12-01)", t.Format("15:04:05"))
	}
}

// money reports an amount with more decimals than the currency has: it
// would be printed rounded, and the totals would not add up as printed.
func (c *checker) money(key string, d Decimal) {
	digits := quote.MinorDigits(c.a.Proposal.Currency)
	if d.Set && d.Invalid == "" && !d.Equal(d.Round(digits)) {
		c.errorf(key, "%s has more decimals than %s has (%d)", d.String(), c.a.Proposal.Currency, digits)
	}
}

func (c *checker) known(name, key, id string, ids []string, where string) {
	if slices.Contains(ids, id) {
		return
	}
	msg := fmt.Sprintf("%s: %q is not an id of %s in site.toml", name, id, where)
	if s := diag.Suggest(id, ids); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	p := c.keys.At(key)
	c.diags.Errorf(c.a.File, p.Line, p.Col, "%s", msg)
}

func (c *checker) checkQuote() {
	q := &c.a.Proposal.Quote
	before := len(c.diags.Errors())
	if c.number("proposal.quote.tax_rate", q.TaxRate) && (q.TaxRate.IsNegative() || q.TaxRate.GreaterThan(hundred)) {
		c.errorf("proposal.quote.tax_rate", "%s must be between 0 and 100", q.TaxRate)
	}
	c.percent("proposal.quote.discount_percent", q.DiscountPercent)
	if len(q.Items) == 0 {
		c.errorf("proposal.quote", "a quote needs at least one item ([[proposal.quote.items]])")
	}
	names := map[string]int{}
	in := quote.Input{Currency: c.a.Proposal.Currency, PricesIncludeTax: q.PricesIncludeTax,
		TaxRate: q.TaxRate.Decimal, DiscountPercent: q.DiscountPercent.Decimal, Lang: c.a.Proposal.Language}
	for i, it := range q.Items {
		at := fmt.Sprintf("proposal.quote.items[%d]", i)
		c.required(at+".name", it.Name)
		if j, dup := names[it.Name]; dup && it.Name != "" {
			c.errorf(at+".name", "%q is already items[%d]", it.Name, j)
		}
		names[it.Name] = i
		switch {
		case !it.Quantity.Set:
			c.errorf(at+".quantity", "is required")
		case !c.number(at+".quantity", it.Quantity):
		case !it.Quantity.IsPositive():
			c.errorf(at+".quantity", "%s must be > 0", it.Quantity)
		}
		switch {
		case !it.UnitPrice.Set:
			c.errorf(at+".unit_price", "is required")
		case !c.number(at+".unit_price", it.UnitPrice):
		case it.UnitPrice.IsNegative():
			c.errorf(at+".unit_price", "%s must not be negative", it.UnitPrice)
		default:
			c.money(at+".unit_price", it.UnitPrice)
		}
		c.percent(at+".discount_percent", it.DiscountPercent)
		if it.Optional && it.Gift {
			c.errorf(at, "an item is optional or a gift, not both")
		}
		in.Items = append(in.Items, quote.Item{Name: it.Name, Spec: it.Spec, Brand: it.Brand, Model: it.Model, Unit: it.Unit, Quantity: it.Quantity.Decimal,
			UnitPrice: it.UnitPrice.Decimal, DiscountPercent: it.DiscountPercent.Decimal, Optional: it.Optional, Gift: it.Gift})
	}
	for i, f := range q.Fees {
		at := fmt.Sprintf("proposal.quote.fees[%d]", i)
		c.required(at+".name", f.Name)
		if c.number(at+".amount", f.Amount) && f.Amount.IsNegative() {
			c.errorf(at+".amount", "%s must not be negative", f.Amount)
		}
		c.money(at+".amount", f.Amount)
		in.Fees = append(in.Fees, quote.Fee{Name: f.Name, Amount: f.Amount.Decimal})
	}
	c.oneOf("proposal.quote.invoice", q.Invoice, Invoices)
	total := decimal.Zero
	for i, pm := range q.Payments {
		at := fmt.Sprintf("proposal.quote.payments[%d]", i)
		c.required(at+".milestone", pm.Milestone)
		c.oneOf(at+".due", pm.Due, Dues)
		// A retention paid when the warranty ends needs a warranty.
		if strings.TrimSpace(q.Warranty) == "" && (pm.Due == "warranty_end" || mentionsWarranty(pm.Milestone)) {
			c.warnf(at, "falls due at the end of the warranty, but the quote names no warranty: set proposal.quote.warranty (质保期)")
		}
		if c.number(at+".percent", pm.Percent) && (!pm.Percent.IsPositive() || pm.Percent.GreaterThan(hundred)) {
			c.errorf(at+".percent", "%s must be more than 0 and at most 100", pm.Percent)
		}
		total = total.Add(pm.Percent.Decimal)
		in.Payments = append(in.Payments, quote.Payment{Milestone: pm.Milestone, Percent: pm.Percent.Decimal})
	}
	if len(q.Payments) > 0 && !total.Equal(hundred) {
		c.errorf("proposal.quote.payments", "the percents total %s, not 100", total)
	}
	if len(c.diags.Errors()) > before {
		return
	}
	computed, err := quote.Compute(in)
	if err != nil {
		c.errorf("proposal.quote", "%s", strings.TrimPrefix(err.Error(), "quote: "))
		return
	}
	c.a.Quote = computed
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// mentionsWarranty reports whether a payment milestone is the end of the
// warranty (质保期满, 质保金, warranty).
func mentionsWarranty(milestone string) bool {
	m := strings.ToLower(milestone)
	return strings.Contains(m, "质保") || strings.Contains(m, "保修期") || strings.Contains(m, "warranty")
}
