#!/usr/bin/python3
"""pdfcheck.py - check a steering pack or an annual report PDF with readers
that share no code with the renderer (qpdf, pdftotext -layout, pdfinfo),
against what the real command line says about the same database
(`actionplan list --json --as-of D`, `actionplan show CODE --json`).

    pdfcheck.py steering PDF --db DB --bin ACTIONPLAN --as-of D
                [--since D] [--prev D] [--cause-missing CODES] [--lang en]
    pdfcheck.py annual PDF --db DB --bin ACTIONPLAN --year Y [--lang en]
    pdfcheck.py big PDF --db DB --bin ACTIONPLAN --as-of D

Used by tests/unit/test_pdf_reports.c (which writes the PDFs through the
library) and by the CLI-level tests test_steering_pdf.py and
test_annual_pdf.py. Exit status 0 when every check passes; each failure is
printed on a line of its own. poppler's "Invalid 'begincidrange'" warning
about libharu's CMaps is ignored (stderr is not read).
"""
import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import need  # noqa: E402

need(programs=["qpdf", "pdftotext", "pdfinfo"])

# The words the reports must use, independent of the C code's tables.
STATUS = {
    "sv": {"green": "Grön", "yellow": "Gul", "red": "Röd", "completed": "Genomförd",
           "unreported": "Ej rapporterad", "excluded": "Ej aktiv", "none": "Ingen"},
    "en": {"green": "Green", "yellow": "Yellow", "red": "Red", "completed": "Completed",
           "unreported": "Unreported", "excluded": "Not active", "none": "None"},
}
COUNT_KEYS = ["green", "yellow", "red", "completed", "unreported", "excluded", "overdue", "stale"]
SDG_SV = {8: "Anständiga arbetsvillkor och ekonomisk tillväxt", 11: "Hållbara städer och samhällen",
          17: "Genomförande och globalt partnerskap"}
WORDS = {
    "sv": {"page": "Sida {} av {}", "steering": "Styrgruppsrapport", "overview": "Översikt",
           "deviations": "Avvikelser att besluta om", "proposals": "Förslag som väntar på beslut",
           "changes": "Ändringar sedan {}", "chase": "Att påminna", "goals": "Mål och indikatorer",
           "focus": "Fokusområde {}: {}", "cause_missing": "Orsak saknas", "reported": "rapporterad", "since": "ändringar sedan {}",
           "annual": "Årsrapport {} till kommunstyrelsen", "summary": "Sammanfattning",
           "completed": "Genomfört under {}", "appendix": "Bilaga: alla aktiviteter {}",
           "sdgs": "Globala målen för hållbar utveckling", "costs": "Kostnad mot budget",
           "contents": "Innehåll", "focus_areas": "Fokusområdena",
           "activities": "Aktiviteter per fokusområde", "lang": "sv-SE", "arrow": "{} → {}"},
    "en": {"page": "Page {} of {}", "steering": "Steering group report", "overview": "Overview",
           "deviations": "Deviations to decide on", "proposals": "Proposals awaiting a decision",
           "changes": "Changes since {}", "chase": "To chase", "goals": "Goals and indicators",
           "focus": "Focus area {}: {}", "cause_missing": "Cause missing", "reported": "reported", "since": "changes since {}",
           "annual": "Annual report {} to the municipal executive board", "summary": "Summary",
           "completed": "Completed during {}", "appendix": "Appendix: every activity {}",
           "sdgs": "The Sustainable Development Goals", "costs": "Cost against budget",
           "contents": "Contents", "focus_areas": "The focus areas",
           "activities": "Activities per focus area", "lang": "en-GB", "arrow": "{} → {}"},
}
# Swedish labels that must not appear in an English report (none of them
# occurs in the demo plan's own texts).
SWEDISH_LABELS = ["Sida ", "Översikt", "Avvikelser att besluta om", "Orsak saknas",
                  "Ändringar sedan", "Att påminna", "Slutdatum", "Senaste rapport", "Gröna",
                  "Ej rapporterad", "Sammanfattning", "Innehåll", "Bilaga", "Genomfört under",
                  "Årsrapport ", "Strategiperiod", "Läge per", "Framtagen", "Fokusområde "]


