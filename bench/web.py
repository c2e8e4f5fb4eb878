#!/usr/bin/python3
"""The web server under load (issue #17): `actionplan serve` and wrk.

    web.py --bin build/actionplan [--duration 30] [--connections 64] [--threads 2]

Makes, in a temporary folder, a database with the demo plan (as
tests/py/test_serve.py does) and a generated plan of 500 activities with 5
years of monthly history (gen.py, made public, four steering packs
registered so that its page has the packs' chart), starts `actionplan
serve` on a free port of 127.0.0.1, and runs wrk on three URLs in turn: the
generated plan's page, one of its activity pages and the plan in the JSON
API, and then once more on the plan page with the page cache off
(`serve --cache-mb 0`: every request rendered), to show what the cache
buys. Each run: requests/s, latency p50/p99, non-2xx answers and socket
errors, the load average before it, and the CPU seconds the server and wrk
took (from /proc and getrusage), so that one can see which of the two the
two cores went to. Before each run one request is timed alone: the page
rendered, not from the cache.

Writes bench/results/web.json and bench/results/web.md, and with --readme
the table into bench/README.md (between its web:begin and web:end marks,
section "The web server under load"). The server is stopped with
SIGTERM at the end, whatever happened (and on Ctrl-C).
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
PY = "/usr/bin/python3"
PACKS = ("2025-04-01", "2025-07-01", "2025-10-01", "2025-12-31")


def log(msg):
    print(f"[web] {msg}", file=sys.stderr, flush=True)


def quiet(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def make_db(ap, d):
    """The demo plan and a public generated plan of 500 activities, 5 years."""
    quiet([ap, "init"], d)
    plans = os.path.join(SRC, "plans")
    quiet([ap, "import", os.path.join(plans, "sodertalje-2016.ini")], d)
    quiet([ap, "--plan", "sodertalje-2016", "updates", "import",
           os.path.join(plans, "sodertalje-2016-updates.csv")], d)
    gen = os.path.join(d, "gen")
    meta = json.loads(quiet([PY, os.path.join(HERE, "gen.py"), "--activities", "500", "--years", "5",
                             "--seed", "1", "--out", gen], d))
    ini = os.path.join(gen, "plan.ini")
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text.replace("[strategy]\n", "[strategy]\npublic = yes\n", 1))
    key = meta["plan"]
    quiet([ap, "import", ini], d)
    quiet([ap, "--plan", key, "updates", "import", os.path.join(gen, "updates.csv")], d)
    quiet([ap, "--plan", key, "measures", "import", os.path.join(gen, "measures.csv")], d)
    for as_of in PACKS:
        quiet([ap, "--plan", key, "report", "steering", "--as-of", as_of, "--out", "out"], d)
    listed = json.loads(quiet([ap, "--plan", key, "list", "--json"], d))
    code = listed["focus_areas"][0]["initiatives"][0]["activities"][0]["code"]
    return key, code


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """utime + stime of a process, from /proc (clock ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fetch(url):
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        body = r.read()
        status = r.status
    return status, len(body), (time.perf_counter() - t0) * 1000


def ms(text):
    """wrk's '1.23ms', '456.00us', '1.02s' in milliseconds."""
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def parse_wrk(out):
    res = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
           "requests": int(re.search(r"(\d+) requests in", out).group(1))}
    for pct in ("50", "99"):
        res[f"p{pct}_ms"] = ms(re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", out, re.M).group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    res["socket_errors"] = sum(int(x) for x in m.groups()) if m else 0
    return res


def run_wrk(url, args, server_pid):
    load = os.getloadavg()[0]
    before_server = cpu_seconds(server_pid)
    before_kids = os.times()
    r = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
                        "--latency", url], capture_output=True, text=True)
    after_kids = os.times()
    if r.returncode != 0:
        raise SystemExit(f"wrk {url}: exit {r.returncode}: {r.stderr.strip()}")
    res = parse_wrk(r.stdout)
    res["load_before"] = round(load, 2)
    res["server_cpu_s"] = round(cpu_seconds(server_pid) - before_server, 1)
    res["wrk_cpu_s"] = round((after_kids.children_user - before_kids.children_user)
                             + (after_kids.children_system - before_kids.children_system), 1)
    res["wrk_output"] = r.stdout
    return res


