"""The summary screen's content: one session's ``observer.summary`` figures turned into plain records.

``digest`` runs in a worker thread: it imports pandas and the summary module, builds the
frames from a :class:`SessionSnapshot` with the store's own frame builders and calls
:func:`observer.summary.summarise`; it computes nothing itself and uses no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from observer.scheme.model import Scheme
from observer.tui.session_snapshot import SessionSnapshot

LEVELS = 5
"""Colour grades of the timeline: a significance is placed on 1-5 by its position on its scale."""


@dataclass(frozen=True)
class RuptureKind:
    """A rupture type as the screen names it: id, label and a short tag for narrow cells."""

    id: str
    label: str
    tag: str


@dataclass(frozen=True)
class SegmentLine:
    """One segment of the chosen rater: per-type significance, markers, strategies, resolution."""

    index: int
    start: float
    end: float
    coded: bool
    ratings: tuple[float | None, ...]
    significance: float | None
    level: int | None
    rupture: bool
    markers: tuple[str, ...]
    strategies: tuple[str, ...]
    resolving: bool | None
    resolved: bool | None
    unresolved: bool | None


@dataclass(frozen=True)
class Utterance:
    """An utterance quoted under a peak moment; ``evidence`` when a rater cited it."""

    start: float
    speaker: str
    text: str
    evidence: bool


@dataclass(frozen=True)
class Peak:
    """A peak moment: the segment, its highest significance and type, and an excerpt to find it on video."""

    rank: int
    segment: SegmentLine
    kind: str
    excerpt: tuple[Utterance, ...]


@dataclass(frozen=True)
class SessionDigest:
    """Everything the summary screen shows for one session and one rater choice."""

    session_id: str
    rater: str
    kinds: tuple[RuptureKind, ...]
    has_resolution: bool
    threshold: float
    segments: tuple[SegmentLine, ...]
    peaks: tuple[Peak, ...]
    figures: tuple[tuple[str, str], ...]
    ratings: tuple[tuple[str, str], ...] = ()

    @property
    def unresolved(self) -> tuple[SegmentLine, ...]:
        """The rupture segments counted as unresolved."""
        return tuple(segment for segment in self.segments if segment.unresolved)

    @property
    def empty(self) -> bool:
        """Whether the rater coded nothing in the session."""
        return not any(segment.coded for segment in self.segments)


def digest(snapshot: SessionSnapshot, rater: str) -> SessionDigest:
    """The summary of the snapshot's session for ``rater`` (a name, ``consensus`` or ``mean``)."""
    import pandas as pd

    from observer.store.frames import codes_frame, sessions_frame, utterances_frame
    from observer.summary import summarise, summary_rules

    scheme, session_id = snapshot.scheme, snapshot.session_id
    rules = summary_rules(scheme)
    kinds = _kinds(rules.ruptures)
    codes = codes_frame(snapshot, session_id=session_id)
    if codes.empty or (rater != "mean" and rater not in set(codes["rater"])):
        return SessionDigest(session_id, rater, kinds, rules.has_resolution, rules.threshold,
                             tuple(_uncoded(s.index, s.start, s.end, len(kinds)) for s in snapshot.segment_list),
                             (), ())
    segments = pd.DataFrame([(s.session_id, s.index, s.start, s.end) for s in snapshot.segment_list],
                            columns=["session_id", "segment_index", "start", "end"])
    result = summarise(codes, segments, sessions_frame(snapshot), scheme, rater=rater,
                       utterances=utterances_frame(snapshot, session_id=session_id))
    scale = _scale(scheme, rules.ruptures)
    lines = tuple(_segment(row, scheme, rules, scale) for row in result.segments.to_dict("records"))
    by_index = {line.index: line for line in lines}
    peaks = tuple(
        Peak(int(row["rank"]), by_index[int(row["segment_index"])],
             next((k.label for k in kinds if k.id == row["rupture_type"]), ""),
             _excerpt(result.excerpts, int(row["rank"])))
        for row in result.peaks.to_dict("records")
    )
    row = result.sessions.iloc[0].to_dict() if len(result.sessions) else None
    return SessionDigest(session_id, rater, kinds, rules.has_resolution, rules.threshold, lines, peaks,
                         _figures(row, scheme, rules, kinds) if row else (), _ratings(row, scheme, rules) if row else ())


def _kinds(ruptures) -> tuple[RuptureKind, ...]:
    """Rupture types with tags: initials of their labels (W, C; PW, TC), their ids when initials clash."""
    tags = ["".join(word[0] for word in rule.label.split()).upper() for rule in ruptures]
    if len(set(tags)) < len(tags):
        tags = [rule.id for rule in ruptures]
    return tuple(RuptureKind(rule.id, rule.label, tag) for rule, tag in zip(ruptures, tags))


