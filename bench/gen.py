#!/usr/bin/python3
"""Synthetic action plans and histories for the benchmark, deterministic from a seed.

    gen.py --activities N [--years Y] [--seed S] [--end YYYY-MM-DD] [--plans P] --out DIR

writes into DIR, for each plan (P = 1: no suffix; P > 1: -001, -002 ...):

    plan.ini       the plan file (README, "The plan file"): [strategy], goals M1..,
                   focus areas, initiative areas, activities
    updates.csv    status history: code,date,status,progress,comment,cause,
                   action,by,state,cost,decision
    measures.csv   goal,date,value,source,by
    meta.json      what was written (counts, dates to use for the reports)

Same arguments, same bytes: every choice comes from random.Random(seed) and
every date from --end, never from the clock. Files are written as they are
generated (one activity at a time), so 100,000 activities need little memory.

What a history looks like (per activity, months of the window ending --end):
one report a month, sometimes corrected a few days later (about 12 reports
per activity and year in all), mostly green with spells of yellow and red (each with a cause and a
recommended action), a state change to ongoing with the first report, some
completions (a last green 100 % report with state completed), some paused or
cancelled, some proposed and decided during the window, some that stop
reporting (stale as of --end), some never reported, some overdue, costs on
some reports, a steering-group decision on some red reports. Every state
change follows docs/rules.md; every date is on or before --end.
"""
import argparse
import calendar
import csv
import datetime as dt
import json
import os
import random
import sys

# ---------------------------------------------------------------------------
# Swedish-looking words (å ä ö everywhere, so the reports must carry them)
# ---------------------------------------------------------------------------

PLACES = ["Södertälje centrum", "Järna", "Hölö", "Mölnbo", "Enhörna", "Östertälje", "Geneta",
          "Ronna", "Hovsjö", "Fornhöjden", "Brunnsäng", "Moraberg", "Almnäs", "Pershagen",
          "Glasberga", "Saltskog", "Västergård", "Ängsvägen", "Igelsta", "Wäsby", "Tveta"]
VERBS = ["Utveckla", "Genomföra", "Kartlägga", "Stärka", "Införa", "Förbättra", "Samordna",
         "Etablera", "Följa upp", "Ta fram", "Förenkla", "Marknadsföra", "Öka", "Säkra",
         "Bygga upp", "Pröva", "Förankra", "Digitalisera", "Utvärdera", "Bredda"]
OBJECTS = ["mötesplatser för företagare", "dialogen med fastighetsägare",
           "kompetensförsörjningen i besöksnäringen", "en handlingsplan för grön omställning",
           "företagslotsen för nyetablerade företag", "samverkan med högskolor och lärosäten",
           "servicen i bygglovsprocessen", "stödet till unga entreprenörer",
           "upphandlingar som små företag kan delta i", "näringslivsrådets arbete",
           "praktikplatser för nyanlända", "kollektivtrafikens koppling till arbetsplatser",
           "markberedskapen för verksamhetsområden", "platsvarumärket och besöksmålen",
           "bredbandsutbyggnaden på landsbygden", "handelns utveckling i stadskärnan",
           "innovationsmiljön i Science Park", "samarbetet med föreningslivet",
           "turistinformationen sommartid", "logistiknäringens behov av mark",
           "dialogen om trygghet i offentliga miljöer", "kommunens svarstider till företag",
           "exportfrämjande insatser", "mentorprogrammet för kvinnors företagande",
           "ungdomars sommarjobb i näringslivet", "energieffektivisering i småföretag"]
QUALIFIERS = ["i {place}", "tillsammans med näringslivet", "för fler arbetstillfällen",
              "med fokus på hållbarhet", "i samverkan med regionen", "under planperioden",
              "för små och medelstora företag", "med stöd från EU-projekt", "i {place} och {place2}",
              "så att fler väljer att etablera sig här", "med tydlig återkoppling till företagen"]
