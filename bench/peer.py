#!/usr/bin/python3
"""The benchmark's peer: the steering-group pack as an analyst would script it.

    peer.py --db FILE [--plan KEY] [--as-of D] [--since D] [--config FILE] --out DIR

Reads actionplan's SQLite database with Python's sqlite3 (read-only), applies
the status rules of docs/rules.md itself, and writes the same pack as
`actionplan report steering`: styrgrupp-<plan>-<as-of>.xlsx (Debian's
python3-xlsxwriter) and .pdf (Debian's python3-reportlab, platypus tables
with repeated header rows, DejaVu Sans for å ä ö).

It is written the way a competent analyst would write it - one query per
history table in (activity, date, id) order, dictionaries, no quadratic
loops, xlsxwriter's constant_memory mode and reportlab's LongTable - so that
the ratio measures the tool against a fair script, not against a strawman.

Sheets (and PDF sections), the same lists the tool's report module builds
(src/report.c):
  Översikt                 the plan and each focus area: status, the previous
                           pack's status, the eight counts; a chart
  Aktiviteter              every active activity (not proposed/paused/cancelled)
  Avvikelser               yellow and red: red first, then plan order
  Förändringar             changes after --since: every status report, state
                           changes, decisions, in date order, and those
                           recorded after the previous pack though dated
                           before the window
  Förslag och uppföljning  proposed activities; then whom to chase, by owner
                           (Swedish order): never reported, overdue with no
                           report since the due date, stale
  Mål                      goals with the latest measurement and its status

--json-summary prints the statuses and list memberships as JSON instead of
writing files (bench/check_peer.py compares them with the tool).
"""
import argparse
import configparser
import datetime as dt
import json
import os
import sqlite3
import sys

FONT_DIR = "/usr/share/fonts/truetype/dejavu"

STATUS_SV = {"green": "Grön", "yellow": "Gul", "red": "Röd", "completed": "Genomförd",
             "unreported": "Ej rapporterad", "excluded": "Ej aktiv", "none": "Ingen",
             "unmeasured": "Ej mätt"}
STATE_SV = {"proposed": "Föreslagen", "decided": "Beslutad", "ongoing": "Pågående",
            "completed": "Genomförd", "paused": "Pausad", "cancelled": "Avbruten"}
KIND_SV = {"result": "Resultatmål", "process": "Processmål", "effect": "Effektmål"}
# fill (marks, chart), tint (cell fill), text colour: as src/report.c
STYLE = {"green": ("#2E7D32", "#C8E6C9", "#1B5E20"), "yellow": ("#F2B705", "#FFF0B3", "#6B4E00"),
         "red": ("#C62828", "#F8C9C9", "#8E0000"), "completed": ("#1565C0", "#CFE2F8", "#0D3C78"),
         "unreported": ("#9E9E9E", "#EEEEEE", "#424242"), "excluded": ("#BDBDBD", "#F5F5F5", "#616161"),
         "none": ("#BDBDBD", "#F5F5F5", "#616161"), "unmeasured": ("#9E9E9E", "#EEEEEE", "#424242")}
COUNT_KEYS = ("green", "yellow", "red", "completed", "unreported", "excluded", "overdue", "stale")
SCORE = {"green": 100, "completed": 100, "yellow": 50, "red": 0}


# ---------------------------------------------------------------------------
# Settings: the same keys and defaults as actionplan's config.ini
# ---------------------------------------------------------------------------

def load_config(path):
    cfg = {"overdue": "red", "stale_days": 90, "stale": "flag", "method": "average",
           "green_min": 80, "yellow_min": 50, "goal_green_min": 90, "goal_yellow_min": 60}
    if path and os.path.exists(path):
        cp = configparser.ConfigParser(inline_comment_prefixes=None, comment_prefixes=(";", "#"))
        cp.read(path, encoding="utf-8")
        get = lambda s, k, d: cp.get(s, k, fallback=d).strip()
        cfg["overdue"] = get("rules", "overdue", "red")
        cfg["stale_days"] = int(get("rules", "stale_days", "90"))
        cfg["stale"] = get("rules", "stale", "flag")
        cfg["method"] = get("rollup", "method", "average")
        cfg["green_min"] = int(get("rollup", "green_min", "80"))
        cfg["yellow_min"] = int(get("rollup", "yellow_min", "50"))
        cfg["goal_green_min"] = int(get("goals", "green_min", "90"))
        cfg["goal_yellow_min"] = int(get("goals", "yellow_min", "60"))
    return cfg


