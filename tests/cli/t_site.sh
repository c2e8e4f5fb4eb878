#!/usr/bin/env bash
# report site --out DIR: the public pages as a static site (issue 17). The
# files are there, every link is relative and leads to a file inside DIR,
# names only with [public] show_people = yes, the registered annual report as
# a page, the accessibility statement with [public] contact - and without the
# contact nothing is written and an old site is left as it was.
source "$(dirname "$0")/lib.sh"
if ! pdftotext -v >/dev/null 2>&1; then echo "SKIP: t_site.sh needs pdftotext (poppler-utils)"; exit 77; fi
export ACTIONPLAN_TODAY=2018-06-30
demo_history
P=sodertalje-2016
run --plan $P assess plan --period 2016 --text "Året gick enligt planen." --date 2017-01-15 --by "Karin Ek"
expect_rc 0 "the plan's assessment of 2016, signed"
run --plan $P assess 1 --period 2016 --text "Fokusområde 1 höll takten." --date 2017-01-15 --by "Karin Ek"
expect_rc 0 "focus area 1's assessment of 2016, signed"
run --plan $P report annual --year 2016 --out rep
expect_rc 0 "an annual report is registered"
ID=$(sed -n 's/^Registrerad som rapport \([0-9]*\)$/\1/p' <<<"$OUT")

# --- no contact: nothing written --------------------------------------------
run report site --out web
expect_rc 1 "report site without [public] contact fails"
expect_err "[public] contact saknas" "the message names the key"
expect_err "inget skrevs" "the message says nothing was written"
CHECKS=$((CHECKS + 1))
[ ! -e web ] && [ -z "$(ls -d web.tmp-* 2>/dev/null)" ] || fail "files were left without a contact: $(ls)"

printf '[public]\ncontact = nobody\n' >bad.ini
run --config bad.ini report site --out web
expect_rc 1 "a contact that is neither an e-mail nor a web address"
expect_err "bad.ini:2: ogiltigt värde 'nobody' för contact i [public]" "the config error has file:line"

# --- the site ---------------------------------------------------------------
printf '[public]\ncontact = tillganglighet@sodertalje.se\n' >site.ini
run --config site.ini report site --out web --as-of 2017-12-15
expect_rc 0 "report site"
expect_out "Skrev 96 filer (1 publik plan, 1 årsrapport," "report site says what it wrote"
for f in index.html tillganglighet.html assets/style.css .actionplan-site \
    plans/$P/index.html plans/$P/goals.html plans/$P/deviations.html plans/$P/chase.html \
    plans/$P/focus/1.html plans/$P/initiatives/1.1.html plans/$P/activities/1.1.1.html \
    plans/$P/annual-2016-$ID.html; do
    CHECKS=$((CHECKS + 1))
    [ -s "web/$f" ] || fail "web/$f is missing"
done
CHECKS=$((CHECKS + 1))
[ "$(find web -name '*.html' | wc -l)" -eq 95 ] || fail "$(find web -name '*.html' | wc -l) pages, expected 95"
CHECKS=$((CHECKS + 1))
[ -z "$(ls -d web.tmp-* 2>/dev/null)" ] || fail "a temporary folder was left"

# Every link and source: relative, no query, and a file inside web; the only
# links out are the statement's contact and DIGG's page.
cat >links.py <<'EOF'
import os, re, sys
root = os.path.realpath(sys.argv[1])
bad, n = [], 0
OUT_OK = {"mailto:tillganglighet@sodertalje.se", "https://www.digg.se/tdosanmalan"}
for d, _, files in os.walk(root):
    for f in files:
        if not f.endswith(".html"):
            continue
        page = os.path.join(d, f)
        text = open(page, encoding="utf-8").read()
        for url in re.findall(r'(?:href|src|action)="([^"]*)"', text):
            n += 1
            rel = os.path.relpath(page, root)
            if url in OUT_OK and rel == "tillganglighet.html":
                continue
            if url.startswith("#"):
                continue
            if re.match(r"^[a-z]+:|^/", url) or "?" in url:
                bad.append(f"{rel}: not relative: {url}")
                continue
            target = os.path.realpath(os.path.join(d, url.split("#")[0]))
            if not target.startswith(root + os.sep) or not os.path.isfile(target):
                bad.append(f"{rel}: leads nowhere in the site: {url}")