def _scale(scheme: Scheme, ruptures) -> tuple[float, float]:
    """The lowest and highest value of the rupture ratings' scales."""
    values = [float(v) for rule in ruptures for v in scheme.item(rule.rating).scale.allowed]
    return (min(values), max(values)) if values else (1.0, float(LEVELS))


def _level(significance: float | None, scale: tuple[float, float]) -> int | None:
    """A significance placed on 1-5 by where it lies on its scale."""
    if significance is None:
        return None
    low, high = scale
    share = (significance - low) / (high - low) if high > low else 1.0
    return min(max(1 + round(share * (LEVELS - 1)), 1), LEVELS)


def _uncoded(index: int, start: float, end: float, kinds: int) -> SegmentLine:
    """A segment the rater has not coded."""
    return SegmentLine(index, start, end, False, (None,) * kinds, None, None, False, (), (), None, None, None)


def _segment(row: dict, scheme: Scheme, rules, scale: tuple[float, float]) -> SegmentLine:
    """One row of the summary's segment table as a SegmentLine."""
    if not row["coded"]:
        return _uncoded(int(row["segment_index"]), row["start"], row["end"], len(rules.ruptures))
    significance = _value(row["significance"])
    return SegmentLine(
        index=int(row["segment_index"]), start=float(row["start"]), end=float(row["end"]), coded=True,
        ratings=tuple(_value(row[f"{rule.id}_significance"]) if _flag(row[f"{rule.id}_present"]) else None
                      for rule in rules.ruptures),
        significance=significance, level=_level(significance, scale), rupture=bool(_flag(row["rupture"])),
        markers=tuple(scheme.item(i).label for i in row["markers"]),
        strategies=tuple(scheme.item(i).label for i in row["strategies"]),
        resolving=_flag(row["resolving"]), resolved=_flag(row["resolved_within_window"]),
        unresolved=_flag(row["unresolved"]),
    )


def _excerpt(excerpts, rank: int) -> tuple[Utterance, ...]:
    """The excerpt of one peak, evidence utterances marked."""
    if excerpts is None or excerpts.empty:
        return ()
    mine = excerpts[excerpts["rank"] == rank]
    cited = set(mine.loc[mine["part"] == "evidence", "utterance_index"])
    return tuple(Utterance(float(u.start), str(u.speaker), str(u.text), u.utterance_index in cited)
                 for u in mine[mine["part"] == "excerpt"].itertuples(index=False))


def _figures(row: dict, scheme: Scheme, rules, kinds: tuple[RuptureKind, ...]) -> tuple[tuple[str, str], ...]:
    """The session's counts as (label, text) pairs, in the order a trainer reads them.

    Each type's ratings are named by their scale ("significance", "salience").
    """
    figures = [("Segments coded", f"{row['segments_coded']} of {row['segments_total']}"),
               ("Rupture segments", str(row["rupture_segments"]))]
    for kind, rule in zip(kinds, rules.ruptures):
        count, scale = row[f"{kind.id}_segments"], scheme.item(rule.rating).scale
        rating = (scale.label or "rating").split(" (")[0].lower()
        mean, peak = _value(row[f"{kind.id}_mean_significance"]), _value(row[f"{kind.id}_peak_significance"])
        text = f"{count} segment{'' if count == 1 else 's'}"
        if mean is not None:
            text += f", {rating} mean {number(mean)}, peak {number(peak)}"
        figures.append((kind.label, text))
    if rules.has_resolution:
        share = _value(row["resolved_within_window_share"])
        figures += [("Unresolved ruptures", str(row["unresolved_ruptures"])),
                    ("Resolved within window", "–" if share is None else f"{share:.0%}")]
        tags = ", ".join(f"{row[f'{tag}_strategies']} {tag}" for tag in rules.strategy_tags)
        figures.append(("Strategies marked", f"{row['strategies']}" + (f" ({tags})" if tags else "")))
    return tuple(figures)


def _ratings(row: dict, scheme: Scheme, rules) -> tuple[tuple[str, str], ...]:
    """The rating groups' means and the session-level ratings as (label, text) pairs."""
    ratings = [(f"{scheme.group(g).label} mean", number(_value(row[f"{g}_mean"]))) for g in rules.rating_groups]
    for item_id in rules.session_items:
        item, value = scheme.item(item_id), _value(row[item_id])
        label = "" if value is None or not float(value).is_integer() else f" ({item.scale.label_of(int(value))})"
        ratings.append((item.label, number(value) + label))
    return tuple(ratings)


def number(value: float | None) -> str:
    """A figure as read: whole numbers without decimals, others to two places, – when missing."""
    if value is None:
        return "–"
    return f"{int(value)}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _value(value) -> float | None:
    """A float, or None for NaN, NA and None (pandas is loaded whenever a digest is built)."""
    import pandas as pd

    return None if pd.isna(value) else float(value)


def _flag(value) -> bool | None:
    """A nullable flag as True, False or None."""
    import pandas as pd

    return None if pd.isna(value) else bool(value)