def day(s):
    return dt.date.fromisoformat(s) if s else None


# ---------------------------------------------------------------------------
# Swedish order (as the tool's ap_collate_sv): a-z < å < ä < ö, case folded
# ---------------------------------------------------------------------------

def _sv_weight(ch):
    c = ord(ch)
    if 65 <= c <= 90 or 0xC0 <= c <= 0xDE and c != 0xD7:
        c += 32
    special = {0xE5: 1027, 0xE4: 1028, 0xE6: 1028, 0xF6: 1029, 0xF8: 1029, 0xE9: 1004, 0xE8: 1004,
               0xEA: 1004, 0xEB: 1004, 0xE1: 1000, 0xE0: 1000, 0xE2: 1000, 0xFC: 1024}
    if c in special:
        return special[c]
    if 97 <= c <= 122:
        return 1000 + c - 97
    if 48 <= c <= 57:
        return 500 + c - 48
    return c if c < 128 else 2000 + c


_sv_cache = {}


def sv_key(s):
    k = _sv_cache.get(s)
    if k is None:
        k = _sv_cache[s] = tuple(_sv_weight(ch) for ch in s)
    return k


# ---------------------------------------------------------------------------
# The model and the rules (docs/rules.md)
# ---------------------------------------------------------------------------

class Act:
    __slots__ = ("id", "order", "code", "title", "owner", "responsible", "start", "due", "budget",
                 "weight", "plan_state", "init", "focus", "state", "state_since", "last", "decision",
                 "spent", "status", "overdue", "stale", "days")


def load_structure(db, plan_id):
    focus = [{"id": r[0], "code": r[1], "title": r[2], "counts": None}
             for r in db.execute("SELECT id, code, title FROM focus_area WHERE plan_id = ? AND "
                                 "removed_at IS NULL ORDER BY position", (plan_id,))]
    focus_by_id = {f["id"]: f for f in focus}
    inits = {}
    for r in db.execute("SELECT id, focus_id, code, title FROM initiative WHERE plan_id = ? AND "
                        "removed_at IS NULL ORDER BY position", (plan_id,)):
        if r[1] in focus_by_id:
            inits[r[0]] = {"id": r[0], "focus": focus_by_id[r[1]], "code": r[2], "title": r[3]}
    focus_pos = {f["id"]: i for i, f in enumerate(focus)}
    init_pos = {i: n for n, i in enumerate(inits)}
    acts = []
    for r in db.execute("SELECT id, initiative_id, code, title, owner, start, due, budget, weight, "
                        "initial_state, responsible FROM activity WHERE plan_id = ? AND "
                        "removed_at IS NULL ORDER BY position", (plan_id,)):
        ini = inits.get(r[1])
        if ini is None:
            continue
        a = Act()
        a.id, a.code, a.title, a.owner, a.start, a.due, a.budget, a.weight, a.plan_state = \
            r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]
        a.responsible = r[10]
        a.init, a.focus = ini, ini["focus"]
        acts.append(a)
    # plan order: focus area, initiative area, activity (positions are file order)
    acts.sort(key=lambda a: (focus_pos[a.focus["id"]], init_pos[a.init["id"]]))
    for i, a in enumerate(acts):
        a.order = i
    return focus, list(inits.values()), acts