print(n, "links")
for b in bad[:20]:
    print("BAD", b)
sys.exit(1 if bad else 0)
EOF
OUT=$($PY links.py web)
RC=$?
expect_rc 0 "every link of the site is relative and leads to a file in it ($OUT)"
CHECKS=$((CHECKS + 1))
[ "$(grep -o '^[0-9]*' <<<"$OUT")" -gt 500 ] || fail "too few links checked: $OUT"
# and the check can fail: a page with an absolute link
cp -r web spoiled
sed -i 's|href="\(\.\./\)*index.html"|href="/index.html"|' spoiled/plans/$P/focus/1.html
$PY links.py spoiled >/dev/null
RC=$?
expect_rc 1 "the link check sees an absolute link"

# the pages say what they are: Swedish, the statement's parts, the goals' charts
CHECKS=$((CHECKS + 1))
[ -z "$(grep -L '<html lang="sv">' $(find web -name '*.html'))" ] || fail "a page without lang=sv"
CHECKS=$((CHECKS + 1))
[ -z "$(grep -L 'tillganglighet.html">Tillgänglighetsredogörelse' $(find web -name '*.html'))" ] ||
    fail "a page without the statement in its footer"
for words in 'WCAG 2.1' 'mailto:tillganglighet@sodertalje.se' 'digg.se/tdosanmalan' \
    'Myndigheten för digital förvaltning' 'PDF-format är inte'; do
    CHECKS=$((CHECKS + 1))
    grep -qF "$words" web/tillganglighet.html || fail "the statement lacks '$words'"
done
CHECKS=$((CHECKS + 1))
[ "$(grep -c '<svg class="chart" role="img"' web/plans/$P/goals.html)" -eq 5 ] ||
    fail "the goals page: $(grep -c '<svg class="chart"' web/plans/$P/goals.html) charts, expected 5 (6 goals, one yes/no)"
CHECKS=$((CHECKS + 1))
grep -q 'as_of\|<form' $(find web -name '*.html') && fail "a page of the site has a date form or ?as_of"
CHECKS=$((CHECKS + 1))
grep -q "annual-2016-$ID.html\">Årsrapport 2016" web/plans/$P/index.html || fail "the plan page does not link its annual report"
# the annual report as HTML: its sections and the summary's figures
for words in '<h1>Årsrapport 2016 till kommunstyrelsen</h1>' '<h2>Sammanfattning</h2>' \
    '<h2>Fokusområdena</h2>' '<h2>Genomfört under 2016</h2>' '<h2>Mål och indikatorer</h2>' \
    '<h2>Kostnad mot budget</h2>' '<h2>Globala målen för hållbar utveckling</h2>' \
    '<h2>Bilaga: alla aktiviteter 2016</h2>' 'hade 59 aktiviteter i 5 fokusområden'; do
    CHECKS=$((CHECKS + 1))
    grep -qF "$words" web/plans/$P/annual-2016-$ID.html || fail "the annual report lacks '$words'"
done

# The summary's first paragraph is the PDF's, word for word: the activities,
# the goals on the as-of date and the cost against the budget (one function
# writes it for both, report.c's ap_annual_summary_lead).
cat >summary.py <<'EOF2'
import html, re, sys
norm = lambda t: " ".join(t.replace("\u00a0", " ").split())
page = open(sys.argv[1], encoding="utf-8").read()
pdf = norm(open(sys.argv[2], encoding="utf-8").read())
paras = [norm(html.unescape(re.sub(r"<[^>]+>", "", p)))
         for p in re.findall(r"<p>(.*?)</p>", page, re.S)]
lead = [p for p in paras if p.startswith("Handlingsplanen") and " hade " in p]
if len(lead) != 1:
    sys.exit(f"the page has {len(lead)} summary paragraphs")
lead = lead[0]
for words in ("mål den 31 december 2016 – Grön:", "Av planens budget på", "rapporterats som kostnad"):
    if words not in lead:
        sys.exit(f"the page's summary lacks {words!r}: {lead}")
if lead not in pdf:
    sys.exit(f"the page's summary is not the PDF's: {lead}")
print(lead)
EOF2
PDF=$(ls rep/arsrapport-*-2016.pdf)
pdftotext -layout "$PDF" annual.txt 2>/dev/null || fail "pdftotext $PDF"
OUT=$($PY summary.py web/plans/$P/annual-2016-$ID.html annual.txt 2>&1)
RC=$?
expect_rc 0 "the HTML summary's paragraph is the PDF's, goals and cost included ($OUT)"

# --- names: hidden by default, shown with show_people = yes --------------------
CHECKS=$((CHECKS + 1))
grep -rq 'Anders Berg\|Processledare, Destination\|Karin Ek' web && fail "names on the site with show_people = no"
for words in "Året gick enligt planen. – 2017-01-15 (2016)" "Fokusområde 1 höll takten. – 2017-01-15"; do
    CHECKS=$((CHECKS + 1))
    grep -qF "$words" web/plans/$P/annual-2016-$ID.html || fail "the annual report lacks the assessment '$words'"
done
tree() { (cd "$1" && find . -type f | sort | xargs sha256sum | sha256sum); }
before=$(tree web)
printf '[public]\ncontact = https://www.sodertalje.se/kontakt\nshow_people = yes\n' >people.ini
run --config people.ini report site --out web --as-of 2017-12-15
expect_rc 0 "report site over the old site"
CHECKS=$((CHECKS + 1))
grep -rq 'Anders Berg' web/plans/$P/activities || fail "no names with show_people = yes"
CHECKS=$((CHECKS + 1))
grep -q 'Året gick enligt planen. – Karin Ek, 2017-01-15' web/plans/$P/annual-2016-$ID.html ||
    fail "the assessment's author with show_people = yes"
CHECKS=$((CHECKS + 1))
grep -q 'href="https://www.sodertalje.se/kontakt"' web/tillganglighet.html || fail "a web address as the contact"

# --- failure leaves the old site as it was ------------------------------------
before=$(tree web)
run report site --out web
expect_rc 1 "report site without a contact over a site"
CHECKS=$((CHECKS + 1))
[ "$(tree web)" = "$before" ] || fail "a failed report site changed the old site"
CHECKS=$((CHECKS + 1))
[ -z "$(ls -d web.tmp-* 2>/dev/null)" ] || fail "a failed run left a temporary folder"

# --- leftovers of killed runs ------------------------------------------------
# A run killed mid-way leaves web.tmp-XXXXXX behind; the next run removes it
# when its writer mark names a process that is gone, and nothing else.
killed=""
for try in 1 2 3 4 5 6 7 8; do
    "$AP_BIN" --config site.ini report site --out web >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 20000); do
        compgen -G "web.tmp-*/plans" >/dev/null && break
        kill -0 $pid 2>/dev/null || break
    done
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    killed=$(compgen -G "web.tmp-*" | head -1)
    [ -n "$killed" ] && break
