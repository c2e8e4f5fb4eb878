#!/usr/bin/python3
"""Mutants of one C file, for scripts/mutants.sh.

  mutants.py list FILE [--lines A-B[,C-D...]] [--sample K --seed S] [--max N]
      prints one mutant a line: ID <tab> LINE <tab> DESCRIPTION
  mutants.py apply FILE ID [same selection options]
      writes mutant ID over FILE (mutants.sh has copied the original aside)

A mutant is one small change at one place: < <-> <=, > <-> >=, == <-> !=,
&& <-> ||, binary + <-> -, an integer constant N -> N+1, return true <->
return false, a removed !, and an if's condition replaced by 0 and by 1.
Changes are made only in code: comments, string and character literals and
preprocessor lines (#include, #define) are masked out first, and so are
lines that only declare (a function's head, `int n;`, a file-level table).
The list is deterministic: the same file and options give the same IDs.
"""
import random
import re
import sys


def mask(text):
    """The text with comments, literals and preprocessor lines blanked
    (same length, newlines kept), so that offsets match the original."""
    out = list(text)
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c in " \t":
            i += 1
            continue
        if line_start and c == "#":  # a preprocessor line, with its continuations
            while i < n and not (text[i] == "\n" and text[i - 1] != "\\"):
                out[i] = " "
                i += 1
            continue
        line_start = c == "\n"
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                out[i] = " "
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            for k in range(i, end):
                if text[k] != "\n":
                    out[k] = " "
            i = end
        elif c in "\"'":
            k = i + 1
            while k < n and text[k] != c:
                k += 2 if text[k] == "\\" else 1
            for j in range(i, min(k + 1, n)):
                out[j] = " " if j not in (i, k) else c  # keep the quotes: a literal is an operand
            i = k + 1
        else:
            i += 1
    return "".join(out)


DECL_ONLY = re.compile(
    r"^\s*(?:(?:static|const|unsigned|signed|struct|enum)\s+)*\w+\s*\**\s*\w+\s*(?:\[[^\]]*\])?"
    r"(?:\s*,\s*\**\s*\w+\s*(?:\[[^\]]*\])?)*\s*;\s*$")


def blank_declarations(masked):
    """Blank the lines that only declare: a top-level line (a function's head
    up to its `{`, a file-level table up to its `;`) and `type name[...];`."""
    lines = masked.split("\n")
    top = False
    for i, line in enumerate(lines):
        if not top and line[:1] not in ("", " ", "\t", "{", "}"):
            top = True
        if top:
            ends = ";" in line or "{" in line
            lines[i] = " " * len(line)
            if ends:
                top = False
            continue
        if DECL_ONLY.match(line) and not re.match(r"^\s*(return|break|continue|goto)\b", line):
            lines[i] = " " * len(line)
    return "\n".join(lines)


def matching_paren(m, open_at):
    depth = 0
    for k in range(open_at, len(m)):
        if m[k] == "(":
            depth += 1
        elif m[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def find_mutants(text):
    m = blank_declarations(mask(text))
    found = []  # (offset, length, replacement, description)

    def add(pos, old, new):
        found.append((pos, len(old), new, f"{old.strip()} -> {new.strip()}"))

    # relational, equality, logical: tokens not part of <<, >>, ->, <<=, >>=
    for mt in re.finditer(r"<<=?|>>=?|->|<=|>=|==|!=|&&|\|\||<|>", m):
        tok = mt.group()
        swap = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==",
                "&&": "||", "||": "&&"}.get(tok)
        if swap:
            add(mt.start(), tok, swap)
    # binary + and - (not ++, --, +=, -=, ->, and not a sign)
    for mt in re.finditer(r"(?<![+\-])[+\-](?![+\-=>])", m):
        pos = mt.start()
        before = m[:pos].rstrip()
        prev = re.search(r"(\w+|[)\]'\"])$", before)
        if not prev or prev.group() in ("return", "case", "sizeof"):
            continue
        add(pos, mt.group(), "-" if mt.group() == "+" else "+")
    # integer constants (not part of a name or a floating constant)
    for mt in re.finditer(r"(?<![\w.])(\d+)([uUlL]*)(?![\w.])", m):
        if mt.group(1).startswith("0") and len(mt.group(1)) > 1:
            continue  # octal: leave it
        add(mt.start(), mt.group(), str(int(mt.group(1)) + 1) + mt.group(2))
    # return true <-> return false
    for mt in re.finditer(r"\breturn\s+(true|false)\b", m):
        new = "false" if mt.group(1) == "true" else "true"
        add(mt.start(1), mt.group(1), new)
        found[-1] = found[-1][:3] + (f"return {mt.group(1)} -> return {new}",)
    # a removed ! (not !=)
    for mt in re.finditer(r"!(?!=)", m):
        found.append((mt.start(), 1, "", "removed !"))
    # an if's whole condition -> 0 and -> 1 (newlines kept so lines stay put)
    for mt in re.finditer(r"\bif\s*\(", m):
        open_at = mt.end() - 1
        close = matching_paren(m, open_at)
        if close < 0:
            continue
        cond = text[open_at + 1:close]
        keep = "\n" * cond.count("\n")
        for v in ("0", "1"):
            found.append((open_at + 1, len(cond), v + keep, f"if (...) -> if ({v})"))
    found.sort(key=lambda f: (f[0], f[3]))
    return found


def parse_ranges(spec):
    ranges = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        ranges.append((int(a), int(b or a)))
    return ranges


def select(text, args):
    muts = []
    for pos, length, new, desc in find_mutants(text):
        line = text.count("\n", 0, pos) + 1
        if args["lines"] and not any(a <= line <= b for a, b in args["lines"]):
            continue
        muts.append((line, pos, length, new, desc))
    if args["sample"] and args["sample"] < len(muts):
        picked = random.Random(args["seed"]).sample(range(len(muts)), args["sample"])
        muts = [muts[i] for i in sorted(picked)]
    if args["max"]:
        muts = muts[:args["max"]]
    return muts


def main(argv):
    if len(argv) < 2 or argv[0] not in ("list", "apply"):
        sys.exit(__doc__)
    cmd, path = argv[0], argv[1]
    rest = argv[2:]
    ident = None
    if cmd == "apply":
        ident = int(rest.pop(0))
    args = {"lines": None, "sample": 0, "seed": 1, "max": 0}
    while rest:
        opt = rest.pop(0)
        if opt == "--lines":
            args["lines"] = parse_ranges(rest.pop(0))
        elif opt in ("--sample", "--seed", "--max"):
            args[opt[2:]] = int(rest.pop(0))
        else:
            sys.exit(f"mutants.py: unknown option {opt}")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    muts = select(text, args)
    if cmd == "list":
        for i, (line, pos, length, new, desc) in enumerate(muts, 1):
            col = pos - (text.rfind("\n", 0, pos) + 1) + 1
            code = text.splitlines()[line - 1].strip()
            print(f"{i}\t{line}:{col}\t{desc}\t{code}")
        return
    if not 1 <= ident <= len(muts):
        sys.exit(f"mutants.py: no mutant {ident} (there are {len(muts)})")
    line, pos, length, new, desc = muts[ident - 1]
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:pos] + new + text[pos + length:])


if __name__ == "__main__":
    main(sys.argv[1:])