class Checker:
    """Collects failures; every check says what it looked for."""

    def __init__(self):
        self.failures = []
        self.checks = 0

    def check(self, cond, what):
        self.checks += 1
        if not cond:
            self.failures.append(what)
            print("FAIL: " + what, file=sys.stderr)
        return cond


def run(cmd, cwd=None):
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)


def squash(s):
    """Whitespace (also no-break spaces) collapsed to single spaces."""
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def words_in_order(hay, phrase, max_gap=60):
    """True when the words of phrase occur in hay in order, each within
    max_gap words of the previous one: a table cell's text survives being
    wrapped and interleaved with other columns by pdftotext -layout."""
    h, p = squash(hay).split(" "), squash(phrase).split(" ")
    if not p or not p[0]:
        return True
    for start in (i for i, w in enumerate(h) if w == p[0]):
        pos, ok = start, True
        for w in p[1:]:
            nxt = next((j for j in range(pos + 1, min(len(h), pos + 1 + max_gap)) if h[j] == w), None)
            if nxt is None:
                ok = False
                break
            pos = nxt
        if ok:
            return True
    return False


class Pdf:
    """A PDF read by the independent tools."""

    def __init__(self, path, c):
        self.path = path
        q = run(["qpdf", "--check", path])
        c.check(q.returncode == 0, f"qpdf --check {path}: exit {q.returncode} {q.stdout[-300:]}")
        info = run(["pdfinfo", path]).stdout
        self.info = dict(
            (k.strip(), v.strip()) for k, v in (l.split(":", 1) for l in info.splitlines() if ":" in l))
        self.npages = int(self.info.get("Pages", "0"))
        text = run(["pdftotext", "-layout", path, "-"]).stdout.replace("\u00a0", " ")
        self.pages = text.split("\f")[: self.npages]
        self.text = "\n".join(self.pages)
        j = json.loads(run(["qpdf", "--json", "--json-key=qpdf", path]).stdout)["qpdf"][1]
        self.catalog = j["obj:" + j["trailer"]["value"]["/Root"]]["value"]
        o = json.loads(run(["qpdf", "--json", "--json-key=outlines", path]).stdout)["outlines"]
        self.bookmarks = []

        def walk(items):
            for it in items:
                self.bookmarks.append(it["title"])
                walk(it.get("kids", []))
        walk(o)

    def links(self):
        """Every link annotation: (page, [x0, y0, x1, y1], target page), pages from 1."""
        j = json.loads(run(["qpdf", "--json", "--json-key=qpdf", self.path]).stdout)["qpdf"][1]
        pages = json.loads(run(["qpdf", "--json", "--json-key=pages", self.path]).stdout)["pages"]
        number = {p["object"]: i + 1 for i, p in enumerate(pages)}

        def value(v):
            return j["obj:" + v]["value"] if isinstance(v, str) and v.endswith(" R") else v
        found = []
        for i, p in enumerate(pages):
            for a in value(value(j["obj:" + p["object"]]["value"]).get("/Annots", [])):
                a = value(a)
                if a.get("/Subtype") == "/Link" and "/Dest" in a:
                    found.append((i + 1, value(a["/Rect"]), number.get(value(a["/Dest"])[0])))
        return found

    def text_in(self, page, rect):
        """The text pdftotext finds inside rect (PDF units) on page."""
        h = float(self.info.get("Page size", "595 x 842").split(" x ")[1].split()[0]) \
            if page == 1 else None
        size = run(["pdfinfo", "-f", str(page), "-l", str(page), self.path]).stdout
        m = re.search(r"Page\s+%d size:\s+([\d.]+) x ([\d.]+)" % page, size)
        h = float(m.group(2)) if m else (h or 842)
        x0, y0, x1, y1 = rect
        return run(["pdftotext", "-f", str(page), "-l", str(page), "-x", str(int(x0)), "-y",
                    str(int(h - y1)), "-W", str(int(x1 - x0)), "-H", str(int(y1 - y0)),
                    self.path, "-"]).stdout

    def body_from(self, heading):
        """The text from the line holding only heading (not a contents
        entry) to the end of the document."""
        m = re.search(r"^\s*" + re.escape(heading) + r"\s*$", self.text, re.M)
        return self.text[m.start():] if m else ""

    def section(self, heading, next_headings):
        """The text under heading up to the first of next_headings."""
        body = self.body_from(heading)
        end = len(body)
        for n in next_headings:
            m = re.search(r"^\s*" + re.escape(n) + r"\s*$", body[1:], re.M)
            if m:
                end = min(end, m.start() + 1)
        return body[:end]


