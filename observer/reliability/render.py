"""A reliability report as text (the table a paper reports, or every row), CSV or JSON; plans and listings."""

from __future__ import annotations

import json
import math
import textwrap

import numpy as np
import pandas as pd

from observer.reliability._text import counted

WIDTH = 100
"""The paper table fits this many columns."""

COLUMN_ORDER = ("agreement", "kappa", "w. kappa", "AC1", "alpha", "ICC(2,1)", "ICC(3,1)")
PAPER_COLUMNS = {"presence": ("agreement", "kappa", "AC1", "alpha"),
                 "rating": ("agreement", "kappa", "w. kappa", "alpha", "ICC(2,1)"),
                 "session": ("agreement", "kappa", "AC1", "alpha", "ICC(2,1)", "ICC(3,1)"),
                 "nominal": ("agreement", "kappa", "AC1", "alpha"),
                 "ordinal": ("agreement", "kappa", "w. kappa", "alpha", "ICC(2,1)"),
                 "interval": ("alpha", "ICC(2,1)", "ICC(3,1)"), "ratio": ("alpha", "ICC(2,1)", "ICC(3,1)")}
"""The columns of each level in the paper table (every statistic is in --detail)."""
ICC_NAMES = {"ICC2": "ICC(2,1)", "ICC2k": "ICC(2,k)", "ICC3": "ICC(3,1)", "ICC3k": "ICC(3,k)",
             "ICC1": "ICC(1,1)", "ICC1k": "ICC(1,k)"}
SECTIONS = {"presence": "Marker presence per segment (nominal)",
            "rating": "Segment ratings (each at its scale's level)",
            "session": "Session aggregates and session ratings (units: sessions)"}
METHOD_NAMES = {"bca": "unit bootstrap, BCa", "percentile": "unit bootstrap, percentile",
                "kalpha": "KALPHA (Hayes & Krippendorff 2007) for alpha", "gwet": "Gwet's (2014) formulas"}


def to_paper(report: pd.DataFrame, *, undefined: bool = False) -> str:
    """Per level the rows a paper reports, one line per target, each statistic with its interval.

    Presence: each group's "any marker" rows (else each marker); ratings: each rating
    item, or a group's ratings pooled when it has several; session aggregates and
    session ratings. A target with no defined statistic is named under the table
    (listed with ``undefined=True``).
    """
    facts = report.attrs.get("observer", {})
    lines = [part for line in _header(facts) for part in textwrap.wrap(line, WIDTH, subsequent_indent="  ")]
    hidden: list[str] = []
    legend: dict = {}
    for level, title in _sections(report):
        targets = _paper_targets(report, level, facts)
        shown = [(label, cells) for label, cells in targets
                 if undefined or any(not is_missing(row["value"]) for row in cells.values())]
        hidden += [label for label, cells in targets if (label, cells) not in shown]
        if shown:
            lines += ["", title, *_paper_lines(shown, PAPER_COLUMNS.get(level, COLUMN_ORDER), legend)]
    notes = _legend(legend, facts)
    if hidden:
        notes.append(f"Not listed, no statistic defined: {_names(hidden)} (--undefined lists them).")
    notes += _left_out_summary(facts)
    notes.append("Every statistic, item, rater pair and session: --detail; a methods paragraph: --methods.")
    lines.append("")
    lines += [part for note in notes for part in textwrap.wrap(note, WIDTH, subsequent_indent="  ")]
    return "\n".join(lines) + "\n"


