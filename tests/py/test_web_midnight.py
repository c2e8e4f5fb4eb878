#!/usr/bin/python3
"""The page cache of `actionplan serve` across midnight.

A page says "Läget per <today>" and an activity's status depends on the day
(overdue from the day after its due date), so the cache's key holds today's
date. This test proves that a page cached before midnight is not served
after it: a server runs with ACTIONPLAN_TODAY_FILE (util.h: a file holding
today's date, read on every call; for tests only), the pages are fetched
twice on the due date (the second time from the cache), the file moves the
date one day on, and the same pages, fetched again, show the new day and
the activity red and overdue. The cache's own count at the stop proves that
it answered some of them (the test would prove nothing without a cache).

It fails if the date is left out of the key (the old day's pages come back
from the cache), and if the server read today once and kept it.
"""
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webtest  # noqa: E402
from webtest import check, run_ap  # noqa: E402

BIN = os.environ["AP_BIN"]
DUE, NEXT = "2018-01-31", "2018-02-01"
PLAN = "natt"


def get(sv, path):
    status, body, _ = sv.raw(path)
    return status, body.decode("utf-8")


def text(body):
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def main():
    with tempfile.TemporaryDirectory(prefix="ap-midnight.") as d:
        today = os.path.join(d, "today")
        with open(today, "w") as f:
            f.write(DUE + "\n")
        env = dict({k: v for k, v in os.environ.items() if k != "ACTIONPLAN_TODAY"},
                   ACTIONPLAN_LANG="sv", ACTIONPLAN_TODAY_FILE=today)
        with open(os.path.join(d, "natt.ini"), "w", encoding="utf-8") as f:
            f.write(f"[strategy]\nid = {PLAN}\ntitle = Plan över midnatt\npublic = yes\n\n"
                    "[focus 1]\ntitle = Fokus\n\n[initiative 1.1]\ntitle = Insats\n\n"
                    "[activity 1.1.1]\ntitle = Klar till månadsskiftet\nowner = Kontoret\n"
                    f"start = 2018-01-01\ndue = {DUE}\nstate = ongoing\n")
        for args in (["init"], ["import", "natt.ini"],
                     ["--plan", PLAN, "update", "1.1.1", "--date", "2018-01-15", "--status", "grön",
                      "--by", "Kim Testsson"]):
            run_ap(BIN, args, d, env)
        sv = webtest.Server(BIN, d, (), env)
        try:
            page = f"/plans/{PLAN}/activities/1.1.1"
            plan = f"/plans/{PLAN}"
            api = f"/api/v1/plans/{PLAN}/activities/1.1.1"
            for _ in range(3):  # the later ones from the cache, whichever worker answers
                st, body = get(sv, page)
                t = text(body)
                check(st == 200 and f"Läget per {DUE}" in t and "Status ● Grön" in t
                      and "försenad" not in t, f"before midnight, the activity: {st} {t[:300]}")
                st, body = get(sv, plan)
                check(st == 200 and f"Läget per {DUE}" in text(body), "before midnight, the plan")
                st, body = get(sv, api)
                j = json.loads(body) if st == 200 else {}
                check(j.get("as_of") == DUE and j.get("status") == "green" and not j.get("overdue"),
                      f"before midnight, the API: {st} {body[:200]}")
            # midnight
            with open(today + ".new", "w") as f:
                f.write(NEXT + "\n")
            os.replace(today + ".new", today)
            for _ in range(3):
                st, body = get(sv, page)
                t = text(body)
                check(st == 200 and f"Läget per {NEXT}" in t and f"Läget per {DUE}" not in t,
                      f"after midnight, the activity page has the new day: {t[:300]}")
                check("Status ■ Röd försenad" in t and f"Försenad sedan {NEXT}" in t,
                      f"after midnight, the activity is red and overdue: {t[:600]}")
                st, body = get(sv, plan)
                check(st == 200 and f"Läget per {NEXT}" in text(body), "after midnight, the plan")
                st, body = get(sv, api)
                j = json.loads(body) if st == 200 else {}
                check(j.get("as_of") == NEXT and j.get("status") == "red" and j.get("overdue"),
                      f"after midnight, the API: {st} {body[:200]}")
            # a date asked for is its own key: the day before, still green
            st, body = get(sv, f"{page}?as_of={DUE}")
            t = text(body)
            check(st == 200 and f"Läget per {DUE}" in t and "Status ● Grön" in t,
                  f"as_of={DUE} after midnight: {t[:300]}")
            check(sv.stop() == 0, "the server exits 0")
            m = re.search(r"sidcachen svarade på (\d+) av (\d+)", sv.log_text())
            hits = int(m.group(1)) if m else 0
            # 18 requests before the as_of one; each of the 6 keys missed at most
            # once per day and worker
            check(hits >= 6, f"the cache answered {hits} requests: it was not in use")
            print(f"the page cache answered {hits} of {m.group(2) if m else '?'} requests")
        finally:
            sv.kill()
    return webtest.summary()


if __name__ == "__main__":
    sys.exit(main())
