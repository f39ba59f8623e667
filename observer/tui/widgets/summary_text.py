"""The summary screen's text: the session's figures, peak moments, unresolved ruptures, segment by segment."""

from __future__ import annotations

from typing import ClassVar

from observer.tui.summary_digest import SegmentLine, SessionDigest, number
from observer.tui.timefmt import clock
from observer.tui.widgets.styled_lines import Line, Spans, StyledLines

EVIDENCE = "◆"


class SummaryText(StyledLines):
    """A section of the summary: figures, peak moments, unresolved ruptures or segments."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "summary--label", "summary--muted", "summary--marker", "summary--strategy",
        "summary--unresolved", "summary--resolved", "summary--time", "summary--evidence",
    }


def time_range(segment: SegmentLine) -> str:
    """A segment's time range as m:ss–m:ss."""
    return f"{clock(segment.start)}–{clock(segment.end)}"


def figure_lines(digest: SessionDigest) -> list[Line]:
    """The session's counts, then its ratings, each block aligned on its own labels."""
    if not digest.figures:
        return [Line([("No codes in this session yet.", "summary--muted")])]
    lines = _aligned(digest.figures)
    return lines + [Line([]), *_aligned(digest.ratings)] if digest.ratings else lines


def _aligned(pairs: tuple[tuple[str, str], ...]) -> list[Line]:
    """(label, text) pairs, one per line, the texts in one column."""
    width = max(len(label) for label, _ in pairs)
    return [Line([(label.ljust(width) + "  ", "summary--label"), (text, "")], width + 2) for label, text in pairs]


def peak_lines(digest: SessionDigest) -> list[Line]:
    """Each peak moment: time range, type and significance, markers, then its transcript excerpt."""
    if not digest.peaks:
        return [Line([("None: no rupture with a significance rating.", "summary--muted")])]
    lines: list[Line] = []
    for peak in digest.peaks:
        segment = peak.segment
        lines.append(Line([(f"{peak.rank}. ", "summary--label"), (time_range(segment), "summary--time"),
                           (f"  segment {segment.index + 1}  {peak.kind} {number(segment.significance)}",
                            "summary--label"), *_resolution(segment)], 3))
        lines += _items_lines(segment)
        for utterance in peak.excerpt:
            mark = (f" {EVIDENCE}", "summary--evidence") if utterance.evidence else ("", "")
            lines.append(Line([(f"   {clock(utterance.start)} ", "summary--time"),
                               (f"{utterance.speaker}: ", "summary--label"), (utterance.text, ""), mark], 5))
    return lines


def unresolved_lines(digest: SessionDigest) -> list[Line]:
    """The rupture segments at or above the threshold with no strategy in the window."""
    if not digest.has_resolution:
        return [Line([("The scheme has no resolution group: resolution is not summarised.", "summary--muted")])]
    if not digest.unresolved:
        return [Line([(f"None: every rupture at or above {number(digest.threshold)} was followed by a strategy.",
                       "summary--muted")])]
    return [Line([(time_range(s), "summary--time"), (f"  segment {s.index + 1}  ", "summary--label"),
                  (_ratings(digest, s), "summary--unresolved"), ("  " + ", ".join(s.markers), "summary--marker")], 3)
            for s in digest.unresolved]


def segment_lines(digest: SessionDigest) -> list[Line]:
    """Every segment: time, significance per type, markers, strategies, resolution."""
    lines: list[Line] = []
    width = max((len(time_range(segment)) for segment in digest.segments), default=0) + 1
    for segment in digest.segments:
        head: Spans = [(f"{segment.index + 1:>2} ", "summary--label"),
                       (time_range(segment).ljust(width), "summary--time")]
        if not segment.coded:
            lines.append(Line(head + [("not coded", "summary--muted")]))
            continue
        rating = (_ratings(digest, segment), "summary--label") if segment.rupture else ("no rupture", "summary--muted")
        lines.append(Line(head + [rating, *_resolution(segment)], width + 3))
        lines += _items_lines(segment)
    return lines


def _items_lines(segment: SegmentLine) -> list[Line]:
    """A segment's markers and strategies, a line each when there are any."""
    lines = []
    for name, labels, style in (("markers", segment.markers, "summary--marker"),
                                ("strategies", segment.strategies, "summary--strategy")):
        if labels:
            lines.append(Line([(f"   {name}: ", "summary--muted"), (", ".join(labels), style)], len(name) + 5))
    return lines


def _ratings(digest: SessionDigest, segment: SegmentLine) -> str:
    """Each present type with its significance: "Withdrawal 2, Confrontation 4"."""
    return ", ".join(f"{kind.label} {number(rating)}" for kind, rating in zip(digest.kinds, segment.ratings)
                     if rating is not None)


def _resolution(segment: SegmentLine) -> Spans:
    """Unresolved, or resolved within the window, for rupture segments."""
    if segment.unresolved:
        return [("  ! unresolved", "summary--unresolved")]
    if segment.rupture and segment.resolved:
        return [("  ✓ resolved", "summary--resolved")]
    return []
