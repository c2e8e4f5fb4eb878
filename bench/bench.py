#!/usr/bin/python3
"""The benchmark: actionplan against the peer, size by size (bench/README.md).

    bench.py --bin build/actionplan [--quick] [--keep] [--work DIR] [--results DIR]
             [--only CASE,...] [--readme bench/README.md]

For every case (plan size x years of history) it generates the data
(gen.py), then times each operation several times with /usr/bin/time -v in a
folder of its own with its own config.ini, and keeps the median wall time,
the median CPU time (user + system) and the peak resident memory. It writes
results/<mode>.json and results/<mode>.md; a full run also replaces the
table in README.md between the results markers.

An operation the tool cannot do yet (the report renderers answer "renderer
not built yet") is recorded as "not available", and the run goes on.
"""
import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"

# name, activities, years of monthly history, plans (a region holds many), runs
FULL = [("100", 100, 1, 1, 5), ("1k", 1000, 1, 1, 5), ("10k", 10000, 1, 1, 5),
        ("10k-5y", 10000, 5, 1, 3), ("100k", 100000, 1, 1, 3), ("region", 345, 1, 290, 3)]
QUICK = [("100", 100, 1, 1, 3), ("1k", 1000, 1, 1, 3)]
OPS = ["import plan", "import updates", "list --json", "steering pack", "annual report"]
SLOW = 60.0        # a first run slower than this is not repeated
RATHER_SLOW = 20.0  # ... slower than this is run at most 3 times
TIMEOUT = 3600


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------------------
# Running one command under /usr/bin/time -v
# ---------------------------------------------------------------------------

def timed(cmd, cwd, stdout=subprocess.DEVNULL):
    """One run: wall seconds (perf_counter around the child), CPU seconds and
    peak RSS (KB) from /usr/bin/time -v, exit status and the last line of stderr."""
    tfile = os.path.join(cwd, ".time")
    t0 = time.perf_counter()
    try:
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tfile] + cmd, cwd=cwd, stdout=stdout,
                           stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
        rc, err = p.returncode, p.stderr.strip().splitlines()
    except subprocess.TimeoutExpired:
        return {"wall": time.perf_counter() - t0, "rc": -1, "error": f"timeout after {TIMEOUT} s"}
    wall = time.perf_counter() - t0
    info = {}
    with open(tfile, encoding="utf-8") as f:
        for line in f:
            k, _, v = line.strip().rpartition(": ")
            info[k] = v
    return {"wall": wall, "cpu": float(info.get("User time (seconds)", 0)) + float(info.get("System time (seconds)", 0)),
            "rss_kb": int(info.get("Maximum resident set size (kbytes)", 0)), "rc": rc,
            "error": err[-1] if err else ""}


def measure(label, runs, cmd, cwd, before=None, stdout_path=None):
    """Run cmd up to `runs` times (fewer when slow); before() prepares each run.
    Returns the summary of the runs or of the failure."""
    done = []
    for i in range(runs):
        if before:
            before()
        out = open(stdout_path, "w") if stdout_path else subprocess.DEVNULL
        try:
            r = timed(cmd, cwd, out)
        finally:
            if stdout_path:
                out.close()
        if r["rc"] != 0:
            na = "renderer not built yet" in r["error"]
            log(f"  {label}: {'not available' if na else 'FAILED'}: {r['error']}")
            return {"status": "not available" if na else "failed", "error": r["error"]}
        done.append(r)
        log(f"  {label} run {i + 1}: {r['wall']:.3f} s wall, {r['cpu']:.3f} s CPU, {r['rss_kb'] / 1024:.1f} MB")
        if r["wall"] > SLOW or (r["wall"] > RATHER_SLOW and len(done) >= 3):
            break
    return {"status": "ok", "runs": len(done),
            "wall": statistics.median(r["wall"] for r in done),
            "cpu": statistics.median(r["cpu"] for r in done),
            "rss_mb": max(r["rss_kb"] for r in done) / 1024,
            "walls": [round(r["wall"], 4) for r in done]}