def start(ap, work, server_log, cached):
    """`actionplan serve` on a free port; its process and its base URL once it answers."""
    port = free_port()
    server = subprocess.Popen([ap, "serve", "--listen", f"127.0.0.1:{port}"]
                              + ([] if cached else ["--cache-mb", "0"]), cwd=work,
                              stdout=subprocess.DEVNULL, stderr=server_log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            fetch(base + "/")
            return server, base
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                stop(server)
                raise SystemExit("the server did not answer")
            time.sleep(0.05)


def stop(server):
    """SIGTERM, by its pid; killed when it does not stop within a minute."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def machine():
    """'AMD EPYC (2 cores), actionplan at 1a2b3c4' for the table's heading."""
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
        if m:
            cpu = " ".join(m.group(1).split()[:2])
    r = subprocess.run(["git", "-C", SRC, "rev-parse", "--short", "HEAD"], capture_output=True,
                       text=True)
    commit = r.stdout.strip() if r.returncode == 0 else "unknown"
    return f"{cpu} ({os.cpu_count()} cores), actionplan at {commit}, Release build"


def table(results, args):
    out = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}.", "",
           f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency, one URL at a "
           f"time; {os.cpu_count()} cores shared by the server and wrk.", "",
           "| URL | page cache | requests/s | p50 | p99 | non-2xx | socket errors | first request "
           "(uncached) | server CPU | wrk CPU | load average before |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        out.append(f"| `{r['path']}` | {'on' if r['cache'] else 'off'} | {r['rps']:,.0f} | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms | "
                   f"{r['non_2xx']} | {r['socket_errors']} | {r['first_ms']:.0f} ms ({r['bytes']:,} B) | "
                   f"{r['server_cpu_s']} s | {r['wrk_cpu_s']} s | {r['load_before']} |")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", required=True)
    p.add_argument("--duration", type=int, default=30)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--results", default=os.path.join(HERE, "results"))
    p.add_argument("--readme", help="write the table into this README, between its web marks")
    args = p.parse_args()
    ap = os.path.abspath(args.bin)
    work = tempfile.mkdtemp(prefix="ap-web-bench.")
    server = None
    # Ctrl-C or SIGTERM: through the finally below, which stops the server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        log(f"making the database in {work}")
        t0 = time.perf_counter()
        key, code = make_db(ap, work)
        log(f"made in {time.perf_counter() - t0:.0f} s: plan {key}, activity {code}")
        server_log = open(os.path.join(work, "serve.log"), "w")
        results = []
        # the demo plan (Södertälje, 59 activities), then the generated one
        runs = [("/plans/sodertalje-2016", True), ("/plans/sodertalje-2016/activities/4.3.1", True),
                (f"/plans/{key}", True), (f"/plans/{key}/activities/{code}", True),
                (f"/api/v1/plans/{key}", True), (f"/plans/{key}", False)]
        for path, cached in runs:
            if server is None or not cached:
                if server is not None:
                    stop(server)
                server, base = start(ap, work, server_log, cached)
            status, size, first = fetch(base + path)
            if status != 200:
                raise SystemExit(f"{path}: {status}")
            log(f"{path}: first request {first:.0f} ms, {size} bytes; wrk for {args.duration} s")
            r = run_wrk(base + path, args, server.pid)
            r.update(path=path, first_ms=first, bytes=size, cache=cached)
            log(f"{path}: {r['rps']:,.0f} requests/s, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
                f"non-2xx {r['non_2xx']}, socket errors {r['socket_errors']}, server CPU {r['server_cpu_s']} s, "
                f"wrk CPU {r['wrk_cpu_s']} s")
            results.append(r)
        os.makedirs(args.results, exist_ok=True)
        with open(os.path.join(args.results, "web.json"), "w", encoding="utf-8") as f:
            json.dump({"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                       "cpus": os.cpu_count(), "duration_s": args.duration,
                       "connections": args.connections, "threads": args.threads,
                       "runs": results}, f, indent=1)
        md = table(results, args)
        with open(os.path.join(args.results, "web.md"), "w", encoding="utf-8") as f:
            f.write(md)
        print(md)
        if args.readme:
            with open(args.readme, encoding="utf-8") as f:
                text = f.read()
            begin, end = "<!-- web:begin -->\n", "<!-- web:end -->"
            a, b = text.index(begin) + len(begin), text.index(end)
            with open(args.readme, "w", encoding="utf-8") as f:
                f.write(text[:a] + md + text[b:])
        # errors count with the cache on; without it the run only shows what the cache buys
        bad = [r["path"] for r in results if r["cache"] and (r["non_2xx"] or r["socket_errors"])]
        if bad:
            log(f"errors under load on {', '.join(bad)}")
        return 1 if bad else 0
    finally:
        if server:
            stop(server)
            server_log.close()
            with open(os.path.join(work, "serve.log"), encoding="utf-8") as f:
                tail = [line for line in f.read().splitlines() if "serve:" in line and "cache" in line]
            for line in tail:
                log(line)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