def evaluate(db, plan_id, acts, as_of, since, cfg, keep_rows, late_after=0):
    """Statuses as of as_of; with keep_rows the last update and decision rows
    and the changes after since (the pack's lists need them)."""
    by_id = {a.id: a for a in acts}
    D = as_of.isoformat()
    S = since.isoformat() if since else None
    changes = []
    for a in acts:
        a.state, a.state_since, a.last, a.decision, a.spent = a.plan_state, None, None, None, 0
    # state changes: the last one on or before D (ties: recorded last)
    for aid, cid, date, state, by, note in db.execute(
            "SELECT c.activity_id, c.id, c.date, c.state, c.by, c.note FROM state_change c "
            "JOIN activity a ON a.id = c.activity_id WHERE a.plan_id = ? AND c.date <= ? "
            "ORDER BY c.activity_id, c.date, c.id", (plan_id, D)):
        a = by_id.get(aid)
        if a is None:
            continue
        if keep_rows and S and date > S:
            changes.append((date, a.order, 1, cid, a, STATE_SV[a.state], STATE_SV[state], by, note))
        a.state, a.state_since = state, date
    # status updates: the last one on or before D; a colour change in the window
    cols = "u.activity_id, u.id, u.date, u.status" + (
        ", u.progress, u.comment, u.cause, u.action, u.by, u.cost" if keep_rows else "")
    prev_color = {}
    for row in db.execute(
            f"SELECT {cols} FROM status_update u JOIN activity a ON a.id = u.activity_id "
            "WHERE a.plan_id = ? AND u.date <= ? ORDER BY u.activity_id, u.date, u.id", (plan_id, D)):
        a = by_id.get(row[0])
        if a is None:
            continue
        # every report in the window is news, one that keeps its colour too
        if keep_rows and S and row[2] > S:
            before = prev_color.get(a.id)
            changes.append((row[2], a.order, 0, row[1], a, STATUS_SV[before or "unreported"],
                            STATUS_SV[row[3]], row[8], row[5]))
        prev_color[a.id] = row[3]
        if keep_rows and row[9]:
            a.spent += row[9]
        a.last = row
    if keep_rows:
        for aid, did, date, text, by in db.execute(
                "SELECT d.activity_id, d.id, d.date, d.decision, d.by FROM decision d "
                "JOIN activity a ON a.id = d.activity_id WHERE a.plan_id = ? AND d.date <= ? "
                "ORDER BY d.activity_id, d.date, d.id", (plan_id, D)):
            a = by_id.get(aid)
            if a is None:
                continue
            if S and date > S:
                changes.append((date, a.order, 2, did, a, "", "", by, text))
            a.decision = (date, text)
        # entries recorded after the previous pack was made though dated
        # before the window: listed once, in this pack (docs/rules.md, "Time")
        if S and late_after:
            late = [("SELECT u.activity_id, u.id, u.date, u.status, u.by, u.comment FROM status_update u "
                     "JOIN activity a ON a.id = u.activity_id WHERE a.plan_id = ? AND u.date <= ? "
                     "AND u.rec > ?", 0),
                    ("SELECT c.activity_id, c.id, c.date, c.state, c.by, c.note FROM state_change c "
                     "JOIN activity a ON a.id = c.activity_id WHERE a.plan_id = ? AND c.date <= ? "
                     "AND c.rec > ?", 1),
                    ("SELECT d.activity_id, d.id, d.date, '', d.by, d.decision FROM decision d "
                     "JOIN activity a ON a.id = d.activity_id WHERE a.plan_id = ? AND d.date <= ? "
                     "AND d.rec > ?", 2)]
            for sql, kind in late:
                for aid, eid, date, value, by, text in db.execute(sql, (plan_id, S, late_after)):
                    a = by_id.get(aid)
                    if a is None:
                        continue
                    word = STATUS_SV[value] if kind == 0 else STATE_SV[value] if kind == 1 else ""
                    changes.append((date, a.order, kind, eid, a, "", word, by, text))
    for a in acts:
        rule_activity(a, as_of, cfg)
    changes.sort(key=lambda c: c[:4])
    return changes


def rule_activity(a, as_of, cfg):
    a.overdue = a.stale = False
    a.days = None
    if a.state in ("proposed", "paused", "cancelled"):
        a.status = "excluded"
        return
    if a.state == "completed":
        a.status = "completed"
        return
    status = a.last[3] if a.last else "unreported"
    if a.last:
        a.days = (as_of - day(a.last[2])).days
        if a.days > cfg["stale_days"]:
            a.stale = True
            if cfg["stale"] == "yellow" and status == "green":
                status = "yellow"
    if a.due and day(a.due) < as_of:
        a.overdue = True
        if cfg["overdue"] == "red":
            status = "red"
        elif cfg["overdue"] == "yellow" and status != "red":
            status = "yellow"
    a.status = status