def quiet(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}: {p.stderr.strip()}")
    return p.stdout


def rm_db(d, name="bench.db"):
    for s in ("", "-wal", "-shm"):
        if os.path.exists(os.path.join(d, name + s)):
            os.remove(os.path.join(d, name + s))


def copy_db(d, src, dst="bench.db"):
    rm_db(d, dst)
    shutil.copyfile(os.path.join(d, src), os.path.join(d, dst))


def sql(d, query, db="bench.db"):
    return quiet(["sqlite3", db, query], d).strip()


# ---------------------------------------------------------------------------
# One case
# ---------------------------------------------------------------------------

def run_case(name, n, years, plans, runs, args, work):
    d = os.path.join(work, name)
    os.makedirs(d, exist_ok=True)
    res = {"case": name, "activities": n * plans, "years": years, "plans": plans, "ops": {}}
    log(f"case {name}: {n * plans} activities ({plans} plan{'s' if plans > 1 else ''}), {years} year(s) of monthly updates")
    t0 = time.perf_counter()
    meta = json.loads(quiet([PY, os.path.join(HERE, "gen.py"), "--activities", str(n), "--years", str(years),
                             "--plans", str(plans), "--seed", "1", "--out", d], d))
    res["generate_s"] = round(time.perf_counter() - t0, 2)
    res["meta"] = meta
    with open(os.path.join(d, "config.ini"), "w", encoding="utf-8") as f:
        f.write("[database]\npath = bench.db\n[report]\noutput_dir = out\n")
    ap = args.bin
    if plans > 1:
        return run_region(res, d, meta, runs, args)
    first = json.load(open(os.path.join(d, "meta.json"), encoding="utf-8"))
    as_of, prev, year = first["as_of"], first["previous_pack"], str(first["year"])
    res.update(as_of=as_of, since=prev)
    ops = res["ops"]
    res["load"] = [os.getloadavg()[0]]

    def fresh():
        rm_db(d)
        quiet([ap, "init"], d)
    ops["import plan"] = {"tool": measure("import plan", runs, [ap, "import", "plan.ini"], d, fresh)}
    shutil.copyfile(os.path.join(d, "bench.db"), os.path.join(d, "plan.db"))
    ops["import updates"] = {"tool": measure("import updates", runs, [ap, "updates", "import", "updates.csv"], d,
                                             lambda: copy_db(d, "plan.db"))}
    res["update_rows"] = int(sql(d, "SELECT count(*) FROM status_update"))
    res["db_mb"] = round(os.path.getsize(os.path.join(d, "bench.db")) / 2**20, 1)
    quiet([ap, "measures", "import", "measures.csv"], d)
    # The previous steering pack, so that the pack shows the change since it
    # (untimed; only possible once the renderers exist).
    p = subprocess.run([ap, "report", "steering", "--as-of", prev, "--out", "out-prev"], cwd=d,
                       capture_output=True, text=True)
    res["previous_pack"] = "made" if p.returncode == 0 else f"not made: {p.stderr.strip()}"
    ops["list --json"] = {"tool": measure("list --json", runs, [ap, "list", "--json", "--as-of", as_of], d,
                                          stdout_path=os.path.join(d, "list.json"))}
    ops["steering pack"] = {
        "tool": measure("steering pack", runs, [ap, "report", "steering", "--as-of", as_of, "--since", prev,
                                                "--out", "out"], d),
        "peer": measure("steering pack (peer)", runs,
                        [PY, os.path.join(HERE, "peer.py"), "--db", "bench.db", "--as-of", as_of,
                         "--since", prev, "--config", "config.ini", "--out", "peer"], d)
        if n <= args.peer_max else {"status": f"not run (over --peer-max {args.peer_max})"}}
    ops["annual report"] = {"tool": measure("annual report", runs, [ap, "report", "annual", "--year", year,
                                                                    "--out", "out"], d)}
    res["load"].append(os.getloadavg()[0])
    res["equivalence"] = check_equivalence(d, as_of, prev, n, ap, first)
    return res


