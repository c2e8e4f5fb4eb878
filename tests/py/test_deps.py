#!/usr/bin/python3
"""Every program and Python module the scripts use comes from the table of scripts/deps.sh.

A fresh Debian 12 machine has only what scripts/deps.sh installs, and deps.sh
installs the packages of the table of scripts/deps.sh. This test reads the test, fuzz
and bench scripts (tests/, fuzz/, bench/, test.sh, run.sh, scripts/) and
finds:

* in Python files, every imported module (`import x`, `from x import y`)
  and every program started through subprocess, os.system or shutil.which
  with a literal name;
* in shell files, every word in command position (line starts, after
  `|`, `&&`, `;`, `then`, `do`, `$(`, …), heredocs left out.

A module must be in Python's standard library, one of the project's own
modules, or listed as py:MODULE in the table of deps.sh. A program must be a shell
builtin or keyword, a function the scripts define, a script of the
project, listed as cmd:PROGRAM in the table of deps.sh, or shipped by a package that
every Debian system has (Essential: yes or Priority: required, asked of
dpkg). A listed program must also be installed: test.sh ran deps.sh.

The scanner is checked first on snippets that must be flagged, so that a
scanner that finds nothing cannot pass.
"""
import ast
import functools
import os
import re
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import table_lines  # noqa: E402

SRC = os.environ.get("AP_SRC") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DEPS = os.path.join(SRC, "scripts", "deps.sh")

SEPARATORS = {"\n", ";", "&&", "||", "|", "&", "(", "{", "}", ";;", "|&", ")"}
# Words after which the next word is a command again.
PREFIXES = {"then", "do", "else", "elif", "if", "while", "until", "!", "time", "exec",
            "command", "xargs", "env", "nohup", "setsid", "sudo", "nice", "builtin"}
REDIRECTS = {">", ">>", "<", "<<", "<<<", ">&", "<&", "&>", "&>>", ">|", "<>"}


def read_table(path=DEPS):
    """{'cmd': {name: (package, stages)}, 'py': {…}} from the table of deps.sh."""
    provides = {"cmd": {}, "py": {}}
    for line in table_lines(path):
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2:
            continue
        stages = set(fields[0].split(","))
        for item in fields[2:]:
            kind, _, name = item.partition(":")
            if kind not in provides or not name:
                raise SystemExit(f"{path}: bad entry '{item}' (expected cmd:NAME or py:NAME)")
            provides[kind][name] = (fields[1], stages)
    return provides


def stages_of(where):
    """The stages of the table of deps.sh installed when the script at where runs."""
    if where.startswith("bench/"):
        return {"build", "bench"}
    if where == "run.sh":
        return {"build"}
    return {"build", "test"}


# ---------------------------------------------------------------------------
# Python
# ---------------------------------------------------------------------------

SUBPROCESS_CALLS = {"run", "check_output", "check_call", "call", "Popen"}


