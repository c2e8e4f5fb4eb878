"""need(): skip a test, visibly, when a tool it needs is missing.

A developer who runs ctest by hand without, say, qpdf sees the tests that
need it reported as skipped (exit 77, CTest's SKIP_RETURN_CODE), each with
a line that names what is missing and the Debian package that brings it.
./test.sh installs every package first and fails when any test was skipped.
"""
import importlib.util
import os
import shutil
import sys

SKIP = 77
DEPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                    "deps.sh")


def table_lines(path=DEPS):
    """The lines of the package table in scripts/deps.sh (between its TABLE
    heredoc lines): the one list deps.sh installs from."""
    lines = open(path, encoding="utf-8").read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.rstrip().endswith("<<'TABLE'"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "TABLE")
    return lines[start + 1:end]


def packages():
    """{'cmd:NAME' or 'py:NAME': Debian package} from the table of scripts/deps.sh."""
    out = {}
    for line in table_lines():
        fields = line.split("#", 1)[0].split()
        for item in fields[2:]:
            out[item] = fields[1]
    return out


def need(programs=(), modules=()):
    """Exit with SKIP unless every program is on PATH and every module imports."""
    missing = [f"cmd:{p}" for p in programs if not shutil.which(p)]
    missing += [f"py:{m}" for m in modules if importlib.util.find_spec(m) is None]
    if not missing:
        return
    table = packages()
    what = ", ".join(f"{m.split(':', 1)[1]} (Debian {table.get(m, '?')})" for m in missing)
    print(f"SKIP: {os.path.basename(sys.argv[0])} needs {what}: run scripts/deps.sh "
          f"(./test.sh installs everything)")
    sys.exit(SKIP)