def rollup(acts, cfg):
    counts = dict.fromkeys(COUNT_KEYS, 0)
    score = weight = 0
    for a in acts:
        counts[a.status] += 1
        counts["overdue"] += a.overdue
        counts["stale"] += a.stale
        s = SCORE.get(a.status)
        if s is not None:
            w = max(1, a.weight)
            score += s * w
            weight += w
    if weight == 0:
        status = "none"
    elif cfg["method"] == "worst":
        status = "red" if counts["red"] else "yellow" if counts["yellow"] else "green"
    elif score >= cfg["green_min"] * weight:
        status = "green"
    elif score >= cfg["yellow_min"] * weight:
        status = "yellow"
    else:
        status = "red"
    return status, counts


def rollups(focus, acts, cfg):
    """{None: plan, focus code: ..., initiative code: ...} -> (status, counts)"""
    groups = {None: acts}
    for a in acts:
        groups.setdefault(a.focus["code"], []).append(a)
        groups.setdefault(a.init["code"], []).append(a)
    out = {k: rollup(v, cfg) for k, v in groups.items()}
    for f in focus:
        out.setdefault(f["code"], rollup([], cfg))
    return out


def goals(db, plan_id, as_of, cfg):
    rows = []
    linked = {}
    for (gid,) in db.execute("SELECT ag.goal_id FROM activity_goal ag JOIN activity a ON "
                             "a.id = ag.activity_id WHERE a.plan_id = ? AND a.removed_at IS NULL",
                             (plan_id,)):
        linked[gid] = linked.get(gid, 0) + 1
    for gid, code, title, kind, indicator, unit, base, bdate, target, tdate in db.execute(
            "SELECT id, code, title, kind, indicator, unit, baseline, baseline_date, target, "
            "target_date FROM goal WHERE plan_id = ? AND removed_at IS NULL ORDER BY position",
            (plan_id,)):
        m = db.execute("SELECT value, date FROM measurement WHERE goal_id = ? AND date <= ? "
                       "ORDER BY date DESC, id DESC LIMIT 1", (gid, as_of.isoformat())).fetchone()
        status, progress = "unmeasured", None
        if m:
            sign = -1.0 if target < base else 1.0
            gain, span = (m[0] - base) * sign, (target - base) * sign
            period = (day(tdate) - day(bdate)).days
            elapsed = min(max((day(m[1]) - day(bdate)).days, 0), period)
            progress = gain / span if span > 0 else 0
            if gain >= span:
                status = "green"
            elif kind == "result":
                status = "red" if as_of > day(tdate) else "yellow"
            else:
                lhs = 100.0 * gain * period
                status = "green" if lhs >= cfg["goal_green_min"] * elapsed * span else \
                    "yellow" if lhs >= cfg["goal_yellow_min"] * elapsed * span else "red"
        rows.append({"code": code, "title": title, "kind": kind, "indicator": indicator, "unit": unit,
                     "baseline": base, "baseline_date": bdate, "target": target, "target_date": tdate,
                     "progress": progress, "latest": m[0] if m else None,
                     "latest_date": m[1] if m else None, "status": status,
                     "activities": linked.get(gid, 0)})
    return rows


# ---------------------------------------------------------------------------
# The pack's data
# ---------------------------------------------------------------------------

CHASE_SV = {"unreported": "Ej rapporterad", "overdue": "Försenad", "stale": "Inaktuell"}


def chase_reason(a):
    """Whom to chase (docs/rules.md): never reported; overdue with no report
    since the due date (a later report answers for the delay); stale."""
    if a.status in ("excluded", "completed"):
        return None
    if not a.last:  # never reported, whatever colour overdue gave it
        return "unreported"
    if a.overdue and (not a.last or day(a.last[2]) <= day(a.due)):
        return "overdue"
    if a.stale:
        return "stale"
    return None


