// Package synth writes synthetic playbooks of any size, for benchmarks and
// load tests: Chinese and English pages with tables, lists, links between
// pages, front matter of every page kind, spread over several sections.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"playbook/generator/method"
)

// Sections is how many ordinary sections the pages are spread over (besides
// the steps, FAB and objection sections).
const Sections = 10

var zhSentences = []string{
	"客户分析的目的是找到明确、近在眼前并且有价值的销售机会。",
	"发展向导可以帮助我们收集客户资料，并及时了解采购流程的变化。",
	"挖掘需求时先问现状，再问问题，然后谈影响，最后让客户说出解决问题的好处。",
	"建议书要围绕客户的需求来写，而不是罗列我们的产品。",
	"谈判开始之前，先确认决策者的关注点和预算范围。",
	"回收账款要按照账龄和金额分级处理，避免形成坏账。",
	"每一次拜访结束后，都要记录客户的反馈和下一步行动。",
	"使用者的意见常常决定评估者的打分，不能忽视一线员工。",
}

var enSentences = []string{
	"Customer analysis looks for an opportunity that is clear, near and worth the effort.",
	"An inside guide helps the rep collect account data and follow the buying process.",
	"Ask about the situation first, then problems, implications and the payoff of a solution.",
	"A proposal answers the client's needs rather than listing the seller's products.",
}

// Write creates a playbook with n pages (plus section indexes) in dir/content.
func Write(dir string, n int) error {
	content := filepath.Join(dir, "content")
	files := map[string]string{
		"site.toml":            "title = \"合成手册\"\nlanguage = \"zh-CN\"\n\n[company]\nname = \"合成公司\"\n",
		"_index.md":            "+++\ntitle = \"首页\"\n+++\n欢迎使用合成手册。\n",
		"steps/_index.md":      "+++\ntitle = \"六步法\"\nweight = 1\n+++\n",
		"fab/_index.md":        "+++\ntitle = \"FAB\"\nweight = 2\n+++\n",
		"objections/_index.md": "+++\ntitle = \"异议\"\nweight = 3\n[cascade]\ntype = \"objection\"\n+++\n",
		"en/_index.md":         "+++\ntitle = \"Synthetic playbook\"\nlang = \"en\"\n+++\nThe pages in English.\n",
	}
	for i, id := range method.Steps {
		files["steps/"+id+".md"] = fmt.Sprintf("+++\ntitle = \"步骤 %d\"\ntype = \"step\"\nstep = %q\nstart = \"开始\"\nend = \"结束\"\nactivities = [\"活动一\", \"活动二\"]\nchecklist = [\"检查一\"]\n+++\n%s\n", i+1, id, body(i, 0))
	}
	for s := range Sections {
		files[fmt.Sprintf("s%02d/_index.md", s)] = fmt.Sprintf("+++\ntitle = \"第 %d 部分\"\nweight = %d\n+++\n本部分的介绍。\n", s, s+10)
	}
	for i := range max(n-len(method.Steps), 0) {
		var name, fm string
		switch {
		case i%20 == 0:
			name = fmt.Sprintf("fab/f%05d.md", i)
			fm = fmt.Sprintf("title = \"产品 %d\"\n[[fab]]\nfeature = \"特性 %d\"\nadvantage = \"优势\"\nbenefit = \"利益\"\n", i, i)
		case i%20 == 1:
			name = fmt.Sprintf("objections/o%05d.md", i)
			fm = fmt.Sprintf("title = \"异议 %d\"\nobjection = \"太贵了 %d\"\nstep = %q\ncategory = \"price\"\nbehind = \"预算有限\"\n", i, i, method.Steps[i%6])
		default:
			name = pagePath(i)
			fm = fmt.Sprintf("title = \"页面 %d 客户需求\"\nweight = %d\ntags = [\"标签%d\", \"需求\"]\nsummary = \"第 %d 页的摘要。\"\n", i, i%50+1, i%25, i)
		}
		files[name] = "+++\n" + fm + "+++\n" + body(i, n)
	}
	for name, data := range files {
		p := filepath.Join(content, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// pagePath is where ordinary page i is written: one in ten is in English,
// below the English folder.
func pagePath(i int) string {
	if i%10 == 7 {
		return fmt.Sprintf("en/s%02d/p%05d.md", i%Sections, i)
	}
	return fmt.Sprintf("s%02d/p%05d.md", i%Sections, i)
}

// body is about 2 KB of markdown: headings, paragraphs, a list, a table, a
// callout and links to other pages.
func body(i, n int) string {
	var b strings.Builder
	for h := range 3 {
		fmt.Fprintf(&b, "\n## 小节 %d：要点\n\n", h+1)
		for k := range 3 {
			b.WriteString(zhSentences[(i+h+k)%len(zhSentences)])
			if k == 1 {
				b.WriteString("\n")
			}
		}
		b.WriteString(" " + enSentences[(i+h)%len(enSentences)] + "\n\n")
	}
	b.WriteString("- **要点一**：先听后说\n- 要点二：*确认*需求\n- [ ] 待办事项\n\n")
	b.WriteString("| 项目 | 说明 | 数量 |\n|---|---|---:|\n| 防寒服 | 90% 白鸭绒 | 1200 |\n| 马甲 | 内胆 | 300 |\n\n")
	b.WriteString("> [!TIP]\n> 拜访前先准备三个开放式问题。\n\n")
	b.WriteString("参见[六步法](/steps/_index.md)和[第一步](/steps/analyze.md)。\n")
	if n > 10 {
		j := (i*7 + 3) % (n - len(method.Steps))
		if j%20 > 1 {
			fmt.Fprintf(&b, "相关页面：[页面 %d](/%s)。\n", j, pagePath(j))
		}
	}
	return b.String()
}
