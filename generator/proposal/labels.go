package proposal

// labels are a proposal's fixed words, by language.
type labels struct {
	Sections                                                 [7]string
	Numbers                                                  [7]string
	Confidential, Contents, PreparedFor, Supplier, Date      string
	Number, ValidUntil, PreparedBy, Contact, PageOf, Current string
	Future, Feature, Advantage, Benefit, Configuration       string
	Phase, Period, Owner, Deliverables, Milestone, Project   string
	Currency, TaxRate, TaxExcl, TaxIncl, No, Item, Spec      string
	Qty, Unit, UnitPrice, Amount, Optional, Gift, Subtotal   string
	Discount, Net, Tax, Total, InWords, OutsideTotals        string
	Payments, Instalment, Milestone2, Percent, Validity      string
	Delivery, Terms, SupplierSeal, ClientSeal, Signature     string
	Status                                                   map[string]string
	Ref, Profile, Culture, Qualifications, QualName, Issuer  string
	CertNo, References, Client, Year, Summary, Address       string
	Phone, Website, TaxID, Email, LineDiscount, Subject      string
}

var zh = labels{
	Sections:     [7]string{"现状与未来", "问题与挑战", "产品与服务", "实施计划", "报价书", "应答书", "资信证明"},
	Numbers:      [7]string{"一", "二", "三", "四", "五", "六", "七"},
	Confidential: "机密", Contents: "目录", PreparedFor: "致", Supplier: "提供方", Date: "日期",
	Number: "方案编号", ValidUntil: "有效期至", PreparedBy: "编制人", Contact: "联系方式", PageOf: "第 %d 页 / 共 %d 页",
	Current: "现状", Future: "未来", Feature: "特性", Advantage: "优势", Benefit: "利益", Configuration: "本项目配置",
	Phase: "阶段", Period: "起止日期", Owner: "负责人", Deliverables: "交付成果", Milestone: "里程碑", Project: "项目名称",
	Currency: "币种", TaxRate: "税率", TaxExcl: "报价不含税", TaxIncl: "报价已含税", No: "序号", Item: "品名", Spec: "规格配置",
	Qty: "数量", Unit: "单位", UnitPrice: "单价", Amount: "金额", Optional: "（选配）", Gift: "赠送", Subtotal: "小计",
	Discount: "优惠", Net: "不含税金额", Tax: "税额", Total: "合计", InWords: "大写金额",
	OutsideTotals: "注：选配项目与赠送项目不计入合计。",
	Payments:      "付款方式", Instalment: "期次", Milestone2: "付款节点", Percent: "比例", Validity: "报价有效期",
	Delivery: "交货", Terms: "其他条款", SupplierSeal: "供方（盖章）", ClientSeal: "需方（盖章）", Signature: "授权代表签字",
	Status: map[string]string{"comply": "符合", "partial": "部分符合", "alternative": "替代方案", "no": "不符合"},
	Ref:    "参见", Profile: "公司简介", Culture: "企业文化", Qualifications: "资质证书", QualName: "证书名称", Issuer: "颁发机构",
	CertNo: "证书编号", References: "典型案例", Client: "客户", Year: "年份", Summary: "项目简介", Address: "地址",
	Phone: "电话", Website: "网址", TaxID: "统一社会信用代码", Email: "邮箱", LineDiscount: "优惠 %s%%", Subject: "建议书",
}

var en = labels{
	Sections: [7]string{"Current state and future", "Problems and challenges", "Products and services",
		"Implementation plan", "Quote", "Answers", "Credentials"},
	Numbers:      [7]string{"1", "2", "3", "4", "5", "6", "7"},
	Confidential: "Confidential", Contents: "Contents", PreparedFor: "Prepared for", Supplier: "Supplier", Date: "Date",
	Number: "Proposal no.", ValidUntil: "Valid until", PreparedBy: "Prepared by", Contact: "Contact", PageOf: "Page %d of %d",
	Current: "Where you are today", Future: "Where you want to be", Feature: "Feature", Advantage: "Advantage", Benefit: "Benefit",
	Configuration: "Your configuration", Phase: "Phase", Period: "Dates", Owner: "Owner", Deliverables: "Deliverables",
	Milestone: "Milestone", Project: "Project", Currency: "Currency", TaxRate: "Tax rate", TaxExcl: "prices exclude tax",
	TaxIncl: "prices include tax", No: "No.", Item: "Item", Spec: "Configuration", Qty: "Qty", Unit: "Unit",
	UnitPrice: "Unit price", Amount: "Amount", Optional: " (optional)", Gift: "Gift", Subtotal: "Subtotal",
	Discount: "Discount", Net: "Net", Tax: "Tax", Total: "Total", InWords: "In words",
	OutsideTotals: "Optional items and gifts are not included in the totals.",
	Payments:      "Payment terms", Instalment: "No.", Milestone2: "Milestone", Percent: "Share", Validity: "Valid until",
	Delivery: "Delivery", Terms: "Other terms", SupplierSeal: "For the supplier (seal)", ClientSeal: "For the client (seal)",
	Signature: "Authorised signature",
	Status:    map[string]string{"comply": "Complies", "partial": "Partly complies", "alternative": "Alternative offered", "no": "Does not comply"},
	Ref:       "See", Profile: "Company profile", Culture: "Our culture", Qualifications: "Qualifications", QualName: "Certificate",
	Issuer: "Issuer", CertNo: "Number", References: "References", Client: "Client", Year: "Year", Summary: "Summary",
	Address: "Address", Phone: "Phone", Website: "Website", TaxID: "Tax ID", Email: "Email", LineDiscount: "discount %s%%",
	Subject: "Proposal",
}

func labelsFor(lang string) *labels {
	if lang == "en" {
		return &en
	}
	return &zh
}