def build(db, plan_key, as_of, since, cfg):
    if plan_key:
        row = db.execute("SELECT id, key, title, organisation FROM plan WHERE key = ?", (plan_key,)).fetchone()
        if not row:
            sys.exit(f"peer: no plan '{plan_key}'")
    else:
        rows = db.execute("SELECT id, key, title, organisation FROM plan").fetchall()
        if len(rows) != 1:
            sys.exit("peer: the database holds several plans: choose one with --plan")
        row = rows[0]
    plan_id = row[0]
    prev, prev_upto = db.execute(
        "SELECT as_of, upto FROM report_run WHERE plan_id = ? AND kind = 'steering' AND as_of < ? "
        "ORDER BY as_of DESC, id DESC LIMIT 1", (plan_id, as_of.isoformat())).fetchone() or (None, 0)
    prev = day(prev)
    if since is None:
        since = prev if prev else as_of - dt.timedelta(days=91)
    focus, inits, acts = load_structure(db, plan_id)
    prev_roll = None
    if prev:
        evaluate(db, plan_id, acts, prev, None, cfg, False)
        prev_roll = rollups(focus, acts, cfg)
    changes = evaluate(db, plan_id, acts, as_of, since, cfg, True, prev_upto or 0)
    roll = rollups(focus, acts, cfg)
    money = {None: [0, 0], **{f["code"]: [0, 0] for f in focus}}
    for a in acts:
        for k in (None, a.focus["code"]):
            money[k][0] += a.budget if a.budget and a.budget > 0 else 0
            money[k][1] += a.spent
    active = [a for a in acts if a.status != "excluded"]
    deviations = sorted((a for a in acts if a.status in ("yellow", "red")),
                        key=lambda a: (a.status != "red", a.order))
    proposals = [a for a in acts if a.state == "proposed"]
    chase = sorted((a for a in acts if chase_reason(a)),
                   key=lambda a: (sv_key(a.owner or ""), a.order))
    # each focus area's and the plan's latest assessment of a period up to as_of
    assessments = {}
    for code in [None] + [f["code"] for f in focus]:
        r = db.execute("SELECT text FROM assessment WHERE plan_id = ? AND scope = ? AND "
                       "length(period) = 10 AND period <= ? ORDER BY period DESC, date DESC, id DESC "
                       "LIMIT 1", (plan_id, code or "plan", as_of.isoformat())).fetchone()
        assessments[code] = r[0] if r else None
    return {"plan": {"id": plan_id, "key": row[1], "title": row[2], "organisation": row[3]},
            "assessments": assessments,
            "as_of": as_of, "since": since, "previous": prev, "focus": focus, "acts": acts,
            "roll": roll, "prev_roll": prev_roll, "money": money, "active": active, "deviations": deviations,
            "changes": changes, "proposals": proposals, "chase": chase,
            "goals": goals(db, plan_id, as_of, cfg)}


def progress(a):
    return a.last[4] if a.last and a.last[4] is not None else None


def cause_missing(a):
    return bool(a.last) and a.last[3] in ("yellow", "red") and not (a.last[6] or "").strip()


def flags(a):
    return ", ".join(w for w, on in (("försenad", a.overdue), ("inaktuell", a.stale),
                                     ("orsak saknas", cause_missing(a))) if on)


def why(a, cfg):
    """Since when / why an activity deviates, in the tool's words."""
    parts = []
    if a.overdue:
        parts.append(f"försenad sedan {day(a.due) + dt.timedelta(days=1)}")
    if a.stale:
        parts.append(f"ingen rapport på {a.days} dagar")
    if a.last and a.last[3] != "green":
        parts.append(f"rapporterad {STATUS_SV[a.last[3]]} {a.last[2]}")
    if cause_missing(a):
        parts.append("orsak saknas")
    return "; ".join(parts)


