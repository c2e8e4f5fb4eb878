#!/usr/bin/env python3
"""The status rules of docs/rules.md, checked against an independent
implementation (this file) on random plans and histories.
Design section 8 extends the rules: an activity that starts after D and
has no report dated <= D is not started and counts as excluded; a
completed activity takes no report (the generated history has none).

For several generated plans and CSV histories (deterministic seeds), under
all three overdue settings, both stale settings and both roll-up methods,
`list --json --as-of D` must give exactly the statuses, flags and counts
this oracle computes, for every node, at many dates - including the edge
dates (due, due + 1, last update + stale_days, + 1) where rules flip.
"""
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile

BIN = os.environ["AP_BIN"]
D0 = dt.date(2016, 1, 1)
ALLOWED = {
    "proposed": ["decided", "cancelled"],
    "decided": ["ongoing", "completed", "paused", "cancelled"],
    "ongoing": ["completed", "paused", "cancelled"],
    "paused": ["ongoing", "completed", "cancelled"],
    "completed": ["ongoing"],
    "cancelled": ["proposed"],
}
SV = {"green": ["grön", "Grön", "GRÖN", "green"], "yellow": ["gul", "GUL", "Yellow"],
      "red": ["röd", "RÖD", "Red"]}


def day(n):
    return D0 + dt.timedelta(days=n)


# ---------------------------------------------------------------- generation

def make_plan(rng, pid):
    acts = []
    lines = ["[strategy]", f"id = {pid}", f"title = Testplan {pid} åäö"]
    for f in range(1, rng.randint(2, 4) + 1):
        lines += [f"[focus {f}]", f"title = Fokus {f}"]
        for i in range(1, rng.randint(1, 3) + 1):
            lines += [f"[initiative {f}.{i}]", f"title = Insats {f}.{i}"]
            for a in range(1, rng.randint(0, 5) + 1):
                code = f"{f}.{i}.{a}"
                state = rng.choice(["decided"] * 4 + ["ongoing"] * 4 + ["proposed", "paused", "completed"])
                weight = rng.choice([1, 1, 1, 2, 3])
                due = day(rng.randint(60, 900)) if rng.random() < 0.8 else None
                start = None
                if rng.random() < 0.6:  # never after the due date
                    start = day(rng.randint(0, 600))
                    if due and start > due:
                        start = due
                lines += [f"[activity {code}]", f"title = Aktivitet {code}", "owner = Kontoret",
                          f"weight = {weight}", f"state = {state}"]
                if due:
                    lines.append(f"due = {due}")
                if start:
                    lines.append(f"start = {start}")
                acts.append({"code": code, "state": state, "weight": weight, "due": due,
                             "start": start})
    return "\n".join(lines) + "\n", acts


def make_history(rng, acts):
    rows = []  # (date, code, status, state)
    for a in acts:
        n = rng.randint(0, 8)
        dates = sorted(day(rng.randint(0, 1000)) for _ in range(n))
        if n >= 2 and rng.random() < 0.5:
            dates[1] = dates[0]  # a tie on the same date
        for d in dates:
            rows.append([d, a["code"], rng.choice(["green", "green", "yellow", "red"]), ""])
        state, d = a["state"], 0
        for _ in range(rng.randint(0, 4)):
            d += rng.randint(1, 300)
            if d > 1000:
                break
            nxt = rng.choice(ALLOWED[state])
            rows.append([day(d), a["code"], "", nxt])
            state = nxt
    rng.shuffle(rows)  # the importer must not depend on the file's order
    return without_reports_while_completed(acts, rows)


def without_reports_while_completed(acts, rows):
    """A completed activity refuses reports (docs/rules.md, "Time"): leave out
    the reports that would fall while it is completed, in recorded order."""
    state = {a["code"]: a["state"] for a in acts}
    dropped = set()
    for i, (d, code, status, st) in sorted(enumerate(rows), key=lambda t: (t[1][0], t[0])):
        if st:
            state[code] = st
        elif status and state[code] == "completed":
            dropped.add(i)
    return [r for i, r in enumerate(rows) if i not in dropped]


def write_csv(path, rows, rng):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "date", "status", "progress", "comment", "cause", "action", "by", "state"])
        for d, code, status, state in rows:
            word = rng.choice(SV[status]) if status else ""
            w.writerow([code, d.isoformat(), word, "", "", "", "", "Test", state])


# ---------------------------------------------------------------- the oracle

def recorded_order(rows):
    """The importer records rows in date order, file order within a date."""
    indexed = list(enumerate(rows))
    indexed.sort(key=lambda t: (t[1][0], t[0]))
    return [r for _, r in indexed]


def evaluate(acts, rows, D, cfg):
    order = recorded_order(rows)
    out = {}
    for a in acts:
        state = a["state"]
        last = None
        for d, code, status, st in order:
            if code != a["code"] or d > D:
                continue
            if st:
                state = st
            if status:
                last = (d, status)  # later in recorded order supersedes
        flags = {"overdue": False, "stale": False}
        if state in ("proposed", "paused", "cancelled"):
            status = "excluded"
        elif state != "completed" and not last and a["start"] and a["start"] > D:
            status = "excluded"  # not started
        elif state == "completed":
            status = "completed"
        else:
            status = last[1] if last else "unreported"
            if last and (D - last[0]).days > cfg["stale_days"]:
                flags["stale"] = True
                if cfg["stale"] == "yellow" and status == "green":
                    status = "yellow"
            if a["due"] and a["due"] < D:
                flags["overdue"] = True
                if cfg["overdue"] == "red":
                    status = "red"
                elif cfg["overdue"] == "yellow" and status != "red":
                    status = "yellow"
        out[a["code"]] = (status, flags["overdue"], flags["stale"], state)
    return out


