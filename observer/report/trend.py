"""The trend section: the figures of the therapist's coded sessions up to this one, as a table and a small plot."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from observer.report.inputs import StudyFrames
from observer.report.plots import Series, Trend, trend_svg
from observer.report.raters import THERAPIST, RaterChoice, choose_rater, session_raters
from observer.report.values import mean, missing, share
from observer.summary import session_summary, trends
from observer.summary.inputs import CONSENSUS, MEAN
from observer.summary.rules import SummaryRules


def trend_section(frames: StudyFrames, session_id: str, choice: RaterChoice, rules: SummaryRules,
                  audience: str = THERAPIST) -> dict:
    """Rows, columns, plot and a note on the therapist's coded sessions up to and including ``session_id``.

    Each session uses the same codes as this session's report (``choice``:
    the same rater, consensus or mean) where it has them, else the report's
    default choice (consensus, the only rater, or the mean); the table says
    whose codes each row is. Sessions are numbered as in
    :func:`observer.summary.trends` (by date, or study order).
    """
    therapist = str(frames.session_info(session_id)["therapist"] or "")
    if not therapist:
        return _note_only("No therapist is recorded for this session, so there is no trend across sessions.")
    mine = frames.sessions[frames.sessions["therapist"].fillna("").astype(str) == therapist]
    study = frames.of_sessions(list(mine["session_id"].astype(str)))
    choices = {sid: choose_rater(study.codes, sid, _usable(choice.rater, study.codes, sid))
               for sid in study.session_ids() if session_raters(study.codes, sid)}
    if len(choices) == 1:
        return _note_only(_first(therapist))
    numbered = trends(_summary_rows(study, choices, rules), study.sessions, by="therapist")
    current = int(numbered.loc[numbered["session_id"] == session_id, "session_number"].iloc[0])
    numbered = numbered[numbered["session_number"] <= current].reset_index(drop=True)
    earlier = len(numbered) - 1
    if earlier == 0:
        return _note_only(_first(therapist))
    labels = {group: frames.scheme.group(group).label for group in rules.rating_groups}
    columns, rows = _table(numbered, {sid: c.shown(audience) for sid, c in choices.items()}, rules, labels)
    note = (f"{therapist}'s coded sessions up to this one ({earlier} earlier), numbered in the order of treatment; "
            "the shaded session is this one.")
    plot = trend_svg(Trend(
        ticks=[f"#{n}\n{d or sid}"
               for n, d, sid in zip(numbered["session_number"], numbered["date"], numbered["session_id"])],
        lines=_lines(numbered, rules, labels),
        current=len(numbered) - 1,
        y_label="Segments" if rules.ruptures else "Mean rating",
    ))
    return {"rows": rows, "columns": columns, "svg": Markup(plot), "note": note}


def _note_only(note: str) -> dict:
    """A trend section with a note and nothing to show."""
    return {"rows": [], "columns": [], "svg": None, "note": note}


def _first(therapist: str) -> str:
    """The note of a trend that has only this session."""
    return f"This is the first coded session of {therapist} in this study; a trend appears from the next one on."


def _usable(rater: str, codes: pd.DataFrame, session_id: str) -> str | None:
    """``rater`` when it fits this session, else None (the default choice)."""
    raters = session_raters(codes, session_id)
    if rater == MEAN:
        return MEAN if any(r != CONSENSUS for r in raters) else None
    return rater if rater in raters else None


def _summary_rows(study: StudyFrames, choices: dict[str, RaterChoice], rules: SummaryRules) -> pd.DataFrame:
    """One summary row per coded session, for its chosen rater."""
    codes = study.codes[study.codes["session_id"].astype(str).isin(choices)]
    every = session_summary(codes, study.segments, study.sessions, study.scheme)
    parts = [every]
    averaged = [sid for sid, choice in choices.items() if choice.rater == MEAN]
    if averaged:
        parts.append(session_summary(codes[codes["session_id"].astype(str).isin(averaged)], study.segments,
                                     study.sessions, study.scheme, rater=MEAN))
    rows = pd.concat(parts, ignore_index=True)
    wanted = pd.Series({sid: choice.rater for sid, choice in choices.items()})
    return rows[rows["rater"] == rows["session_id"].map(wanted)].reset_index(drop=True)


def _table(numbered: pd.DataFrame, codes_shown: dict[str, str], rules: SummaryRules,
           labels: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    """The trend table's header and rows, as text."""
    columns = ["#", "Date", "Session", "Client", "Codes", "Coded segments"]
    if rules.ruptures:
        columns += [f"{rule.label} segments" for rule in rules.ruptures]
    if rules.has_resolution:
        columns += ["Repaired in time", "Not repaired", "Strategies"]
    columns += [f"{labels[group]} mean" for group in rules.rating_groups]
    rows = []
    for row in numbered.to_dict("records"):
        cells = [str(row["session_number"]), row["date"], row["session_id"], row["client"],
                 codes_shown[row["session_id"]], f"{row['segments_coded']} of {row['segments_total']}"]
        cells += [str(row[f"{rule.id}_segments"]) for rule in rules.ruptures]
        if rules.has_resolution:
            cells += [share(row["resolved_within_window_share"]),
                      "" if missing(row["unresolved_ruptures"]) else str(row["unresolved_ruptures"]),
                      str(row["strategies"])]
        cells += [mean(row[f"{group}_mean"]) for group in rules.rating_groups]
        rows.append(cells)
    return columns, rows


def _lines(numbered: pd.DataFrame, rules: SummaryRules, labels: dict[str, str]) -> list[Series]:
    """The plotted figures: segments of each rupture type and unrepaired ruptures, or rating-group means."""
    def values(column: str) -> list[float | None]:
        return [None if missing(v) else float(v) for v in numbered[column]]

    if not rules.ruptures:
        return [Series(f"{labels[group]} mean", values(f"{group}_mean")) for group in rules.rating_groups]
    lines = [Series(f"{rule.label} segments", values(f"{rule.id}_segments")) for rule in rules.ruptures]
    if rules.has_resolution:
        lines.append(Series("Not repaired in time", values("unresolved_ruptures"), emphasis=True))
    return lines
