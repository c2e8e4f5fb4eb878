#!/usr/bin/python3
"""Downloads of registered reports asked for at once (`actionplan serve`).

A report that is not kept is made again on the server, one at a time. A
councillor who clicks the PDF and then the workbook of another report must
get both, not an error page: the second request waits for the first to be
made (parked, without holding a worker) and is then answered.

* Two different downloads that are not kept, started together: both 200,
  each byte for byte the file the CLI registered (show_people = yes, so
  the server hands out what was handed out), and the server's log says no
  report "did not come out the same" (the register's digest holds).
* While one report is being made, a crowd of downloads of reports not kept:
  as many as the server parks (4) wait and get 200; the others get 503 at
  once, with Retry-After, in well under the time the first takes.
* Pages are answered while the downloads wait.
"""
import hashlib
import json
import os
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


def ap(*args, cwd):
    return run_ap(BIN, args, cwd, ENV)


class Server(webtest.Server):
    def __init__(self, d):
        super().__init__(BIN, d, ("--config", "people.ini"), ENV)

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
    seconds apart); the answers in the order of paths."""
    got = [None] * len(paths)
    go = threading.Barrier(len(paths))

    def one(i, p):
        go.wait()
        time.sleep(stagger * i)
        got[i] = sv.get(p)
    threads = [threading.Thread(target=one, args=(i, p)) for i, p in enumerate(paths)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return got


def sha(data):
    return hashlib.sha256(data).hexdigest()


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
            check("did not come out the same" not in log and " 500 " not in log,
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
        # 3. A stop while downloads are parked: the one being made is answered,
        # the parked ones get their 503 at once, the server exits 0.
        sv = Server(d)
        try:
            results = {}
            paths = [by_report[ids[0]][0][0], by_report[ids[1]][0][0], by_report[ids[2]][0][0]]

            def fetch(i):
                try:
                    results[i] = sv.get(paths[i])
                except OSError as e:
                    results[i] = (str(e), b"", {}, 0)
            threads = [threading.Thread(target=fetch, args=(i,)) for i in range(3)]
            threads[0].start()
            time.sleep(0.15)
            for t in threads[1:]:
                t.start()
            time.sleep(0.3)
            t0 = time.monotonic()
            code, _ = sv.stop()
            stop_secs = time.monotonic() - t0
            for t in threads:
                t.join()
            check(code == 0, f"the server stopped with parked downloads exits {code}")
            check(results[0][0] == 200, f"the download being made when the stop came: {results[0][0]}")
            check(all(results[i][0] == 503 for i in (1, 2)),
                  f"the parked downloads at the stop: {[results[i][0] for i in (1, 2)]}")
            print(f"stopped with 2 parked downloads in {stop_secs:.2f} s")
        finally:
            if sv.proc.poll() is None:
                sv.proc.kill()
    return webtest.summary()


if __name__ == "__main__":
    sys.exit(main())
