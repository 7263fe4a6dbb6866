package model

import (
	"reflect"
	"testing"

	"playbook/generator/diag"
	"playbook/generator/markdown"
)

func TestDocsRecordRoundTrip(t *testing.T) {
	target := &markdown.Target{Dest: "../steps/analyze.md#五要素", Path: "steps/analyze.md", Fragment: "五要素"}
	d := &docs{
		text:     "客户分析 Customer analysis",
		headings: []markdown.Heading{{Level: 2, ID: "五要素", Text: "五要素"}, {Level: 3, ID: "why", Text: "Why"}},
		links:    []fileLink{{Link: markdown.Link{Target: target, Line: 3, Col: 7}, line: 12, col: 7}},
		targets:  []*markdown.Target{target},
		diags:    diag.List{{File: "content/a.md", Line: 12, Col: 7, Msg: "链接", Warning: true}},
	}
	got, err := decodeDocs(encodeDocs(d))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("got  %+v\nwant %+v", got, d)
	}
	data := encodeDocs(d)
	for n := range len(data) {
		if _, err := decodeDocs(data[:n]); err == nil {
			t.Errorf("a record cut at %d of %d was taken", n, len(data))
		}
	}
}

func FuzzDecodeDocs(f *testing.F) {
	f.Add(encodeDocs(&docs{text: "正文", headings: []markdown.Heading{{Level: 1, ID: "a", Text: "A"}}}))
	f.Add([]byte{0x7f, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := decodeDocs(data)
		if err == nil && len(d.links) != len(d.targets) {
			t.Fatal("links and targets differ")
		}
	})
}
