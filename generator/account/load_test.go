package account

import (
	"playbook/generator/diag"
	"strings"
	"testing"
	"time"

	"playbook/generator/model"
)

var opts = Options{
	FAB:      map[string][]string{"down-jacket-pro": {"zh-CN"}, "down-vest": {"zh-CN"}},
	Today:    time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC),
	Language: "zh-CN",
	Config: model.Config{Company: model.Company{
		Qualifications: []model.Qualification{{ID: "iso9001"}, {ID: "old", ValidUntil: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}},
		References:     []model.Reference{{ID: "huabei-2025"}},
	}},
}

func parse(t *testing.T, src string) (*Account, string) {
	t.Helper()
	a, d := Parse("x", "content/accounts/x.toml", []byte(src), opts)
	var lines []string
	for _, x := range d.Sort() {
		lines = append(lines, x.String())
	}
	return a, strings.Join(lines, "\n")
}

const good = `[account]
name = "华东石化集团有限公司"
stage = "value"

[[contacts]]
name = "李明"
role = "decider"
relationship = "trusted"
style = "tiger"

[proposal]
title = "冬季工装方案"
date = 2026-12-01
valid_until = 2027-01-15
currency = "CNY"
current_state = "现有棉服已用四年。"
future = "员工穿得暖、穿得合身。"
challenges = "一线岗位保暖不足。"

[[proposal.plan]]
phase = "量体"
start = 2026-12-10
end = 2026-12-20

[[proposal.offerings]]
fab = "down-jacket-pro"
configuration = "藏青色"

[proposal.quote]
tax_rate = 13
discount_percent = 2

[[proposal.quote.items]]
name = "男款防寒服"
quantity = 1200
unit = "件"
unit_price = 568.10

[[proposal.quote.items]]
name = "马甲"
quantity = "300"
unit_price = "198.50"
discount_percent = 5

[[proposal.quote.items]]
name = "备用内胆"
quantity = 100
unit_price = 80
optional = true

[[proposal.quote.items]]
name = "刺绣"
quantity = 1
unit_price = 5000
gift = true

[[proposal.quote.fees]]
name = "运费"
amount = 3000

[[proposal.quote.payments]]
milestone = "签约"
percent = 30
[[proposal.quote.payments]]
milestone = "验收"
percent = 70

[[proposal.answers]]
question = "能否 30 天交货？"
answer = "可以。"
status = "comply"

[proposal.credentials]
qualifications = ["iso9001"]
references = ["huabei-2025"]
`

