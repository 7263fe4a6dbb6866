package brief

import (
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"playbook/generator/project"
)

const site = "title = \"t\"\n[company]\nname = \"c\"\n"

const stepPage = `+++
title = "赢取承诺"
type = "step"
step = "commit"
start = "s"
end = "e"
checklist = ["已记录购买信号 {#signals}", "谈判底线已批准 {#limits}"]
+++
`

const rolesPage = `+++
title = "角色"
[[roles]]
id = "decider"
name = "决策者"
[roles.steps]
commit = "给出清楚的交付和售后承诺"
[[styles]]
id = "tiger"
name = "老虎型"
do = "三句话讲清"
avoid = "绕圈子"
+++
`

func load(t *testing.T, accounts map[string]string) *project.Project {
	t.Helper()
	fsys := fstest.MapFS{"site.toml": {Data: []byte(site)}, "steps/commit.md": {Data: []byte(stepPage)}, "toolkit/roles.md": {Data: []byte(rolesPage)},
		"fab/x.md": {Data: []byte("+++\ntitle = \"x\"\n[[fab]]\nfeature = \"f\"\nadvantage = \"a\"\nbenefit = \"b\"\n+++\n")}}
	for slug, src := range accounts {
		fsys["accounts/"+slug+".toml"] = &fstest.MapFile{Data: []byte(src)}
	}
	p, diags := project.Load(fsys, nil, project.Options{Today: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return p
}

func codes(b *Brief) []string {
	var out []string
	for _, g := range b.Gaps {
		out = append(out, g.Code)
	}
	return out
}

var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// The brief joins the account to the playbook by id, and raises the gaps a
// sales manager would.
func TestBrief(t *testing.T) {
	p := load(t, map[string]string{
		"late": `[account]
name = "晚"
stage = "commit"
[[contacts]]
name = "王总"
role = "decider"
relationship = "engaged"
style = "tiger"
[progress]
next_action = "x"
next_due = 2026-11-20
[[progress.steps]]
step = "commit"
done = ["limits"]
`,
		"early": `[account]
name = "早"
stage = "needs"
[[contacts]]
name = "李"
role = "designer"
`,
	})
	late := Make(p.Site, p.Account("late"), today)
	if got := codes(late); !slices.Equal(got, []string{GapNextActionLate, GapDeciderTrust, GapNoCoach, GapNoUser, GapNoEvaluator, GapNoCompetitors}) {
		t.Errorf("late: gaps %v", got)
	}
	if late.Step == nil || late.Step.Title != "赢取承诺" || len(late.Checklist) != 2 || late.Checklist[0].Done || !late.Checklist[1].Done {
		t.Errorf("late: step %v, checklist %+v", late.Step, late.Checklist)
	}
	if pp := late.People[0]; pp.Style == nil || pp.Style.Do != "三句话讲清" || pp.Task != "给出清楚的交付和售后承诺" {
		t.Errorf("late: advice for 王总 %+v", pp)
	}
	if late.Gaps[1].Contact != "王总" || late.Gaps[0].Days != 7 {
		t.Errorf("late: gap details %+v", late.Gaps)
	}
	early := Make(p.Site, p.Account("early"), today)
	if got := codes(early); !slices.Equal(got, []string{GapNoDecider, GapNoCoach, GapNoUser, GapNoEvaluator}) {
		t.Errorf("early: gaps %v", got)
	}
	if early.Step != nil || early.People[0].Role != nil {
		t.Errorf("early: a step or role the playbook does not describe: %+v", early)
	}
}

// Overdue money puts an account first; a paid or not yet due instalment
// is not overdue.
func TestOverdueAndUrgency(t *testing.T) {
	quote := `[proposal]
title = "p"
date = 2026-09-01
[[proposal.offerings]]
fab = "x"
[[proposal.quote.items]]
name = "a"
quantity = 10
unit = "件"
unit_price = "100.00"
[[proposal.quote.payments]]
milestone = "签约"
percent = 30
[[proposal.quote.payments]]
milestone = "验收"
percent = 70
`
	mk := func(stage, progress string) string {
		return "[account]\nname = \"n\"\nstage = \"" + stage + "\"\n[[contacts]]\nname = \"d\"\nrole = \"decider\"\nrelationship = \"trusted\"\nguide = \"senior\"\n[[competitors]]\nname = \"c\"\n" + progress + quote
	}
	p := load(t, map[string]string{
		"owes": mk("collect", "[[progress.payments]]\npayment = 1\ndue = 2026-10-01\npaid = 2026-09-30\n[[progress.payments]]\npayment = 2\ndue = 2026-11-01\n"),
		"soon": mk("collect", "[progress]\nnext_due = 2026-12-01\n[[progress.payments]]\npayment = 2\ndue = 2026-12-30\n"),
		"calm": mk("collect", ""),
	})
	var bs []*Brief
	for _, a := range p.Accounts {
		bs = append(bs, Make(p.Site, a, today))
	}
	slices.SortStableFunc(bs, Urgency)
	var order []string
	for _, b := range bs {
		order = append(order, b.Account.Slug)
	}
	if !slices.Equal(order, []string{"owes", "soon", "calm"}) {
		t.Errorf("order %v", order)
	}
	owes := bs[0]
	if owes.Overdue.String() != "700" || owes.Gaps[0].Code != GapOverdue || owes.Gaps[0].Days != 26 || owes.Gaps[0].Amount.String() != "700" {
		t.Errorf("owes: overdue %s, gaps %+v", owes.Overdue, owes.Gaps)
	}
	if owes.Paid.String() != "300" {
		t.Errorf("owes: paid %s, want 300", owes.Paid)
	}
	if !bs[1].Overdue.IsZero() {
		t.Errorf("an instalment not yet due is overdue: %s", bs[1].Overdue)
	}
}