FOCUS_TITLES = ["Ett företagsklimat som främjar utveckling, innovation och entreprenörskap",
                "Attraktiva och tillgängliga etableringslägen", "Kompetensförsörjning och arbete åt fler",
                "En levande stadskärna och starka lokala centrum", "Besöksnäring och platsvarumärke",
                "Hållbar tillväxt och grön omställning", "Infrastruktur, bredband och kommunikationer",
                "Service och bemötande i myndighetsutövningen", "Samverkan med akademi och forskning",
                "Landsbygdens näringsliv och föreningsliv"]
OWNERS = ["Kommunstyrelsens kontor", "Stadsbyggnadskontoret", "Miljökontoret",
          "Näringslivskontoret", "Kultur- och fritidskontoret", "Utbildningskontoret",
          "Socialkontoret", "Äldrekontoret", "Södertälje Hamn AB", "Telge Energi AB",
          "Destination Södertälje", "Samhällsbyggnadskontoret", "Arbetsmarknadsförvaltningen",
          "Överförmyndarkontoret", "Ängens förskoleområde", "Åsa folkhögskola", "Östertälje stadsdelsråd",
          "Tekniska kontoret", "Upphandlingsenheten", "Kommunikationsavdelningen"]
ROLES = ["Näringslivsutvecklare", "Enhetschef", "Kommunalråd", "Processledare", "Projektledare",
         "Förvaltningschef", "Handläggare", "Verksamhetsutvecklare", "Strateg", "Områdesansvarig"]
FIRST = ["Anna", "Björn", "Cecilia", "Dragan", "Eva", "Fredrik", "Göran", "Hanna", "Ingrid", "Johan",
         "Karin", "Lars", "Maria", "Nils", "Olle", "Pernilla", "Åsa", "Örjan", "Ärla", "Sara", "Tomas",
         "Ulla", "Yusuf", "Zeynep", "Mikael", "Leyla"]
LAST = ["Åberg", "Öhman", "Sandberg", "Lindqvist", "Ärlebrant", "Berg", "Nilsson", "Strand",
        "Karlsson", "Östlund", "Håkansson", "Sjöberg", "Björk", "Eriksson", "Yilmaz", "Haddad"]
GREEN_COMMENTS = ["Arbetet följer planen.", "Två möten genomförda med företagarföreningen i {place}.",
                  "Aktiviteten löper enligt tidplan, nästa avstämning i styrgruppen.",
                  "Inbjudan skickad, 45 anmälda hittills.", "Underlaget är klart och förankrat.",
                  "Rapporten är på remiss hos förvaltningarna.", "Första delleveransen är godkänd.",
                  "Samverkansavtal undertecknat med {place2}.", "Enkäten har gått ut till 300 företag.",
                  "Nätverksträff i {place} med 60–80 deltagare."]
CAUSES = ["Resursbrist under sommaren", "Upphandlingen har överklagats", "Förseningar hos extern part",
          "Ändrade politiska prioriteringar", "Långtidssjukskrivning i projektgruppen",
          "Budgeten räcker inte för hela året", "Lokalen i {place} stängd för ombyggnad",
          "Svagt intresse från företagen", "Väntar på beslut från regionen",
          "Personalomsättning på förvaltningen", "Leveransförsening av it-stödet"]
ACTIONS = ["Omprioritera inom förvaltningen", "Tillfällig förstärkning med konsult",
           "Ny tidplan tas fram till nästa styrgrupp", "Begär utökad budget hos kommunstyrelsen",
           "Flytta aktiviteten till {place2}", "Dela upp leveransen i två etapper",
           "Eskalera till förvaltningschefen", "Samordna med fokusområdets övriga aktiviteter"]
DECISIONS = ["Styrgruppen godkänner ny tidplan.", "Styrgruppen beslutar att skjuta till 200 000 kr.",
             "Styrgruppen ger processledaren i uppdrag att återkomma med förslag.",
             "Styrgruppen beslutar att aktiviteten fortsätter i mindre omfattning.",
             "Styrgruppen noterar avvikelsen och följer upp vid nästa möte."]
