#!/usr/bin/python3
"""`actionplan serve` end to end, with the standard library only.

Builds a database with the demo plan (public), a private plan and a public
plan whose texts try to break out of HTML, starts the server on a free port
of 127.0.0.1, and checks every page type, as_of, the API against `list
--json` / `show --json` (with and without people's names), 404s that do not
tell private from missing, 400 and 405, the security headers, escaping,
and a graceful stop: a request in flight when SIGTERM comes is answered and
the server exits 0.

The registered reports: their page, their files made again for download
(checked with openpyxl against `list --json`, and with pdftotext), people's
names kept out of them unless show_people = yes, and the plan page's chart
of the colours each registered pack saw (against `list --json --as-of
--as-recorded`). The page cache: a page fetched, an update recorded with the
CLI, the page fetched again shows it.
"""
import csv
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import need  # noqa: E402
import webtest  # noqa: E402
from webtest import check, run_ap  # noqa: E402

need(programs=["pdftotext"], modules=["openpyxl"])
import openpyxl  # noqa: E402

BIN = os.environ["AP_BIN"]
SRC = os.environ["AP_SRC"]
TODAY = "2018-01-31"
ENV = dict(os.environ, ACTIONPLAN_TODAY=TODAY, ACTIONPLAN_LANG="sv")
PLAN = "sodertalje-2016"
PACKS = ("2016-12-15", "2017-06-15")
LATE_CODE = "1.1.1"
EVIL = "<script>alert(1)</script> \"citat\" & 'apostrof'"
HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def ap(*args, cwd):
    return run_ap(BIN, args, cwd, ENV)


def write_plans(d):
    with open(os.path.join(d, "hemlig.ini"), "w", encoding="utf-8") as f:
        f.write("[strategy]\nid = hemlig\ntitle = Hemlig plan\npublic = no\n\n"
                "[focus 1]\ntitle = Fokus\n\n[initiative 1.1]\ntitle = Insats\n\n"
                "[activity 1.1.1]\ntitle = Hemlig aktivitet\nowner = Kontoret\n")
    with open(os.path.join(d, "xss.ini"), "w", encoding="utf-8") as f:
        f.write(f"[strategy]\nid = xss\ntitle = Plan {EVIL}\npublic = yes\n\n"
                f"[focus 1]\ntitle = Fokus {EVIL}\n\n[initiative 1.1]\ntitle = Insats {EVIL}\n\n"
                f"[activity 1.1.1]\ntitle = Aktivitet {EVIL}\nowner = Kontor {EVIL}\n")


def build_db(d):
    ap("init", cwd=d)
    ap("import", os.path.join(SRC, "plans", "sodertalje-2016.ini"), cwd=d)
    ap("--plan", PLAN, "updates", "import", os.path.join(SRC, "plans", "sodertalje-2016-updates.csv"), cwd=d)
    ap("--plan", PLAN, "measures", "import", os.path.join(SRC, "plans", "sodertalje-2016-measures.csv"), cwd=d)
    write_plans(d)
    ap("import", "hemlig.ini", "xss.ini", cwd=d)
    with open(os.path.join(d, "people.ini"), "w") as f:
        f.write("[public]\nshow_people = yes\n")
    # Registered reports to download: two packs and an annual report, and
    # one of the private plan's (never to be served). Then a report recorded
    # late, dated before the first pack: the pack's chart must show what the
    # pack saw, not what the plan says as of its date now.
    for as_of in PACKS:
        ap("--plan", PLAN, "report", "steering", "--as-of", as_of, "--out", "reports", cwd=d)
    ap("--plan", PLAN, "report", "annual", "--year", "2017", "--out", "reports", cwd=d)
    ap("--plan", "hemlig", "report", "steering", "--as-of", "2017-06-15", "--out", "reports", cwd=d)
    ap("--plan", PLAN, "update", LATE_CODE, "--date", "2016-12-01", "--status", "röd",
       "--cause", "Efterregistrerad", "--by", "Kim Testsson", cwd=d)