class Cli:
    """The real command line on the same database."""

    def __init__(self, binary, db):
        self.binary, self.db = binary, db
        self.cwd = os.path.dirname(os.path.abspath(db))
        self._shows = {}

    def json(self, *args):
        r = run([self.binary, "--db", self.db, *args], cwd=self.cwd)
        if r.returncode != 0:
            raise RuntimeError(f"actionplan {' '.join(args)}: {r.stderr}")
        return json.loads(r.stdout)

    def plan_field(self, column):
        """A field of the plan read straight from the database (the only
        plan in it), for what no JSON view shows."""
        with sqlite3.connect(self.db) as db:
            return db.execute(f"SELECT {column} FROM plan").fetchone()[0]

    def listing(self, as_of):
        return self.json("list", "--json", "--as-of", as_of)

    def show(self, code, as_of):
        key = (code, as_of)
        if key not in self._shows:
            self._shows[key] = self.json("show", code, "--json", "--as-of", as_of)
        return self._shows[key]


def activities(listing):
    for f in listing["focus_areas"]:
        for i in f["initiatives"]:
            for a in i["activities"]:
                yield a


def last_update(show, as_of):
    ups = [u for u in show.get("updates", []) if u["date"] <= as_of and u.get("status")]
    return ups[-1] if ups else None


def spell_value(show, as_of, key):
    """The cause or action of the current deviation spell, computed from the
    history alone: the latest report of the run of yellow and red reports
    up to the last one (as of as_of) that gives it; (text, date) or None."""
    ups = [u for u in show.get("updates", []) if u["date"] <= as_of and u.get("status")]
    for u in reversed(ups):
        if u["status"] not in ("yellow", "red"):
            return None
        if (u.get(key) or "").strip():
            return u[key], u["date"]
    return None


def count_rows(page):
    """The rows of a counts table: (text before the figures, 8 figures)."""
    rows = []
    for line in page.splitlines():
        m = re.match(r"^(.*?\S)\s+" + r"\s+".join([r"(\d+)"] * 8) + r"\s*$", line)
        if m:
            rows.append((m.group(1), [int(x) for x in m.groups()[1:]]))
    return rows


def check_counts(c, page, listing, lang, prev=None):
    """The counts table on page: a row per focus area, then the plan, with
    the status word (and "Grön → Gul", before → now, where it changed) and eight counts
    equal to list --json."""
    rows = count_rows(page)
    nodes = [(f["code"], f) for f in listing["focus_areas"]] + [("plan", listing)]
    c.check(len(rows) == len(nodes), f"counts table: {len(rows)} rows, expected {len(nodes)}")
    for (code, node), (label, nums) in zip(nodes, rows):
        want = [node["counts"][k] for k in COUNT_KEYS]
        c.check(nums == want, f"counts of {code}: {nums}, list --json says {want}")
        word = STATUS[lang][node["status"]]
        before = prev.get(code) if prev else None
        if before and before != node["status"]:
            word = WORDS[lang]["arrow"].format(STATUS[lang][before], word)  # before → now
        c.check(label.endswith(word), f"status of {code}: '{label}' does not end with '{word}'")


def check_toc_links(c, pdf):
    """Each contents entry is a link to the page its number names."""
    numbers = [int(m) for m in re.findall(r"\.\s*(\d+)\s*$", pdf.pages[1], re.M)]
    links = sorted((l for l in pdf.links() if l[0] == 2), key=lambda l: -l[1][3])
    c.check(len(links) == len(numbers) > 0,
            f"contents: {len(links)} links for {len(numbers)} entries")
    targets = [l[2] for l in links]
    c.check(targets == numbers, f"contents links lead to pages {targets}, the entries say {numbers}")


