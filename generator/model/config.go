package model

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"playbook/generator/diag"
	"playbook/generator/source"
	"playbook/generator/tomlx"
)

// Config is content/site.toml.
type Config struct {
	Title       string   `toml:"title"`
	Description string   `toml:"description"`
	Language    string   `toml:"language"` // zh-CN | en
	BaseURL     string   `toml:"base_url"`
	Theme       string   `toml:"theme"`
	RawHTML     bool     `toml:"raw_html"`
	Copyright   string   `toml:"copyright"`
	Company     Company  `toml:"company"`
	PDF         PDF      `toml:"pdf"`
	Search      Search   `toml:"search"`
	Handbook    Handbook `toml:"handbook"`
	// MaxPageMB is the largest markdown page, in megabytes (default 5):
	// a bigger one is refused rather than parsed for minutes.
	MaxPageMB int `toml:"max_page_mb"`
	// ReviewEvery is how often pages should be reviewed ("180d", "6m"),
	// unless a page says otherwise; "": no review dates are checked.
	ReviewEvery string `toml:"review_every"`

	Keys tomlx.Keys `toml:"-"` // where each key is written, for later messages
}

// Search tunes the site's search.
type Search struct {
	// Synonyms are groups of words that find each other: a query for one
	// finds pages that use another (决策人, 决策者, 拍板人).
	Synonyms [][]string `toml:"synonyms"`
}

// Handbook tunes the printed handbook.
type Handbook struct {
	// PDF says whether build prints the handbook PDF (OUT/handbook.pdf,
	// and in the site): unset, for a playbook of up to 300 pages per
	// language; playbook handbook prints it at any size.
	PDF *bool `toml:"pdf"`
}

// PDF chooses the proposals' font. Paths are relative to the content folder
// (or absolute). Without a font, the theme's Noto Sans SC is used.
type PDF struct {
	Font     string `toml:"font"`      // a TrueType .ttf, or a .ttc collection
	Face     int    `toml:"face"`      // the face of a .ttc
	BoldFont string `toml:"bold_font"` // optional; without it bold is synthesized
	BoldFace int    `toml:"bold_face"`
}

// Company is the seller's profile, printed in proposals' credentials.
type Company struct {
	Name      string `toml:"name"`
	ShortName string `toml:"short_name"`
	Intro     string `toml:"intro"`   // markdown
	Culture   string `toml:"culture"` // markdown
	Address   string `toml:"address"`
	Phone     string `toml:"phone"`
	Email     string `toml:"email"`
	Website   string `toml:"website"`
	TaxID     string `toml:"tax_id"`
	// Registration facts (营业执照), printed in the credentials.
	CreditCode          string          `toml:"credit_code"` // 统一社会信用代码
	Founded             time.Time       `toml:"founded"`     // 成立日期
	RegisteredCapital   string          `toml:"registered_capital"`
	LegalRepresentative string          `toml:"legal_representative"`
	RegisteredAddress   string          `toml:"registered_address"`
	Bank                Bank            `toml:"bank"`        // printed with the payment terms
	Logo                string          `toml:"logo"`        // image path, relative to the content folder
	BrandColor          string          `toml:"brand_color"` // #rrggbb
	Qualifications      []Qualification `toml:"qualifications"`
	References          []Reference     `toml:"references"`
	// EN holds the English wording for English proposals; empty fields
	// fall back to the fields above.
	EN CompanyText `toml:"en"`
}

// Bank is the account the client pays into.
type Bank struct {
	Name        string `toml:"name"`         // 开户行
	AccountName string `toml:"account_name"` // 户名; default: the company's name
	Account     string `toml:"account"`      // 账号
}

// CompanyText is the company's wording in another language.
type CompanyText struct {
	Name      string `toml:"name"`
	ShortName string `toml:"short_name"`
	Intro     string `toml:"intro"`   // markdown
	Culture   string `toml:"culture"` // markdown
	Address   string `toml:"address"`
	// RegisteredAddress and BankName are the English registered address
	// and bank name.
	RegisteredAddress   string `toml:"registered_address"`
	RegisteredCapital   string `toml:"registered_capital"`
	LegalRepresentative string `toml:"legal_representative"`
	BankName            string `toml:"bank_name"`
	// The English names of qualifications and references, by id.
	Qualifications []Qualification `toml:"qualifications"`
	References     []Reference     `toml:"references"`
}