func TestGoodAccount(t *testing.T) {
	a, diags := parse(t, good)
	if diags != "" {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	q := a.Quote
	if q == nil {
		t.Fatal("no quote")
	}
	// 1200 × 568.10 = 681720.00; 300 × 198.50 × 0.95 = 56572.50
	for name, got := range map[string]string{
		"subtotal": q.Format(q.Subtotal), "discount": q.Format(q.Discount), "fees": q.Format(q.Fees),
		"net": q.Format(q.Net), "tax": q.Format(q.Tax), "total": q.Format(q.Total),
	} {
		want := map[string]string{"subtotal": "738292.50", "discount": "14765.85", "fees": "3000.00",
			"net": "726526.65", "tax": "94448.46", "total": "820975.11"}[name]
		if got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	if a.Proposal.Language != "zh-CN" {
		t.Errorf("language default = %q", a.Proposal.Language)
	}
}

func TestMistakes(t *testing.T) {
	src := `[account]
nam = "x"
stage = "closing"

[[contacts]]
name = "A"
role = "boss"
style = "lion"

[[contacts]]
name = "B"

[proposal]
title = ""
date = 2026-12-01
valid_until = 2026-11-01
language = "fr"
currency = "rmb"

[[proposal.offerings]]
fab = "down-jaket-pro"

[[proposal.plan]]
phase = "量体"
start = 2026-12-10
end = 2026-12-01

[proposal.quote]
tax_rate = 13
discount_percent = 120

[[proposal.quote.items]]
name = "A"
quantity = 0
unit_prise = 5

[[proposal.quote.items]]
name = "A"
quantity = 2
unit_price = -1
discount_percent = -5

[[proposal.quote.items]]
name = "C"
quantity = "lots"
unit_price = 1

[[proposal.quote.payments]]
milestone = "签约"
percent = 30
[[proposal.quote.payments]]
milestone = "验收"
percent = 60

[[proposal.answers]]
question = "Q"
answer = "  "
status = "yes"

[proposal.credentials]
qualifications = ["iso-9001"]
references = ["nowhere"]
`
	_, diags := parse(t, src)
	for _, want := range []string{
		`x.toml:2:1: unknown key "account.nam" (did you mean "name"?)`,
		`x.toml:45:1: proposal.quote.items[2].quantity: "lots" is not a number`,
		`x.toml:1:1: account.name: is required`,
		`x.toml:3:1: account.stage: "closing" is not one of analyze, trust, needs, value, commit, collect`,
		`x.toml:7:1: contacts[0].role: "boss" is not one of designer, evaluator, decider, user`,
		`x.toml:8:1: contacts[0].style: "lion" is not one of`,
		`x.toml:10:1: warning: contacts[1]: B has no role`,
		`x.toml:5:1: warning: contacts: no decider among the contacts`,
		`x.toml:14:1: proposal.title: is required`,
		`x.toml:16:1: proposal.valid_until: 2026-11-01 is before the proposal date 2026-12-01`,
		`x.toml:16:1: warning: proposal.valid_until: the validity (2026-11-01) has already passed`,
		`x.toml:17:1: proposal.language: "fr" is not one of zh-CN, en`,
		`x.toml:18:1: proposal.currency: "rmb" is not an ISO 4217 code`,
		`x.toml:21:1: proposal.offerings[0].fab: no FAB sheet "down-jaket-pro" in the playbook (did you mean "down-jacket-pro"?)`,
		`x.toml:20:1: warning: proposal.offerings[0]: offering "down-jaket-pro" has no configuration`,
		`x.toml:26:1: proposal.plan[0].end: 2026-12-01 is before the start 2026-12-10`,
		`x.toml:30:1: proposal.quote.discount_percent: 120 must be between 0 and 100`,
		`x.toml:34:1: proposal.quote.items[0].quantity: 0 must be > 0`,
		`x.toml:35:1: unknown key "proposal.quote.items.unit_prise" (did you mean "unit_price"?)`,
		`x.toml:32:1: proposal.quote.items[0].unit_price: is required`,
		`x.toml:38:1: proposal.quote.items[1].name: "A" is already items[0]`,
		`x.toml:40:1: proposal.quote.items[1].unit_price: -1 must not be negative`,
		`x.toml:41:1: proposal.quote.items[1].discount_percent: -5 must be between 0 and 100`,
		`x.toml:48:1: proposal.quote.payments: the percents total 90, not 100`,
		`x.toml:57:1: proposal.answers[0].answer: is empty`,
		`x.toml:58:1: proposal.answers[0].status: "yes" is not one of comply, exceed, partial, alternative, no`,
		`x.toml:61:1: proposal.credentials.qualifications[0]: "iso-9001" is not an id of [[company.qualifications]] in site.toml (did you mean "iso9001"?)`,
		`x.toml:62:1: proposal.credentials.references[0]: "nowhere" is not an id of [[company.references]]`,
	} {
		if !strings.Contains(diags, want) {
			t.Errorf("missing %q in\n%s", want, diags)
		}
	}
}

func TestSyntaxError(t *testing.T) {
	_, diags := parse(t, "[account]\nname = \"x\n")
	if !strings.HasPrefix(diags, "content/accounts/x.toml:2:") || !strings.Contains(diags, "invalid TOML") {
		t.Errorf("diags = %s", diags)
	}
}

func TestFloatsExactlyAsWritten(t *testing.T) {
	var d Decimal
	for in, want := range map[any]string{568.10: "568.1", int64(3): "3", "0.1": "0.1", 0.1: "0.1", 1e-7: "0.0000001"} {
		d = Decimal{}
		if d.UnmarshalTOML(in); d.Invalid != "" || d.String() != want {
			t.Errorf("%v -> %s, %q; want %s", in, d.String(), d.Invalid, want)
		}
	}
	if d.UnmarshalTOML(0.12345678901234567); d.Invalid == "" {
		t.Error("a float with more digits than float64 holds was accepted")
	}
	if d.UnmarshalTOML(true); d.Invalid == "" {
		t.Error("a bool was accepted as a number")
	}
}

func TestExpiredQualification(t *testing.T) {
	_, diags := parse(t, strings.Replace(good, `qualifications = ["iso9001"]`, `qualifications = ["iso9001", "old"]`, 1))
	if !strings.Contains(diags, `warning: proposal.credentials: qualification "old" expires on 2026-12-31, before the offer ends (2027-01-15)`) {
		t.Errorf("diags = %s", diags)
	}
}

func TestNoProposal(t *testing.T) {
	a, diags := parse(t, "[account]\nname = \"x\"\n[[contacts]]\nname = \"y\"\nrole = \"decider\"\n")
	if diags != "" || a.HasProposal {
		t.Errorf("an account without a proposal: %v %s", a.HasProposal, diags)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("[proposal.quote]\ntax_rate = \"x\"\n"))
	f.Add([]byte("[[proposal.quote.items]]\nquantity = 1e308\nunit_price = 1e308\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		a, diags := Parse("x", "x.toml", src, opts)
		for _, d := range diags {
			if d.Line < 0 || d.Msg == "" {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
		if a != nil && a.Quote != nil && !a.Quote.Net.Add(a.Quote.Tax).Equal(a.Quote.Total) {
			t.Fatal("totals do not add up")
		}
	})
}

// TestSilentlyAcceptedNoMore: inputs that used to pass without a word are
// errors at their key.
func TestSilentlyAcceptedNoMore(t *testing.T) {
	base := "[account]\nname = \"某集团\"\n[[contacts]]\nname = \"李\"\nrole = \"decider\"\n[proposal]\ntitle = \"方案\"\n"
	item := "[[proposal.quote.items]]\nname = \"马甲\"\nquantity = 3\nunit_price = 100\n"
	for name, tt := range map[string]struct{ src, want string }{
		"a time for a date":      {base + "date = 10:00:00\n" + item, "proposal.date: 10:00:00 is not a date"},
		"too many decimals":      {base + "date = 2026-12-01\n[[proposal.quote.items]]\nname = \"x\"\nquantity = 3\nunit_price = \"0.333\"\n", "unit_price: 0.333 has more decimals than CNY has (2)"},
		"yen decimals":           {base + "date = 2026-12-01\ncurrency = \"JPY\"\n[[proposal.quote.items]]\nname = \"x\"\nquantity = 3\nunit_price = 10.5\n", "10.5 has more decimals than JPY has (0)"},
		"RMB":                    {base + "date = 2026-12-01\ncurrency = \"RMB\"\n" + item, "renminbi is CNY"},
		"unknown currency":       {base + "date = 2026-12-01\ncurrency = \"USX\"\n" + item, "did you mean \"USD\"?"},
		"no items":               {base + "date = 2026-12-01\n[proposal.quote]\ntax_rate = 13\n", "a quote needs at least one item"},
		"a time in the plan":     {base + "date = 2026-12-01\n" + item + "[[proposal.plan]]\nphase = \"p\"\nstart = 08:30:00\n", "proposal.plan[0].start: 08:30:00 is not a date"},
		"fee with more decimals": {base + "date = 2026-12-01\n" + item + "[[proposal.quote.fees]]\nname = \"运费\"\namount = 1.005\n", "fees[0].amount: 1.005 has more decimals"},
	} {
		_, got := parse(t, tt.src)
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q not in\n%s", name, tt.want, got)
		}
	}
}

// The keys of the 报价单, 偏离表 and 授权委托书 are checked like the others.
func TestNewKeysChecked(t *testing.T) {
	src := `[account]
name = "x"

[[contacts]]
name = "A"
role = "decider"

[proposal]
title = "t"
date = 2026-12-01
next_steps = ["下周确认", " "]

[[proposal.offerings]]
fab = "down-vest"
configuration = "c"

[proposal.quote]
tax_rate = 13
invoice = "specal"
warrant = "一年"

[[proposal.quote.items]]
name = "A"
brand = "北方羽绒"
model = "BF-1"
quantity = 1
unit_price = 1

[[proposal.quote.payments]]
milestone = "签约"
percent = 90
due = "signng"
[[proposal.quote.payments]]
milestone = "质保期满后"
percent = 10

[[proposal.answers]]
clause = "3.2"
question = "Q"
answer = "A"
status = "exceed"
[[proposal.answers]]
question = "Q2"
answer = "A"
status = "alternative"

[proposal.authorization]
representativ = "王磊"
`
	_, diags := parse(t, src)
	for _, want := range []string{
		`x.toml:11:1: proposal.next_steps[1]: is empty`,
		`x.toml:19:1: proposal.quote.invoice: "specal" is not one of special, general (did you mean "special"?)`,
		`x.toml:20:1: unknown key "proposal.quote.warrant" (did you mean "warranty"?)`,
		`x.toml:32:1: proposal.quote.payments[0].due: "signng" is not one of signing, delivery, acceptance, warranty_end (did you mean "signing"?)`,
		`warning: proposal.quote.payments[1]: falls due at the end of the warranty, but the quote names no warranty`,
		`warning: proposal.answers[1]: an alternative is a 负偏离: say in note how the offer differs`,
		`x.toml:48:1: unknown key "proposal.authorization.representativ" (did you mean "representative"?)`,
		`proposal.authorization.representative: is required`,
		`proposal.authorization: the 授权委托书 is given by the legal representative: set company.legal_representative in site.toml`,
	} {
		if !strings.Contains(diags, want) {
			t.Errorf("missing %q in\n%s", want, diags)
		}
	}
	if strings.Contains(diags, "answers[0]") {
		t.Errorf("status exceed refused:\n%s", diags)
	}
}

// playbook new account writes every key an account may have, so a rep
// sees them all.
func TestTemplateHasEveryKey(t *testing.T) {
	tmpl := string(Template("x", "zh-CN", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)))
	for _, k := range keys {
		last := k[strings.LastIndex(k, ".")+1:]
		table := "[" + k + "]"
		if !strings.Contains(tmpl, "\n"+last+" =") && !strings.Contains(tmpl, "# "+last+" =") &&
			!strings.Contains(tmpl, table) && !strings.Contains(tmpl, "["+table+"]") {
			t.Errorf("key %s is not in the new-account template", k)
		}
	}
}

// [progress] is checked against the method and the step pages' checklists.
func TestProgress(t *testing.T) {
	src := `[account]
name = "甲"
stage = "needs"

[[contacts]]
name = "王"
role = "decider"

[progress]
next_action = "约王处长看样衣"
close = 10:00:00

[[progress.steps]]
step = "analyze"
reached = 2026-03-01
done = ["profile", "guide", "profil"]

[[progress.steps]]
step = "anlyze"

[[progress.steps]]
step = "value"

[[progress.steps]]
step = "analyze"

[[progress.payments]]
payment = 2
due = 2027-01-10
`
	o := opts
	o.Checklists = map[string][]string{"analyze": {"profile", "guide"}}
	_, d := Parse("x", "x.toml", []byte(src), o)
	diags := (&diag.Error{List: d}).Error()
	for _, want := range []string{
		`x.toml:11:1: progress.close: 10:00:00 is not a date`,
		`x.toml:10:1: warning: progress.next_action: has no due date`,
		`x.toml:16:1: warning: progress.steps[0].done[2]: the analyze step page has no checklist item "profil" (renamed or removed?); did you mean "profile"?`,
		`x.toml:19:1: progress.steps[1].step: "anlyze" is not one of analyze`,
		`x.toml:22:1: warning: progress.steps[2].step: "value" comes after the account's stage "needs"`,
		`x.toml:25:1: progress.steps[3].step: step "analyze" is listed twice`,
		`x.toml:28:1: progress.payments[0].payment: the quote has no instalments (proposal.quote.payments) for it to be`,
	} {
		if !strings.Contains(diags, want) {
			t.Errorf("missing %q in\n%s", want, diags)
		}
	}
}
