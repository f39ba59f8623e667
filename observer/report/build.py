"""The content of one session's feedback report, worked out from the study frames (the HTML is in render)."""

from __future__ import annotations

import datetime

import pandas as pd
from markupsafe import Markup

from observer.report.agreement import session_agreement
from observer.report.inputs import StudyFrames
from observer.report.plots import Series, StrategyRow, Timeline, timeline_svg
from observer.report.raters import AUDIENCES, SUPERVISOR, THERAPIST, choose_rater, observers, session_raters
from observer.report.sections import (
    glossary,
    marker_profile,
    rating_scales,
    session_ratings,
    strategy_profile,
)
from observer.report.segments import SegmentReader, window_phrase
from observer.report.trend import trend_section
from observer.report.values import clock, flag, mean, missing, number, plural, rated, time_range
from observer.errors import AnalysisError
from observer.scheme.model import Scheme
from observer.summary import summarise, summary_rules
from observer.summary.inputs import CONSENSUS, MEAN
from observer.summary.rules import SummaryRules
from observer.supervision.consensus import AGREED


def report_context(frames: StudyFrames, session_id: str, rater: str | None = None, *,
                   audience: str = THERAPIST) -> dict:
    """Everything the report template shows for one session, as plain values.

    ``rater``: a rater's name, "consensus", "mean", or None for the default
    (consensus, else the only rater, else the mean of the raters). ``audience``
    "therapist" (the default) leaves out the coders' notes, the consensus reasons,
    rater names and the scheme's internal item labels; "supervisor" shows them.
    Raises ``AnalysisError`` for an unknown session or a session without such codes.
    """
    if audience not in AUDIENCES:
        raise AnalysisError(f"unknown audience {audience!r}", field="audience", hint="Use therapist or supervisor.")
    supervisor = audience == SUPERVISOR
    info = frames.session_info(session_id)
    scheme = frames.scheme
    rules = summary_rules(scheme)
    choice = choose_rater(frames.codes, session_id, rater)
    here = frames.of_sessions([session_id])
    result = summarise(here.codes, here.segments, here.sessions, scheme, rater=choice.rater,
                       utterances=here.utterances)
    table = result.segments
    row = result.sessions.iloc[0].to_dict()
    reader = SegmentReader(scheme, rules, here.codes, choice)
    rows = reader.timeline_rows(table)
    agreement = session_agreement(here.codes, here.segments, scheme, session_id)
    raters = session_raters(here.codes, session_id)
    return {
        "title": f"Session {session_id}",
        "prepared": datetime.date.today().isoformat(),
        "session": _session(info, row),
        "scheme": {"name": scheme.name, "id": scheme.id, "version": scheme.version, "source": scheme.source},
        "audience": audience,
        "codes": {"label": choice.shown(audience), "reason": choice.reason if supervisor else "",
                  "coded_by": ", ".join(raters) if supervisor else observers(len(set(raters) - {CONSENSUS})),
                  "compared": (" and ".join(agreement.raters) if supervisor else observers(len(agreement.raters)))
                  if agreement else ""},
        "agreement": agreement,
        "ruptures": bool(rules.ruptures),
        "resolution": rules.has_resolution,
        "window": window_phrase(rules.window),
        "min_impact": None if rules.min_impact is None else number(rules.min_impact),
        "threshold": number(rules.threshold),
        "rating_word": _rating_word(scheme, rules),
        "headline": _headline(row, table, scheme, rules),
        "figures": {"ruptures": int(row["rupture_segments"]) if rules.ruptures else "",
                    "unresolved": "" if missing(row["unresolved_ruptures"]) else int(row["unresolved_ruptures"])},
        "timeline": {"svg": _timeline_svg(table, reader, scheme, rules), "rows": rows, "scale": _ends(scheme, rules)},
        "peaks": _peaks(result, reader, here, scheme, rules, supervisor=supervisor),
        "unresolved": {"rows": [r for r in rows if r["unresolved"]], "unclear": _unclear(table)},
        "markers": marker_profile(row, scheme, rules),
        "strategies": strategy_profile(row, table, reader, scheme, rules),
        "ratings": session_ratings(row, scheme, rules),
        "trend": trend_section(frames, session_id, choice, rules, audience),
        "glossary": glossary(scheme, rules),
        "scales": rating_scales(scheme, rules),
    }


def _session(info: dict, row: dict) -> dict:
    """Session facts for the header."""
    duration = info.get("duration")
    return {
        "id": str(info["session_id"]),
        "date": info.get("date") or "",
        "therapist": info.get("therapist") or "",
        "client": info.get("client") or "",
        "duration": "" if missing(duration) else clock(duration),
        "segments_total": int(row["segments_total"]),
        "segments_coded": int(row["segments_coded"]),
    }