// In returns the company profile in a language: English proposals take the
// [company.en] wording where it is given.
func (c Company) In(lang string) Company {
	if lang != "en" {
		return c
	}
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&c.Name, c.EN.Name}, {&c.ShortName, c.EN.ShortName}, {&c.Intro, c.EN.Intro},
		{&c.Culture, c.EN.Culture}, {&c.Address, c.EN.Address},
		{&c.RegisteredAddress, c.EN.RegisteredAddress}, {&c.Bank.Name, c.EN.BankName},
		{&c.RegisteredCapital, c.EN.RegisteredCapital}, {&c.LegalRepresentative, c.EN.LegalRepresentative},
	} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
	c.Qualifications = slices.Clone(c.Qualifications)
	for i, q := range c.Qualifications {
		if en := byID(c.EN.Qualifications, q.ID, func(q Qualification) string { return q.ID }); en != nil {
			c.Qualifications[i].Name = or(en.Name, q.Name)
			c.Qualifications[i].Issuer = or(en.Issuer, q.Issuer)
		}
	}
	c.References = slices.Clone(c.References)
	for i, r := range c.References {
		if en := byID(c.EN.References, r.ID, func(r Reference) string { return r.ID }); en != nil {
			c.References[i].Client = or(en.Client, r.Client)
			c.References[i].Project = or(en.Project, r.Project)
			c.References[i].Summary = or(en.Summary, r.Summary)
			c.References[i].Amount = or(en.Amount, r.Amount)
		}
	}
	return c
}