def check_code_links(c, pdf, pages, list_heading):
    """Every activity code on the given pages links to the page under
    list_heading where that code's row starts."""
    start = next((i + 1 for i, t in enumerate(pdf.pages)
                  if re.search(r"^\s*" + re.escape(list_heading) + r"\s*$", t, re.M)), None)
    links = [l for l in pdf.links() if l[0] in pages]
    c.check(start is not None and len(links) > 0,
            f"no code links on pages {sorted(pages)} into '{list_heading}'")
    for page, rect, target in links:
        m = re.search(r"\d+\.\d+\.\d+", pdf.text_in(page, rect))
        if not c.check(m is not None, f"page {page}: a link over no activity code"):
            continue
        code = m.group(0)
        row = re.search(r"^ {0,3}" + re.escape(code) + r" ", pdf.pages[(target or 1) - 1], re.M)
        c.check(target is not None and target >= start and row is not None,
                f"page {page}: {code} links to page {target}, which lacks its row")


def pages_of(pdf, heading, next_headings):
    """The pages from the one where heading stands (not the contents) to
    the one where the first of next_headings stands."""
    def first(h):
        return next((i + 1 for i, t in enumerate(pdf.pages)
                     if i > 1 and re.search(r"^\s*" + re.escape(h) + r"\s*$", t, re.M)), None)
    start = first(heading)
    if start is None:
        return set()
    ends = [p for p in (first(h) for h in next_headings) if p and p >= start]
    return set(range(start, (min(ends) if ends else start) + 1))


def check_common(c, pdf, lang, title_part):
    w = WORDS[lang]
    check_toc_links(c, pdf)
    c.check(pdf.npages >= 3, f"{pdf.npages} pages")
    c.check(title_part in pdf.info.get("Title", ""), f"pdfinfo Title '{pdf.info.get('Title')}' lacks '{title_part}'")
    c.check(pdf.catalog.get("/Lang") == "u:" + w["lang"], f"/Lang is {pdf.catalog.get('/Lang')}")
    for k in range(2, pdf.npages + 1):
        c.check(w["page"].format(k, pdf.npages) in pdf.pages[k - 1], f"page {k} lacks '{w['page'].format(k, pdf.npages)}'")
    c.check(w["page"].format(1, pdf.npages) not in pdf.pages[0], "the cover has a page number")
    c.check(w["contents"] in pdf.pages[1], "page 2 is not the table of contents")
    if lang == "sv":
        for ch in "åäö":
            c.check(ch in pdf.text, f"no '{ch}' in the text")
        c.check(any(ch in pdf.text for ch in "ÅÄÖ"), "no capital Å, Ä or Ö in the text")
    else:
        for word in SWEDISH_LABELS:
            c.check(word not in pdf.text, f"Swedish label '{word}' in an English report")


def check_focus_titles(c, pdf, listing, lang):
    flat = squash(pdf.text)
    for f in listing["focus_areas"]:
        heading = WORDS[lang]["focus"].format(f["code"], f["title"])
        c.check(squash(heading) in flat, f"no heading '{heading}'")
        c.check(heading in pdf.bookmarks, f"no bookmark '{heading}'")


# ---------------------------------------------------------------------------
# The steering pack
# ---------------------------------------------------------------------------

