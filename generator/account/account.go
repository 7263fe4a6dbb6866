// Package account loads the reps' account files (content/accounts/<slug>.toml):
// the internal account data (profile, contacts, competitors, opportunity,
// SWOT) and the proposal with its quote, checked strictly and the quote
// computed exactly. The key names are a contract (ACCOUNT-SCHEMA.md).
package account

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"playbook/generator/diag"
	"playbook/generator/quote"
	"playbook/generator/source"
	"playbook/generator/tomlx"
)

// Account is one account file.
type Account struct {
	Slug   string       // the file name without .toml
	File   string       // path for messages
	Source *source.File // the file as read

	Account     Profile      `toml:"account"`
	Contacts    []Contact    `toml:"contacts"`
	Competitors []Competitor `toml:"competitors"`
	Opportunity Opportunity  `toml:"opportunity"`
	SWOT        SWOT         `toml:"swot"`
	Progress    Progress     `toml:"progress"`
	Proposal    Proposal     `toml:"proposal"`

	HasProposal bool         // the file has a [proposal]
	Errors      diag.List    // the file's errors: no proposal is made while it has any
	Quote       *quote.Quote // computed; nil when the quote has errors
	Keys        tomlx.Keys   // where each key is written, for later messages
}

// Profile is the account's current state (internal).
type Profile struct {
	Name          string         `toml:"name"`
	ShortName     string         `toml:"short_name"`
	Industry      string         `toml:"industry"`
	Size          string         `toml:"size"`
	Nature        string         `toml:"nature"`
	Address       string         `toml:"address"`
	Postcode      string         `toml:"postcode"`
	Website       string         `toml:"website"`
	Stage         string         `toml:"stage"` // a step id
	Owner         string         `toml:"owner"`
	ProductsInUse []ProductInUse `toml:"products_in_use"`
}

// ProductInUse is what the account uses today.
type ProductInUse struct {
	Use      string `toml:"use"`
	Brand    string `toml:"brand"`
	Quantity string `toml:"quantity"`
	Years    int    `toml:"years"`
}

// Contact is a person at the account (internal).
type Contact struct {
	Name         string `toml:"name"`
	Title        string `toml:"title"`
	Department   string `toml:"department"`
	Role         string `toml:"role"`         // designer | evaluator | decider | user
	Relationship string `toml:"relationship"` // acquainted | engaged | trusted | allied
	Style        string `toml:"style"`        // peacock | koala | owl | tiger | chameleon
	Guide        string `toml:"guide"`        // senior | middle | junior
	Phone        string `toml:"phone"`
	Email        string `toml:"email"`
	Interests    string `toml:"interests"`
	Notes        string `toml:"notes"`
}

// Competitor is a competitor at the account (internal).
type Competitor struct {
	Name       string `toml:"name"`
	History    string `toml:"history"`
	Rep        string `toml:"rep"`
	Strengths  string `toml:"strengths"`
	Weaknesses string `toml:"weaknesses"`
}

// Opportunity is the rep's judgement of the sales opportunity (internal).
type Opportunity struct {
	Exists      bool   `toml:"exists"`
	CanWin      string `toml:"can_win"`
	WorthIt     string `toml:"worth_it"`
	OurStrength string `toml:"our_strength"`
	Timeline    string `toml:"timeline"`
	Budget      string `toml:"budget"`
}

// Progress is where the rep has got with the account (internal): the
// checklist items done at each step, the next action, the expected
// signing, and the instalments due and paid.
type Progress struct {
	NextAction string         `toml:"next_action"`
	NextDue    time.Time      `toml:"next_due"`
	Close      time.Time      `toml:"close"` // expected signing date
	Steps      []StepProgress `toml:"steps"`
	Payments   []Instalment   `toml:"payments"`
}

// StepProgress is what was done at one step of the method.
type StepProgress struct {
	Step    string    `toml:"step"`
	Reached time.Time `toml:"reached"` // when the step's start marker happened
	Done    []string  `toml:"done"`    // ids of the step page's checklist items
}

// Instalment is one payment of the quote's plan, with its date.
type Instalment struct {
	Payment int       `toml:"payment"` // its place in proposal.quote.payments, from 1
	Due     time.Time `toml:"due"`
	Paid    time.Time `toml:"paid"` // zero: not paid
}

// SWOT is the rep's analysis (internal).
type SWOT struct {
	Strengths     []string `toml:"strengths"`
	Weaknesses    []string `toml:"weaknesses"`
	Opportunities []string `toml:"opportunities"`
	Threats       []string `toml:"threats"`
}

// Proposal is what the client receives.
type Proposal struct {
	Title         string         `toml:"title"`
	Number        string         `toml:"number"`
	Date          time.Time      `toml:"date"`
	ValidUntil    time.Time      `toml:"valid_until"`
	Language      string         `toml:"language"`
	Currency      string         `toml:"currency"`
	PreparedBy    string         `toml:"prepared_by"`
	Contact       string         `toml:"contact"`
	Phone         string         `toml:"phone"` // the preparer's, for the 报价单 header
	Email         string         `toml:"email"`
	CoverLetter   string         `toml:"cover_letter"`  // markdown: 致客户函, signed by the preparer
	Summary       string         `toml:"summary"`       // markdown: 方案概要, at most one page
	NextSteps     []string       `toml:"next_steps"`    // 下一步, closing the document
	CurrentState  string         `toml:"current_state"` // markdown
	Future        string         `toml:"future"`        // markdown
	Challenges    string         `toml:"challenges"`    // markdown
	Offerings     []Offering     `toml:"offerings"`
	Plan          []Phase        `toml:"plan"`
	Quote         QuoteData      `toml:"quote"`
	Answers       []Answer       `toml:"answers"`
	Credentials   Credentials    `toml:"credentials"`
	Authorization *Authorization `toml:"authorization"` // 授权委托书; nil: none
}