def table_rows(p, cfg):
    """Every table of the pack as (sheet, title, header, rows, status columns).
    Rows hold text, numbers, dates (datetime.date) or None; a status cell
    holds its key ("green" ...). The columns are those of the tool's
    workbook (src/xlsx_steering.c)."""
    over_head = ["Nr", "Fokusområde", "Status", "Jämfört med förra rapporten (då → nu)", "Grön", "Gul",
                 "Röd", "Genomförd", "Ej rapporterad", "Ej aktiv", "Försenad", "Inaktuell", "Budget (kr)",
                 "Förbrukat (kr)", "Bedömning"]
    over = []
    for label, code, name in [("Hela planen", None, p["plan"]["title"])] + \
            [(f["code"], f["code"], f["title"]) for f in p["focus"]]:
        status, counts = p["roll"][code]
        if p["prev_roll"] is None:
            change = "första rapporten"
        elif code not in p["prev_roll"]:
            change = "ny"
        else:
            was = p["prev_roll"][code][0]
            change = "oförändrad" if was == status else f"{STATUS_SV[was]} → {STATUS_SV[status]}"
        budget, spent = p["money"][code]
        over.append([label, name, status, change] + [counts[k] for k in COUNT_KEYS]
                    + [budget, spent, p["assessments"].get(code)])
    act_head = ["Kod", "Fokusområde", "Insatsområde", "Aktivitet", "Ansvarig enhet", "Ansvarig person",
                "Startdatum", "Slutdatum", "Läge", "Status", "Framsteg", "Senaste rapport", "Kommentar", "Flaggor"]
    act_rows = [[a.code, f"{a.focus['code']} {a.focus['title']}", f"{a.init['code']} {a.init['title']}",
                 a.title, a.owner, a.responsible, day(a.start), day(a.due), STATE_SV[a.state], a.status,
                 progress(a) / 100 if progress(a) is not None else None,
                 day(a.last[2]) if a.last else None, a.last[5] if a.last else None, flags(a)]
                for a in p["active"]]
    dev_head = ["Kod", "Aktivitet", "Ansvarig enhet", "Status", "Sedan när / varför", "Orsak",
                "Rekommenderad åtgärd", "Senaste beslut, datum", "Senaste beslut",
                "Beslut (styrgruppens anteckningar)"]
    dev_rows = [[a.code, a.title, a.owner, a.status, why(a, cfg),
                 "orsak saknas" if cause_missing(a) else a.last[6] if a.last else None,
                 a.last[7] if a.last else None, day(a.decision[0]) if a.decision else None,
                 a.decision[1] if a.decision else None, None] for a in p["deviations"]]
    kind_word = {0: "Status", 1: "Läge", 2: "Beslut"}
    chg_head = ["Datum", "Kod", "Aktivitet", "Slag", "Från → till", "Av", "Kommentar / anteckning"]
    chg_rows = [[day(c[0]), c[4].code, c[4].title, kind_word[c[2]],
                 f"{c[5]} → {c[6]}" if c[2] != 2 else None, c[7], c[8]] for c in p["changes"]]
    fol_head = ["Vad", "Ansvarig enhet", "Ansvarig person", "Kod", "Aktivitet", "Status", "Föreslagen sedan",
                "Senaste rapport", "Dagar sedan rapport"]
    fol_rows = [["Förslag att besluta", a.owner, a.responsible, a.code, a.title, a.status,
                 day(a.state_since), day(a.last[2]) if a.last else None, None] for a in p["proposals"]]
    fol_rows += [[CHASE_SV[chase_reason(a)], a.owner, a.responsible,
                  a.code, a.title, a.status, None, day(a.last[2]) if a.last else None, a.days]
                 for a in p["chase"]]
    goal_head = ["Kod", "Mål", "Slag", "Indikator", "Enhet", "Utgångsvärde", "Utgångsdatum", "Målvärde",
                 "Måldatum", "Senaste värde", "Mätdatum", "Framsteg", "Status", "Kopplade aktiviteter"]
    goal_rows = [[g["code"], g["title"], KIND_SV[g["kind"]], g["indicator"], g["unit"], g["baseline"],
                  day(g["baseline_date"]), g["target"], day(g["target_date"]), g["latest"],
                  day(g["latest_date"]), g["progress"],
                  g["status"], g["activities"]] for g in p["goals"]]
    return [("Översikt", "Läget per fokusområde", over_head, over, {2}),
            ("Aktiviteter", f"Aktiviteter per {p['as_of']}", act_head, act_rows, {9}),
            ("Avvikelser", f"Avvikelser per {p['as_of']} – underlag för beslut", dev_head, dev_rows, {3}),
            ("Förändringar", f"Förändringar efter {p['since']} till och med {p['as_of']}", chg_head,
             chg_rows, set()),
            ("Förslag och uppföljning", f"Förslag och uppföljning per {p['as_of']}", fol_head, fol_rows, {5}),
            ("Mål", f"Mål och indikatorer per {p['as_of']}", goal_head, goal_rows, {12})]


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------

WIDTH_CAP = 60