def check_steering(c, pdf, cli, a):
    lang, w = a.lang, WORDS[a.lang]
    now = cli.listing(a.as_of)
    check_common(c, pdf, lang, w["steering"])
    if any(x["status"] in ("red", "yellow") for x in activities(now)):
        dev = pages_of(pdf, w["deviations"], [w["proposals"], w["chase"], w["activities"]])
        check_code_links(c, pdf, dev, w["activities"])
    c.check(a.as_of in pdf.info.get("Title", ""), "the Title lacks the as-of date")
    cover = squash(pdf.pages[0])
    lead = cli.plan_field("process_lead")
    for text in [now["title"], "Södertälje kommun", w["steering"], a.as_of, lead,
                 os.environ.get("ACTIONPLAN_TODAY", "")]:
        c.check(text in cover, f"the cover lacks '{text}'")
    c.check(pdf.info.get("Author") == lead, f"Author is '{pdf.info.get('Author')}'")
    if a.since:
        c.check(w["since"].format(a.since) in cover, f"the cover lacks '{w['since'].format(a.since)}'")
    for b in [w["overview"], w["deviations"], w["proposals"], w["chase"], w["activities"]]:
        c.check(b in pdf.bookmarks, f"no bookmark '{b}'")
    check_focus_titles(c, pdf, now, lang)
    prev = None
    if a.prev:
        p = cli.listing(a.prev)
        prev = {f["code"]: f["status"] for f in p["focus_areas"]}
        prev["plan"] = p["status"]
    overview = next((pg for pg in pdf.pages if re.search(r"^\s*" + w["overview"] + r"\s*$", pg, re.M)), "")
    check_counts(c, overview, now, lang, prev)
    # the first tile counts the followed-up activities, the completed ones
    # among them, and says so (not "active")
    done = now["counts"]["completed"]
    followed = sum(1 for x in activities(now) if x["status"] != "excluded")
    # the tiles are columns: their numbers stand on one line, their words
    # below; the first tile's words are the text left of the second number
    lines = overview.splitlines()
    row = next((i for i, l in enumerate(lines) if re.fullmatch(r"(\s*\d+){5}\s*", l)), None)
    c.check(row is not None, "overview: no row of five tiles")
    if row is not None:
        numbers = lines[row].split()
        c.check(numbers[0] == str(followed), f"overview: first tile {numbers[0]}, expected {followed}")
        width = lines[row].index(numbers[1], lines[row].index(numbers[0]) + len(numbers[0]))
        first = squash(" ".join(l[:width] for l in lines[row + 1:row + 6]))
        want = (f"aktiviteter som följs upp, varav {done} genomförd" if lang == "sv"
                else f"activities followed up, {done} of them completed")
        c.check(first.startswith(want), f"overview: first tile says '{first}', expected '{want}'")
    check_deviations(c, pdf, cli, now, a)
    check_chase(c, pdf, now, w)


