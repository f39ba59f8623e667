"""Text, CSV and JSON output of summaries for ``observer summary``."""

from __future__ import annotations

import json
import math

import pandas as pd

from observer.errors import AnalysisError
from observer.scheme.model import Scheme
from observer.summary.rules import SummaryRules, summary_rules
from observer.summary.study import Summary, summarise
from observer.tables import csv_output, format_duration, format_table, json_text, terminal_text

FORMATS = ("table", "csv", "json")


def summary_for_cli(
    codes: pd.DataFrame,
    segments: pd.DataFrame,
    sessions: pd.DataFrame,
    scheme: Scheme,
    *,
    session: str | None = None,
    rater: str | None = None,
    fmt: str = "table",
) -> str:
    """The text ``observer summary`` prints: the study's session summary, or one session in detail.

    ``fmt`` "table" is for reading (one session adds its segment timeline and
    peak moments), "csv" is the session summary, "json" an object with
    ``scheme``, ``rater`` and ``sessions`` (plus ``segments`` and ``peaks``
    for one session).
    """
    if fmt not in FORMATS:
        raise AnalysisError(f"unknown format {fmt!r}", field="format", hint="Use table, csv or json.")
    if session is not None:
        codes, segments, sessions = _one_session(session, codes, segments, sessions)
    result = summarise(codes, segments, sessions, scheme, rater=rater)
    if fmt == "csv":
        return csv_output(result.sessions)
    if fmt == "json":
        return _json(result, scheme, detailed=session is not None)
    rules = summary_rules(scheme)
    if result.sessions.empty:
        return "No codes yet" + (f" for session {terminal_text(session)}." if session else ".")
    text = session_table(result.sessions, scheme, rules)
    if session is None:
        return text
    return "\n\n".join([_heading(result.sessions.iloc[0], scheme), text, *_details(result, scheme, rules)])


def session_table(summary: pd.DataFrame, scheme: Scheme, rules: SummaryRules | None = None) -> str:
    """The main session figures as an aligned plain-text table."""
    rules = rules or summary_rules(scheme)
    headers = ["session", "rater", "therapist", "date", "coded", "ruptures"]
    for rule in rules.ruptures:
        headers += [rule.label, f"{rule.label} peak"]
    if rules.has_resolution:
        headers += ["unresolved", "resolved in window", *rules.strategy_tags]
    headers += [scheme.group(g).label + " mean" for g in rules.rating_groups]
    headers += list(rules.session_items)
    rows = []
    for values in summary.to_dict("records"):
        cells = [values["session_id"], values["rater"], values["therapist"], values["date"],
                 f"{values['segments_coded']}/{values['segments_total']}", values["rupture_segments"]]
        for rule in rules.ruptures:
            cells += [values[f"{rule.id}_segments"], _number(values[f"{rule.id}_peak_significance"])]
        if rules.has_resolution:
            share = values["resolved_within_window_share"]
            cells += [values["unresolved_ruptures"], "" if _missing(share) else f"{share:.0%}"]
            cells += [values[f"{tag}_strategies"] for tag in rules.strategy_tags]
        cells += [_number(values[f"{g}_mean"]) for g in rules.rating_groups]
        cells += [_number(values[i]) for i in rules.session_items]
        rows.append(cells)
    return format_table(headers, rows)


def _one_session(session: str, codes, segments, sessions):
    """The three frames cut down to one session; ``AnalysisError`` when the study has no such session."""
    ids = sessions["session_id"].astype(str)
    if session not in set(ids):
        known = ", ".join(ids.head(8)) + (" ..." if len(ids) > 8 else "")
        raise AnalysisError(
            f"there is no session {session!r}", field="session", hint=f"Choose one of: {known or 'none yet'}."
        )
    return (
        codes[codes["session_id"].astype(str) == session],
        segments[segments["session_id"].astype(str) == session],
        sessions[ids == session],
    )


def _heading(row: pd.Series, scheme: Scheme) -> str:
    """One line naming the session, its people and date, and the scheme."""
    parts = [f"Session {row['session_id']}"]
    parts += [f"{label} {row[key]}" for label, key in (("therapist", "therapist"), ("client", "client")) if row[key]]
    if row["date"]:
        parts.append(row["date"])
    parts.append(f"scheme {scheme.id} {scheme.version}")
    return terminal_text(" | ".join(parts))