def rollup(acts, evals, cfg):
    counts = {k: 0 for k in ("green", "yellow", "red", "completed", "unreported", "excluded", "overdue", "stale")}
    score = weight = 0
    worst = None
    for a in acts:
        status, overdue, stale, _ = evals[a["code"]]
        counts[status] += 1
        counts["overdue"] += overdue
        counts["stale"] += stale
        s = {"green": 100, "completed": 100, "yellow": 50, "red": 0}.get(status)
        if s is None:
            continue
        score += s * a["weight"]
        weight += a["weight"]
        rank = {"green": 0, "completed": 0, "yellow": 1, "red": 2}[status]
        worst = rank if worst is None else max(worst, rank)
    if weight == 0:
        st = "none"
    elif cfg["method"] == "worst":
        st = ["green", "yellow", "red"][worst]
    elif score >= cfg["green_min"] * weight:
        st = "green"
    elif score >= cfg["yellow_min"] * weight:
        st = "yellow"
    else:
        st = "red"
    return st, counts


# ---------------------------------------------------------------- the check

def run(args, cwd):
    p = subprocess.run([BIN] + args, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"actionplan {' '.join(args)} failed: {p.stderr}")
    return p.stdout


def main():
    failures = checks = 0
    for seed in (1, 2, 3, 4):
        rng = random.Random(seed)
        with tempfile.TemporaryDirectory() as tmp:
            text, acts = make_plan(rng, f"plan{seed}")
            rows = make_history(rng, acts)
            open(os.path.join(tmp, "plan.ini"), "w", encoding="utf-8").write(text)
            write_csv(os.path.join(tmp, "h.csv"), rows, rng)
            run(["init"], tmp)
            run(["import", "plan.ini"], tmp)
            run(["updates", "import", "h.csv"], tmp)
            dates = {day(rng.randint(0, 1100)) for _ in range(6)}
            for a in acts:
                if a["due"]:
                    dates |= {a["due"], a["due"] + dt.timedelta(days=1)}
                if a["start"]:
                    dates |= {a["start"] - dt.timedelta(days=1), a["start"]}
            for d, *_ in rows[:6]:
                dates |= {d + dt.timedelta(days=30), d + dt.timedelta(days=31)}
            dates = sorted(x for x in dates if x <= dt.date.today())
            for overdue in ("red", "yellow", "off"):
                for method in ("average", "worst"):
                    for stale in ("flag", "yellow"):
                        cfg = {"overdue": overdue, "method": method, "stale": stale,
                               "stale_days": 30, "green_min": 75, "yellow_min": 50}
                        with open(os.path.join(tmp, "c.ini"), "w") as f:
                            f.write(f"[rules]\noverdue = {overdue}\nstale = {stale}\nstale_days = 30\n"
                                    f"[rollup]\nmethod = {method}\ngreen_min = 75\nyellow_min = 50\n")
                        for D in dates:
                            got = json.loads(run(["--config", "c.ini", "list", "--json", "--as-of", D.isoformat()], tmp))
                            evals = evaluate(acts, rows, D, cfg)
                            where = f"seed {seed} {cfg} as of {D}"
                            st, counts = rollup(acts, evals, cfg)
                            checks += 1
                            if (got["status"], got["counts"]) != (st, counts):
                                failures += 1
                                print(f"plan: got {got['status']} {got['counts']}, expected {st} {counts} ({where})")
                            for fa in got["focus_areas"]:
                                facts = [a for a in acts if a["code"].split(".")[0] == fa["code"]]
                                st, counts = rollup(facts, evals, cfg)
                                checks += 1
                                if (fa["status"], fa["counts"]) != (st, counts):
                                    failures += 1
                                    print(f"focus {fa['code']}: got {fa['status']} {fa['counts']}, expected {st} {counts} ({where})")
                                for ini in fa["initiatives"]:
                                    iacts = [a for a in acts if a["code"].rsplit(".", 1)[0] == ini["code"]]
                                    st, counts = rollup(iacts, evals, cfg)
                                    checks += 1
                                    if (ini["status"], ini["counts"]) != (st, counts):
                                        failures += 1
                                        print(f"initiative {ini['code']}: got {ini['status']} {ini['counts']}, expected {st} {counts} ({where})")
                                    for ga in ini["activities"]:
                                        want = evals[ga["code"]]
                                        checks += 1
                                        have = (ga["status"], ga["overdue"], ga["stale"], ga["state"])
                                        if have != want:
                                            failures += 1
                                            print(f"activity {ga['code']}: got {have}, expected {want} ({where})")
    print(f"{checks} checks, {failures} failed")
    if checks < 1000:
        print("too few checks ran")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