class Server(webtest.Server):
    """The server of these tests: every answer carries the security headers."""

    def __init__(self, d, *config):
        super().__init__(BIN, d, config, ENV)

    def get(self, path, method="GET", headers=None):
        status, body, hdrs = self.raw(path, method, headers)
        for name, value in HEADERS.items():
            check(hdrs.get(name) == value, f"{method} {path}: header {name} is {hdrs.get(name)!r}")
        return status, body.decode("utf-8"), hdrs


# ---------------------------------------------------------------------------

COUNT_LABELS = {"Gröna": "green", "Gula": "yellow", "Röda": "red", "Genomförda": "completed",
                "Ej rapporterade": "unreported", "Ej aktiva": "excluded",
                "Försenade": "overdue", "Inaktuella": "stale"}


def page_counts(body):
    found = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td></tr>', body)
    return {COUNT_LABELS[k]: int(v) for k, v in found if k in COUNT_LABELS}


def without_people(x):
    """The JSON as the API shows it with show_people = no."""
    if isinstance(x, dict):
        if x.get("field") in ("responsible", "participant", "lead") and "effective" in x:
            return None
        return {k: without_people(v) for k, v in x.items()
                if k not in ("responsible", "participants", "lead", "by")}
    if isinstance(x, list):
        return [y for y in (without_people(v) for v in x) if y is not None]
    return x


def check_pages(sv, d):
    for as_of in ("2016-12-15", "2017-12-15"):
        listed = json.loads(ap("--plan", PLAN, "list", "--json", "--as-of", as_of, cwd=d))
        st, body, _ = sv.get(f"/plans/{PLAN}?as_of={as_of}")
        check(st == 200 and "Utvecklingskraft i Södertälje" in body, f"plan page {as_of}: {st}")
        check(page_counts(body) == listed["counts"],
              f"plan page {as_of}: counts {page_counts(body)} != {listed['counts']}")
        check(f"/plans/{PLAN}/focus/1?as_of={as_of}" in body, "links keep as_of")
        for fa in listed["focus_areas"]:
            st, body, _ = sv.get(f"/plans/{PLAN}/focus/{fa['code']}?as_of={as_of}")
            check(st == 200 and page_counts(body) == fa["counts"], f"focus {fa['code']} {as_of}")
    st, body, _ = sv.get("/")
    check(st == 200 and f'href="/plans/{PLAN}"' in body and "hemlig" not in body.lower(),
          "start page lists the public plans only")
    check('<html lang="sv">' in body and 'class="skip" href="#main"' in body, "lang and skip link")
    st, body, _ = sv.get(f"/plans/{PLAN}/initiatives/4.3?as_of=2017-12-15")
    check(st == 200 and "/activities/4.3.1" in body, "initiative page lists its activities")
    shown = json.loads(ap("--plan", PLAN, "show", "4.3.1", "--json", "--as-of", "2017-12-15", cwd=d))
    st, body, _ = sv.get(f"/plans/{PLAN}/activities/4.3.1?as_of=2017-12-15")
    check(st == 200 and "Senaste rapporten" in body, "activity page explains its status")
    for u in shown["updates"]:
        check(u["date"] in body, f"activity page has the report of {u['date']}")
    check("Röd" in body and "■" in body, "the word and the shape beside the colour")
    st, body, _ = sv.get(f"/plans/{PLAN}/activities/4.3.1?as_of=2016-06-30")
    later = [u["date"] for u in shown["updates"] if u["date"] > "2016-06-30"]
    check(st == 200 and not any(x in body for x in later), "as_of hides later reports")
    st, body, _ = sv.get(f"/plans/{PLAN}/deviations?as_of=2017-12-15")
    check(st == 200 and "4.3.1" in body and "Integrationen mot ärendesystemet" in body,
          "deviations with their cause")
    st, body, _ = sv.get(f"/plans/{PLAN}/chase?as_of=2017-12-15")
    check(st == 200 and "Att påminna" in body, "chase page")
    st, body, _ = sv.get(f"/plans/{PLAN}", headers={"Accept-Language": "en-GB,en;q=0.8"})
    check(st == 200 and '<html lang="en">' in body and "Focus areas" in body, "English on request")
    st, body, hdrs = sv.get("/assets/style.css")
    check(st == 200 and hdrs["content-type"].startswith("text/css") and ".st-red" in body, "stylesheet")


