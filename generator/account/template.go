package account

import (
	"bytes"
	"text/template"
	"time"
)

// newAccount is the file `playbook new account` writes. Every section is
// there, commented; required values are left empty, so `playbook check`
// points at each one until it is filled in.
var newAccount = template.Must(template.New("account").Parse(`# Account data for {{.Slug}}. Internal: never published in the training site.
# Only [proposal] is printed for the client, and never the contacts' details,
# competitors, the opportunity judgement or the SWOT.
# Fill in every "" and run: playbook check
# Identifiers: stage = analyze | trust | needs | value | commit | collect
#              role = designer | evaluator | decider | user
#              relationship = acquainted | engaged | trusted | allied
#              style = peacock | koala | owl | tiger | chameleon; guide = senior | middle | junior

[account]
name = ""                  # 客户全称 (required)
short_name = ""
industry = ""
size = ""                  # e.g. 员工约 12,000 人
nature = ""                # e.g. 国有企业
address = ""
postcode = ""
website = ""
stage = "analyze"          # where the account is in the six steps
owner = ""                 # the rep who owns the account

[[account.products_in_use]]   # what they use today; repeat for each
use = ""
brand = ""
quantity = ""
years = 0

[[contacts]]               # one per person; at least one decider
name = ""
title = ""
department = ""
role = "decider"
relationship = "acquainted"
style = "owl"
# guide = "senior"         # when this person is an inside guide (内线)
phone = ""
email = ""
interests = ""
notes = ""

[[competitors]]
name = ""
history = ""               # their history with this account
rep = ""
strengths = ""
weaknesses = ""

[opportunity]              # 判断销售机会
exists = true
can_win = ""
worth_it = ""
our_strength = ""
timeline = ""
budget = ""

[swot]
strengths = []
weaknesses = []
opportunities = []
threats = []

# ---- Progress: where you have got (internal; the brief and playbook accounts read it) ----
[progress]
next_action = ""           # the next thing to do
# next_due = 2026-12-15    # by when
# close = 2027-03-31       # when you expect the contract to be signed

# One table per step reached: when, and the step page's checklist items done (their ids:
# written at an item's end as {#id}, or made from its first words; playbook check lists unknown ones).
# [[progress.steps]]
# step = "analyze"         # analyze | trust | needs | value | commit | collect
# reached = 2026-12-01
# done = []

# One table per instalment of proposal.quote.payments once it has a date.
# [[progress.payments]]
# payment = 1              # its place in proposal.quote.payments, from 1
# due = 2027-01-10
# paid = 2027-01-08        # leave out while unpaid

# ---- The proposal: what the client receives ----
[proposal]
title = ""                 # required
number = ""                # proposal / quote number
date = {{.Date}}           # required; the PDF's date
valid_until = {{.ValidUntil}}    # not before date
language = "{{.Language}}"         # zh-CN | en
currency = "CNY"           # ISO 4217
prepared_by = ""
contact = ""               # one line of contact details (or phone and email below)
phone = ""                 # the preparer's phone and email, in the 报价单 header
email = ""
cover_letter = """
"""                        # optional 致客户函 after the cover, signed by the preparer (markdown)
summary = """
"""                        # optional 方案概要 before the sections: at most one page (markdown)
next_steps = []            # optional 下一步工作, closing the document: ["12 月 4 日前：……", ...]
current_state = """
"""                        # 现状 (markdown)
future = """
"""                        # 未来: where the client wants to be (markdown)
challenges = """
"""                        # 问题与挑战 (markdown)

[[proposal.offerings]]     # one per product or service
fab = ""                   # the id (file name) of a FAB sheet in content/fab/ (required)
configuration = """
"""                        # this client's configuration (markdown)
note = ""

[[proposal.plan]]          # 实施计划: one per phase
phase = ""
start = {{.Date}}
end = {{.Date}}
owner = ""
deliverables = ""
milestone = false

[proposal.quote]           # 报价书
prices_include_tax = false
tax_rate = 13              # percent
discount_percent = 0       # on the subtotal, percent
delivery = ""              # 交货期
delivery_place = ""        # 交货地点
warranty = ""              # 质保期, e.g. 一年，自到货验收合格之日起
after_sales = ""           # 售后响应, e.g. 48 小时内响应
invoice = "special"        # special | general: 增值税专用发票 / 普通发票 (at tax_rate)
terms = """
"""                        # other terms (markdown)

[[proposal.quote.items]]   # one per line; numbers as 568.00 or "568.00"
name = ""                  # required, unique
brand = ""                 # 规格型号: brand and model, printed before the spec
model = ""
spec = ""                  # configuration
quantity = 1               # > 0
unit = "件"
unit_price = 0.00
discount_percent = 0       # line discount, percent
optional = false           # shown and marked, outside the totals
gift = false               # shown as 赠送, outside the totals

[[proposal.quote.fees]]    # freight, packaging, installation
name = "运费"
amount = 0

[[proposal.quote.payments]]   # percents total 100
milestone = "合同签订后 7 日内"
percent = 30
due = "signing"            # optional: signing | delivery | acceptance | warranty_end (needs warranty)

[[proposal.quote.payments]]
milestone = "验收合格后 30 日内"
percent = 70

[[proposal.answers]]       # 应答书: one per client question or requirement
clause = ""                # the requirement's clause number, e.g. 3.2 (optional)
question = ""
answer = """
"""                        # required (markdown)
status = "comply"          # comply (无偏离) | exceed (正偏离) | partial | alternative (负偏离) | no (不响应)
note = ""                  # 说明: how the offer deviates; expected for alternative
ref = ""

# [proposal.authorization]   # optional 授权委托书 (needs company.legal_representative in site.toml)
# representative = ""
# title = ""
# id_number = ""
# phone = ""
# valid_until = {{.ValidUntil}}

[proposal.credentials]     # 资信证明, from [company] in site.toml
qualifications = []        # ids of [[company.qualifications]]; empty = all
references = []            # ids of [[company.references]]; empty = all
`))

// Template returns a new account file for slug, dated today.
func Template(slug, language string, today time.Time) []byte {
	var b bytes.Buffer
	_ = newAccount.Execute(&b, map[string]string{
		"Slug": slug, "Language": language,
		"Date": today.Format("2006-01-02"), "ValidUntil": today.AddDate(0, 0, 30).Format("2006-01-02"),
	})
	return b.Bytes()
}

// ValidSlug reports whether slug can name an account file.
func ValidSlug(slug string) bool { return slugRe.MatchString(slug) }