def run_region(res, d, meta, runs, args):
    """290 plans in one database: what one plan's commands cost among the others'
    history, against the same plan alone in a database of its own."""
    ap = args.bin
    ops = res["ops"]
    res["load"] = [os.getloadavg()[0]]
    plans = meta["plans"]
    one = plans[0]
    m1 = json.load(open(os.path.join(d, "meta-001.json"), encoding="utf-8"))
    as_of, prev = m1["as_of"], m1["previous_pack"]
    res.update(as_of=as_of, since=prev)
    t0 = time.perf_counter()
    quiet([ap, "init"], d)
    quiet([ap, "import"] + [f"plan-{i:03d}.ini" for i in range(1, len(plans) + 1)], d)
    for i, key in enumerate(plans[:-1], 1):
        quiet([ap, "--plan", key, "updates", "import", f"updates-{i:03d}.csv"], d)
    shutil.copyfile(os.path.join(d, "bench.db"), os.path.join(d, "region.db"))
    res["setup_s"] = round(time.perf_counter() - t0, 1)
    # the last plan's monthly import, into a database that holds 289 plans' history
    ops["import updates (one plan into 290)"] = {"tool": measure(
        "import updates of one plan into the region", runs,
        [ap, "--plan", plans[-1], "updates", "import", f"updates-{len(plans):03d}.csv"], d,
        lambda: copy_db(d, "region.db"))}
    res["update_rows"] = int(sql(d, "SELECT count(*) FROM status_update"))
    res["db_mb"] = round(os.path.getsize(os.path.join(d, "bench.db")) / 2**20, 1)
    # the same plan alone
    alone = os.path.join(d, "alone")
    os.makedirs(alone, exist_ok=True)
    shutil.copyfile(os.path.join(d, "config.ini"), os.path.join(alone, "config.ini"))
    quiet([ap, "init"], alone)
    quiet([ap, "import", "../plan-001.ini"], alone)
    quiet([ap, "updates", "import", "../updates-001.csv"], alone)
    for where, label in ((alone, "alone"), (d, "among 290")):
        ops[f"list --json ({label})"] = {"tool": measure(f"list --json, one plan {label}", runs,
                                                         [ap, "--plan", one, "list", "--json", "--as-of", as_of],
                                                         where, stdout_path=os.path.join(where, "list.json"))}
        ops[f"steering pack ({label})"] = {"tool": measure(
            f"steering pack, one plan {label}", runs,
            [ap, "--plan", one, "report", "steering", "--as-of", as_of, "--since", prev, "--out", "out"], where)}
    res["load"].append(os.getloadavg()[0])
    return res


def check_equivalence(d, as_of, prev, n, ap, meta):
    if n > 10000:
        return "not checked at this size (the check reads both workbooks)"
    stem = f"styrgrupp-{meta['plan']}-{as_of}.xlsx"
    tool_x, peer_x = os.path.join(d, "out", stem), os.path.join(d, "peer", stem)
    cmd = [PY, os.path.join(HERE, "check_peer.py"), "--bin", ap, "--dir", d, "--as-of", as_of, "--since", prev]
    if os.path.exists(tool_x) and os.path.exists(peer_x):
        cmd += ["--tool-xlsx", tool_x, "--peer-xlsx", peer_x]
    p = subprocess.run(cmd, capture_output=True, text=True)
    lines = p.stdout.strip().splitlines()
    log(f"  equivalence: {lines[-1] if lines else p.stderr.strip()}")
    return {"ok": p.returncode == 0, "report": lines[-21:]}


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