def check_api(sv, d, people):
    listed = json.loads(ap("--plan", PLAN, "list", "--json", "--as-of", "2017-12-15", cwd=d))
    shown = json.loads(ap("--plan", PLAN, "show", "4.3.1", "--json", "--as-of", "2017-12-15", cwd=d))
    if not people:
        listed, shown = without_people(listed), without_people(shown)
    st, body, hdrs = sv.get(f"/api/v1/plans/{PLAN}?as_of=2017-12-15")
    check(st == 200 and hdrs["content-type"] == "application/json", f"api plan: {st}")
    check(json.loads(body) == listed, f"api plan equals list --json (people={people})")
    st, body, _ = sv.get(f"/api/v1/plans/{PLAN}/activities/4.3.1?as_of=2017-12-15")
    check(st == 200 and json.loads(body) == shown, f"api activity equals show --json (people={people})")
    # names: on the pages only with show_people = yes
    owners = {a["owner"] for fa in listed["focus_areas"] for i in fa["initiatives"] for a in i["activities"]}
    names = {u["by"] for u in json.loads(ap("--plan", PLAN, "show", "4.3.1", "--json", cwd=d))["updates"]
             if u["by"] and u["by"] not in owners}
    st, body, _ = sv.get(f"/plans/{PLAN}/activities/4.3.1?as_of=2017-12-15")
    for n in names:
        check((n in body) == people, f"the name {n!r} on the activity page (people={people})")


def check_errors(sv):
    a = sv.get("/plans/hemlig")
    b = sv.get("/plans/finns-inte")
    check(a[0] == b[0] == 404 and a[1] == b[1], "a private plan answers as a missing one")
    a = sv.get("/api/v1/plans/hemlig")
    b = sv.get("/api/v1/plans/finns-inte")
    check(a[0] == b[0] == 404 and a[1] == b[1], "the API: private as missing")
    for path in ("/plans/hemlig/activities/1.1.1", "/nope", f"/plans/{PLAN}/nope",
                 f"/plans/{PLAN}/focus/99", f"/plans/{PLAN}/activities/9.9.9",
                 f"/plans/{PLAN}/", "/api/v1/plans/hemlig/activities/1.1.1", "/assets/x.js"):
        check(sv.get(path)[0] == 404, f"404 for {path}")
    for q in ("2017-13-45", "abc", "2099-01-01", "2017-02-30"):
        st, body, _ = sv.get(f"/plans/{PLAN}?as_of={q}")
        check(st == 400 and "as_of" in body, f"400 for as_of={q}: {st}")
    st, body, _ = sv.get(f"/api/v1/plans/{PLAN}?as_of=abc")
    check(st == 400 and "as_of" in json.loads(body)["error"], "400 from the API as JSON")
    for m in ("POST", "PUT", "DELETE"):
        st, _, hdrs = sv.get("/", method=m)
        check(st == 405 and hdrs.get("allow") == "GET, HEAD", f"{m}: 405")
    st, body, _ = sv.get(f"/plans/{PLAN}", method="HEAD")
    check(st == 200 and body == "", "HEAD")
    for body in (a[1], sv.get("/plans/x?as_of=bad")[1]):
        check("sqlite" not in body.lower() and "SELECT" not in body, "no SQL in answers")