done
CHECKS=$((CHECKS + 1))
if [ -z "$killed" ]; then
    fail "no run was killed mid-way in 8 tries (each finished first)"
else
    grep -qx "pid $pid" "$killed/.actionplan-site-tmp" || fail "the killed run's folder has no writer mark naming it: $(ls -A "$killed")"
fi
start_of() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20; }
# plant NAME PID START [HOST]: a folder with a writer mark as a run writes it
plant() {
    mkdir -p "$1/plans" && echo x >"$1/index.html"
    printf 'actionplan report site\nhost %s\nboot %s\npid %s\nstart %s\n' "${4:-$(hostname)}" \
        "$(cat /proc/sys/kernel/random/boot_id)" "$2" "$3" >"$1/.actionplan-site-tmp"
}
sleep 300 &
live=$!
sleep 300 &
gone=$!
gone_start=$(start_of $gone)
kill $gone && wait $gone 2>/dev/null
plant web.tmp-dead01 $gone "$gone_start"                      # the writer is gone
plant web.tmp-reuse1 $live $(($(start_of $live) + 1))         # its pid is another process now
plant web.tmp-live01 $live "$(start_of $live)"                # the writer runs: kept
plant web.tmp-host01 $gone "$gone_start" another-host.example # another host's: kept
plant other.tmp-dead02 $gone "$gone_start"                    # beside another folder: kept
mkdir web.tmp-mine01 && echo viktigt >web.tmp-mine01/anteckning.txt # no mark: kept
mkdir web.tmp-mine02 && echo x >web.tmp-mine02/.actionplan-site-tmp # not a mark: kept
run --config site.ini report site --out web
expect_rc 0 "report site beside the leftovers"
expect_out "Tog bort 3 tillfälliga mappar som en avbruten körning lämnade efter sig" \
    "report site says what it removed"