def fmt_s(x):
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def table(results):
    rows = ["| case | activities | update rows | operation | tool | runs | median wall (s) | median CPU (s) | peak RSS (MB) | peer ÷ tool |",
            "|---|---:|---:|---|---|---:|---:|---:|---:|---:|"]
    for c in results["cases"]:
        for op, tools in c["ops"].items():
            ratio = ""
            t, p = tools.get("tool", {}), tools.get("peer", {})
            if t.get("status") == "ok" and p.get("status") == "ok":
                ratio = f"{p['wall'] / t['wall']:.1f}× (CPU {p['cpu'] / max(t['cpu'], 0.005):.1f}×)"
            for who, r in tools.items():
                name = "actionplan" if who == "tool" else "peer (Python)"
                if r.get("status") == "ok":
                    rows.append(f"| {c['case']} | {c['activities']:,} | {c.get('update_rows', 0):,} | {op} | {name} | "
                                f"{r['runs']} | {fmt_s(r['wall'])} | {fmt_s(r['cpu'])} | {r['rss_mb']:.1f} | "
                                f"{ratio if who == 'peer' else ''} |")
                else:
                    rows.append(f"| {c['case']} | {c['activities']:,} | {c.get('update_rows', 0):,} | {op} | {name} | – | "
                                f"{r.get('status')} | | | |")
    return "\n".join(rows)


def growth(results):
    """How each operation's median wall time grows from case to case."""
    by = {c["case"]: c for c in results["cases"]}
    pairs = [("1k", "100", "10× activities"), ("10k", "1k", "10× activities"), ("100k", "10k", "10× activities"),
             ("10k-5y", "10k", "5× history (same activities)")]
    rows = ["| operation | tool | step | wall × | CPU × | peak RSS × |", "|---|---|---|---:|---:|---:|"]

    def cpu_ratio(a, b):
        return f"{a['cpu'] / b['cpu']:.1f}" if b["cpu"] >= 0.02 else "–"
    for big, small, what in pairs:
        if big not in by or small not in by:
            continue
        for op in OPS:
            for who in ("tool", "peer"):
                a = by[big]["ops"].get(op, {}).get(who, {})
                b = by[small]["ops"].get(op, {}).get(who, {})
                if a.get("status") == "ok" and b.get("status") == "ok":
                    rows.append(f"| {op} | {'actionplan' if who == 'tool' else 'peer'} | {small} → {big} ({what}) | "
                                f"{a['wall'] / b['wall']:.1f} | {cpu_ratio(a, b)} | {a['rss_mb'] / b['rss_mb']:.1f} |")
    if "region" in by:
        ops = by["region"]["ops"]
        for op in ("list --json", "steering pack"):
            a, b = ops.get(f"{op} (among 290)", {}).get("tool", {}), ops.get(f"{op} (alone)", {}).get("tool", {})
            if a.get("status") == "ok" and b.get("status") == "ok":
                rows.append(f"| {op} | actionplan | one plan alone → among 290 plans | {a['wall'] / b['wall']:.1f} | "
                            f"{cpu_ratio(a, b)} | {a['rss_mb'] / b['rss_mb']:.1f} |")
    return "\n".join(rows)


BASELINE = os.path.join(HERE, "results", "full-d899fa1.json")


