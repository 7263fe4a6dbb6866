package proposal

import (
	"reflect"
	"strconv"

	"playbook/generator/account"
)

// labels are a proposal's fixed words, from the theme's UI strings
// (i18n/<language>.toml): each field's tag is its key; a [7]string takes
// key.1 to key.7, the answer statuses key.<status>.
type labels struct {
	Sections            [7]string         `i18n:"proposal.section"`
	Numbers             [7]string         `i18n:"proposal.section_no"`
	Confidential        string            `i18n:"proposal.confidential"`
	Contents            string            `i18n:"proposal.contents"`
	PreparedFor         string            `i18n:"proposal.prepared_for"`
	Supplier            string            `i18n:"proposal.supplier"`
	Date                string            `i18n:"proposal.date"`
	Number              string            `i18n:"proposal.number"`
	ValidUntil          string            `i18n:"proposal.valid_until"`
	PreparedBy          string            `i18n:"proposal.prepared_by"`
	Contact             string            `i18n:"proposal.contact"`
	PageOf              string            `i18n:"proposal.page_of"`
	Current             string            `i18n:"proposal.current"`
	Future              string            `i18n:"proposal.future"`
	Feature             string            `i18n:"proposal.feature"`
	Advantage           string            `i18n:"proposal.advantage"`
	Benefit             string            `i18n:"proposal.benefit"`
	Configuration       string            `i18n:"proposal.configuration"`
	Phase               string            `i18n:"proposal.phase"`
	Period              string            `i18n:"proposal.period"`
	Owner               string            `i18n:"proposal.owner"`
	Deliverables        string            `i18n:"proposal.deliverables"`
	Milestone           string            `i18n:"proposal.milestone"`
	Project             string            `i18n:"proposal.project"`
	Currency            string            `i18n:"quote.currency"`
	TaxRate             string            `i18n:"quote.tax_rate"`
	TaxExcl             string            `i18n:"quote.tax_excluded"`
	TaxIncl             string            `i18n:"quote.tax_included"`
	No                  string            `i18n:"quote.no"`
	Item                string            `i18n:"quote.item"`
	Spec                string            `i18n:"quote.spec"`
	Qty                 string            `i18n:"quote.qty"`
	Unit                string            `i18n:"quote.unit"`
	UnitPrice           string            `i18n:"quote.unit_price"`
	Amount              string            `i18n:"quote.amount"`
	Optional            string            `i18n:"quote.optional"`
	Gift                string            `i18n:"quote.gift"`
	Subtotal            string            `i18n:"quote.subtotal"`
	Discount            string            `i18n:"quote.discount"`
	Net                 string            `i18n:"quote.net"`
	Tax                 string            `i18n:"quote.tax"`
	Total               string            `i18n:"quote.total"`
	InWords             string            `i18n:"quote.in_words"`
	OutsideTotals       string            `i18n:"quote.outside_totals"`
	Payments            string            `i18n:"quote.payments"`
	Instalment          string            `i18n:"quote.instalment"`
	Milestone2          string            `i18n:"quote.milestone"`
	Percent             string            `i18n:"quote.percent"`
	Validity            string            `i18n:"quote.validity"`
	Delivery            string            `i18n:"quote.delivery"`
	Terms               string            `i18n:"quote.terms"`
	SupplierSeal        string            `i18n:"proposal.supplier_seal"`
	ClientSeal          string            `i18n:"proposal.client_seal"`
	Signature           string            `i18n:"proposal.signature"`
	Status              map[string]string `i18n:"proposal.status"`
	Ref                 string            `i18n:"proposal.ref"`
	Profile             string            `i18n:"proposal.profile"`
	Culture             string            `i18n:"proposal.culture"`
	Qualifications      string            `i18n:"proposal.qualifications"`
	QualName            string            `i18n:"proposal.qual_name"`
	Issuer              string            `i18n:"proposal.issuer"`
	CertNo              string            `i18n:"proposal.cert_no"`
	References          string            `i18n:"proposal.references"`
	Client              string            `i18n:"proposal.client"`
	Year                string            `i18n:"proposal.year"`
	Summary             string            `i18n:"proposal.summary"`
	Address             string            `i18n:"proposal.address"`
	Phone               string            `i18n:"proposal.phone"`
	Website             string            `i18n:"proposal.website"`
	TaxID               string            `i18n:"proposal.tax_id"`
	Email               string            `i18n:"proposal.email"`
	LineDiscount        string            `i18n:"quote.line_discount"`
	DiscountCol         string            `i18n:"quote.discount_column"`
	Clause              string            `i18n:"proposal.clause"`
	Requirement         string            `i18n:"proposal.requirement"`
	Response            string            `i18n:"proposal.response"`
	Deviation           string            `i18n:"proposal.deviation"`
	Remarks             string            `i18n:"proposal.remarks"`
	AllOtherClauses     string            `i18n:"proposal.all_other_clauses"`
	Registration        string            `i18n:"proposal.registration"`
	CoverLetter         string            `i18n:"proposal.cover_letter"`
	ExecutiveSummary    string            `i18n:"proposal.executive_summary"`
	NextSteps           string            `i18n:"proposal.next_steps"`
	CompanyName         string            `i18n:"proposal.company_name"`
	CreditCode          string            `i18n:"proposal.tax_id"`
	Founded             string            `i18n:"proposal.founded"`
	RegisteredCapital   string            `i18n:"proposal.registered_capital"`
	LegalRepresentative string            `i18n:"proposal.legal_representative"`
	RegisteredAddress   string            `i18n:"proposal.registered_address"`
	SeeAppendix         string            `i18n:"proposal.see_appendix"`
	AppendixTitle       string            `i18n:"proposal.appendix"`
	ContractAmount      string            `i18n:"proposal.contract_amount"`
	RefContact          string            `i18n:"proposal.ref_contact"`
	Authorization       string            `i18n:"proposal.authorization"`
	AuthorizationText   string            `i18n:"proposal.authorization_text"`
	Representative      string            `i18n:"proposal.representative"`
	RepTitle            string            `i18n:"proposal.rep_title"`
	IDNumber            string            `i18n:"proposal.id_number"`
	LegalSignature      string            `i18n:"proposal.legal_signature"`
	RepSignature        string            `i18n:"proposal.rep_signature"`
	CompanySeal         string            `i18n:"proposal.company_seal"`
	QuoteSupplier       string            `i18n:"quote.supplier"`
	ContactPerson       string            `i18n:"quote.contact_person"`
	QuoteClient         string            `i18n:"quote.client"`
	QuoteDate           string            `i18n:"quote.date"`
	QuoteNumber         string            `i18n:"quote.number"`
	TaxNoteIncl         string            `i18n:"quote.tax_note_incl"`
	TaxNoteExcl         string            `i18n:"quote.tax_note_excl"`
	OptionalItems       string            `i18n:"quote.optional_items"`
	OptionalNote        string            `i18n:"quote.optional_note"`
	Commercial          string            `i18n:"quote.commercial"`
	DeliveryPlace       string            `i18n:"quote.delivery_place"`
	Warranty            string            `i18n:"quote.warranty"`
	AfterSales          string            `i18n:"quote.after_sales"`
	Invoice             string            `i18n:"quote.invoice"`
	Bank                string            `i18n:"quote.bank"`
	AccountName         string            `i18n:"quote.account_name"`
	Account             string            `i18n:"quote.account"`
	Subject             string            `i18n:"proposal.subject"`
}

// newLabels looks every label up with t.
func newLabels(t func(key string) string) *labels {
	l := &labels{}
	v := reflect.ValueOf(l).Elem()
	for i := range v.NumField() {
		key := v.Type().Field(i).Tag.Get("i18n")
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString(t(key))
		case reflect.Array:
			for j := range f.Len() {
				f.Index(j).SetString(t(key + "." + strconv.Itoa(j+1)))
			}
		case reflect.Map:
			m := map[string]string{}
			for _, s := range account.Statuses {
				m[s] = t(key + "." + s)
			}
			f.Set(reflect.ValueOf(m))
		}
	}
	return l
}
