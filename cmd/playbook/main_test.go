package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUsage(t *testing.T) {
	if code, _, stderr := runCmd(t); code != 2 || !strings.Contains(stderr, "Commands:") {
		t.Errorf("no args: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "build", "--nope"); code != 2 || !strings.Contains(stderr, "usage: playbook build") {
		t.Errorf("bad flag: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "build", "extra"); code != 2 || !strings.Contains(stderr, `unexpected argument "extra"`) {
		t.Errorf("extra argument: exit %d, %s", code, stderr)
	}
	if code, stdout, _ := runCmd(t, "help"); code != 0 || !strings.Contains(stdout, "build") {
		t.Errorf("help: exit %d, %s", code, stdout)
	}
	// help COMMAND prints the command's usage and flags on stdout.
	if code, stdout, _ := runCmd(t, "help", "build"); code != 0 || !strings.Contains(stdout, "usage: playbook build") || !strings.Contains(stdout, "-out folder") {
		t.Errorf("help build: exit %d, %q", code, stdout)
	}
	if code, stdout, _ := runCmd(t, "version"); code != 0 || !strings.HasPrefix(stdout, "playbook ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

// TestInitThenBuild: a new project from the embedded example builds at once,
// and check finds it clean.
func TestInitThenBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new project")
	code, stdout, stderr := runCmd(t, "init", dir)
	if code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "content.go")); err == nil {
		t.Error("init copied Go source into the project")
	}
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "output")
	if code, _, stderr := runCmd(t, "check", "--content", content, "--today", "2026-12-01"); code != 0 || strings.Contains(stderr, "warning") {
		t.Fatalf("check: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr = runCmd(t, "build", "--content", content, "--out", out)
	if code != 0 || !strings.Contains(stdout, "built ") {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "site", "steps", "analyze.html")); err != nil {
		t.Error(err)
	}
	// A second init into the same folder refuses to overwrite.
	if code, _, stderr := runCmd(t, "init", dir); code != 1 || !strings.Contains(stderr, "not empty") {
		t.Errorf("second init: exit %d, %s", code, stderr)
	}
}

// TestBuildErrorsExit1: content errors print file:line:col, sorted, and exit 1.
func TestBuildErrorsExit1(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	os.MkdirAll(filepath.Join(content, "s"), 0o755)
	os.WriteFile(filepath.Join(content, "site.toml"), []byte("title = \"x\"\n"), 0o644)
	os.WriteFile(filepath.Join(content, "s", "b.md"), []byte("+++\ntitle = \"b\"\ncolour = 1\n+++\n"), 0o644)
	os.WriteFile(filepath.Join(content, "s", "a.md"), []byte("+++\ntitle = \"a\"\n+++\n[x](gone.md)\n"), 0o644)
	code, _, stderr := runCmd(t, "build", "--content", content, "--out", filepath.Join(dir, "out"))
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	want := []string{
		filepath.ToSlash(content) + `/s/a.md:4:1: link to missing page "gone.md"`,
		filepath.ToSlash(content) + `/s/b.md:3:1: unknown key "colour"`,
		"playbook build: 2 errors",
	}
	if len(lines) != len(want) {
		t.Fatalf("stderr:\n%s", stderr)
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) {
			t.Errorf("line %d = %q, want prefix %q", i+1, lines[i], want[i])
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "site")); err == nil {
		t.Error("a failed build wrote a site")
	}
	if code, _, _ := runCmd(t, "check", "--content", content); code != 1 {
		t.Errorf("check exit %d, want 1", code)
	}
}

