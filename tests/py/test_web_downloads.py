#!/usr/bin/python3
"""Downloads of registered reports asked for at once (`actionplan serve`).

A report that is not kept is made again on the server, one at a time, on a
thread of its own (the maker): the request that asked for it waits parked,
without holding a worker, as do the requests that find it being made. A
councillor who clicks the PDF and then the workbook of another report must
get both, not an error page, and the visitors' pages must not wait for
either.

* Two different downloads that are not kept, started together: both 200,
  each byte for byte the file the CLI registered (show_people = yes, so
  the server hands out what was handed out), and the server's log says no
  report "blev inte densamma" (did not come out the same: the register's
  digest holds).
* While one report is being made, a crowd of downloads of reports not kept:
  as many as the server parks (4) wait and get 200; the others get 503 at
  once, with Retry-After, in well under the time the first takes.
* Pages are answered while the downloads wait.
* While a report is being made, a page asked for at the same moment on each
  of 16 connections opened before (HTTP keep-alive: each stays with the
  worker that accepted it, so every worker has some) is answered in under
  0.25 s and before the make ends (about a second): no worker is making it.
  (Before the maker, the worker that made it left its connections waiting:
  7 to 12 of the 16 pages took 0.6-0.83 s.)
* A stop (SIGTERM) while a report is being made: the parked requests, the
  one that asked for it too, get 503 at once; the server waits for the make
  (it cannot be broken off safely) and exits 0 right after it, and the
  temporary folder it was made in is gone.
* A report whose register digest does not hold: the make is refused and
  logged once, the request that asked for it and one that waited for it
  both get the error page (500), and asked for again it is made again.
  (Before the maker, the one that waited was never woken.)

AP_TIME_FACTOR (webtest.py) stretches the time limits for a slower build.
"""
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webtest  # noqa: E402
from webtest import check, run_ap  # noqa: E402

BIN = os.environ["AP_BIN"]
SRC = os.environ["AP_SRC"]
ACTIVITIES = 10000
PLAN = f"bench-{ACTIVITIES}"
ENV = dict(os.environ, ACTIONPLAN_TODAY="2026-01-15", ACTIONPLAN_LANG="sv")
WAITERS = 4  # web_server.c
WORKERS = 2  # web_server.c
CONNECTIONS = 8 * WORKERS  # kept open: each worker accepts some of them
# The longest a page may take while a report is made: a page from the cache
# takes a few ms, one that waits for a make most of a second.
PAGE_S = 0.25 * webtest.TIME_FACTOR


def ap(*args, cwd):
    return run_ap(BIN, args, cwd, ENV)


class Server(webtest.Server):
    def __init__(self, d, env=None):
        super().__init__(BIN, d, ("--config", "people.ini"), env or ENV)

    def get(self, path):
        """status, body bytes, headers, seconds"""
        t0 = time.monotonic()
        status, data, hdrs = self.raw(path, timeout=120)
        return status, data, hdrs, time.monotonic() - t0

    def stop(self):
        """the exit status and the log"""
        code = super().stop()
        return code, self.log_text()