def check_escaping(sv):
    for path in ("/", "/plans/xss", "/plans/xss/focus/1", "/plans/xss/initiatives/1.1",
                 "/plans/xss/activities/1.1.1", "/plans/xss/chase", "/plans/xss/deviations",
                 "/plans/xss?as_of=%3Cscript%3E"):
        st, body, _ = sv.get(path)
        check("<script>" not in body, f"{path}: a raw <script> in the body")
        if st == 200:
            check("&lt;script&gt;alert(1)&lt;/script&gt; &quot;citat&quot; &amp; &#39;apostrof&#39;"
                  in body, f"{path}: the title escaped")
    st, body, _ = sv.get("/api/v1/plans/xss")
    check(json.loads(body)["title"] == f"Plan {EVIL}", "the API's JSON carries the text as it is")


def check_graceful_stop(sv):
    """A request whose headers are half sent when SIGTERM comes is answered."""
    s = socket.create_connection(("127.0.0.1", sv.port), timeout=20)
    s.sendall(f"GET /plans/{PLAN} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
    time.sleep(0.3)
    sv.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    s.sendall(b"\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    check(data.startswith(b"HTTP/1.1 200"), f"the request in flight was answered: {data[:40]!r}")
    check(sv.proc.wait(timeout=60) == 0, "the server exits 0 on SIGTERM")


def check_log(sv):
    lines = sv.log_text().splitlines()
    check(any(re.search(rf" GET /plans/{PLAN} 200 \d+ [\d.]+ms$", l) for l in lines),
          "an access log line: time, method, path, status, bytes, ms")


# ---------------------------------------------------------------------------
# Registered reports, the packs' chart, the page cache

def registered(d, plan=PLAN):
    return json.loads(ap("--plan", plan, "report", "list", "--json", cwd=d))["reports"]


def download(sv, path):
    """The bytes and headers of a download (no header check: a file, not a page)."""
    c = http.client.HTTPConnection("127.0.0.1", sv.port, timeout=120)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read(), {k.lower(): v for k, v in r.getheaders()}
    finally:
        c.close()


def people_names():
    """Who signed the demo's reports (people, not offices: no comma)."""
    with open(os.path.join(SRC, "plans", "sodertalje-2016-updates.csv"), encoding="utf-8") as f:
        return {r["by"] for r in csv.DictReader(f)
                if re.fullmatch(r"[A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ][a-zåäöé]+", r["by"])}


def xlsx_texts(path):
    wb = openpyxl.load_workbook(path)
    return [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row
            if v is not None]


def pdf_text(path):
    r = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True)
    check(r.returncode == 0, f"pdftotext {path}: {r.returncode}")
    return " ".join(r.stdout.split())


def check_pack_chart(sv, d):
    packs = [r for r in registered(d) if r["kind"] == "steering"]
    st, body, _ = sv.get(f"/plans/{PLAN}")
    check(st == 200 and '<svg' in body and 'role="img"' in body and "<title" in body,
          "the plan page has the packs' chart, an image with a title")
    rows = re.findall(r'<tr><th scope="row">(\d{4}-\d\d-\d\d)</th>((?:<td class="num">\d+</td>){4})</tr>',
                      body)
    got = {day: [int(x) for x in re.findall(r"\d+", cells)] for day, cells in rows}
    check(sorted(got) == sorted(r["as_of"] for r in packs), f"one row a pack: {sorted(got)}")
    for r in packs:
        k = json.loads(ap("--plan", PLAN, "list", "--json", "--as-of", r["as_of"], "--as-recorded",
                          r["recorded_at"], cwd=d))["counts"]
        want = [k["green"], k["yellow"], k["red"], k["completed"] + k["unreported"] + k["excluded"]]
        check(got.get(r["as_of"]) == want, f"chart of pack {r['id']}: {got.get(r['as_of'])} != {want}")
        # the numbers of an SVG bar, in its title, too
        check(f"{r['as_of']}: {want[0]} Gröna" in body, f"bar titles of pack {r['id']}")
    # the late report is not in what the first pack saw
    now = json.loads(ap("--plan", PLAN, "list", "--json", "--as-of", PACKS[0], cwd=d))["counts"]
    check(got.get(PACKS[0], [0, 0, 0])[2] != now["red"], "the chart is as recorded, not as now")
    st, body, _ = sv.get(f"/plans/{PLAN}?as_of=2016-12-31")
    check(st == 200 and "2017-06-15" not in body and "2016-12-15" in body,
          "the chart stops at the page's date")
    st, body, _ = sv.get("/plans/xss")
    check(st == 200 and "<svg" not in body, "no chart without packs")


def check_reports(sv, d, people):
    reports = registered(d)
    st, body, _ = sv.get(f"/plans/{PLAN}")
    check(f'href="/plans/{PLAN}/reports"' in body, "the plan page links its reports")
    st, body, _ = sv.get(f"/plans/{PLAN}/reports")
    check(st == 200 and "Rapporter" in body, f"the reports page: {st}")
    check(("Personers namn är borttagna" in body) != people, "the page says when names are left out")
    for r in reports:
        for f in r["files"]:
            href = f'/plans/{PLAN}/reports/{r["id"]}/{os.path.basename(f)}'
            check(f'href="{href}"' in body, f"the reports page links {href}")
    hidden = registered(d, "hemlig")[0]
    for path in ("/plans/hemlig/reports",
                 f"/plans/hemlig/reports/{hidden['id']}/{os.path.basename(hidden['files'][0])}",
                 f"/plans/{PLAN}/reports/{hidden['id']}/{os.path.basename(hidden['files'][0])}",
                 f"/plans/{PLAN}/reports/{reports[0]['id']}/fel-namn.xlsx",
                 f"/plans/{PLAN}/reports/999/x.pdf", f"/plans/{PLAN}/reports/01/x.pdf",
                 f"/plans/{PLAN}/reports/{reports[0]['id']}"):
        check(sv.get(path)[0] == 404, f"404 for {path}")

    names = people_names()
    pack = [r for r in reports if r["kind"] == "steering"][1]
    with tempfile.TemporaryDirectory(prefix="ap-dl.") as t:
        files = {}
        annual = [r for r in reports if r["kind"] == "annual"][0]
        for r, f in [(pack, f) for f in pack["files"]] + [(annual, f) for f in annual["files"]]:
            name = os.path.basename(f)
            path = f"/plans/{PLAN}/reports/{r['id']}/{name}"
            st, data, hdrs = download(sv, path)
            xlsx = name.endswith(".xlsx")
            check(st == 200, f"download {name}: {st}")
            check(hdrs.get("content-type") == ("application/vnd.openxmlformats-officedocument."
                                               "spreadsheetml.sheet" if xlsx else "application/pdf"),
                  f"download {name}: content-type {hdrs.get('content-type')}")
            check(hdrs.get("content-disposition") == f'attachment; filename="{name}"',
                  f"download {name}: {hdrs.get('content-disposition')}")
            check(data.startswith(b"PK" if xlsx else b"%PDF"), f"download {name}: a file of its kind")
            files[name] = os.path.join(t, name)
            with open(files[name], "wb") as out:
                out.write(data)
        book = files[os.path.basename(pack["files"][0])]
        # the workbook against `list --json` as of the pack's date (people as the server shows them)
        listed = json.loads(ap("--plan", PLAN, "list", "--json", "--as-of", pack["as_of"],
                               "--as-recorded", pack["recorded_at"], cwd=d))
        prev = json.loads(ap("--plan", PLAN, "list", "--json", "--as-of", PACKS[0], "--as-recorded",
                             pack["recorded_at"], cwd=d))
        if not people:
            for fa in listed["focus_areas"]:
                for i in fa["initiatives"]:
                    for a in i["activities"]:
                        a["responsible"] = None
        for name, x in (("list", listed), ("prev", prev)):
            with open(os.path.join(t, name + ".json"), "w", encoding="utf-8") as out:
                json.dump(x, out, ensure_ascii=False)
        r = subprocess.run([sys.executable, os.path.join(SRC, "tests", "py", "check_steering_xlsx.py"),
                            book, "--list", os.path.join(t, "list.json"),
                            "--prev", os.path.join(t, "prev.json"), "--since", pack["since"]],
                           capture_output=True, text=True)
        check(r.returncode == 0, f"the downloaded workbook against list --json: {r.stdout[-800:]}"
                                 f"{r.stderr[-800:]}")
        # as handed out: with names, cell for cell the workbook the CLI registered
        original = os.path.join(d, pack["files"][0])
        if people:
            diff = [(x, y) for x, y in zip(xlsx_texts(book), xlsx_texts(original)) if x != y]
            check(not diff and len(xlsx_texts(book)) == len(xlsx_texts(original)),
                  f"the workbook is the one handed out: {diff[:3]}")
        for name, path in files.items():
            text = " ".join(xlsx_texts(path)) if name.endswith(".xlsx") else pdf_text(path)
            found = sorted(n for n in names if n in text)
            if people:
                # the annual report names nobody of the demo (no assessments)
                check(found or name.startswith("arsrapport"),
                      f"{name}: names of people with show_people = yes")
            else:
                check(not found, f"{name}: names of people with show_people = no: {found}")


def check_busy(sv, d):
    """Two reports asked for at once: one worker makes one, the other request
    is answered at once - its file, or 503 with Retry-After - and later its file."""
    reports = registered(d)
    paths = [f"/plans/{PLAN}/reports/{r['id']}/{os.path.basename(r['files'][0])}"
             for r in (reports[0], reports[-1])]
    got = {}
    threads = [threading.Thread(target=lambda p=p: got.__setitem__(p, download(sv, p))) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for p in paths:
        st, _, hdrs = got[p]
        check(st == 200 or (st == 503 and hdrs.get("retry-after") == "5"),
              f"{p} while another is made: {st} {hdrs.get('retry-after')}")
        check(download(sv, p)[0] == 200, f"{p} afterwards")


def check_cache(sv, d):
    """A page and the API fetched, an update recorded, both fetched again."""
    code = "2.1.1"
    page, api = f"/plans/{PLAN}/activities/{code}", f"/api/v1/plans/{PLAN}/activities/{code}"
    for _ in range(2):  # the second from the cache
        st1, body1, _ = sv.get(page)
        st2, body2, _ = sv.get(api)
    comment = "Cachen ser ändringen: å ä ö"
    check(st1 == st2 == 200 and comment not in body1, "before the update")
    ap("--plan", PLAN, "update", code, "--date", TODAY, "--status", "gul", "--cause", "Test",
       "--comment", comment, "--by", "Kim Testsson", cwd=d)
    for _ in range(3):  # each worker, whichever answers
        st, body, _ = sv.get(page)
        check(st == 200 and comment in body, "the page shows the update recorded after it was cached")
        st, body, _ = sv.get(api)
        check(st == 200 and comment in body, "the API shows the update recorded after it was cached")
    st, body, _ = sv.get(f"{page}?as_of=2017-12-15")
    check(st == 200 and comment not in body, "the cache keeps as_of apart")


def main():
    with tempfile.TemporaryDirectory(prefix="ap-serve.") as d:
        build_db(d)
        before = open(os.path.join(d, "actionplan.db"), "rb").read()
        sv = Server(d)
        try:
            check_pages(sv, d)
            check_pack_chart(sv, d)
            check_busy(sv, d)
            check_reports(sv, d, people=False)
            check_api(sv, d, people=False)
            check_errors(sv)
            check_escaping(sv)
            check_graceful_stop(sv)
            check_log(sv)
        finally:
            if sv.proc.poll() is None:
                sv.proc.kill()
        sv = Server(d, "--config", "people.ini")
        try:
            check_api(sv, d, people=True)
            check_reports(sv, d, people=True)
            ap("check", cwd=d)
            check(open(os.path.join(d, "actionplan.db"), "rb").read() == before,
                  "nothing a visitor did wrote to the database")
            check_cache(sv, d)
            check(sv.stop() == 0, "the second server exits 0")
        finally:
            if sv.proc.poll() is None:
                sv.proc.kill()
    return webtest.summary()


if __name__ == "__main__":
    sys.exit(main())