def _literal_program(node):
    """The program named by a subprocess argument: ["qpdf", ...] or "qpdf ..."."""
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
        first = node.elts[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return [("cmd", first.value)]
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [("cmd", c) for c in shell_commands(node.value)[0]]
    return []


def python_uses(text):
    """[(kind, name)] of a Python source: kind 'py' for modules, 'cmd' for programs."""
    uses = []
    tree = ast.parse(text)
    bare = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
            and n.module == "subprocess" for a in n.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            uses += [("py", a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            uses.append(("py", node.module.split(".")[0]))
        elif isinstance(node, ast.Call) and node.args:
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            owner = getattr(f.value, "id", "") if isinstance(f, ast.Attribute) else ""
            if name in SUBPROCESS_CALLS and (owner == "subprocess" or
                                             (not owner and name in bare)):
                uses += _literal_program(node.args[0])
            elif (owner, name) in (("os", "system"), ("os", "popen")):
                uses += _literal_program(node.args[0])
            elif (owner, name) == ("shutil", "which"):
                a = node.args[0]
                if isinstance(a, ast.Constant) and isinstance(a.value, str):
                    uses.append(("cmd", a.value))
    return uses


# ---------------------------------------------------------------------------
# Shell
# ---------------------------------------------------------------------------

HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")


def _drop_heredocs(text):
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        m = HEREDOC.search(line.replace("<<<", "   "))
        i += 1
        if m:
            end = m.group(3)
            while i < len(lines) and (lines[i].strip() if m.group(1) else lines[i]) != end:
                out.append("")  # keep line numbers
                i += 1
            if i < len(lines):
                out.append("")  # the delimiter
                i += 1
    return "\n".join(out)


def _drop_comments(text):
    """text without its comments: # at a word's start, outside quotes."""
    out, quote, i = [], None, 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                out.append(text[i:i + 2])
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "\\":
            out.append(text[i:i + 2])
            i += 2
            continue
        elif c == "#" and (i == 0 or text[i - 1] in " \t\n;"):
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _substitutions(text):
    """(bodies, rest): the bodies of every $( … ), <( … ) and ` … ` in text, and the
    text with each replaced by the word $S (so that quotes inside a body do
    not confuse the words around it). ${ … } becomes $V."""
    text = re.sub(r"\$\{[^}]*\}", "$V", text)
    bodies, rest, i = [], [], 0
    while i < len(text):
        if (text.startswith(("$(", "<(", ">("), i) and not text.startswith("$((", i)):
            depth, j = 1, i + 2
            while j < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            bodies.append(text[i + 2:j - 1])
            rest.append("$S")
            i = j
        elif text[i] == "`" and "`" in text[i + 1:]:
            j = text.index("`", i + 1)
            bodies.append(text[i + 1:j])
            rest.append("$S")
            i = j + 1
        else:
            rest.append(text[i])
            i += 1
    return bodies, "".join(rest)


def _tokens(text):
    text = text.replace("$#", "$N")  # the count of arguments, not a comment
    lex = shlex.shlex(text, posix=True, punctuation_chars="();<>|&\n")
    lex.whitespace = " \t\r"
    lex.commenters = "#"
    lex.wordchars += "$@{}[]%+,:^!~=-./*?"
    try:
        return list(lex)
    except ValueError:  # an unterminated quote: scan what can be scanned
        return []


PUNCT = set("();<>|&\n")


def _kind(tok):
    """What a token made of punctuation is: 'def' (the () of a function),
    'arith' (the (( of arithmetic), 'redirect', 'sep'; None for a word."""
    if not tok or not set(tok) <= PUNCT:
        return None
    if tok == "()":
        return "def"
    if tok.startswith("(("):
        return "arith"
    if set(tok) <= set("<>&") and set(tok) & set("<>"):
        return "redirect"
    return "sep"


def shell_commands(text):
    """(commands, functions) of a shell text: the words in command position,
    and the names of the functions it defines."""
    text = _drop_comments(_drop_heredocs(re.sub(r"\\\n", " ", text)))
    commands, functions = [], set()
    snippets = [text]
    while snippets:
        bodies, snippet = _substitutions(snippets.pop())
        snippets += bodies
        toks = _tokens(snippet)
        at_command, in_case, skip_to, i = True, 0, None, 0
        while i < len(toks):
            t = toks[i]
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            kind = _kind(t)
            i += 1
            if skip_to:
                if t == skip_to:
                    skip_to, at_command = None, True
                continue
            if kind == "arith":
                while i < len(toks) and not toks[i].startswith("))"):
                    i += 1
                i += 1
                continue
            if kind == "redirect" or re.fullmatch(r"\d+", t) and _kind(nxt) == "redirect":
                if kind == "redirect":
                    i += 1  # the file name
                continue
            if kind == "sep":
                at_command = True
                continue
            if not at_command:
                continue
            if t == "case":
                in_case += 1
                skip_to = "in"
                continue
            if t == "esac":
                in_case -= 1
                continue
            if in_case and (nxt == "|" or (_kind(nxt) == "sep" and nxt.startswith(")"))):
                while i < len(toks) and not (toks[i].startswith(")") and _kind(toks[i])):
                    i += 1
                i += 1
                continue  # a case pattern
            if t in ("for", "select"):
                skip_to = "do"
                continue
            if _kind(nxt) == "def":
                functions.add(t)
                i += 1
                continue
            if t == "function":
                functions.add(nxt)
                i += 1
                continue
            if re.match(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=", t):
                if t.endswith("=") and nxt.startswith("("):
                    while i < len(toks) and not toks[i].startswith(")"):
                        i += 1  # an array: name=( … )
                    i += 1
                continue  # an assignment before the command
            if t in PREFIXES:
                continue
            if t == "timeout":
                if i < len(toks) and not toks[i].startswith("-"):
                    i += 1  # the duration
                continue
            at_command = False
            if "$" in t or t.startswith(("'", '"')) or t in ("{", "}", "!"):
                continue  # a command in a variable
            commands.append(t)
    return commands, functions


# ---------------------------------------------------------------------------
# What the machine says
# ---------------------------------------------------------------------------

_builtins = None


def shell_builtins():
    global _builtins
    if _builtins is None:
        out = subprocess.run(["bash", "-c", "compgen -b; compgen -k"], capture_output=True,
                             text=True).stdout
        _builtins = set(out.split()) | {"[[", "]]", "(("}
    return _builtins


@functools.lru_cache(maxsize=None)
def owning_package(path):
    """The Debian package that ships path (usrmerge: /bin and /usr/bin alike)."""
    candidates = {path, os.path.realpath(path)}
    for p in list(candidates):
        if p.startswith("/usr/bin/") or p.startswith("/usr/sbin/"):
            candidates.add(p[4:])
        elif p.startswith("/bin/") or p.startswith("/sbin/"):
            candidates.add("/usr" + p)
    for p in candidates:
        r = subprocess.run(["dpkg", "-S", p], capture_output=True, text=True)
        for line in r.stdout.splitlines():
            if not line.startswith("diversion"):
                return line.split(":", 1)[0].split(",")[0].strip()
    return None


@functools.lru_cache(maxsize=None)
def always_present(package):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Essential} ${Priority}", package],
                       capture_output=True, text=True)
    fields = r.stdout.split()
    return r.returncode == 0 and ("yes" in fields[:1] or "required" in fields)


def project_modules():
    names = set()
    for top in ("tests", "fuzz", "bench"):
        for root, _, files in os.walk(os.path.join(SRC, top)):
            names |= {f[:-3] for f in files if f.endswith(".py")}
    return names


def scripts():
    """(path, kind) of every script to check."""
    found = [(os.path.join(SRC, f), "sh") for f in ("test.sh", "run.sh")]
    for top in ("tests", "fuzz", "bench", "scripts", ".ci"):
        for root, _, files in os.walk(os.path.join(SRC, top)):
            for f in sorted(files):
                p = os.path.join(root, f)
                if f.endswith(".py"):
                    found.append((p, "py"))
                elif f.endswith(".sh") or (top == ".ci" and f == "run"):
                    found.append((p, "sh"))
    return [(p, k) for p, k in found if os.path.isfile(p)]


def problems_of(uses, table, functions, local_modules):
    """Messages for the (kind, name, where) uses that the table of deps.sh does not cover."""
    out = []
    stdlib = set(sys.stdlib_module_names)
    for kind, name, where in uses:
        stages = stages_of(where)
        if kind == "py":
            if name in stdlib or name in local_modules:
                continue
            pkg, listed = table["py"].get(name, (None, set()))
            if not listed & stages:
                out.append(f"{where}: imports '{name}', which no package of "
                           f"the table of scripts/deps.sh installs for {'/'.join(sorted(stages))} "
                           f"(add py:{name} to its package{', stage ' + '/'.join(sorted(stages - {'build'})) if pkg else ''})")
            continue
        base = os.path.basename(name)
        if name.startswith(("./", "../")) or ("/" in name and not name.startswith("/")):
            if os.path.exists(os.path.join(SRC, name)):
                continue  # a script of the project
        if base in shell_builtins() or base in functions:
            continue
        path = shutil.which(name if name.startswith("/") else base)
        pkg, listed = table["cmd"].get(base, (None, set()))
        if listed & stages:
            if not path:
                out.append(f"{where}: runs '{base}', listed for {pkg} in "
                           f"the table of scripts/deps.sh but not installed: did deps.sh run?")
            continue
        if path:
            pkg = owning_package(path)
            if pkg and always_present(pkg):
                continue
            out.append(f"{where}: runs '{base}' (from {pkg or 'no package'}), which "
                       f"the table of scripts/deps.sh does not list (add cmd:{base} to its package)")
        else:
            out.append(f"{where}: runs '{base}', which is not installed and not in "
                       f"the table of scripts/deps.sh")
    return out


def scan_all():
    uses, functions = [], set()
    for path, kind in scripts():
        rel = os.path.relpath(path, SRC)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if kind == "py":
            uses += [(k, n, rel) for k, n in python_uses(text)]
        else:
            cmds, funcs = shell_commands(text)
            functions |= funcs
            uses += [("cmd", c, rel) for c in cmds]
    return uses, functions


def self_check(table, local_modules):
    """The scanner must flag what it is there to flag."""
    fails = []
    cases = [
        ("py", "import reportlab\n", "reportlab"),
        ("py", "from reportlab.lib import colors\n", "reportlab"),
        ("py", "import subprocess\nsubprocess.run(['no-such-tool-x', '-v'])\n",
         "no-such-tool-x"),
        ("sh", "set -e\nno-such-tool-y --flag | grep x\n", "no-such-tool-y"),
        ("sh", "out=$(grep -c x f && no-such-tool-z a)\n", "no-such-tool-z"),
        ("sh", "if true; then\n  x=1 no-such-tool-w a >/dev/null 2>&1\nfi\n", "no-such-tool-w"),
    ]
    for kind, text, name in cases:
        if kind == "py":
            uses = [(k, n, "snippet") for k, n in python_uses(text)]
            funcs = set()
        else:
            cmds, funcs = shell_commands(text)
            uses = [("cmd", c, "snippet") for c in cmds]
        found = problems_of(uses, table, funcs, local_modules)
        if not any(f"'{name}'" in p for p in found):
            fails.append(f"self-check: '{name}' in {text!r} was not flagged ({found})")
    # and what must pass: heredocs, case patterns, functions, builtins
    text = ("f() { echo hi; }\nf\ncat <<EOF\nnot-a-command here\nEOF\n"
            "case $x in\n  pattern-word) echo a ;;\n  *) : ;;\nesac\n"
            "while [ $# -gt 0 ]; do\n  case $1 in\n  --an-option) shift ;;\n  esac\ndone\n")
    cmds, funcs = shell_commands(text)
    found = problems_of([("cmd", c, "snippet") for c in cmds], table, funcs, local_modules)
    if found:
        fails.append(f"self-check: flagged what it must not: {found}")
    return fails


def main():
    table = read_table()
    local = project_modules()
    fails = self_check(table, local)
    uses, functions = scan_all()
    if len(uses) < 50:
        fails.append(f"only {len(uses)} uses found: the scanner is broken")
    unique = sorted(set(uses))
    fails += sorted(set(problems_of(unique, table, functions, local)))
    for f in fails:
        print("FAIL:", f)
    print(f"{len(uses)} uses checked in {len(scripts())} scripts, {len(fails)} failed")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
