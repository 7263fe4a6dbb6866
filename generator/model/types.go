package model

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/method"
)

// resolveTypes settles each page's type and checks its type's keys.
func (l *loader) resolveTypes(pages []*parsed) []*parsed {
	cascade := map[string]string{} // folder -> type from its _index.md
	for _, ps := range pages {
		if ps.page.cascadeType != "" {
			dir := path.Dir(ps.page.Source)
			if !slices.Contains(l.types, ps.page.cascadeType) {
				ps.errAt("cascade.type", "unknown type %q (known: %s)", ps.page.cascadeType, strings.Join(l.types, ", "))
			}
			cascade[dir] = ps.page.cascadeType
		}
	}
	stepSeen := map[string]*Page{}
	for _, ps := range pages {
		p := ps.page
		switch p.Kind {
		case KindHome, KindSection:
			p.Type = p.Kind
		default:
			p.Type = ps.fm.Type
			if p.Type == "" {
				p.Type = defaultType(path.Dir(p.Source), cascade, l.types)
			} else if !slices.Contains(l.types, p.Type) {
				ps.errAt("type", "unknown type %q (known: %s)", p.Type, strings.Join(l.types, ", "))
			}
		}
		ps.checkKindKeys()
		ps.checkKind(l, stepSeen)
		l.diags = append(l.diags, ps.diags...)
		ps.diags = nil
	}
	return pages
}

// defaultType is the nearest cascade type or type-named folder above dir
// (so pages in fab/ and fab/en/ are FAB sheets), else "page".
func defaultType(dir string, cascade map[string]string, types []string) string {
	for d := dir; d != "." && d != "/" && d != ""; d = path.Dir(d) {
		if t, ok := cascade[d]; ok {
			return t
		}
		if name := path.Base(d); slices.Contains(types, name) {
			return name
		}
	}
	if t, ok := cascade["."]; ok {
		return t
	}
	return TypePage
}

func (ps *parsed) checkKindKeys() {
	index := path.Base(ps.page.Source) == "_index.md"
	for key := range ps.keys.Paths() {
		top, _, _ := strings.Cut(key, ".")
		if slices.Contains(kindKeys["__common__"], top) || slices.Contains(kindKeys[ps.page.Type], top) ||
			(index && (top == "cascade" || top == "type")) ||
			!slices.Contains(frontMatterKeys, key) || (top != key && ps.keys.Has(top)) {
			continue
		}
		var owners []string
		for t, keys := range kindKeys {
			if slices.Contains(keys, top) && !strings.HasPrefix(t, "_") {
				owners = append(owners, t)
			}
		}
		slices.Sort(owners)
		ps.errAt(key, "key %q belongs to pages of type %s, but this page's type is %q", top, strings.Join(owners, " or "), ps.page.Type)
	}
}

func (ps *parsed) checkKind(l *loader, stepSeen map[string]*Page) {
	p, f := ps.page, ps.fm
	switch p.Type {
	case TypeStep:
		idx := method.StepIndex(f.Step)
		switch {
		case f.Step == "":
			ps.errAt("type", "a step page needs step = one of %s", strings.Join(method.Steps, ", "))
		case idx < 0:
			ps.errAt("step", "unknown step %q (use one of %s)", f.Step, strings.Join(method.Steps, ", "))
		case stepSeen[p.Lang+" "+f.Step] != nil:
			ps.errAt("step", "step %q already has a page: %s", f.Step, stepSeen[p.Lang+" "+f.Step].File)
		default:
			stepSeen[p.Lang+" "+f.Step] = p
		}
		if strings.TrimSpace(f.Start) == "" {
			ps.errAt("type", "a step page needs its start marker: start = \"…\"")
		}
		if strings.TrimSpace(f.End) == "" {
			ps.errAt("type", "a step page needs its end marker: end = \"…\"")
		}
		p.Step = &Step{ID: f.Step, Index: idx, Start: f.Start, End: f.End, activities: slices.Clone(f.Activities), questions: slices.Clone(f.Questions)}
		seen := map[string]int{}
		for i, item := range f.Checklist {
			text, id := checklistID(item)
			if id == "" {
				ps.errAt("checklist", "checklist[%d] has no words to make its id from: give it one ({#id} at the end)", i)
			} else if j, ok := seen[id]; ok {
				ps.errAt("checklist", "checklist[%d] and checklist[%d] have the same id %q: give one of them its own ({#id} at the end)", j, i, id)
			}
			seen[id] = i
			p.Step.checklist = append(p.Step.checklist, text)
			p.Step.ChecklistIDs = append(p.Step.ChecklistIDs, id)
		}
	case TypeFAB:
		if len(f.FAB) == 0 {
			ps.errAt("type", "a FAB sheet needs at least one [[fab]] row with feature, advantage and benefit")
		}
		for i, row := range f.FAB {
			for _, kv := range [][2]string{{"feature", row.Feature}, {"advantage", row.Advantage}, {"benefit", row.Benefit}} {
				if strings.TrimSpace(kv[1]) == "" {
					ps.errAt("fab", "fab[%d].%s is empty", i, kv[0])
				}
			}
		}
		p.FAB = f.FAB
		if f.Image != "" {
			img := path.Clean(path.Join(path.Dir(p.Source), f.Image))
			if strings.HasPrefix(f.Image, "/") {
				img = path.Clean(strings.TrimPrefix(f.Image, "/"))
			}
			switch low := strings.ToLower(img); {
			case !strings.HasSuffix(low, ".png") && !strings.HasSuffix(low, ".jpg") && !strings.HasSuffix(low, ".jpeg"):
				ps.errAt("image", "image %q must be a .png, .jpg or .jpeg file", f.Image)
			case !l.static[img]:
				ps.errAt("image", "image %q not found (looked for %s in the content folder)", f.Image, img)
			default:
				p.Image = img
			}
		}
	case TypeObjection:
		if strings.TrimSpace(f.Objection) == "" {
			ps.errAt("type", "an objection card needs objection = \"what the client says\"")
		}
		switch {
		case f.Step == "":
			ps.errAt("type", "an objection card needs step = the step it belongs to (%s)", strings.Join(method.Steps, ", "))
		case method.StepIndex(f.Step) < 0:
			ps.errAt("step", "unknown step %q (use one of %s)", f.Step, strings.Join(method.Steps, ", "))
		}
		if f.Category != "" && !slices.Contains(method.ObjectionCategories, f.Category) {
			msg := fmt.Sprintf("unknown category %q (use one of %s)", f.Category, strings.Join(method.ObjectionCategories, ", "))
			if s := diag.Suggest(f.Category, method.ObjectionCategories); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			ps.errAt("category", "%s", msg)
		}
		p.Objection = &Objection{Objection: f.Objection, behind: f.Behind, StepID: f.Step, Category: f.Category}
	}
	_ = l
}

var (
	explicitID = regexp.MustCompile(`\s*\{#([A-Za-z0-9_-]+)\}\s*$`)
	mdLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
)

// checklistID splits a checklist item into its text and its id: the one
// written at its end ({#visit-plan}), else one made from its first words.
// Accounts record the items done by these ids ([progress]).
func checklistID(item string) (text, id string) {
	if m := explicitID.FindStringSubmatchIndex(item); m != nil {
		return item[:m[0]], item[m[2]:m[3]]
	}
	words := mdLink.ReplaceAllString(item, "$1")
	words = strings.NewReplacer("*", "", "`", "", "~", "").Replace(words)
	id = markdown.Slug(words)
	if r := []rune(id); len(r) > 24 {
		id = strings.TrimRight(string(r[:24]), "-")
	}
	return item, id
}