// Authorization names the seller's authorised representative for this
// proposal (授权委托书).
type Authorization struct {
	Representative string    `toml:"representative"`
	Title          string    `toml:"title"`
	IDNumber       string    `toml:"id_number"`
	Phone          string    `toml:"phone"`
	ValidUntil     time.Time `toml:"valid_until"`
}

// Offering is a product or service, described by a FAB sheet of the playbook.
type Offering struct {
	FAB           string `toml:"fab"`
	Configuration string `toml:"configuration"` // markdown
	Note          string `toml:"note"`
}

// Phase is a step of the implementation plan.
type Phase struct {
	Phase        string    `toml:"phase"`
	Start        time.Time `toml:"start"`
	End          time.Time `toml:"end"`
	Owner        string    `toml:"owner"`
	Deliverables string    `toml:"deliverables"`
	Milestone    bool      `toml:"milestone"`
}

// QuoteData is the quote as written.
type QuoteData struct {
	PricesIncludeTax bool       `toml:"prices_include_tax"`
	TaxRate          Decimal    `toml:"tax_rate"`
	DiscountPercent  Decimal    `toml:"discount_percent"`
	Delivery         string     `toml:"delivery"`       // 交货期
	DeliveryPlace    string     `toml:"delivery_place"` // 交货地点
	Warranty         string     `toml:"warranty"`       // 质保期
	AfterSales       string     `toml:"after_sales"`    // 售后响应
	Invoice          string     `toml:"invoice"`        // special | general: 增值税专用发票 / 普通发票
	Terms            string     `toml:"terms"`          // markdown
	Items            []ItemData `toml:"items"`
	Fees             []FeeData  `toml:"fees"`
	Payments         []Payment  `toml:"payments"`
}

// ItemData is a quote line as written.
type ItemData struct {
	Name            string  `toml:"name"`
	Brand           string  `toml:"brand"`
	Model           string  `toml:"model"`
	Spec            string  `toml:"spec"`
	Quantity        Decimal `toml:"quantity"`
	Unit            string  `toml:"unit"`
	UnitPrice       Decimal `toml:"unit_price"`
	DiscountPercent Decimal `toml:"discount_percent"`
	Optional        bool    `toml:"optional"`
	Gift            bool    `toml:"gift"`
}

// FeeData is an extra charge as written.
type FeeData struct {
	Name   string  `toml:"name"`
	Amount Decimal `toml:"amount"`
}

// Payment is one instalment of the payment schedule.
type Payment struct {
	Milestone string  `toml:"milestone"`
	Percent   Decimal `toml:"percent"`
	Due       string  `toml:"due"` // optional: signing | delivery | acceptance | warranty_end
}

// Answer answers one of the client's questions or requirements.
type Answer struct {
	Clause   string `toml:"clause"` // the requirement's clause number, e.g. 3.2
	Question string `toml:"question"`
	Answer   string `toml:"answer"` // markdown
	Status   string `toml:"status"` // comply | exceed | partial | alternative | no
	Note     string `toml:"note"`   // 说明: how the offer deviates (an alternative explained)
	Ref      string `toml:"ref"`
}

// Credentials choose from the company profile in site.toml.
type Credentials struct {
	Qualifications []string `toml:"qualifications"` // ids; empty = all
	References     []string `toml:"references"`     // ids; empty = all
}

// Decimal is a number read exactly as written: a TOML integer, float or
// decimal string. A float is taken at its shortest exact representation,
// so 568.10 is 568.1, never 568.0999999999999.
type Decimal struct {
	decimal.Decimal
	Set     bool   // the key was written
	Invalid string // why the value is not a number; reported by the checker, so decoding goes on
}

// UnmarshalTOML implements toml.Unmarshaler.
func (d *Decimal) UnmarshalTOML(v any) error {
	if err := d.parse(v); err != nil {
		d.Invalid = err.Error()
	}
	d.Set = true
	return nil
}

func (d *Decimal) parse(v any) error {
	switch v := v.(type) {
	case int64:
		d.Decimal = decimal.NewFromInt(v)
	case float64:
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if digits := significant(s); digits > 15 {
			return fmt.Errorf("%s has more digits than a TOML float holds exactly; write it as a string: \"%s\"", s, s)
		}
		dec, err := decimal.NewFromString(s)
		if err != nil {
			return fmt.Errorf("%v is not a finite number", v)
		}
		d.Decimal = dec
	case string:
		dec, err := decimal.NewFromString(v)
		if err != nil {
			return fmt.Errorf("%q is not a number (write e.g. 568.00 or \"568.00\")", v)
		}
		d.Decimal = dec
	default:
		return fmt.Errorf("expected a number, got %s", tomlType(v))
	}
	return nil
}

func tomlType(v any) string {
	switch v.(type) {
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return "a date or time"
}

func significant(s string) int {
	n, leading := 0, true
	for _, r := range s {
		if r < '0' || r > '9' {
			continue
		}
		if r == '0' && leading {
			continue
		}
		leading = false
		n++
	}
	return n
}