def to_table(report: pd.DataFrame, *, undefined: bool = False) -> str:
    """Every row as aligned plain text; rows with no value are counted, listed with ``undefined=True``."""
    rows = report if undefined else report[report["value"].notna()]
    headers = ["level", "scope", "target", "statistic", "value", "95% CI" if _coverage(report) == 0.95 else "CI",
               "method", "n_units", "n_raters", "flag", "note"]
    lines = [
        [row.level, row.scope, _target(row.scope, row.target, row.item), row.statistic, format_value(row.value),
         format_interval(row.ci_low, row.ci_high), row.ci_method, str(row.n_units), str(row.n_raters),
         "below" if row.flag else "", row.note]
        for row in rows.itertuples(index=False)
    ]
    numeric = {headers.index(h) for h in ("value", "n_units", "n_raters")}
    widths = [max([len(h)] + [len(line[i]) for line in lines]) for i, h in enumerate(headers)]

    def render(cells: list[str]) -> str:
        padded = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    out = [render(headers), rule, *(render(line) for line in lines)]
    left = len(report) - len(rows)
    if left:
        out.append(f"{counted(left, 'row')} with no value not listed (--undefined lists them).")
    out += _left_out_summary(report.attrs.get("observer", {}))
    return "\n".join(out) + "\n"


def to_csv(report: pd.DataFrame) -> str:
    """CSV with a header, full precision, empty cells for undefined values."""
    return report.to_csv(index=False)


def to_json(report: pd.DataFrame) -> str:
    """``{"settings": ..., "left_out": [...], "rows": [...]}`` with null for undefined values."""
    rows = json.loads(report.to_json(orient="records", double_precision=15))
    settings = dict(report.attrs.get("observer", {}))
    left_out = settings.pop("left_out", [])
    return json.dumps({"settings": settings, "left_out": left_out, "rows": rows}, indent=2, default=_plain) + "\n"