def check_deviations(c, pdf, cli, now, a, sample=0):
    """Every yellow and red activity is listed, with its cause, action, or
    "Orsak saknas"; with sample > 0, the causes of only that many (spread
    over the list) are looked up, one `show` each."""
    w = WORDS[a.lang]
    sec = pdf.section(w["deviations"], [w["proposals"]])
    flat = squash(sec)
    devs = [x for x in activities(now) if x["status"] in ("yellow", "red")]
    found = set(re.findall(r"^ {0,3}(\d+\.\d+\.\d+) ", sec, re.M))
    c.check(found == {x["code"] for x in devs},
            f"deviations section lists {sorted(found)}, list --json has {sorted(x['code'] for x in devs)}")
    missing = set(a.cause_missing.split(",")) if a.cause_missing else set()
    c.check(flat.count(w["cause_missing"]) >= sum(1 for x in devs if x["cause_missing"]),
            "too few 'orsak saknas'")
    if sample and len(devs) > sample:
        devs = devs[:: len(devs) // sample]
    for x in devs:
        shown = cli.show(x["code"], a.as_of)
        u = last_update(shown, a.as_of)
        cause, action = spell_value(shown, a.as_of, "cause"), spell_value(shown, a.as_of, "action")
        reported = u is not None and u["status"] in ("yellow", "red")
        c.check(x["cause_missing"] == (reported and not cause),
                f"{x['code']}: cause_missing disagrees with show")
        if cause:
            c.check(words_in_order(sec, cause[0]), f"{x['code']}: cause '{cause[0]}' not in the deviations")
            if cause[1] != u["date"]:  # carried from an earlier report of the spell: dated
                c.check(words_in_order(sec, f"{cause[0]} ({w['reported']} {cause[1]})"),
                        f"{x['code']}: the carried cause is not dated {cause[1]}")
        else:
            line = next((l for l in sec.splitlines() if re.match(r"^\s*" + re.escape(x["code"]) + " ", l)), "")
            c.check(w["cause_missing"] in line, f"{x['code']}: no '{w['cause_missing']}' on its line: {line!r}")
        if action:
            c.check(words_in_order(sec, action[0]), f"{x['code']}: action not in the deviations")
        if u and u.get("comment"):
            c.check(words_in_order(sec, u["comment"]), f"{x['code']}: the latest comment is not shown")
        missing.discard(x["code"])
    c.check(not missing, f"expected a missing cause for {sorted(missing)}, not a deviation")


def check_chase(c, pdf, now, w):
    sec = pdf.section(w["chase"], [w["goals"], w["activities"]])
    # docs/rules.md, "Time": active and unreported, stale, or overdue without a
    # report since the due date (ISO dates compare as text)
    want = {x["code"] for x in activities(now)
            if x["status"] not in ("excluded", "completed")
            and (x["reported"] is None or x["stale"]
                 or (x["overdue"] and x["last_update"] <= x["due"]))}
    found = set(re.findall(r"^ {0,3}(\d+\.\d+\.\d+) ", sec, re.M))
    c.check(found == want, f"chase section lists {sorted(found)}, expected {sorted(want)}")


# ---------------------------------------------------------------------------
# The annual report
# ---------------------------------------------------------------------------

def covered(cli, listing, as_of, year):
    """Codes the annual report covers, with the completion date of those
    completed during the year: state on 31 December decided, ongoing or
    paused, or completed or cancelled during the year."""
    out, done = set(), {}
    for x in activities(listing):
        if x["state"] in ("decided", "ongoing", "paused"):
            out.add(x["code"])
        elif x["state"] in ("completed", "cancelled"):
            states = [s for s in cli.show(x["code"], as_of)["state_changes"] if s["date"] <= as_of]
            last = states[-1]["date"] if states else ""
            if last.startswith(str(year)):
                out.add(x["code"])
                if x["state"] == "completed":
                    done[x["code"]] = last
    return out, done


def check_annual(c, pdf, cli, a):
    lang, w, y = a.lang, WORDS[a.lang], a.year
    as_of = f"{y}-12-31"
    now = cli.listing(as_of)
    check_common(c, pdf, lang, w["annual"].split(" ")[0])
    if any(x["status"] in ("red", "yellow") for x in activities(now)):
        check_code_links(c, pdf, pages_of(pdf, w["summary"], []), w["appendix"].format(y))
    cover = squash(pdf.pages[0])
    for text in [now["title"], "Södertälje kommun", w["annual"].format(y), "2016–2022",
                 "31 december" if lang == "sv" else "31 December", as_of]:
        c.check(text in cover, f"the cover lacks '{text}'")
    for b in [w["summary"], w["focus_areas"], w["completed"].format(y), w["goals"], w["costs"],
              w["sdgs"], w["appendix"].format(y)]:
        c.check(b in pdf.bookmarks, f"no bookmark '{b}'")
        c.check(re.search(r"^\s*" + re.escape(b) + r"[\s.]*\d+\s*$", pdf.pages[1], re.M) is not None,
                f"the contents lack '{b}' with a page number")
    check_focus_titles(c, pdf, now, lang)
    summary = next((pg for pg in pdf.pages if re.search(r"^\s*" + w["summary"] + r"\s*$", pg, re.M)), "")
    check_counts(c, summary, now, lang)
    codes, done = covered(cli, now, as_of, y)
    sec = pdf.section(w["completed"].format(y), [w["goals"], w["costs"]])
    for code, day in done.items():
        c.check(re.search(r"^\s*" + re.escape(code) + r"\s.*" + day, sec, re.M) is not None,
                f"completed {code} on {day} not in '{w['completed'].format(y)}'")
    found = set(re.findall(r"^ {0,3}(\d+\.\d+\.\d+) ", sec, re.M))
    c.check(found == set(done), f"completed section lists {sorted(found)}, expected {sorted(done)}")
    app = pdf.body_from(w["appendix"].format(y))
    found = set(re.findall(r"^ {0,3}(\d+\.\d+\.\d+) ", app, re.M))
    c.check(found == codes, f"appendix lists {len(found)} activities, expected {len(codes)}: "
                            f"{sorted(found ^ codes)}")
    check_sdgs(c, pdf, now, codes, w, lang)


# The UN's colours of the 17 SDG icons, from the SDG logo guidelines.
SDG_COLOURS = [0xE5243B, 0xDDA63A, 0x4C9F38, 0xC5192D, 0xFF3A21, 0x26BDE2, 0xFCC30B, 0xA21942,
               0xFD6925, 0xDD1367, 0xFD9D24, 0xBF8B2E, 0x3F7E44, 0x0A97D9, 0x56C02B, 0x00689D,
               0x19486A]


def fill_colours(path):
    """Every fill colour (r g b rg) the PDF's uncompressed content sets, as 0xRRGGBB."""
    raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, "-"],
                         capture_output=True).stdout.decode("latin-1")
    found = set()
    for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg\b", raw):
        found.add(tuple(round(float(v) * 255) for v in (r, g, b)))
    return found


