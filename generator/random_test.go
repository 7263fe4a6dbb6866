package generator

import (
	"math/rand/v2"
	"strings"
	"testing"

	"playbook/generator/account"
	"playbook/generator/proposal"
)

// TestRandomProposalText renders random mixes of the hard cases (markdown,
// punctuation at every position, amounts, emoji, very long words): never a
// panic, and a PDF exactly when nothing unprintable was written.
func TestRandomProposalText(t *testing.T) {
	proj := exampleProject(t)
	base := proj.Account("huadong-petro")
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"中文", "English words ", "¥128,000.00", "，", "。", "（", "）", "\n", "\n\n", "- ", "1. ", "| a | b |\n|---|---|\n| c | d |\n", "> ", "**", "*", "`", "[x](http://e.com)", "😀", "𠀀", strings.Repeat("x", 300), "\t", "  ", "#", "——", "……"}
	for range 150 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		a := *base
		a.Proposal.Challenges = b.String()
		a.Proposal.Answers = []account.Answer{{Question: b.String(), Answer: b.String(), Status: "comply"}}
		data, diags := proposal.Make(proj, nil, &a)
		unprintable := strings.ContainsAny(b.String(), "😀𠀀")
		if (data == nil) != unprintable || diags.HasErrors() != unprintable {
			t.Fatalf("text %q: pdf %v, errors %v", b.String(), data != nil, diags)
		}
	}
}
