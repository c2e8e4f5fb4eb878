#!/usr/bin/python3
"""The steering pack's PDF made by the real command line.

The demo database is built with the binary ($AP_BIN): init, import, the
status history and the measurements, "today" fixed at 2018-01-31. A first
pack as of 2017-06-30 is recorded, then the pack as of 2017-12-15 shows the
changes since it. Both PDFs, and an English one ([report] language = en),
are checked by pdfcheck.py with qpdf, pdftotext and pdfinfo against
`actionplan list --json` / `show --json` on the same database.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfcheck  # noqa: E402

BIN = os.environ["AP_BIN"]
SRC = os.environ["AP_SRC"]
# Swedish unless config.ini says otherwise (ACTIONPLAN_LANG would override it)
ENV = dict({k: v for k, v in os.environ.items() if k != "ACTIONPLAN_LANG"}, ACTIONPLAN_TODAY="2018-01-31")


def run(cwd, *args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, cwd=cwd, env=ENV)


def must(cwd, *args):
    r = run(cwd, *args)
    if r.returncode != 0:
        sys.exit(f"FAIL: actionplan {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


def demo(cwd):
    must(cwd, "init")
    must(cwd, "import", os.path.join(SRC, "plans/sodertalje-2016.ini"))
    must(cwd, "updates", "import", os.path.join(SRC, "plans/sodertalje-2016-updates.csv"))
    must(cwd, "measures", "import", os.path.join(SRC, "plans/sodertalje-2016-measures.csv"))


def pack(cwd, as_of, out):
    """Run report steering; the PDF's path."""
    r = run(cwd, "report", "steering", "--as-of", as_of, "--out", out)
    if r.returncode != 0:
        sys.exit(f"FAIL: report steering --as-of {as_of}: exit {r.returncode}: {r.stderr}")
    pdf = os.path.join(cwd, out, f"styrgrupp-sodertalje-2016-{as_of}.pdf")
    if not os.path.isfile(pdf) or pdf not in [os.path.join(cwd, l.split(" ", 1)[1])
                                              for l in r.stdout.splitlines() if " " in l]:
        sys.exit(f"FAIL: {pdf} not written or not named in the output: {r.stdout}")
    return pdf


def check(pdf, db, *args):
    return pdfcheck.main(["steering", pdf, "--db", db, "--bin", BIN, *args])


def main():
    with tempfile.TemporaryDirectory() as cwd:
        demo(cwd)
        db = os.path.join(cwd, "actionplan.db")
        first = pack(cwd, "2017-06-30", "reports")
        fails = check(first, db, "--as-of", "2017-06-30", "--cause-missing", "1.4.1")
        second = pack(cwd, "2017-12-15", "reports")
        fails += check(second, db, "--as-of", "2017-12-15", "--since", "2017-06-30",
                       "--prev", "2017-06-30")
        with open(os.path.join(cwd, "config.ini"), "w") as f:
            f.write("[report]\nlanguage = en\n")
        english = pack(cwd, "2017-06-30", "reports-en")
        fails += check(english, db, "--as-of", "2017-06-30", "--cause-missing", "1.4.1",
                       "--lang", "en")
        return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
