#!/usr/bin/env python3
"""`actionplan report steering` end to end: the real binary on the demo plan,
the workbook checked with openpyxl by check_steering_xlsx.py against the
binary's own `list --json`.

1. Report as of 2017-12-15 (first pack: "första rapporten", changes over the
   last three months), checked in full, with the change sheet recomputed
   from the demo CSV.
2. Report as of 2018-01-31: the previous pack is now 2017-12-15, so the
   change window starts there and the overview compares with that pack.
"""
import os
import subprocess
import sys
import tempfile

from need import need

need(modules=["openpyxl"])

BIN = os.environ["AP_BIN"]
SRC = os.environ["AP_SRC"]
PLANS = os.path.join(SRC, "plans")
CHECKER = os.path.join(SRC, "tests", "py", "check_steering_xlsx.py")
UPDATES = os.path.join(PLANS, "sodertalje-2016-updates.csv")
PLAN = os.path.join(PLANS, "sodertalje-2016.ini")


def run(cwd, *args, ok=True):
    env = dict(os.environ, ACTIONPLAN_TODAY="2018-01-31")
    r = subprocess.run([BIN, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if ok and r.returncode != 0:
        sys.exit(f"FAIL: actionplan {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r


def list_json(cwd, as_of, name):
    path = os.path.join(cwd, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(run(cwd, "list", "--json", "--as-of", as_of).stdout)
    return path


def report(cwd, as_of):
    """Run the report; the workbook's path."""
    r = run(cwd, "report", "steering", "--as-of", as_of, "--out", "reports", ok=False)
    xlsx = os.path.join(cwd, "reports", f"styrgrupp-sodertalje-2016-{as_of}.xlsx")
    if r.returncode != 0:
        sys.exit(f"FAIL: report steering --as-of {as_of} exited {r.returncode}: {r.stderr}")
    if not os.path.exists(xlsx):
        sys.exit(f"FAIL: {xlsx} was not written ({r.stdout} {r.stderr})")
    left = [n for n in os.listdir(os.path.join(cwd, "reports")) if n.endswith(".tmp")]
    if left:
        sys.exit(f"FAIL: temporary files left behind: {left}")
    return xlsx


def check(xlsx, *args):
    r = subprocess.run([sys.executable, CHECKER, xlsx, *args], capture_output=True, text=True)
    print(r.stdout, end="")
    if r.returncode != 0:
        sys.exit(f"FAIL: {xlsx}: {r.stderr}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        run(tmp, "init")
        run(tmp, "import", PLAN)
        run(tmp, "updates", "import", UPDATES)
        run(tmp, "measures", "import", os.path.join(PLANS, "sodertalje-2016-measures.csv"))

        first = list_json(tmp, "2017-12-15", "first.json")
        xlsx = report(tmp, "2017-12-15")
        check(xlsx, "--list", first, "--since", "2017-09-15", "--updates", UPDATES,
              "--plan", PLAN)

        second = list_json(tmp, "2018-01-31", "second.json")
        xlsx = report(tmp, "2018-01-31")
        check(xlsx, "--list", second, "--prev", first, "--since", "2017-12-15",
              "--updates", UPDATES, "--plan", PLAN)
    print("test_steering_xlsx: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
