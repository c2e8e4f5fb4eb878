#!/usr/bin/python3
"""The annual report's PDF made by the real command line.

The demo database is built with the binary ($AP_BIN), "today" fixed at
2018-01-31; `report annual --year 2016` and `--year 2017` (and 2016 in
English, [report] language = en) are checked by pdfcheck.py with qpdf,
pdftotext and pdfinfo: the cover, every focus area, the activities
completed during the year with their dates, the counts per focus area equal
to `actionplan list --json --as-of <year>-12-31`, the activities per SDG,
the appendix, page numbers, bookmarks and contents.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfcheck  # noqa: E402
from test_steering_pdf import BIN, demo, run  # noqa: E402


def report(cwd, year, out):
    """Run report annual; the PDF's path, or exit on a real failure."""
    r = run(cwd, "report", "annual", "--year", str(year), "--out", out)
    pdf = os.path.join(cwd, out, f"arsrapport-sodertalje-2016-{year}.pdf")
    if r.returncode != 0:
        sys.exit(f"FAIL: report annual --year {year}: exit {r.returncode}: {r.stderr}")
    elif "arsrapport-sodertalje-2016-%d.pdf" % year not in r.stdout:
        sys.exit(f"FAIL: the PDF is not named in the output: {r.stdout}")
    if not os.path.isfile(pdf):
        sys.exit(f"FAIL: {pdf} was not written")
    return pdf


def check(pdf, db, year, *args):
    return pdfcheck.main(["annual", pdf, "--db", db, "--bin", BIN, "--year", str(year), *args])


def main():
    with tempfile.TemporaryDirectory() as cwd:
        demo(cwd)
        db = os.path.join(cwd, "actionplan.db")
        fails = check(report(cwd, 2016, "reports"), db, 2016)
        fails += check(report(cwd, 2017, "reports"), db, 2017)
        with open(os.path.join(cwd, "config.ini"), "w") as f:
            f.write("[report]\nlanguage = en\n")
        fails += check(report(cwd, 2016, "reports-en"), db, 2016, "--lang", "en")
        return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