for f in "$killed" web.tmp-dead01 web.tmp-reuse1; do
    CHECKS=$((CHECKS + 1))
    [ ! -e "$f" ] || fail "the leftover $f of a writer that is gone was not removed"
done
for f in web.tmp-live01/.actionplan-site-tmp web.tmp-host01/index.html other.tmp-dead02/index.html \
    web.tmp-mine01/anteckning.txt web.tmp-mine02/.actionplan-site-tmp; do
    CHECKS=$((CHECKS + 1))
    [ -e "$f" ] || fail "$f was removed: not a leftover of a writer that is gone"
done
CHECKS=$((CHECKS + 1))
[ ! -e web/.actionplan-site-tmp ] && [ -e web/.actionplan-site ] || fail "the site keeps its writer mark"
kill $live && wait $live 2>/dev/null
run --config site.ini report site --out web
expect_rc 0 "report site once the live writer is gone"
CHECKS=$((CHECKS + 1))
[ ! -e web.tmp-live01 ] && [ -e web.tmp-mine01 ] || fail "the leftover of the writer now gone stays"
rm -rf web.tmp-* other.tmp-*

# a folder that is not a site is never replaced
mkdir mine && echo viktigt >mine/anteckning.txt
run --config site.ini report site --out mine
expect_rc 1 "report site into a folder of other files"
expect_err "välj en ny eller tom mapp" "the message says what to do"
CHECKS=$((CHECKS + 1))
[ "$(cat mine/anteckning.txt)" = viktigt ] && [ ! -e mine/index.html ] || fail "a folder of other files was touched"
# an empty folder is fine
mkdir empty
run --config site.ini report site --out empty/
expect_rc 0 "report site into an empty folder"
CHECKS=$((CHECKS + 1))
[ -s empty/index.html ] || fail "the empty folder got no site"

run report site
expect_rc 2 "report site without --out"

# an annual report made in English is an English page in a Swedish site
ACTIONPLAN_LANG=en run --plan $P report annual --year 2017 --out rep
expect_rc 0 "an annual report in English"
ID2=$(sed -n 's/^Registered as report \([0-9]*\)$/\1/p' <<<"$OUT")
run --config site.ini report site --out web
expect_rc 0 "report site with two annual reports"
CHECKS=$((CHECKS + 1))
grep -q '<html lang="en">' web/plans/$P/annual-2017-$ID2.html &&
    grep -q '<h1>Annual report 2017 to' web/plans/$P/annual-2017-$ID2.html ||
    fail "the English annual report is not an English page"
CHECKS=$((CHECKS + 1))
grep -q '<html lang="sv">' web/plans/$P/index.html || fail "the site after an English report is not Swedish"
finish