def _details(result: Summary, scheme: Scheme, rules: SummaryRules) -> list[str]:
    """Per rater: the segment timeline and the peak moments."""
    blocks = []
    for rater, table in result.segments.groupby("rater", sort=False):
        blocks.append(f"Timeline ({terminal_text(rater)})\n" + _timeline(table, scheme, rules))
        peaks = result.peaks[result.peaks["rater"] == rater]
        if rules.ruptures:
            blocks.append(f"Peak moments ({terminal_text(rater)})\n" + _peaks(peaks, scheme, rules))
    return blocks


def _timeline(table: pd.DataFrame, scheme: Scheme, rules: SummaryRules) -> str:
    """One line per segment (numbered from 1, as the coder shows them): time, ratings, markers, strategies."""
    headers = ["segment", "time", *(rule.label for rule in rules.ruptures), "markers"]
    if rules.has_resolution:
        headers += ["strategies", "resolved", "unresolved"]
    headers += [scheme.group(g).label + " mean" for g in rules.rating_groups]
    rows = []
    for row in table.to_dict("records"):
        coded = row["coded"]
        cells = [int(row["segment_index"]) + 1, _time_range(row["start"], row["end"])]
        cells += [_number(row[f"{rule.id}_significance"]) if coded else "-" for rule in rules.ruptures]
        cells.append(_labels(row["markers"], scheme) if coded else "(not coded)")
        if rules.has_resolution:
            cells += [_labels(row["strategies"], scheme), _flag(row["resolved_within_window"], row["rupture"]),
                      _flag(row["unresolved"], row["rupture"], only_true=True)]
        cells += [_number(row[f"{g}_mean"]) for g in rules.rating_groups]
        rows.append(cells)
    return format_table(headers, rows)


def _peaks(peaks: pd.DataFrame, scheme: Scheme, rules: SummaryRules) -> str:
    """Numbered peak moments with time range, type and significance, markers and strategies."""
    if peaks.empty:
        return "  none (no rupture with a rating)"
    labels = {rule.id: rule.label for rule in rules.ruptures}
    lines = []
    for row in peaks.to_dict("records"):
        segment = int(row["segment_index"]) + 1
        line = (f"  {row['rank']}. {_time_range(row['start'], row['end'])} (segment {segment}): "
                f"{labels.get(row['rupture_type'], '')} {_number(row['significance'])}; "
                f"markers: {_labels(row['markers'], scheme) or 'none'}")
        if rules.has_resolution:
            line += f"; strategies: {_labels(row['strategies'], scheme) or 'none'}"
        lines.append(terminal_text(line))
    return "\n".join(lines)


def _json(result: Summary, scheme: Scheme, *, detailed: bool) -> str:
    """The summary as one JSON object."""
    document = {
        "scheme": {"id": scheme.id, "version": scheme.version},
        "rater": result.rater,
        "sessions": json.loads(result.sessions.to_json(orient="records")),
    }
    if detailed:
        document["segments"] = json.loads(result.segments.to_json(orient="records"))
        document["peaks"] = json.loads(result.peaks.to_json(orient="records"))
    return json_text(document, indent=2)


def _labels(ids: tuple[str, ...], scheme: Scheme) -> str:
    """Item labels joined by commas."""
    return ", ".join(scheme.item(i).label for i in ids)


def _time_range(start: float, end: float) -> str:
    """A segment's time range as m:ss-m:ss."""
    if _missing(start) or _missing(end):
        return ""
    return f"{format_duration(start)}-{format_duration(end)}"


def _flag(value, rupture, *, only_true: bool = False) -> str:
    """yes / no / ? for a rupture segment's flag; empty elsewhere."""
    if _missing(rupture) or not rupture:
        return ""
    if value is pd.NA:
        return "?"
    return "yes" if value else ("" if only_true else "no")


def _number(value) -> float | int | None:
    """A figure for a table cell: None when missing, whole numbers as int."""
    if _missing(value):
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)


def _missing(value) -> bool:
    """True for None, NA and NaN."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