def at_once(sv, paths, stagger=0.0):
    """GET every path from its own thread, started together (or stagger
    seconds apart); the answers in the order of paths (a request that
    failed: its error as the status)."""
    got = [None] * len(paths)
    go = threading.Barrier(len(paths))

    def one(i, p):
        go.wait()
        time.sleep(stagger * i)
        t0 = time.monotonic()
        try:
            got[i] = sv.get(p)
        except OSError as e:
            got[i] = (repr(e), b"", {}, time.monotonic() - t0)
    threads = [threading.Thread(target=one, args=(i, p)) for i, p in enumerate(paths)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return got


def sha(data):
    return hashlib.sha256(data).hexdigest()


def pages_while_made(d, url, digest):
    """CONNECTIONS connections kept open, each with a page asked for (so that
    every worker has accepted some); report url asked for on another; while
    it is made, a page asked for on every kept connection at the same moment.
    Each must be answered in under PAGE_S, and before the make ends, which
    is long enough after they were asked for that a page waiting for it would
    take longer. Returns how long the make took (the download's seconds)."""
    sv = Server(d)
    conns = []
    try:
        pages = ["/", f"/plans/{PLAN}/reports", "/assets/style.css", f"/plans/{PLAN}/goals"]
        for i in range(CONNECTIONS):
            conns.append(webtest.Kept(sv.port))
            st, _, _ = conns[-1].get(pages[i % len(pages)])
            check(st == 200, f"{pages[i % len(pages)]} on connection {i}: {st}")
        results = {}

        def download():
            results["download"] = sv.get(url)
            results["done"] = time.monotonic()
        t = threading.Thread(target=download)
        t0 = time.monotonic()
        t.start()
        time.sleep(0.2)  # it is being made (handed over in a few ms)
        got = [None] * len(conns)
        go = threading.Barrier(len(conns))

        def page(i):
            go.wait()
            got[i] = conns[i].get(pages[i % len(pages)]) + (time.monotonic(),)
        threads = [threading.Thread(target=page, args=(i,)) for i in range(len(conns))]
        asked = time.monotonic() - t0
        for p in threads:
            p.start()
        for p in threads:
            p.join()
        t.join()
        st, data, _, made = results["download"]
        check(st == 200 and sha(data) == digest, f"{url} while pages were asked for: {st}")
        # a page that waited for the make would take about made - asked
        check(made > asked + 1.2 * PAGE_S,
              f"the report was made in {made:.2f} s, the pages asked for at {asked:.2f} s: too "
              f"short to tell whether pages wait for it (a larger plan is needed)")
        slow = [(pages[i % len(pages)], g[0], round(g[2], 3)) for i, g in enumerate(got)
                if g[0] != 200 or g[2] >= PAGE_S]
        check(not slow, f"pages on {len(slow)} of {len(conns)} connections slow or failed while "
                        f"a report was made ({made:.2f} s): {slow}")
        check(all(g[3] < results["done"] for g in got),
              "the pages were not all answered before the report was made")
        print(f"{len(conns)} pages while a report was made ({made:.2f} s, pages asked at "
              f"{asked:.2f} s): slowest {max(g[2] for g in got):.3f} s")
        code, log = sv.stop()
        check(code == 0, "the server exits 0")
        check("blev inte densamma" not in log and " 500 " not in log,
              f"a report did not come out as registered: {log[-600:]}")
        return made
    finally:
        for c in conns:
            c.close()
        sv.kill()


def main():
    with tempfile.TemporaryDirectory(prefix="ap-dl.") as d:
        # a plan large enough that making a report again takes a while (about
        # a second on the Release build), so that requests meet while it is made
        subprocess.run([sys.executable, os.path.join(SRC, "bench", "gen.py"), "--activities",
                        str(ACTIVITIES), "--years", "1", "--seed", "7", "--out", d],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(d, "plan.ini"), encoding="utf-8") as f:
            plan = f.read().replace("[strategy]\n", "[strategy]\npublic = yes\n", 1)
        with open(os.path.join(d, "plan.ini"), "w", encoding="utf-8") as f:
            f.write(plan)
        ap("init", cwd=d)
        ap("import", "plan.ini", cwd=d)
        ap("--plan", PLAN, "updates", "import", "updates.csv", cwd=d)
        with open(os.path.join(d, "people.ini"), "w") as f:
            f.write("[public]\nshow_people = yes\n")
        for as_of in ("2025-12-31", "2025-06-30", "2025-09-30"):
            ap("--config", "people.ini", "--plan", PLAN, "report", "steering", "--as-of", as_of,
               "--out", "reports", cwd=d)
        ap("--config", "people.ini", "--plan", PLAN, "report", "annual", "--year", "2025",
           "--out", "reports", cwd=d)
        reports = json.loads(ap("--plan", PLAN, "report", "list", "--json", cwd=d))["reports"]
        files = []  # (url, registered file's sha256), every file of every report
        for r in reports:
            for f in r["files"]:
                with open(os.path.join(d, f), "rb") as fh:
                    files.append((f"/plans/{PLAN}/reports/{r['id']}/{os.path.basename(f)}",
                                  sha(fh.read())))
        by_report = {}
        for url, digest in files:
            by_report.setdefault(url.split("/")[4], []).append((url, digest))
        ids = sorted(by_report, key=int)
        check(len(ids) == 4, f"{len(ids)} reports registered")

        # 1. The PDF of one report and the workbook of another, at once.
        sv = Server(d)
        try:
            pdf = [x for x in by_report[ids[0]] if x[0].endswith(".pdf")][0]
            book = [x for x in by_report[ids[-1]] if x[0].endswith(".xlsx")][0]
            got = at_once(sv, [pdf[0], book[0]])
            for (url, digest), (st, data, hdrs, secs) in zip((pdf, book), got):
                check(st == 200, f"{url} asked for at once with another: {st} "
                                 f"{hdrs.get('retry-after')} {data[:80]!r}")
                check(st != 200 or sha(data) == digest,
                      f"{url}: not the registered file's bytes")
                print(f"{url}: {st} in {secs:.2f} s")
            made = max(g[3] for g in got)
            code, log = sv.stop()
            check(code == 0, "the server exits 0")
            check("blev inte densamma" not in log and " 500 " not in log,
                  f"a report did not come out as registered: {log[-600:]}")
        finally:
            if sv.proc.poll() is None:
                sv.proc.kill()

        # 2. A crowd while one is made: WAITERS wait and get theirs, the rest 503 at once.
        sv = Server(d)
        try:
            first = by_report[ids[0]][0]
            others = [by_report[i][k] for i in ids[1:] for k in range(2)]
            crowd = others + others[:1]  # 7 requests of 6 files of 3 reports
            check(len(crowd) > WAITERS + 2, f"a crowd of {len(crowd)}")
            results = {}

            def first_one():
                results["first"] = sv.get(first[0])
            t = threading.Thread(target=first_one)
            t.start()
            time.sleep(0.15)  # the first is being made
            page_t0 = time.monotonic()
            st, body, _, _ = sv.get("/")
            page_secs = time.monotonic() - page_t0
            got = at_once(sv, [u for u, _ in crowd])
            t.join()
            st0, data0, _, secs0 = results["first"]
            check(st0 == 200 and sha(data0) == first[1], f"the first download: {st0}")
            ok = [(u, g) for (u, _), g in zip(crowd, got) if g[0] == 200]
            busy = [(u, g) for (u, _), g in zip(crowd, got) if g[0] == 503]
            check(len(ok) == WAITERS and len(busy) == len(crowd) - WAITERS,
                  f"{len(ok)} of the crowd got 200, {len(busy)} got 503 "
                  f"(expected {WAITERS} and {len(crowd) - WAITERS}): {[g[0] for g in got]}")
            for (url, digest), g in zip(crowd, got):
                if g[0] == 200:
                    check(sha(g[1]) == digest, f"{url}: not the registered file's bytes")
            for url, g in busy:
                check(g[2].get("retry-after") == "5", f"{url}: 503 without Retry-After")
                check(g[3] < secs0 / 2, f"{url}: 503 after {g[3]:.2f} s, not at once "
                                        f"(the first took {secs0:.2f} s)")
            # asked again, they come
            for url, g in busy:
                again = [x for x in crowd if x[0] == url][0]
                st, data, _, _ = sv.get(url)
                check(st == 200 and sha(data) == again[1], f"{url} asked again: {st}")
            print(f"first made in {secs0:.2f} s; crowd of {len(crowd)}: "
                  f"{[g[0] for g in got]} in {[round(g[3], 2) for g in got]} s; "
                  f"the start page while they waited in {page_secs:.3f} s; "
                  f"two at once within {made:.2f} s")
            check(page_secs < 5, f"a page took {page_secs:.2f} s while a report was made")
            code, log = sv.stop()
            check(code == 0, "the server exits 0")
        finally:
            if sv.proc.poll() is None:
                sv.proc.kill()
        # 3. Pages on every worker while a report is made.
        made = pages_while_made(d, *by_report[ids[1]][0])

        # 4. A stop while a report is made and downloads are parked: all get
        # their 503 at once (the one that asked for it too), the server waits
        # for the make, exits 0 right after it and leaves no temporary folder.
        tmp = os.path.join(d, "serve-tmp")
        os.makedirs(tmp)
        sv = Server(d, dict(ENV, TMPDIR=tmp))
        try:
            results = {}
            paths = [by_report[ids[0]][0][0], by_report[ids[1]][0][0], by_report[ids[2]][0][0]]

            def fetch(i):
                try:
                    results[i] = sv.get(paths[i]) + (time.monotonic(),)
                except OSError as e:
                    results[i] = (str(e), b"", {}, 0, time.monotonic())
            threads = [threading.Thread(target=fetch, args=(i,)) for i in range(3)]
            threads[0].start()
            time.sleep(0.15)
            for t in threads[1:]:
                t.start()
            time.sleep(0.3)
            being_made = os.listdir(tmp)
            t0 = time.monotonic()
            code, log = sv.stop()
            stop_secs = time.monotonic() - t0
            for t in threads:
                t.join()
            check(code == 0, f"the server stopped while a report was made exits {code}")
            check(len(being_made) == 1, f"the report was not being made in TMPDIR: {being_made}")
            for i in range(3):
                st, _, hdrs, _, when = results[i]
                check(st == 503 and hdrs.get("retry-after") == "5",
                      f"{paths[i]} parked at the stop: {st} {hdrs.get('retry-after')}")
                check(when - t0 < PAGE_S, f"{paths[i]} parked at the stop: answered "
                                          f"{when - t0:.2f} s after it, not at once")
            check(stop_secs < made + webtest.TIME_FACTOR,
                  f"the stop took {stop_secs:.2f} s, a report is made in {made:.2f} s")
            check(os.listdir(tmp) == [], f"left in TMPDIR after the stop: {os.listdir(tmp)}")
            check("blev inte densamma" not in log and " 500 " not in log,
                  f"a report failed at the stop: {log[-600:]}")
            print(f"stopped while a report was made, with 2 more parked, in {stop_secs:.2f} s; "
                  f"the parked answered in "
                  f"{[round(results[i][4] - t0, 3) for i in range(3)]} s")
        finally:
            sv.kill()
        # 5. A make that fails: the register's digest of one report changed
        # (on the database, past its append-only trigger): the report does not
        # come out the same, which is refused and logged once, and both
        # requests - the one that asked for it and one that waited for it -
        # get the error page; asked for again later, it is made again.
        bad = ids[2]
        db = sqlite3.connect(os.path.join(d, "actionplan.db"))
        db.execute("DROP TRIGGER report_run_no_update")
        db.execute("UPDATE report_run SET digest = ? WHERE id = ?", ("0" * 64, int(bad)))
        db.commit()
        db.close()
        sv = Server(d)
        try:
            urls = [u for u, _ in by_report[bad]]
            got = at_once(sv, urls, stagger=0.1)
            for url, (st, data, hdrs, secs) in zip(urls, got):
                check(st == 500 and b"<h1>N\xc3\xa5got gick fel</h1>" in data,
                      f"{url} of a report that does not come out the same: {st} {data[:200]!r}")
            refused = f"actionplan serve: rapport {bad}: rapport {bad} blev inte densamma"
            log = sv.log_text()
            check(log.count(refused) == 1,
                  f"the failed make logged {log.count(refused)} times, not once: {log[-800:]}")
            st, _, _, _ = sv.get(urls[0])
            check(st == 500, f"{urls[0]} asked for again: {st}")
            log = sv.log_text()
            check(log.count(refused) == 2, "the report was not made again when asked for again")
            print(f"a report that does not come out the same: {[g[0] for g in got]} in "
                  f"{[round(g[3], 2) for g in got]} s")
            code, _ = sv.stop()
            check(code == 0, "the server exits 0")
        finally:
            sv.kill()
    return webtest.summary()


if __name__ == "__main__":
    sys.exit(main())
