#!/usr/bin/env python3
"""The JSON contract of `list --json`: keys and types on the demo plan,
goals with status, budget/spent on every node, the counts adding up from the
activities to the plan, and the statuses of named activities of the demo as
of 2017-12-15, read by hand from plans/sodertalje-2016-updates.csv and the
plan file (so that a wrong rule cannot pass by being consistent with
itself)."""
import json
import os
import subprocess
import sys
import tempfile

BIN, SRC = os.environ["AP_BIN"], os.environ["AP_SRC"]
COUNT_KEYS = {"green", "yellow", "red", "completed", "unreported", "excluded", "overdue", "stale"}
STATUSES = {"green", "yellow", "red", "completed", "unreported", "excluded", "none"}
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(args, cwd):
    p = subprocess.run([BIN] + args, cwd=cwd, capture_output=True, text=True)
    if p.returncode:
        sys.exit(f"{args}: {p.stderr}")
    return p.stdout


def is_date_or_null(v):
    return v is None or (isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-")


def node_ok(n, where):
    check(n["status"] in STATUSES - {"completed", "unreported", "excluded"}, f"{where}: status {n['status']}")
    check(set(n["counts"]) == COUNT_KEYS, f"{where}: counts keys {sorted(n['counts'])}")
    check(all(isinstance(v, int) and v >= 0 for v in n["counts"].values()), f"{where}: counts ints")
    check(isinstance(n["budget"], int) and isinstance(n["spent"], int), f"{where}: budget/spent")


with tempfile.TemporaryDirectory() as tmp:
    run(["init"], tmp)
    run(["import", f"{SRC}/plans/sodertalje-2016.ini"], tmp)
    run(["updates", "import", f"{SRC}/plans/sodertalje-2016-updates.csv"], tmp)
    run(["measures", "import", f"{SRC}/plans/sodertalje-2016-measures.csv"], tmp)
    d = json.loads(run(["list", "--json", "--as-of", "2017-12-15"], tmp))

    for key in ("plan", "as_of", "status", "counts", "focus_areas", "goals", "budget", "spent"):
        check(key in d, f"top-level key {key}")
    check(d["plan"] == "sodertalje-2016", "plan id")
    check(d["as_of"] == "2017-12-15", "as_of")
    node_ok(d, "plan")
    check(len(d["focus_areas"]) == 5, "five focus areas")
    total = {k: 0 for k in COUNT_KEYS}
    budget = spent = 0
    n_acts = 0
    for fa in d["focus_areas"]:
        for key in ("code", "title", "status", "counts", "initiatives", "budget", "spent"):
            check(key in fa, f"focus key {key}")
        node_ok(fa, f"focus {fa['code']}")
        fsum = {k: 0 for k in COUNT_KEYS}
        for ini in fa["initiatives"]:
            for key in ("code", "title", "status", "counts", "activities", "budget", "spent"):
                check(key in ini, f"initiative key {key}")
            node_ok(ini, f"initiative {ini['code']}")
            check(ini["code"].split(".")[0] == fa["code"], f"initiative {ini['code']} under {fa['code']}")
            isum = {k: 0 for k in COUNT_KEYS}
            for a in ini["activities"]:
                n_acts += 1
                for key in ("code", "title", "owner", "state", "status", "overdue", "stale", "due", "last_update"):
                    check(key in a, f"activity key {key}")
                check(a["status"] in STATUSES - {"none"}, f"{a['code']} status")
                check(isinstance(a["overdue"], bool) and isinstance(a["stale"], bool), f"{a['code']} flags")
                check(is_date_or_null(a["due"]) and is_date_or_null(a["last_update"]), f"{a['code']} dates")
                check(a["code"].rsplit(".", 1)[0] == ini["code"], f"{a['code']} under {ini['code']}")
                isum[a["status"]] += 1
                isum["overdue"] += a["overdue"]
                isum["stale"] += a["stale"]
                budget += a["budget"] or 0
                spent += a["spent"]
            check(isum == ini["counts"], f"initiative {ini['code']} counts add up")
            fsum = {k: fsum[k] + isum[k] for k in COUNT_KEYS}
        check(fsum == fa["counts"], f"focus {fa['code']} counts add up")
        total = {k: total[k] + fsum[k] for k in COUNT_KEYS}
    check(total == d["counts"], "plan counts add up")
    check(n_acts == 59, f"59 activities listed, got {n_acts}")
    check((budget, spent) == (d["budget"], d["spent"]), "plan budget/spent add up")
    check(d["spent"] > 0, "costs reported in the demo")
    goal_keys = {"code", "title", "kind", "unit", "baseline", "target", "latest", "latest_date", "status"}
    check(len(d["goals"]) == 6, "six goals")
    for g in d["goals"]:
        check(goal_keys <= set(g), f"goal {g.get('code')} keys")
        check(g["status"] in {"green", "yellow", "red", "unmeasured"}, f"goal {g['code']} status")
        check(g["kind"] in {"result", "process", "effect"}, f"goal {g['code']} kind")
        check((g["latest"] is None) == (g["status"] == "unmeasured"), f"goal {g['code']} latest vs status")
    # Facts of the demo as of 2017-12-15, read from the CSV and the plan file:
    # code: (state, status, overdue, stale, last_update)
    pinned = {
        # röd on 2017-12-12, due 2017-09-30: red and overdue
        "4.3.1": ("ongoing", "red", True, False, "2017-12-12"),
        # gul on 2017-11-21 after the red September report
        "1.4.1": ("ongoing", "yellow", False, False, "2017-11-21"),
        # grön on 2017-03-14, nothing since: 276 days old, stale and still green
        "1.5.2": ("ongoing", "green", False, True, "2017-03-14"),
        # gul on 2017-09-14: 92 days before 2017-12-15, just past 90, stale
        "4.1.3": ("ongoing", "yellow", False, True, "2017-09-14"),
        # completed on 2016-12-07 with its last green report
        "2.1.5": ("completed", "completed", False, False, "2016-12-07"),
        # completed 2017-11-27, due 2017-12-31
        "3.1.1": ("completed", "completed", False, False, "2017-11-27"),
        # decided in the plan file, never reported
        "2.6.2": ("decided", "unreported", False, False, None),
        # paused 2016-09-30, reported again since: ongoing and green
        "5.3.3": ("ongoing", "green", False, False, "2017-11-23"),
    }
    acts = {a["code"]: a for fa in d["focus_areas"] for i in fa["initiatives"]
            for a in i["activities"]}
    for code, (state, status, overdue, stale, last) in pinned.items():
        a = acts.get(code, {})
        got = (a.get("state"), a.get("status"), a.get("overdue"), a.get("stale"),
               a.get("last_update"))
        check(got == (state, status, overdue, stale, last), f"{code} as of 2017-12-15: {got}")
    f4 = next(fa for fa in d["focus_areas"] if fa["code"] == "4")
    check(f4["counts"]["red"] == 1 and f4["counts"]["overdue"] == 1,
          f"focus 4: one red, overdue activity (4.3.1): {f4['counts']}")
    check(d["counts"]["completed"] == 5, f"five completed by 2017-12-15 (2.1.5, 3.1.1, 3.3.1, "
          f"4.2.2, 4.4.1): {d['counts']['completed']}")

    statuses = {g["code"]: g["status"] for g in d["goals"]}
    check("unmeasured" in statuses.values(), "the demo has an unmeasured goal")

    # --focus filters; as-of before any history: everything unreported or excluded
    f = json.loads(run(["list", "--json", "--focus", "3", "--as-of", "2017-12-15"], tmp))
    check([fa["code"] for fa in f["focus_areas"]] == ["3"], "--focus 3")
    early = json.loads(run(["list", "--json", "--as-of", "2016-01-01"], tmp))
    check(early["counts"]["green"] == 0 and early["status"] == "none", "nothing reported on 2016-01-01")

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