GOALS = [("Fler arbetstillfällen i näringslivet", "effect", "Antal förvärvsarbetande i kommunen",
          "personer", 41000, 44000),
         ("Bättre företagsklimat", "effect", "Placering i Svenskt Näringslivs ranking", "placering", 250, 150),
         ("Nöjdare företag i myndighetsutövningen", "process", "Nöjd-Kund-Index (NKI), företag",
          "index", 64, 72),
         ("Fler nystartade företag", "effect", "Nystartade företag per 1 000 invånare", "st", 8.2, 10.5),
         ("Kortare handläggningstid för bygglov", "process", "Median, dagar från komplett ansökan",
          "dagar", 42, 21),
         ("Näringslivsprogrammet antaget", "result", "Beslut i kommunfullmäktige", "ja/nej", 0, 1),
         ("Fler gästnätter", "effect", "Kommersiella gästnätter per år", "nätter", 310000, 380000),
         ("Högre andel förnybar energi i företagen", "effect", "Andel förnybar energi", "%", 48, 70)]


CORRECTION_RATE = 0.13


def fill(rng, text):
    """Put places into a template."""
    return text.format(place=rng.choice(PLACES), place2=rng.choice(PLACES))


def person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def title(rng):
    t = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {fill(rng, rng.choice(QUALIFIERS))}"
    if rng.random() < 0.12:  # a long title: continues on indented lines
        t += (", " + fill(rng, rng.choice(QUALIFIERS)) + " och " + rng.choice(OBJECTS) + ", "
              + fill(rng, rng.choice(QUALIFIERS)) + " samt " + rng.choice(OBJECTS))
    return t


def ini_value(key, value, width=90):
    """`key = value`, with long values continued on indented lines so that no
    physical line reaches the 199 bytes Debian's inih allows."""
    words, lines, cur = value.split(" "), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    lines.append(cur)
    out = f"{key:<11} = {lines[0]}\n" + "".join(f"    {l}\n" for l in lines[1:])
    assert all(len(l.encode()) < 199 for l in out.splitlines()), out
    return out


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

def months(end, years):
    """The (year, month) pairs of the window: years * 12 months ending with end's month."""
    y, m = end.year, end.month
    out = []
    for _ in range(years * 12):
        out.append((y, m))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out[::-1]


def report_day(rng, ym, end):
    """A day in the month when reports come in (the 5th to the 25th), never after end."""
    y, m = ym
    d = dt.date(y, m, rng.randint(5, min(25, calendar.monthrange(y, m)[1])))
    return min(d, end)


# ---------------------------------------------------------------------------
# One plan
# ---------------------------------------------------------------------------