def _rating_word(scheme: Scheme, rules: SummaryRules) -> str:
    """What the rupture ratings measure, in one word: "significance", "salience"."""
    if not rules.ruptures:
        return ""
    scale = scheme.item(rules.ruptures[0].rating).scale
    return (scale.label or scale.id).split(" (")[0].lower()


def _headline(row: dict, table: pd.DataFrame, scheme: Scheme, rules: SummaryRules) -> list[str]:
    """A few plain sentences with the session's main figures."""
    coded, total = int(row["segments_coded"]), int(row["segments_total"])
    if scheme.whole_session:
        lines = ["Rated once, for the whole session." if coded else "Not rated yet."]
    else:
        lines = [f"{coded} of {plural(total, 'segment')} coded."]
    for group_id, items in rules.rating_groups.items():
        scale = scheme.item(items[0]).scale
        if not missing(row[f"{group_id}_mean"]):
            lines.append(f"{scheme.group(group_id).label}: {mean(row[f'{group_id}_mean'])} on average "
                         f"(scale {min(scale.allowed)}–{max(scale.allowed)}).")
    if not rules.ruptures:
        return lines
    ruptures = int(row["rupture_segments"])
    if ruptures == 0:
        lines.append("No rupture was coded: the collaboration held throughout the coded segments.")
        return lines
    kinds = ", ".join(f"{rule.label.lower()} in {int(row[f'{rule.id}_segments'])}" for rule in rules.ruptures
                      if int(row[f"{rule.id}_segments"]))
    lines.append(f"Ruptures were coded in {ruptures} of {plural(coded, 'segment')} ({kinds}).")
    if not rules.has_resolution:
        return lines
    resolved = table["resolved_within_window"].dropna()
    if len(resolved):
        lines.append(f"{int(resolved.sum())} of {plural(len(resolved), 'rupture segment')} had a repair strategy "
                     f"{window_phrase(rules.window)}.")
    unresolved = int(table["unresolved"].fillna(False).sum())
    if unresolved:
        lines.append(f"{plural(unresolved, 'rupture')} of significance {number(rules.threshold)} or more "
                     f"{'was' if unresolved == 1 else 'were'} not repaired in time: worth a look together.")
    strategies = int(row["strategies"])
    tags = ", ".join(f"{int(row[f'{tag}_strategies'])} {tag}" for tag in rules.strategy_tags)
    lines.append(f"{plural(strategies, 'resolution strategy', 'resolution strategies')} marked"
                 + (f" ({tags})." if tags and strategies else "."))
    return lines


def _timeline_svg(table: pd.DataFrame, reader: SegmentReader, scheme: Scheme, rules: SummaryRules) -> Markup | None:
    """The timeline figure as SVG, when there is anything per segment to plot."""
    figure = _figure(table, reader, scheme, rules)
    return Markup(timeline_svg(figure)) if figure else None


def _ends(scheme: Scheme, rules: SummaryRules) -> str:
    """The rupture rating scale's ends in words, e.g. "1 = very low, 5 = very high"."""
    if not rules.ruptures:
        return ""
    values = scheme.item(rules.ruptures[0].rating).scale.values
    return f"{values[0].value} = {values[0].label}, {values[-1].value} = {values[-1].label}"


def _figure(table: pd.DataFrame, reader: SegmentReader, scheme: Scheme, rules: SummaryRules) -> Timeline | None:
    """What the timeline plots: each rupture type's rating per segment, or rating-group means per segment."""
    def values(column: str) -> list[float | None]:
        return [None if missing(v) else float(v) for v in table[column]]

    if rules.ruptures:
        series = [Series(rule.label, values(f"{rule.id}_significance")) for rule in rules.ruptures]
        scale = scheme.item(rules.ruptures[0].rating).scale
    elif rules.rating_groups and len(table) > 1:
        series = [Series(scheme.group(g).label, values(f"{g}_mean")) for g in rules.rating_groups]
        scale = scheme.item(next(iter(rules.rating_groups.values()))[0]).scale
    else:
        return None
    return Timeline(
        ticks=[f"{int(r['segment_index']) + 1}\n{clock(r['start'])}" for r in table.to_dict("records")],
        series=series,
        scale=[float(v) for v in scale.allowed],
        coded=[bool(c) for c in table["coded"]],
        unresolved=[flag(u) is True for u in table["unresolved"]],
        strategies=_strategy_rows(table, reader, rules),
        threshold=rules.threshold if rules.has_resolution else None,
        y_label=(scale.label or scale.id).split(" (")[0],
    )