def targets(results, baseline=None):
    """The targets of issue #18 (and #8's that still stand), met or missed,
    with the figure of the baseline run (before #18) beside each."""
    by = {c["case"]: c for c in results["cases"]}
    old = {c["case"]: c for c in (baseline or {}).get("cases", [])}
    out = []

    def op(case, name, who="tool", src=by):
        return src.get(case, {}).get("ops", {}).get(name, {}).get(who, {})

    def was(case, name, key, unit, who="tool"):
        r = op(case, name, who, old)
        if r.get("status") != "ok":
            return "–"
        return f"{fmt_s(r[key])} s" if unit == "s" else f"{r[key]:.0f} MB"

    def row(target, ok, measured, before):
        out.append(f"| {target} | {'met' if ok else 'missed'} | {measured} | {before} |")

    t, p = op("10k", "steering pack"), op("10k", "steering pack", "peer")
    if t.get("status") == "ok":
        row("steering pack, 10,000 activities: < 1 s wall", t["wall"] < 1,
            f"{fmt_s(t['wall'])} s wall, {fmt_s(t['cpu'])} s CPU", was("10k", "steering pack", "wall", "s"))
        if p.get("status") == "ok":
            r = p["wall"] / t["wall"]
            po, to = op("10k", "steering pack", "peer", old), op("10k", "steering pack", "tool", old)
            before = (f"{po['wall'] / to['wall']:.1f}×" if po.get("status") == "ok" and to.get("status") == "ok"
                      else "–")
            row("steering pack, 10,000 activities: ≥ 50× the peer", r >= 50,
                f"{r:.1f}× wall ({fmt_s(p['wall'])} s against {fmt_s(t['wall'])} s), "
                f"{p['cpu'] / t['cpu']:.1f}× CPU", before)
    elif "10k" in by:
        out.append(f"| steering pack, 10,000 activities | {t.get('status')} | | |")
    if "100k" in by:
        for name, limit in (("list --json", 100), ("steering pack", 250), ("annual report", 250)):
            r = op("100k", name)
            if r.get("status") == "ok":
                row(f"100,000 activities: {name} ≤ {limit} MB peak RSS", r["rss_mb"] <= limit,
                    f"{r['rss_mb']:.0f} MB ({fmt_s(r['wall'])} s wall)", was("100k", name, "rss_mb", "MB"))
        r = op("100k", "import updates")
        rows = by["100k"].get("update_rows", 0)
        if r.get("status") == "ok":
            row(f"import of {rows:,} update rows: < 10 s", r["wall"] < 10,
                f"{fmt_s(r['wall'])} s wall, {fmt_s(r['cpu'])} s CPU", was("100k", "import updates", "wall", "s"))
            row(f"import of {rows:,} update rows: ≤ 150 MB peak RSS", r["rss_mb"] <= 150,
                f"{r['rss_mb']:.0f} MB", was("100k", "import updates", "rss_mb", "MB"))
    if "region" in by:
        ops = by["region"]["ops"]
        for name in ops:
            r, b = op("region", name), op("region", name, "tool", old)
            if r.get("status") == "ok" and b.get("status") == "ok":
                # "no slower": within the noise of a shared machine (CPU time
                # is the steadier figure; a few hundredths of a second are noise)
                ok = r["cpu"] <= b["cpu"] * 1.1 + 0.02 or r["wall"] <= b["wall"] * 1.1 + 0.02
                row(f"region (290 plans), {name}: no slower than before", ok,
                    f"{fmt_s(r['wall'])} s wall, {fmt_s(r['cpu'])} s CPU", f"{fmt_s(b['wall'])} s wall, "
                    f"{fmt_s(b['cpu'])} s CPU")
    if not out:
        return "No target is measured in this mode.\n"
    return ("| target | verdict | measured | before (d899fa1) |\n|---|---|---|---|\n" + "\n".join(out))