def write_xlsx(p, tables, path):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "default_date_format": "yyyy-mm-dd"})
    bold = wb.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1, "text_wrap": True})
    title_f = wb.add_format({"bold": True, "font_size": 14})
    date_f = wb.add_format({"num_format": "yyyy-mm-dd"})
    pct_f = wb.add_format({"num_format": "0 %"})
    wrap_f = wb.add_format({"text_wrap": True, "valign": "top"})
    st_f = {k: wb.add_format({"bg_color": v[1], "font_color": v[2], "bold": True})
            for k, v in STYLE.items()}
    for sheet, title, head, rows, st_cols in tables:  # one table per sheet, as the tool's
        ws = wb.add_worksheet(sheet)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_footer("&LSida &P av &N")
        # widths from the header and the first 500 rows
        widths = [len(h) + 2 for h in head]
        for r in rows[:500]:
            for i, v in enumerate(r):
                text = STATUS_SV[v] if i in st_cols else "" if v is None else str(v)
                widths[i] = min(WIDTH_CAP, max(widths[i], len(text) + 2))
        for i, w in enumerate(widths):
            ws.set_column(i, i, w, wrap_f if w >= WIDTH_CAP else None)
        # constant_memory: panes, filter and the rows above first, then row by row
        ws.freeze_panes(2, 0)
        ws.repeat_rows(1)
        ws.autofilter(1, 0, 1 + len(rows), len(head) - 1)
        ws.write(0, 0, f"{p['plan']['title']} – {title}", title_f)
        ws.write_row(1, 0, head, bold)
        for n, r in enumerate(rows, 2):
            for i, v in enumerate(r):
                if v is None or v == "":
                    continue
                if i in st_cols:
                    ws.write_string(n, i, STATUS_SV[v], st_f[v])
                elif head[i] == "Framsteg":
                    ws.write_number(n, i, v, pct_f)
                elif isinstance(v, dt.date):
                    ws.write_datetime(n, i, dt.datetime(v.year, v.month, v.day), date_f)
                else:
                    ws.write(n, i, v)
        if sheet == "Översikt" and rows:  # focus areas are rows 3.. (row 2 is the whole plan)
            chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
            for k, col in (("green", 4), ("yellow", 5), ("red", 6), ("completed", 7)):
                chart.add_series({"name": STATUS_SV[k],
                                  "categories": [sheet, 3, 0, 1 + len(rows), 0],
                                  "values": [sheet, 3, col, 1 + len(rows), col],
                                  "fill": {"color": STYLE[k][0]}})
            chart.set_title({"name": "Aktiviteter per fokusområde och status"})
            ws.insert_chart(len(rows) + 4, 1, chart)
    wb.close()


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------