def _strategy_rows(table: pd.DataFrame, reader: SegmentReader, rules: SummaryRules) -> list[StrategyRow]:
    """One strip row per strategy tag (one row "Strategies" without tags): counts and whether one counted."""
    if not rules.strategies:
        return []
    groups = {tag.capitalize(): set(members) for tag, members in rules.strategy_tags.items()} or {
        "Strategies": set(rules.strategies)}
    rows = []
    for label, members in groups.items():
        counts, counted = [], []
        for row in table.to_dict("records"):
            marked = [s for s in row["strategies"] if s in members]
            impacts = [reader.impacts.get((int(row["segment_index"]), s)) for s in marked]
            counts.append(len(marked))
            counted.append(any(reader.counts(i) for i in impacts))
        rows.append(StrategyRow(label, counts, counted))
    return rows


def _peaks(result, reader: SegmentReader, here: StudyFrames, scheme: Scheme, rules: SummaryRules, *,
           supervisor: bool) -> list[dict]:
    """The peak moments: markers, strategies, repair status, excerpt, evidence (and notes for a supervisor)."""
    excerpts = result.excerpts
    labels = {rule.id: rule.label for rule in rules.ruptures}
    peaks = []
    for row in result.peaks.to_dict("records"):
        mine = excerpts[(excerpts["rater"] == row["rater"]) & (excerpts["rank"] == row["rank"])]
        evidence = mine[mine["part"] == "evidence"]
        type_id = row["rupture_type"]
        peaks.append({
            "rank": int(row["rank"]),
            "segment": int(row["segment_index"]) + 1,
            "time": time_range(row["start"], row["end"]),
            "start": clock(row["start"]),
            "type": labels.get(type_id, ""),
            "significance": rated(row["significance"], scheme.item(_rating_of(rules, type_id)).scale),
            "ratings": reader.ratings(row),
            "markers": reader.markers(row),
            "strategies": reader.strategies(row),
            "repair": reader.repair(row),
            "excerpt": _utterances(mine[mine["part"] == "excerpt"], scheme, rules, supervisor=supervisor),
            "excerpt_note": "around the first utterance marked as evidence" if len(evidence)
            else "the start of the segment (no utterance was marked as evidence)",
            "evidence": _utterances(evidence, scheme, rules, supervisor=supervisor),
            "notes": _notes(here.codes, row, scheme) if supervisor else [],
        })
    return peaks


def _rating_of(rules: SummaryRules, type_id: str) -> str:
    """The rating item of a rupture type."""
    return next(rule.rating for rule in rules.ruptures if rule.id == type_id)


def _utterances(rows: pd.DataFrame, scheme: Scheme, rules: SummaryRules, *, supervisor: bool) -> list[dict]:
    """Utterances for the template: time, speaker, text and what the coders marked them as evidence for."""
    cited = (lambda ids: [scheme.item(i).label for i in ids]) if supervisor else (
        lambda ids: list(dict.fromkeys(_plain_label(i, scheme, rules) for i in ids)))
    return [{"clock": clock(u["start"]), "speaker": u["speaker"], "text": u["text"], "cited_for": cited(u["items"])}
            for u in rows.to_dict("records")]


def _plain_label(item_id: str, scheme: Scheme, rules: SummaryRules) -> str:
    """An item as a therapist reads it: a rating stands for what it rates (the strategy, or the kind of rupture)."""
    item = scheme.item(item_id)
    if item.is_presence or not item.is_conditional:
        return item.label
    rupture = next((rule.label for rule in rules.ruptures if rule.rating == item_id), None)
    if rupture is not None:
        return f"{rupture} rupture"
    if len(item.depends_on) == 1:
        return scheme.item(item.depends_on[0]).label
    return scheme.group(item.group).label if item.group else item.label


def _notes(codes: pd.DataFrame, peak: dict, scheme: Scheme) -> list[dict]:
    """The notes on the items of a peak's segment, each with who wrote it (supervisor's copy only).

    A rater's report shows that rater's notes; consensus or mean shows every rater's, and
    consensus adds the supervisor's reasons (not the automatic "agreed by ..." of adopted values).
    """
    segment = pd.to_numeric(codes["segment_index"], errors="coerce")
    mine = codes[(segment == peak["segment_index"]) & codes["note"].fillna("").astype(str).str.strip().ne("")]
    raters = mine["rater"].astype(str)
    if peak["rater"] in (MEAN, CONSENSUS):
        decided = (raters == CONSENSUS) & ~mine["note"].astype(str).str.startswith(AGREED)
        mine = mine[(raters != CONSENSUS) | decided] if peak["rater"] == CONSENSUS else mine[raters != CONSENSUS]
    else:
        mine = mine[raters == peak["rater"]]
    return [{"item": scheme.item(r["item"]).label, "text": r["note"],
             "who": "consensus reason" if r["rater"] == CONSENSUS else str(r["rater"])}
            for r in mine.to_dict("records")]


def _unclear(table: pd.DataFrame) -> int:
    """Rupture segments whose repair cannot be judged (a later segment uncoded, or an impact not rated)."""
    return int((table["rupture"].fillna(False) & table["resolved_within_window"].isna()).sum())