def environment(args):
    def first(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    cpu = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    src = os.path.dirname(HERE)
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "cpu": cpu, "cores": os.cpu_count(),
            "kernel": platform.release(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "sqlite": first(["sqlite3", "--version"]).split(" ")[0],
            "python": platform.python_version(),
            "commit": args.built_from or first(["git", "-C", src, "rev-parse", "--short", "HEAD"]),
            "dirty": not args.built_from and bool(subprocess.run(["git", "-C", src, "status", "--porcelain", "--", "src", "include"],
                                         capture_output=True, text=True).stdout.strip())}


def render(results):
    e = results["env"]
    loads = [l for c in results["cases"] for l in c.get("load", [])]
    head = (f"Measured {e['date']} on {e['cpu']} ({e['cores']} cores, {e['memory_gb']} GB), "
            f"Linux {e['kernel']}, SQLite {e['sqlite']}, Python {e['python']}; actionplan at "
            f"{e['commit']}{' with local changes' if e['dirty'] else ''}, Release build. "
            f"Mode: {results['mode']}. Load average during the run: "
            f"{min(loads):.1f}–{max(loads):.1f} (other work on the machine slows wall times; "
            f"CPU times are steadier).\n")
    notes = []
    for c in results["cases"]:
        eq = c.get("equivalence")
        if isinstance(eq, dict):
            notes.append(f"- {c['case']}: peer equivalence: {eq['report'][-1] if eq['report'] else '?'}")
        if c.get("previous_pack", "").startswith("not made"):
            notes.append(f"- {c['case']}: no previous steering pack could be made "
                         f"({c['previous_pack'][len('not made: '):].strip()}), so neither tool compared "
                         f"with one.")
    baseline = None
    if os.path.exists(BASELINE):
        with open(BASELINE, encoding="utf-8") as f:
            baseline = json.load(f)
    return (head + "\n" + table(results) + "\n\n**Targets**\n\n" + targets(results, baseline)
            + "\n\n**Growth** (the larger case's median wall and CPU time and peak RSS ÷ the smaller's)\n\n"
            + growth(results) + "\n\n" + "\n".join(notes) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin")
    ap.add_argument("--quick", action="store_true", help="a smoke run: small cases, 3 runs")
    ap.add_argument("--keep", action="store_true", help="keep the generated data and databases")
    ap.add_argument("--work", help="folder for the data (default: a new temporary folder)")
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--only", help="comma-separated case names, e.g. 10k,100k")
    ap.add_argument("--readme", help="replace the table in this README (full runs)")
    ap.add_argument("--render", metavar="RESULTS.json", help="only print the tables of earlier results")
    ap.add_argument("--peer-max", type=int, default=10000,
                    help="run the peer only on plans up to this many activities (default 10000: at "
                         "100,000 one run of the peer takes about half an hour and 2-3 GB)")
    ap.add_argument("--built-from", help="what --bin was built from, for the table's heading "
                                         "(default: this repository's commit)")
    args = ap.parse_args()
    if args.render:
        with open(args.render, encoding="utf-8") as f:
            results = json.load(f)
        print(render(results))
        if args.readme and results["mode"] == "full":
            write_readme(args.readme, render(results))
        return
    if not args.bin:
        ap.error("--bin is required")
    args.bin = os.path.abspath(args.bin)
    cases = QUICK if args.quick else FULL
    if args.only:
        wanted = args.only.split(",")
        cases = [c for c in FULL + QUICK if c[0] in wanted]
        cases = [c for i, c in enumerate(cases) if c[0] not in [x[0] for x in cases[:i]]]
    work = args.work or tempfile.mkdtemp(prefix="ap-bench-")
    os.makedirs(work, exist_ok=True)
    mode = "quick" if args.quick else "full" if not args.only else "only-" + "-".join(c[0] for c in cases)
    results = {"mode": mode, "env": environment(args), "cases": []}
    os.makedirs(args.results, exist_ok=True)
    try:
        for name, n, years, plans, runs in cases:
            results["cases"].append(run_case(name, n, years, plans, runs, args, work))
            # write as we go: a long run that is stopped still leaves its numbers
            with open(os.path.join(args.results, f"{mode}.json"), "w", encoding="utf-8") as f:
                json.dump(results, f, indent=1, ensure_ascii=False)
            with open(os.path.join(args.results, f"{mode}.md"), "w", encoding="utf-8") as f:
                f.write(render(results))
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
        elif args.keep:
            log(f"data kept in {work}")
    text = render(results)
    print(text)
    if args.readme and mode == "full":
        write_readme(args.readme, text)


def write_readme(path, text):
    """Replace the text between the results markers of the README."""
    with open(path, encoding="utf-8") as f:
        readme = f.read()
    begin, end = "<!-- results:begin -->", "<!-- results:end -->"
    if begin in readme and end in readme:
        pre, rest = readme.split(begin, 1)
        post = rest.split(end, 1)[1]
        with open(path, "w", encoding="utf-8") as f:
            f.write(pre + begin + "\n" + text + end + post)
        log(f"table written into {path}")


if __name__ == "__main__":
    main()