def check_sdgs(c, pdf, listing, codes, w, lang):
    """Only the goals the year's activities contribute to have a row, each
    with its UN colour drawn (beside the number and name); one line names
    the others."""
    sec = pdf.section(w["sdgs"], [w["appendix"].format(0)[:-2]])
    counts = {}
    for x in activities(listing):
        if x["code"] in codes:
            for n in x.get("sdg", []):
                counts[n] = counts.get(n, 0) + 1
    colours = fill_colours(pdf.path)
    for n in range(1, 18):
        m = re.search(r"^\s*" + str(n) + r"\s+(\S.*?)\s+(\d+)\s*$", sec, re.M)
        if counts.get(n, 0) == 0:
            c.check(m is None, f"SDG {n} has no activity but a row")
            continue
        if c.check(m is not None, f"no row for SDG {n}"):
            c.check(int(m.group(2)) == counts[n], f"SDG {n}: {m.group(2)}, expected {counts[n]}")
            if lang == "sv" and n in SDG_SV:
                c.check(m.group(1) == SDG_SV[n], f"SDG {n} is named '{m.group(1)}'")
        rgb = tuple((SDG_COLOURS[n - 1] >> s) & 0xFF for s in (16, 8, 0))
        c.check(any(all(abs(a - b) <= 1 for a, b in zip(rgb, f)) for f in colours),
                f"SDG {n}: its colour #{SDG_COLOURS[n - 1]:06X} is not drawn")
    missing = [n for n in range(1, 18) if counts.get(n, 0) == 0]
    line = squash(sec)
    if missing and len(missing) < 17:
        nums = ", ".join(map(str, missing[:-1])) + (" och " if lang == "sv" else " or ") + \
            str(missing[-1]) if len(missing) > 1 else str(missing[0])
        c.check(nums + "." in line, f"the line naming the goals without activity lacks '{nums}'")


# ---------------------------------------------------------------------------
# A big generated plan
# ---------------------------------------------------------------------------

def check_big(c, pdf, cli, a):
    now = cli.listing(a.as_of)
    check_common(c, pdf, "sv", "Styrgruppsrapport")
    check_focus_titles(c, pdf, now, "sv")
    active = [x for x in activities(now) if x["status"] != "excluded"]
    # Above [report] pdf_list_max (default 1,000) only those that need
    # attention are listed, and the PDF says so (docs/reports.md).
    want = {x["code"] for x in active
            if len(active) <= 1000 or x["status"] in ("yellow", "red", "unreported")
            or x["overdue"] or x["stale"]}
    body = pdf.body_from(WORDS["sv"]["activities"])
    c.check((len(active) > 1000) == ("behöver uppmärksamhet" in squash(body)),
            "the PDF's activity pages do not say whether they list all")
    found = set(re.findall(r"^ {0,3}(\d+\.\d+\.\d+) ", body, re.M))
    c.check(found == want, f"{len(found)} activities in the tables, {len(want)} expected: "
                           f"{sorted(want ^ found)[:10]}")
    overview = next((pg for pg in pdf.pages if re.search(r"^\s*Översikt\s*$", pg, re.M)), "")
    check_counts(c, overview, now, "sv")
    check_deviations(c, pdf, cli, now, a, sample=25)


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["steering", "annual", "big"])
    p.add_argument("pdf")
    p.add_argument("--db", required=True)
    p.add_argument("--bin", required=True)
    p.add_argument("--as-of")
    p.add_argument("--since")
    p.add_argument("--prev")
    p.add_argument("--year", type=int)
    p.add_argument("--cause-missing")
    p.add_argument("--lang", default="sv", choices=["sv", "en"])
    a = p.parse_args(argv)
    c = Checker()
    pdf = Pdf(a.pdf, c)
    cli = Cli(a.bin, a.db)
    {"steering": check_steering, "annual": check_annual, "big": check_big}[a.kind](c, pdf, cli, a)
    print(f"pdfcheck {a.kind} {os.path.basename(a.pdf)}: {c.checks} checks, "
          f"{len(c.failures)} failed", file=sys.stderr)
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