def shape(rng, n):
    """Focus areas and the sizes of their initiative areas (activities each)."""
    n_focus = min(max(4, n // 2500), 40)
    n_init = max(n_focus, round(n / 20))
    sizes = [n // n_init + (1 if i < n % n_init else 0) for i in range(n_init)]
    for i in range(n_init):  # uneven, as real plans are; the total stays n
        j = rng.randrange(n_init)
        d = rng.randint(0, max(0, sizes[i] * 3 // 10))
        if sizes[j] - d >= 1:
            sizes[i] += d
            sizes[j] -= d
    per_focus = [n_init // n_focus + (1 if f < n_init % n_focus else 0) for f in range(n_focus)]
    return per_focus, sizes


class Counts:
    def __init__(self):
        self.updates = self.states = self.decisions = self.rows = 0


def activity_history(rng, code, w, window, end, plan_state, counts):
    """Write one activity's history rows; return nothing. See the module doc for the mix."""
    kind = rng.random()
    n = len(window)
    state = plan_state
    start_month, stop_month, final = 0, n, None
    if plan_state == "proposed":
        if rng.random() < 0.5:
            return  # still awaiting a decision
        start_month = rng.randrange(n)
        day = report_day(rng, window[start_month], end)
        w.writerow([code, day, "", "", "Beslutad av styrgruppen.", "", "", "Processledare", "decided", "", ""])
        counts.states += 1
        counts.rows += 1
        state = "decided"
        start_month += 1  # reports begin the month after the decision
    elif kind < 0.025:
        return  # never reported: "unreported"
    elif kind < 0.075:
        stop_month = rng.randint(1, max(1, n - 4))  # stops reporting: stale at the end
    elif kind < 0.155:
        stop_month, final = rng.randint(max(1, n // 3), n), "completed"
    elif kind < 0.170:
        stop_month, final = rng.randint(1, n), "paused"
    elif kind < 0.180:
        stop_month, final = rng.randint(1, n), "cancelled"
    color, progress = "green", rng.randint(0, 20)
    for k in range(start_month, stop_month):
        day = report_day(rng, window[k], end)
        last = k == stop_month - 1 and final is not None
        r = rng.random()
        if color == "green":
            color = "green" if r < 0.90 else "yellow" if r < 0.98 else "red"
        elif color == "yellow":
            color = "green" if r < 0.50 else "yellow" if r < 0.85 else "red"
        else:
            color = "green" if r < 0.25 else "yellow" if r < 0.50 else "red"
        progress = min(95, progress + rng.randint(0, 12))
        new_state = ""
        if state in ("decided", "proposed"):
            new_state = state = "ongoing"
        if last:
            if final == "completed":
                color, progress = "green", 100
            new_state, state = final, final
        comment = cause = action = decision = ""
        if color == "green":
            if rng.random() < 0.7:
                comment = fill(rng, rng.choice(GREEN_COMMENTS))
            if final == "completed" and last:
                comment = "Aktiviteten är genomförd och avrapporterad."
        else:
            comment = fill(rng, rng.choice(GREEN_COMMENTS)) if rng.random() < 0.4 else ""
            if rng.random() < 0.95:  # a few lack the cause: "orsak saknas" in the pack
                cause = fill(rng, rng.choice(CAUSES))
                action = fill(rng, rng.choice(ACTIONS))
            if color == "red" and rng.random() < 0.2:
                decision = rng.choice(DECISIONS)
                counts.decisions += 1
        if final == "paused" and last:
            comment = "Pausas i väntan på finansiering."
        cost = str(rng.randrange(1000, 90000, 500)) if rng.random() < 0.2 else ""
        prog = str(progress) if rng.random() < 0.8 else ""
        w.writerow([code, day, color, prog, comment, cause, action, person(rng), new_state, cost, decision])
        counts.updates += 1
        counts.states += bool(new_state)
        counts.rows += 1
        # A correction a few days later (a new entry: history is append-only),
        # often the colour a focus-area lead changes after a talk with the owner.
        # With them the mean is about 12 reports per activity and year.
        if not last and rng.random() < CORRECTION_RATE:
            day2 = min(day + dt.timedelta(days=rng.randint(1, 4)), end)
            if color == "green" and rng.random() < 0.3:
                color, cause, action = "yellow", fill(rng, rng.choice(CAUSES)), fill(rng, rng.choice(ACTIONS))
            w.writerow([code, day2, color, prog, "Rättelse efter avstämning med aktivitetsansvarig.",
                        cause if color != "green" else "", action if color != "green" else "",
                        person(rng), "", "", ""])
            counts.updates += 1
            counts.rows += 1


def generate_plan(seed, n, years, end, plan_id, out_dir, suffix=""):
    rng = random.Random(seed)
    window = months(end, years)
    first = dt.date(window[0][0], window[0][1], 1)
    counts = Counts()
    paths = {k: os.path.join(out_dir, f"{k}{suffix}.{ext}")
             for k, ext in (("plan", "ini"), ("updates", "csv"), ("measures", "csv"), ("meta", "json"))}
    per_focus, sizes = shape(rng, n)
    n_goals = len(GOALS)
    with open(paths["plan"], "w", encoding="utf-8", newline="\n", buffering=1 << 20) as pf, \
         open(paths["updates"], "w", encoding="utf-8", newline="", buffering=1 << 20) as uf:
        w = csv.writer(uf, lineterminator="\n")
        w.writerow(["code", "date", "status", "progress", "comment", "cause", "action", "by",
                    "state", "cost", "decision"])
        pf.write(f"; Syntetisk plan för prestandamätning (bench/gen.py, frö {seed}).\n"
                 f"; {n} aktiviteter, {years} år med månadsrapporter till och med {end}.\n\n")
        pf.write("[strategy]\n" + ini_value("id", plan_id)
                 + ini_value("title", f"Utvecklingskraft {rng.choice(PLACES)} – syntetisk plan {plan_id}")
                 + ini_value("organisation", "Södertälje kommun")
                 + ini_value("period", f"{first.year}-{end.year + 3}")
                 + ini_value("adopted", str(first - dt.timedelta(days=60)))
                 + ini_value("process_lead", "Processledare, Näringslivskontoret")
                 + ini_value("description", "Planen är genererad för att mäta hur actionplan växer med "
                             "planens storlek och historikens längd. Texterna är påhittade men svenska, "
                             "med å, ä och ö, och raderna hålls under 199 byte.") + "\n")
        for g, (gt, kind, ind, unit, base, target) in enumerate(GOALS, 1):
            pf.write(f"[goal M{g}]\n" + ini_value("title", gt) + ini_value("kind", kind)
                     + ini_value("indicator", ind) + ini_value("unit", unit)
                     + ini_value("baseline", f"{base:g}")
                     + ini_value("baseline_date", str(first - dt.timedelta(days=1)))
                     + ini_value("target", f"{target:g}")
                     + ini_value("target_date", f"{end.year + 3}-12-31") + "\n")
        init_i = 0
        for f, n_init in enumerate(per_focus, 1):
            pf.write(f"[focus {f}]\n" + ini_value("title", FOCUS_TITLES[(f - 1) % len(FOCUS_TITLES)]
                                                  + ("" if f <= len(FOCUS_TITLES) else f" ({f})"))
                     + ini_value("lead", f"{rng.choice(ROLES)}, {rng.choice(OWNERS)}") + "\n")
            for i in range(1, n_init + 1):
                pf.write(f"[initiative {f}.{i}]\n"
                         + ini_value("title", f"där kommunen {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)} "
                                     f"{fill(rng, rng.choice(QUALIFIERS))}")
                         + ini_value("approach", f"Genom att {rng.choice(VERBS).lower()} "
                                     f"{rng.choice(OBJECTS)} och {rng.choice(VERBS).lower()} "
                                     f"{rng.choice(OBJECTS)} {fill(rng, rng.choice(QUALIFIERS))}.")
                         + "\n")
                for a in range(1, sizes[init_i] + 1):
                    code = f"{f}.{i}.{a}"
                    r = rng.random()
                    plan_state = "proposed" if r < 0.03 else "ongoing" if r < 0.45 else "decided"
                    if rng.random() < 0.04:  # overdue by the end of the window
                        due = end - dt.timedelta(days=rng.randint(20, 300))
                    else:
                        due = dt.date(end.year + rng.randint(0, 3), 12, 31)
                    text = (f"[activity {code}]\n" + ini_value("title", title(rng))
                            + ini_value("owner", rng.choice(OWNERS))
                            + ini_value("responsible", rng.choice(ROLES)))
                    for _ in range(rng.choice((0, 1, 1, 2, 3))):
                        text += ini_value("participant", rng.choice(OWNERS))
                    text += ini_value("start", str(first)) + ini_value("due", str(due))
                    goals = rng.sample(range(1, n_goals + 1), rng.choice((0, 1, 1, 2, 3)))
                    if goals:
                        text += ini_value("goals", ", ".join(f"M{g}" for g in sorted(goals)))
                    if rng.random() < 0.7:
                        text += ini_value("budget", str(rng.randrange(10000, 2500000, 5000)))
                    if rng.random() < 0.15:
                        text += ini_value("weight", str(rng.choice((2, 3))))
                    if plan_state != "decided":
                        text += ini_value("state", plan_state)
                    if rng.random() < 0.3:
                        text += ini_value("sdg", ", ".join(str(s) for s in sorted(rng.sample(range(1, 18), 2))))
                    pf.write(text + "\n")
                    activity_history(rng, code, w, window, end, plan_state, counts)
                init_i += 1
    n_meas = 0
    with open(paths["measures"], "w", encoding="utf-8", newline="") as mf:
        w = csv.writer(mf, lineterminator="\n")
        w.writerow(["goal", "date", "value", "source", "by"])
        for g, (_, kind, _, _, base, target) in enumerate(GOALS, 1):
            w.writerow([f"M{g}", first - dt.timedelta(days=1), f"{base:g}", "Utgångsvärde", "Analytiker"])
            n_meas += 1
            for q, ym in enumerate(window):
                if ym[1] % 3:
                    continue  # quarterly
                share = (q + 1) / (len(window) + 36) * rng.uniform(0.4, 1.4)
                value = 1 if kind == "result" and share > 0.3 else \
                    0 if kind == "result" else round(base + (target - base) * share, 1)
                d = dt.date(ym[0], ym[1], calendar.monthrange(*ym)[1])
                w.writerow([f"M{g}", min(d, end), f"{value:g}", rng.choice(["SCB", "SKR Insikt", "Egen mätning"]),
                            "Analytiker, Näringslivskontoret"])
                n_meas += 1
    meta = {"plan": plan_id, "seed": seed, "activities": n, "focus_areas": len(per_focus),
            "initiatives": len(sizes), "goals": n_goals, "years": years, "end": str(end),
            "update_rows": counts.updates, "state_changes": counts.states,
            "decisions": counts.decisions, "csv_rows": counts.rows, "measurements": n_meas,
            "as_of": str(end), "previous_pack": str(end - dt.timedelta(days=91)), "year": end.year,
            "files": {k: os.path.basename(v) for k, v in paths.items() if k != "meta"}}
    with open(paths["meta"], "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)
    return meta


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--activities", type=int, required=True)
    ap.add_argument("--years", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--end", default="2025-12-31", help="last day of the history (default 2025-12-31)")
    ap.add_argument("--plans", type=int, default=1, help="several plans of N activities each")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    end = dt.date.fromisoformat(a.end)
    if end > dt.date.today():
        sys.exit(f"--end {end} is in the future: actionplan refuses dates after today")
    if a.activities < 1 or a.years < 1 or a.plans < 1:
        sys.exit("--activities, --years and --plans must be at least 1")
    os.makedirs(a.out, exist_ok=True)
    if a.plans == 1:
        meta = generate_plan(a.seed, a.activities, a.years, end, f"bench-{a.activities}", a.out)
    else:
        metas = [generate_plan(a.seed * 100003 + p, a.activities, a.years, end, f"region-{p:03d}",
                               a.out, f"-{p:03d}") for p in range(1, a.plans + 1)]
        meta = {"plans": [m["plan"] for m in metas],
                **{k: sum(m[k] for m in metas) for k in ("activities", "update_rows", "state_changes",
                                                         "decisions", "csv_rows", "measurements")}}
        with open(os.path.join(a.out, "meta.json"), "w", encoding="utf-8") as f:
            json.dump(meta, f, indent=1, ensure_ascii=False)
    print(json.dumps(meta, ensure_ascii=False))


if __name__ == "__main__":
    main()