def incomplete_table(report: pd.DataFrame) -> str:
    """The units left out because their rater has not completed them, segments counted from 1."""
    facts = report.attrs.get("observer", {})
    if facts.get("source") == "table":
        return "A unit,rater,value table has no completion records: every rating counts."
    left = facts.get("left_out", [])
    if not left:
        return "No unit was left out: every coded unit is complete."
    headers = ["level", "session", "segment", "rater", "values", "reason"]
    rows = [[r["level"], r["session_id"], "" if r["segment"] is None else str(r["segment"]), r["rater"],
             str(r["values"]) if r["level"] != "session aggregates" else "", r["reason"]] for r in left]
    widths = [max([len(h)] + [len(row[i]) for row in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
             for cells in [headers, ["-" * w for w in widths], *rows]]
    return f"Units left out as incomplete ({len(left)}; segments counted from 1)\n" + "\n".join(lines)


def disagreements_text(table: pd.DataFrame) -> str:
    """The largest disagreements, one line each: session, segment (counted from 1), item, each rater, size."""
    raters = [c for c in table.columns if c not in ("session_id", "segment_index", "item", "size")]
    headers = ["session", "segment", "item", *raters, "size"]
    rows = []
    for row in table.to_dict("records"):
        segment = "session" if pd.isna(row["segment_index"]) else str(int(row["segment_index"]) + 1)
        values = ["" if pd.isna(row[r]) else _plain_value(row[r]) for r in raters]
        rows.append([str(row["session_id"]), segment, str(row["item"]), *values, f"{row['size']:.2f}"])
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    right = {1, len(headers) - 1}
    lines = ["  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
             .rstrip() for cells in [headers, ["-" * w for w in widths], *rows]]
    return f"Largest disagreements ({len(table)} shown; segments counted from 1)\n" + "\n".join(lines)


def plan_text(plan, *, unit: str = "segments", per_session: float | None = None) -> str:
    """A plan as a short answer, the simulated sizes behind it and how to assign the sample."""
    what = "segments" if unit == "segments" else "sessions"
    scale = (f"a marker present in {plan.prevalence:.0%} of {what}" if plan.level == "nominal"
             else "a 1-5 rating, categories 10/20/40/20/10 %")
    lines = [f"Planning alpha's {plan.ci:.0%} interval: expected alpha {_apa(plan.alpha)}, {plan.raters} raters per "
             f"unit,", f"  {plan.level} ({scale})",
             f"For +/- {_apa(plan.half_width)} (median half-width of {plan.studies} simulated studies): "
             f"{plan.n_units} double-coded {what}",
             f"For 80% of studies to reach +/- {_apa(plan.half_width)}: {plan.n_assured} {what}", "",
             f"{what:>9}  median half-width  80th percentile  studies within +/- {_apa(plan.half_width)}"]
    lines += [f"{c.n_units:>9}  {_apa(c.median, 3):>17}  {_apa(c.assured, 3):>15}  {c.within:>6.0%}"
              for c in plan.checked]
    lines.append("")
    if unit == "segments" and per_session:
        sessions = math.ceil(plan.n_units / per_session)
        lines.append(f"In sessions of {per_session:g} segments: {sessions} sessions (segments of one session are "
                     f"counted as independent units).")
    if plan.raters == 2:
        count = f"{plan.n_units}segments" if unit == "segments" else str(plan.n_units)
        lines.append(f"To draw the sample: observer assign STUDY --raters A,B,... --double {count}")
    else:
        lines.append(f"observer assign double-codes with two raters; {plan.raters} raters per unit are assigned by "
                     f"hand.")
    lines += [f"Method: simulated studies (true score + rater error, noise {plan.noise:g}), unit bootstrap BCa,",
              f"  {plan.n_boot} resamples, seed {plan.seed}; see docs/reliability-statistics.md."]
    return "\n".join(lines) + "\n"


def plan_json(plan, *, unit: str = "segments", per_session: float | None = None) -> str:
    """A plan as JSON: the settings, the answers and every simulated size."""
    answer = {"alpha": plan.alpha, "half_width": plan.half_width, "raters": plan.raters, "level": plan.level,
              "prevalence": plan.prevalence if plan.level == "nominal" else None, "ci": plan.ci, "unit": unit,
              "n_units": plan.n_units, "n_assured": plan.n_assured,
              "n_sessions": math.ceil(plan.n_units / per_session) if unit == "segments" and per_session else None,
              "studies": plan.studies, "n_boot": plan.n_boot, "seed": plan.seed, "noise": plan.noise,
              "checked": [{"n_units": c.n_units, "median_half_width": c.median, "p80_half_width": c.assured,
                           "share_within": c.within} for c in plan.checked]}
    return json.dumps(answer, indent=2) + "\n"


def format_value(value: float) -> str:
    """Three decimals (never -0.000), or '-' for an undefined value."""
    return "-" if is_missing(value) else f"{round(value, 3) + 0.0:.3f}"


def format_interval(low: float, high: float) -> str:
    """[low, high], or empty when there is no interval."""
    return "" if is_missing(low) or is_missing(high) else f"[{format_value(low)}, {format_value(high)}]"


def is_missing(value: float) -> bool:
    """True for NaN or None."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _header(facts: dict) -> list[str]:
    """What was analysed and how the intervals were made."""
    raters = ", ".join(facts.get("raters", []))
    if facts.get("source") == "table":
        what = f"{counted(facts.get('n_units', 0), 'unit')}, raters {raters}"
    else:
        what = (f"{counted(facts.get('n_sessions', 0), 'session')}, {counted(facts.get('n_segments', 0), 'segment')} "
                f"({facts.get('n_shared_segments', 0)} coded by two or more raters), raters {raters}")
    coverage = f"{facts.get('ci', 0.95):.0%}"
    boot = facts.get("n_boot", 0)
    seed = f", seed {facts['seed']}" if facts.get("seed") is not None else ""
    method = METHOD_NAMES.get(facts.get("ci_method", "bca"), "")
    how = (f"{coverage} intervals: {method}, {boot:,} resamples{seed}" if boot or facts.get("ci_method") == "gwet"
           else f"no bootstrap intervals (--boot 0)")
    return [f"Inter-rater reliability: {what}", f"{how}; ICC: F test (Shrout & Fleiss 1979)"]


def _sections(report: pd.DataFrame) -> list[tuple[str, str]]:
    """The levels in the report, in order, with their titles."""
    return [(level, SECTIONS.get(level, f"Ratings ({level})")) for level in dict.fromkeys(report["level"])]


def _paper_targets(report: pd.DataFrame, level: str, facts: dict) -> list[tuple[str, dict[str, dict]]]:
    """The targets of one level a paper reports, each with its statistics' rows by column name."""
    part = report[report["level"] == level]
    scopes = set(part["scope"])
    if level == "rating" and "item" in scopes:
        pooled = {target for target, items in facts.get("rating_groups", {}).items() if len(items) > 1}
        covered = {item for target in pooled for item in facts["rating_groups"][target]}
        chosen = part[((part["scope"] == "item") & ~part["target"].isin(covered))
                      | ((part["scope"] == "group") & part["target"].isin(pooled))]
    else:
        preferred = "group" if level == "presence" and "group" in scopes else "item"
        chosen = part[part["scope"] == (preferred if preferred in scopes else next(iter(scopes), "item"))]
    targets: dict[tuple[str, str], dict[str, dict]] = {}
    for row in chosen.to_dict("records"):
        column = _column(row["statistic"])
        if column is None:
            continue
        cells = targets.setdefault((row["scope"], row["target"]), {})
        if column == "kappa" and "kappa" in cells and row["statistic"] == "fleiss_kappa":
            continue
        cells[column] = row
    return [(_label(scope, target, cells), cells) for (scope, target), cells in targets.items()]


def _column(statistic: str) -> str | None:
    """The paper table's column of a statistic."""
    if statistic == "percent_agreement":
        return "agreement"
    if statistic in ("cohen_kappa", "fleiss_kappa"):
        return "kappa"
    if statistic.startswith("cohen_kappa_"):
        return "w. kappa"
    if statistic == "gwet_ac1":
        return "AC1"
    if statistic.startswith("alpha"):
        return "alpha"
    return ICC_NAMES.get(statistic) if ICC_NAMES.get(statistic) in COLUMN_ORDER else None


def _label(scope: str, target: str, cells: dict[str, dict]) -> str:
    """A target as the paper table names it: groups say what they pool."""
    first = next(iter(cells.values()))
    note = str(first["note"]).split("; ")[0]
    if scope == "group" and note.startswith("any of"):
        return f"{target} (any)"
    if scope == "group" and note.startswith("pooled over"):
        return f"{target} ({note.split()[2]} pooled)"
    return str(target)


def _paper_lines(targets: list[tuple[str, dict[str, dict]]], wanted: tuple[str, ...], legend: dict) -> list[str]:
    """One section's header and lines, fitted into WIDTH columns."""
    columns = [c for c in wanted if any(c in cells for _, cells in targets)]
    empty = [c for c in columns if all(is_missing(cells[c]["value"]) for _, cells in targets if c in cells)]
    if empty and len(empty) < len(columns):
        columns = [c for c in columns if c not in empty]
        legend.setdefault("empty", set()).update(empty)
    body = []
    for label, cells in targets:
        n = next((int(cells[c]["n_units"]) for c in ("alpha", "ICC(2,1)", *columns) if c in cells), 0)
        body.append((label, str(n), [_cell(cells.get(c)) for c in columns]))
        if label.endswith(" (any)"):
            legend["any"] = ""
        for column in columns:
            row = cells.get(column)
            if row is None:
                continue
            if column.startswith("ICC"):
                legend["icc"] = ""
            if column == "kappa":
                legend.setdefault(row["statistic"], "")
            if column == "w. kappa":
                legend["weights"] = row["statistic"].removeprefix("cohen_kappa_")
            if _collapsed(row):
                legend["collapsed"] = ""
    widths = [max([len(c)] + [len(cells[i]) for _, _, cells in body]) for i, c in enumerate(columns)]
    n_width = max(1, *(len(n) for _, n, _ in body))
    room = WIDTH - sum(widths) - n_width - 2 * (len(columns) + 1)
    target_width = max(12, min(room, max(len("target"), *(len(label) for label, _, _ in body))))

    def line(label: str, n: str, cells: list[str]) -> str:
        label = label if len(label) <= target_width else label[:target_width - 1] + "…"
        return "  ".join([label.ljust(target_width), n.rjust(n_width),
                          *(c.ljust(w) for c, w in zip(cells, widths))]).rstrip()

    return [line("target", "n", columns), *(line(label, n, cells) for label, n, cells in body)]


def _cell(row: dict | None) -> str:
    """A statistic with its interval in two decimals, * when below its threshold, - when undefined."""
    if row is None or is_missing(row["value"]):
        return "-"
    text = _apa(row["value"])
    if _collapsed(row):
        return text + ("*" if row["flag"] else "") + "†"
    if not (is_missing(row["ci_low"]) or is_missing(row["ci_high"])):
        text += f" [{_apa(row['ci_low'])}, {_apa(row['ci_high'])}]"
    return text + ("*" if row["flag"] else "")


def _collapsed(row: dict) -> bool:
    """A bootstrap interval that collapsed onto its estimate (no disagreement among the units)."""
    return (row["ci_method"] in ("bca", "percentile") and not is_missing(row["ci_low"])
            and row["ci_low"] == row["ci_high"])


def _legend(legend: dict, facts: dict) -> list[str]:
    """What the columns mean, briefly."""
    kappas = [name for name, full in (("cohen_kappa", "Cohen's"), ("fleiss_kappa", "Fleiss'")) if name in legend]
    parts = []
    if kappas:
        parts.append("kappa: " + " or ".join({"cohen_kappa": "Cohen's (two raters)",
                                              "fleiss_kappa": "Fleiss' (more raters)"}[k] for k in kappas))
    if "weights" in legend:
        parts.append(f"w. kappa: Cohen's, {legend['weights']} weights")
    thresholds = facts.get("thresholds", {})
    if thresholds:
        icc = f", ICC {_apa(thresholds['icc'])}" if "icc" in legend else ""
        parts.append(f"* below alpha {_apa(thresholds['alpha'], 3)}, kappa/AC1 {_apa(thresholds['kappa'])}{icc} "
                     f"(before rounding)")
    if "any" in legend:
        parts.append("(any): any marker of the group present in the segment")
    if "empty" in legend:
        names = ", ".join(sorted(legend["empty"], key=COLUMN_ORDER.index))
        parts.append(f"left out where no value is defined: {names} (ICC: no unit rated by every rater, e.g. a "
                     f"pool of raters; --detail says why)")
    if "collapsed" in legend:
        parts.append("† no disagreement among the units: the bootstrap gives no interval")
    parts.append("n: units with two or more ratings" + (" (ICC: rated by every rater)" if "icc" in legend else ""))
    return ["; ".join(parts) + "."]


def _left_out_summary(facts: dict) -> list[str]:
    """One line on the units left out as incomplete, if any."""
    left = facts.get("left_out", [])
    parts = []
    for level, one, many in (("segment", "segment", "segments"),
                             ("session ratings", "session's ratings", "sessions' ratings"),
                             ("session aggregates", "session's aggregates", "sessions' aggregates")):
        found = [r for r in left if r["level"] == level]
        if found:
            by = pd.Series([r["rater"] for r in found]).value_counts().sort_index()
            who = ", ".join(f"{rater} {n}" for rater, n in by.items())
            parts.append(f"{len(found)} {one if len(found) == 1 else many} ({who})")
    return [f"Left out as incomplete: {'; '.join(parts)} (--incomplete lists them)."] if parts else []


def _names(labels: list[str]) -> str:
    """Up to six names, then how many more."""
    shown = ", ".join(labels[:6])
    return shown + (f" and {len(labels) - 6} more" if len(labels) > 6 else "")


def _target(scope: str, target: str, item: str) -> str:
    """A row's target, with the item for rater pairs (target and item are the same otherwise)."""
    return f"{item} · {target}" if scope == "pair" and item else str(target)


def _apa(number: float, digits: int = 2) -> str:
    """A coefficient without its leading zero: .62, -.05, 1.00."""
    text = f"{round(float(number), digits) + 0.0:.{digits}f}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _plain_value(value: object) -> str:
    """A coded value as text (3.0 -> 3)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _coverage(report: pd.DataFrame) -> float:
    """The interval coverage the report was built with."""
    return float(report.attrs.get("observer", {}).get("ci", 0.95))


def _plain(value: object) -> object:
    """JSON for numpy scalars and arrays in the settings."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)