// TestQuoteJSON: the contract's keys, money with exactly two decimals, and the
// amount in Chinese capitals.
func TestQuoteJSON(t *testing.T) {
	code, stdout, stderr := runCmd(t, "quote", "--content", "../../content", "--json", "huadong-petro")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"account", "currency", "items", "subtotal", "discount", "fees", "net", "tax", "total", "total_in_words"} {
		if _, ok := r[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	money := regexp.MustCompile(`^\d+\.\d\d$`)
	for _, k := range []string{"subtotal", "discount", "fees", "net", "tax", "total", "gift_value", "optional_total"} {
		if s, _ := r[k].(string); !money.MatchString(s) {
			t.Errorf("%s = %v, want a decimal string with two digits", k, r[k])
		}
	}
	if r["total"] != "8133172.94" || r["total_in_words"] != "人民币捌佰壹拾叁万叁仟壹佰柒拾贰元玖角肆分" {
		t.Errorf("total %v, %v", r["total"], r["total_in_words"])
	}
	item := r["items"].([]any)[0].(map[string]any)
	if item["quantity"] != "1200" || item["unit_price"] != "568.00" || item["amount"] != "681600.00" || item["optional"] != false ||
		item["brand"] != "北方羽绒" || item["model"] != "BF-M2027" {
		t.Errorf("first item = %v", item)
	}
	if r["gift_value"] != "60000.00" || r["optional_total"] != "89400.00" {
		t.Errorf("gift value %v, optional total %v", r["gift_value"], r["optional_total"])
	}
	code, stdout, _ = runCmd(t, "quote", "--content", "../../content", "huadong-petro")
	if code != 0 || !strings.Contains(stdout, "8,133,172.94") || !strings.Contains(stdout, "（赠送）") {
		t.Errorf("table: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := runCmd(t, "quote", "--content", "../../content", "nobody"); code != 1 || !strings.Contains(stderr, "huadong-petro") {
		t.Errorf("unknown account: exit %d, %s", code, stderr)
	}
}

// TestNewAccount: the written file fails check on its placeholders, and
// passes once they are filled in.
func TestNewAccount(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCmd(t, "init", dir); code != 0 {
		t.Fatal(stderr)
	}
	content := filepath.Join(dir, "content")
	if code, stdout, stderr := runCmd(t, "new", "account", "acme", "--content", content); code != 0 || !strings.Contains(stdout, "acme.toml") {
		t.Fatalf("new: exit %d %s", code, stderr)
	}
	if code, _, _ := runCmd(t, "new", "account", "acme", "--content", content); code != 1 {
		t.Error("new overwrote an existing account")
	}
	if code, _, _ := runCmd(t, "new", "account", "Bad Name", "--content", content); code != 2 {
		t.Error("a bad slug was accepted")
	}
	code, _, stderr := runCmd(t, "check", "--content", content)
	for _, want := range []string{"acme.toml:11:1: account.name: is required", "proposal.title: is required", "proposal.offerings[0].fab: is required", "proposal.answers[0].answer: is empty"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check of the new file lacks %q:\n%s", want, stderr)
		}
	}
	if code != 1 {
		t.Errorf("check exit %d, want 1", code)
	}
	file := filepath.Join(content, "accounts", "acme.toml")
	data, _ := os.ReadFile(file)
	filled := string(data)
	for _, r := range [][2]string{
		{`name = ""                  # 客户全称`, `name = "某某集团" #`},
		{`title = ""                 # required`, `title = "方案"`},
		{`fab = ""`, `fab = "down-vest"`},
		{`name = ""                  # required, unique`, `name = "马甲"`},
		{"question = \"\"", "question = \"交期？\""},
		{"answer = \"\"\"\n\"\"\"", "answer = \"可以。\""},
		{"configuration = \"\"\"\n\"\"\"", "configuration = \"藏青色\""},
		{`phase = ""`, `phase = "量体"`},
		{"[[contacts]]               # one per person; at least one decider\nname = \"\"", "[[contacts]]\nname = \"张三\""},
		{"[[competitors]]\nname = \"\"", "[[competitors]]\nname = \"某品牌\""},
	} {
		if !strings.Contains(filled, r[0]) {
			t.Fatalf("template lacks %q", r[0])
		}
		filled = strings.Replace(filled, r[0], r[1], 1)
	}
	os.WriteFile(file, []byte(filled), 0o644)
	if code, _, stderr := runCmd(t, "check", "--content", content); code != 0 {
		t.Errorf("the filled-in account fails check:\n%s", stderr)
	}
	if code, stdout, stderr := runCmd(t, "quote", "--content", content, "acme"); code != 0 || !strings.Contains(stdout, "人民币零元整") {
		t.Errorf("quote of the new account: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestREADMECommands: the README lists every command with the same
// arguments that `playbook help COMMAND` prints.
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands {
		line := strings.TrimSpace("playbook " + c.name + " " + c.args)
		if !strings.Contains(string(readme), "\n"+line+"\n") {
			t.Errorf("README.md lacks the line %q", line)
		}
		_, stdout, _ := runCmd(t, "help", c.name)
		if c.name != "help" && !strings.Contains(stdout, "usage: "+line) {
			t.Errorf("help %s: %q lacks %q", c.name, stdout, line)
		}
	}
}

// TestProposalNeverReplacesUserFiles: -o refuses the content folder and any
// file that is not a PDF Playbook made; it replaces its own PDFs.
func TestProposalNeverReplacesUserFiles(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCmd(t, "init", dir); code != 0 {
		t.Fatal(stderr)
	}
	content := filepath.Join(dir, "content")
	acct := filepath.Join(content, "accounts", "huadong-petro.toml")
	before, _ := os.ReadFile(acct)
	if code, _, stderr := runCmd(t, "proposal", "--content", content, "-o", acct, "huadong-petro"); code != 1 || !strings.Contains(stderr, "inside the content folder") {
		t.Errorf("-o into the content folder: exit %d, %s", code, stderr)
	}
	if after, _ := os.ReadFile(acct); !bytes.Equal(before, after) {
		t.Fatal("the account file was overwritten")
	}
	mine := filepath.Join(dir, "report.pdf")
	os.WriteFile(mine, []byte("my own notes"), 0o644)
	if code, _, stderr := runCmd(t, "proposal", "--content", content, "-o", mine, "huadong-petro"); code != 1 || !strings.Contains(stderr, "not a PDF Playbook made") {
		t.Errorf("-o over the user's file: exit %d, %s", code, stderr)
	}
	if b, _ := os.ReadFile(mine); string(b) != "my own notes" {
		t.Fatal("the user's file was overwritten")
	}
	own := filepath.Join(dir, "p.pdf")
	for range 2 { // the second replaces the PDF the first wrote
		if code, _, stderr := runCmd(t, "proposal", "--content", content, "-o", own, "--today", "2026-12-01", "huadong-petro"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	if code, _, _ := runCmd(t, "proposal", "--content", content, "-o", mine, "--force", "--today", "2026-12-01", "huadong-petro"); code != 0 {
		t.Error("--force did not replace the file")
	}
	// init keeps an existing .gitignore.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, ".gitignore"), []byte("secrets/\n"), 0o644)
	if code, _, stderr := runCmd(t, "init", other); code != 0 {
		t.Fatal(stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(other, ".gitignore")); string(b) != "secrets/\n" {
		t.Errorf(".gitignore replaced: %q", b)
	}
}

// TestNewAccountBlocksNoOther: an account just created (its values still
// empty) stops neither quote nor proposal of other accounts, nor a build
// without proposals; build makes every other proposal and exits 1.
func TestNewAccountBlocksNoOther(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCmd(t, "init", dir); code != 0 {
		t.Fatal(stderr)
	}
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "output")
	if code, _, stderr := runCmd(t, "new", "account", "fresh", "--content", content); code != 0 {
		t.Fatal(stderr)
	}
	flags := []string{"--content", content, "--today", "2026-12-01"}
	if code, stdout, stderr := runCmd(t, append([]string{"quote", "huadong-petro"}, flags...)...); code != 0 || !strings.Contains(stdout, "8,133,172.94") {
		t.Errorf("quote of another account: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runCmd(t, append([]string{"proposal", "--out", out, "northwind-logistics"}, flags...)...); code != 0 {
		t.Errorf("proposal of another account: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runCmd(t, append([]string{"quote", "fresh"}, flags...)...); code != 1 || !strings.Contains(stderr, "fresh.toml") {
		t.Errorf("quote of the new account: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runCmd(t, append([]string{"build", "--out", out, "--no-proposals"}, flags...)...); code != 0 || !strings.Contains(stderr, "fresh.toml") {
		t.Errorf("build --no-proposals: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := runCmd(t, append([]string{"build", "--out", out}, flags...)...)
	if code != 1 || !strings.Contains(stdout, "and 3 proposals") || !strings.Contains(stderr, "fresh.toml") {
		t.Errorf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "proposals", "huadong-petro.pdf")); err != nil {
		t.Error(err)
	}
}

// check --stale lists the pages past their review date, with their owners.
func TestCheckStale(t *testing.T) {
	code, stdout, stderr := runCmd(t, "check", "--content", "../../content", "--stale", "--today", "2027-11-02")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "content/steps/needs.md\t挖掘需求\t培训部 林老师\treviewed 2026-11-01, due 2027-11-01") ||
		!strings.Contains(stdout, "11 pages past the review date") {
		t.Errorf("stale list:\n%s", stdout)
	}
	if _, stdout, _ := runCmd(t, "check", "--content", "../../content", "--stale", "--today", "2027-01-01"); !strings.Contains(stdout, "0 pages past the review date") {
		t.Errorf("stale before the date:\n%s", stdout)
	}
}

// playbook accounts lists the example's accounts, the one with overdue
// money first, and --json gives each gap's code.
func TestAccounts(t *testing.T) {
	code, stdout, stderr := runCmd(t, "accounts", "--content", "../../content", "--today", "2026-11-27")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[1], "Northwind") || !strings.Contains(lines[1], "126,699.00") ||
		!strings.HasPrefix(lines[2], "示例物业") || !strings.HasPrefix(lines[3], "华东石化") {
		t.Errorf("accounts:\n%s", stdout)
	}
	code, stdout, _ = runCmd(t, "accounts", "--content", "../../content", "--today", "2026-11-27", "--json")
	var rows []struct {
		Slug    string
		Overdue string
		Gaps    []struct{ Code string }
	}
	if err := json.Unmarshal([]byte(stdout), &rows); code != 0 || err != nil || len(rows) != 3 {
		t.Fatalf("exit %d, %v:\n%s", code, err, stdout)
	}
	if rows[0].Slug != "northwind-logistics" || rows[0].Overdue != "126699.00" || rows[0].Gaps[0].Code != "overdue" {
		t.Errorf("first row %+v", rows[0])
	}
	if rows[1].Slug != "minimal" || len(rows[1].Gaps) != 3 || rows[1].Gaps[0].Code != "no_coach" {
		t.Errorf("second row %+v", rows[1])
	}
}

// playbook brief prints an account's internal brief: marked internal on
// every page, the account's step, its gaps and its people.
func TestBrief(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is not installed (.ci/run installs poppler-utils)")
		}
		t.Skip("pdftotext not installed: skipping (apt-get install poppler-utils)")
	}
	out := t.TempDir()
	code, stdout, stderr := runCmd(t, "brief", "--content", "../../content", "--today", "2026-11-27", "--out", out, "northwind-logistics")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	pdf := filepath.Join(out, "briefs", "northwind-logistics.pdf")
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimRight(string(text), "\f"), "\f")
	if len(pages) < 2 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, p := range pages {
		if strings.Count(p, "Internal") < 2 { // the account's proposals are in English: so is its brief
			t.Errorf("page %d is not marked internal at top and bottom", i+1)
		}
	}
	all := strings.Join(strings.Fields(string(text)), "")
	for _, want := range []string{"NorthwindColdChainLogisticsLtd.", "Collectpayment", "USD126,699.00overdueby7days", "thedeciderIngridHalvorsenisnotyetattrusted",
		"三句话讲清能解决什么", "2026-11-20"} {
		if !strings.Contains(all, want) {
			t.Errorf("the brief lacks %q", want)
		}
	}
	if code, _, _ := runCmd(t, "brief", "--content", "../../content", "--out", out, "nobody"); code != 1 {
		t.Errorf("an unknown account: exit %d", code)
	}
}

// TestHandbookRefusesWhatBuildRefuses: a page build would refuse stops the
// handbook too, at its file:line:col; an account's error does not.
func TestHandbookRefusesWhatBuildRefuses(t *testing.T) {
	dir := t.TempDir()
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "output")
	files := map[string]string{
		"site.toml":         "title = \"t\"\n[company]\nname = \"c\"\n",
		"g/_index.md":       "+++\ntitle = \"章\"\n+++\n",
		"g/a.md":            "+++\ntitle = \"图\"\n+++\n```svg\n<svg viewBox=\"0 0 10 10\"><rect width=\"5\" height=\"5\"/></svg>\n```\n",
		"accounts/bad.toml": "slug = \n",
	}
	for name, data := range files {
		p := filepath.Join(content, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	code, _, stderr := runCmd(t, "handbook", "--content", content, "--out", out)
	if code != 1 || !strings.Contains(stderr, "g/a.md:4:4: diagram: a diagram needs a <title>") {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "handbook.pdf")); err == nil {
		t.Error("a handbook was printed from a page build refuses")
	}
	os.WriteFile(filepath.Join(content, "g", "a.md"), []byte("+++\ntitle = \"图\"\n+++\n正文。\n"), 0o644)
	if code, stdout, stderr := runCmd(t, "handbook", "--content", content, "--out", out); code != 0 || !strings.Contains(stdout, "handbook.pdf") {
		t.Fatalf("an account's error stopped the handbook: exit %d\n%s%s", code, stdout, stderr)
	}
}