def write_pdf(p, tables, path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    from reportlab.platypus import (LongTable, PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                    TableStyle)
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(TTFont("DejaVu", os.path.join(FONT_DIR, "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")))
    cell = ParagraphStyle("cell", fontName="DejaVu", fontSize=7, leading=8.4)
    head = ParagraphStyle("head", parent=cell, fontName="DejaVu-Bold")
    h1 = ParagraphStyle("h1", fontName="DejaVu-Bold", fontSize=14, leading=18, spaceAfter=6)
    cover = ParagraphStyle("cover", fontName="DejaVu-Bold", fontSize=24, leading=30, spaceAfter=12)
    body = ParagraphStyle("body", fontName="DejaVu", fontSize=11, leading=14)

    class NumberedCanvas(canvas.Canvas):
        """'Sida 3 av 12': pages are kept until the total is known."""

        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            self._saved = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont("DejaVu", 8)
                self.drawRightString(self._pagesize[0] - 15 * mm, 8 * mm,
                                     f"Sida {self._pageNumber} av {total}")
                super().showPage()
            super().save()

    page = landscape(A4)
    doc = SimpleDocTemplate(path, pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=14 * mm,
                            title=f"Styrgruppsrapport {p['plan']['title']} {p['as_of']}", lang="sv")
    story = [Spacer(1, 40 * mm), Paragraph(escape(p["plan"]["title"]), cover),
             Paragraph("Styrgruppsrapport", h1),
             Paragraph(escape(p["plan"]["organisation"] or ""), body),
             Paragraph(f"Läget per {p['as_of']}; förändringar efter {p['since']}", body),
             Paragraph(f"Framtagen {dt.date.today()}", body), PageBreak()]
    avail = page[0] - 24 * mm

    def para(v, style=cell):
        return Paragraph(escape(str(v)), style) if isinstance(v, str) and len(v) > 12 else \
            "" if v is None else str(v)

    for sheet, title, header, rows, st_cols in tables:
        story.append(Paragraph(escape(title), h1))
        if not rows:
            story += [Paragraph("Inga.", body), Spacer(1, 6 * mm)]
            continue
        data = [[Paragraph(escape(h), head) for h in header]]
        style = [("FONT", (0, 0), (-1, -1), "DejaVu", 7), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD"))]
        for n, r in enumerate(rows, 1):
            out = []
            for i, v in enumerate(r):
                if i in st_cols:
                    out.append(STATUS_SV[v])
                    style.append(("BACKGROUND", (i, n), (i, n), colors.HexColor(STYLE[v][1])))
                    style.append(("TEXTCOLOR", (i, n), (i, n), colors.HexColor(STYLE[v][2])))
                elif header[i] == "Framsteg":
                    out.append(f"{round(100 * v)} %" if v is not None else "")
                else:
                    out.append(para(v))
            data.append(out)
        # column widths: a column whose texts (in the first 200 rows) are at most
        # 80 pt wide gets their width; the others share the rest of the page
        def text_of(i, v):
            return STATUS_SV[v] if i in st_cols else "100 %" if header[i] == "Framsteg" \
                else "" if v is None else str(v)
        need = [max(pdfmetrics.stringWidth(x, "DejaVu-Bold", 7) for x in h.split()) for h in header]
        chars = [len(h) for h in header]
        for r in rows[:200]:
            for i, v in enumerate(r):
                text = text_of(i, v)
                need[i] = max(need[i], pdfmetrics.stringWidth(text, "DejaVu", 7))
                chars[i] = max(chars[i], min(40, len(text)))
        fixed = {i: x + 8 for i, x in enumerate(need) if x <= 80}
        long_w = sum(x for i, x in enumerate(chars) if i not in fixed)
        rest = avail - sum(fixed.values())
        widths = [fixed[i] if i in fixed else rest * x / long_w for i, x in enumerate(chars)] \
            if long_w and rest > 0 else [avail * x / sum(chars) for x in chars]
        t = LongTable(data, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle(style))
        story += [t, Spacer(1, 6 * mm)]
    doc.build(story, canvasmaker=NumberedCanvas)


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--plan")
    ap.add_argument("--as-of", dest="as_of", default=str(dt.date.today()))
    ap.add_argument("--since")
    ap.add_argument("--config", help="actionplan's config.ini (the rules' settings)")
    ap.add_argument("--out", default="reports")
    ap.add_argument("--json-summary", action="store_true",
                    help="print statuses and list memberships instead of writing the pack")
    a = ap.parse_args(argv)
    cfg = load_config(a.config)
    db = sqlite3.connect(f"file:{os.path.abspath(a.db)}?mode=ro", uri=True)
    p = build(db, a.plan, day(a.as_of), day(a.since), cfg)
    tables = table_rows(p, cfg)
    if a.json_summary:
        json.dump({"as_of": str(p["as_of"]), "since": str(p["since"]),
                   "previous": str(p["previous"]) if p["previous"] else None,
                   "rollups": {k or "": {"status": v[0], "counts": v[1]} for k, v in p["roll"].items()},
                   "activities": {x.code: [x.state, x.status, x.overdue, x.stale] for x in p["acts"]},
                   "tables": {f"{t[0]}/{t[1]}": [[str(c) if c is not None else None for c in r[:2]]
                                                  for r in t[3]] for t in tables},
                   "goals": p["goals"]}, sys.stdout, ensure_ascii=False)
        return
    os.makedirs(a.out, exist_ok=True)
    stem = os.path.join(a.out, f"styrgrupp-{p['plan']['key']}-{p['as_of']}")
    write_xlsx(p, tables, stem + ".xlsx")
    write_pdf(p, tables, stem + ".pdf")
    print(f"Skrev {stem}.xlsx\nSkrev {stem}.pdf")


if __name__ == "__main__":
    main()