func byID[T any](all []T, id string, idOf func(T) string) *T {
	for i := range all {
		if idOf(all[i]) == id {
			return &all[i]
		}
	}
	return nil
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// Qualification is a certificate or licence of the company.
type Qualification struct {
	ID         string    `toml:"id"`
	Name       string    `toml:"name"`
	Issuer     string    `toml:"issuer"`
	Number     string    `toml:"number"`
	ValidUntil time.Time `toml:"valid_until"`
	Scan       string    `toml:"scan"` // a PNG or JPEG of the certificate, relative to the content folder
}

// Reference is a past client project.
type Reference struct {
	ID      string `toml:"id"`
	Client  string `toml:"client"`
	Project string `toml:"project"`
	Year    int    `toml:"year"`
	Amount  string `toml:"amount"` // the contract's value, as written (约 860 万元)
	Summary string `toml:"summary"`
	// Contact is a reference person at the client, printed only when
	// ContactAgreed says the client agreed to be called.
	Contact       string `toml:"contact"`
	ContactAgreed bool   `toml:"contact_agreed"`
}

// Languages are the site and page languages Playbook has UI strings for.
var Languages = []string{"zh-CN", "en"}

var configKeys = []string{
	"title", "description", "language", "base_url", "theme", "raw_html", "copyright", "company",
	"company.name", "company.short_name", "company.intro", "company.culture", "company.address",
	"company.phone", "company.email", "company.website", "company.tax_id", "company.logo",
	"company.brand_color", "company.qualifications", "company.references",
	"company.qualifications.id", "company.qualifications.name", "company.qualifications.issuer",
	"company.qualifications.number", "company.qualifications.valid_until", "company.qualifications.scan",
	"company.references.id", "company.references.client", "company.references.project",
	"company.references.year", "company.references.summary", "company.references.amount",
	"company.references.contact", "company.references.contact_agreed",
	"company.credit_code", "company.founded", "company.registered_capital", "company.legal_representative",
	"company.registered_address", "company.bank", "company.bank.name", "company.bank.account_name", "company.bank.account",
	"company.en.registered_address", "company.en.bank_name", "company.en.registered_capital", "company.en.legal_representative",
	"company.en.references.amount",
	"company.en", "company.en.name", "company.en.short_name", "company.en.intro", "company.en.culture", "company.en.address",
	"company.en.qualifications", "company.en.qualifications.id", "company.en.qualifications.name", "company.en.qualifications.issuer",
	"company.en.references", "company.en.references.id", "company.en.references.client", "company.en.references.project",
	"company.en.references.summary",
	"pdf", "pdf.font", "pdf.face", "pdf.bold_font", "pdf.bold_face", "max_page_mb",
	"search", "search.synonyms", "review_every", "handbook", "handbook.pdf",
}

var (
	themeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	colorRe   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	idRe      = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	scanRe    = regexp.MustCompile(`\.(png|jpe?g)$`)
)

// DefaultConfig is the settings of a playbook without a site.toml.
func DefaultConfig() Config {
	return Config{Language: "zh-CN", BaseURL: "/", Theme: "default", MaxPageMB: 5}
}

// ParseConfig decodes site.toml (f is nil when there is none); name is how
// messages name it.
func ParseConfig(f *source.File, name string) (Config, diag.List) {
	var diags diag.List
	if f == nil {
		diags.Errorf(name, 0, 0, "missing: every playbook needs a site.toml with at least a title")
		return DefaultConfig(), diags
	}
	data := f.Data
	if !utf8.Valid(data) {
		line, col := diag.LineCol(data, invalidUTF8(data))
		diags.Errorf(name, line, col, "the file is not UTF-8 text (save it as UTF-8)")
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	cfg := parseConfig(string(data), name, &diags)
	return cfg, diags
}

func parseConfig(src, file string, diags *diag.List) Config {
	cfg := DefaultConfig()
	_, keys, ok := tomlx.Decode(src, file, 1, &cfg, configKeys, diags)
	if !ok {
		return cfg
	}
	cfg.Keys = keys
	at := func(key string) (int, int) {
		p := keys.At(key)
		return p.Line, p.Col
	}
	if cfg.Title == "" {
		diags.Errorf(file, 1, 1, "title is required")
	}
	if err := checkBaseURL(cfg.BaseURL); err != nil {
		l, c := at("base_url")
		diags.Errorf(file, l, c, "%v", err)
		cfg.BaseURL = "/"
	}
	if cfg.MaxPageMB < 1 {
		l, c := at("max_page_mb")
		diags.Errorf(file, l, c, "max_page_mb %d must be at least 1", cfg.MaxPageMB)
		cfg.MaxPageMB = 5
	}
	if !slices.Contains(Languages, cfg.Language) {
		l, c := at("language")
		diags.Errorf(file, l, c, "language %q is not supported (use zh-CN or en)", cfg.Language)
	}
	if !themeName.MatchString(cfg.Theme) {
		l, c := at("theme")
		diags.Errorf(file, l, c, "theme %q must be a plain folder name under themes/", cfg.Theme)
	}
	if cfg.Company.BrandColor != "" && !colorRe.MatchString(cfg.Company.BrandColor) {
		l, c := at("company.brand_color")
		diags.Errorf(file, l, c, "company.brand_color %q must look like #0b5c7a", cfg.Company.BrandColor)
	}
	checkIDs := func(key string, ids []string) {
		l, c := at(key)
		seen := map[string]bool{}
		for i, id := range ids {
			switch {
			case !idRe.MatchString(id):
				diags.Errorf(file, l, c, "%s[%d].id %q must be lowercase letters, digits, - or _", key, i, id)
			case seen[id]:
				diags.Errorf(file, l, c, "%s[%d].id %q is used twice", key, i, id)
			}
			seen[id] = true
		}
	}
	var ids []string
	for i, q := range cfg.Company.Qualifications {
		ids = append(ids, q.ID)
		if q.Name == "" {
			l, c := at("company.qualifications")
			diags.Errorf(file, l, c, "company.qualifications[%d].name is required", i)
		}
	}
	checkIDs("company.qualifications", ids)
	ids = nil
	for _, r := range cfg.Company.References {
		ids = append(ids, r.ID)
	}
	checkIDs("company.references", ids)
	if !cfg.Company.Founded.IsZero() && cfg.Company.Founded.Year() < 1800 {
		l, c := at("company.founded")
		diags.Errorf(file, l, c, "company.founded %s is not a date (write it as 1998-03-18)", cfg.Company.Founded.Format("15:04:05"))
	}
	for i, q := range cfg.Company.Qualifications {
		if q.Scan != "" && !scanRe.MatchString(strings.ToLower(q.Scan)) {
			l, c := at("company.qualifications")
			diags.Errorf(file, l, c, "company.qualifications[%d].scan %q must be a .png, .jpg or .jpeg image", i, q.Scan)
		}
	}
	if _, err := ParseEvery(cfg.ReviewEvery); err != nil {
		l, c := at("review_every")
		diags.Errorf(file, l, c, "review_every: %v", err)
		cfg.ReviewEvery = ""
	}
	for i, group := range cfg.Search.Synonyms {
		words := 0
		for _, w := range group {
			if strings.TrimSpace(w) != "" {
				words++
			}
		}
		if words < 2 {
			l, c := at("search.synonyms")
			diags.Errorf(file, l, c, "search.synonyms[%d] has %d word(s): a group needs at least two words that mean the same", i, words)
		}
	}
	// English wording must name a qualification or reference that exists.
	known := func(key string, ids []string, all []string) {
		for i, id := range ids {
			if !slices.Contains(all, id) {
				l, c := at(key)
				diags.Errorf(file, l, c, "%s[%d].id %q names no entry of %s", key, i, id, strings.Replace(key, ".en.", ".", 1))
			}
		}
	}
	var qids, enq, enr []string
	for _, q := range cfg.Company.Qualifications {
		qids = append(qids, q.ID)
	}
	for _, q := range cfg.Company.EN.Qualifications {
		enq = append(enq, q.ID)
	}
	for _, r := range cfg.Company.EN.References {
		enr = append(enr, r.ID)
	}
	known("company.en.qualifications", enq, qids)
	known("company.en.references", enr, ids)
	return cfg
}
