"""Session aggregates per session and rater: rupture-segment counts, strategies, global ratings."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observer.reliability._codes import StudyCodes
from observer.reliability._data import Ratings
from observer.reliability.undefined import UndefinedStatistic
from observer.scheme.model import Group, Item, RuptureType, Scheme


@dataclass(frozen=True)
class SessionMeasure:
    """One number per session and rater; ``group`` ties it to a scheme group, if any."""

    id: str
    label: str
    values: pd.Series
    level: str
    domain: tuple | None = None
    group: str | None = None

    def ratings(self) -> Ratings:
        """The measure as ratings with sessions as units."""
        values = self.values.dropna()
        domain = self.domain if self.domain is not None else tuple(sorted(values.unique()))
        codes = pd.Index(domain).get_indexer(values.to_numpy())
        sessions, raters = values.index.get_level_values(0), values.index.get_level_values(1)
        ratings = Ratings.from_arrays(sessions.to_numpy(), raters.to_numpy(dtype=str), codes, domain)
        if ratings.n_raters < 2:
            raise UndefinedStatistic(f"fewer than two raters coded whole sessions for {self.id}")
        return ratings


def item_measures(codes: StudyCodes) -> list[SessionMeasure]:
    """The session aggregates of the report's item scope.

    Per rupture type: segments with any of its markers, segments whose significance
    is at or above the scheme's threshold; for the resolution group: strategies
    marked (over all segments); then every session-level (global) item.
    """
    scheme = codes.scheme
    counts = _Counter(codes)
    measures = []
    for rupture in _rupture_types(scheme):
        if rupture.markers:
            group = scheme.group(rupture.markers)
            measures.append(counts.marker_segments(group, f"{rupture.id}_segments",
                                                   f"segments with any {rupture.label.lower()} marker"))
        if rupture.rating:
            threshold = scheme.summary.significance_threshold
            measures.append(counts.rated_at_least(scheme.item(rupture.rating), threshold,
                                                  f"{rupture.id}_significant",
                                                  f"segments with {rupture.label.lower()} significance >= {threshold:g}"))
    resolution = _resolution_group(scheme)
    if resolution is not None:
        measures.append(counts.markings(resolution, f"{resolution.id}_strategies",
                                        f"{resolution.label.lower()} marked (all segments)"))
    measures.extend(counts.global_item(item) for item in scheme.session_items)
    return measures


def group_measures(codes: StudyCodes) -> list[SessionMeasure]:
    """The session aggregates of the group scope: segments with any marker of each group."""
    counts = _Counter(codes)
    return [
        counts.marker_segments(group, group.id, f"segments with any {group.label.lower()}")
        for group in codes.scheme.groups
        if any(item.is_presence for item in group.items)
    ]


class _Counter:
    """Counts over the segments of (session, rater) pairs that completed every segment of the session."""

    def __init__(self, codes: StudyCodes) -> None:
        self.codes = codes
        self.complete = codes.complete_sessions

    def marker_segments(self, group: Group, measure: str, label: str) -> SessionMeasure:
        """Segments with any presence item of ``group`` present."""
        part = self._part([item for item in group.items if item.is_presence])
        present = part.groupby(["session_id", "rater", "segment_index"])["number"].max()
        return self._measure(measure, label, present.groupby(level=[0, 1]).sum(), group.id)

    def rated_at_least(self, item: Item, threshold: float, measure: str, label: str) -> SessionMeasure:
        """Segments where ``item`` is rated ``threshold`` or more."""
        part = self._part([item])
        high = (part["number"] >= threshold).groupby([part["session_id"], part["rater"]]).sum()
        return self._measure(measure, label, high, item.group)

    def markings(self, group: Group, measure: str, label: str) -> SessionMeasure:
        """Presence items of ``group`` marked present, summed over segments."""
        part = self._part([item for item in group.items if item.is_presence])
        marked = part["number"].groupby([part["session_id"], part["rater"]]).sum()
        return self._measure(measure, label, marked, group.id)

    def global_item(self, item: Item) -> SessionMeasure:
        """A session-level item's value per session and rater."""
        part = self._part([item])
        values = part.set_index(["session_id", "rater"])["value"]
        return SessionMeasure(item.id, item.label, values, item.scale.level, item.scale.allowed, item.group)

    def _part(self, items: list[Item]) -> pd.DataFrame:
        """The codes of these items."""
        return self.codes.frame.iloc[self.codes.rows_of(items)]

    def _measure(self, measure: str, label: str, counted: pd.Series, group: str | None) -> SessionMeasure:
        """A count over complete (session, rater) pairs, 0 where nothing was counted."""
        values = counted.reindex(self.complete, fill_value=0).astype(float)
        return SessionMeasure(measure, label, values, "interval", None, group)


def _rupture_types(scheme: Scheme) -> tuple[RuptureType, ...]:
    """The scheme's rupture types, or one per rupture group when the summary names none."""
    if scheme.summary.rupture_types:
        return scheme.summary.rupture_types
    return tuple(
        RuptureType(group.id, group.label, group.rating.id if group.rating else "", group.id)
        for group in scheme.groups
        if group.kind == "rupture"
    )


def _resolution_group(scheme: Scheme) -> Group | None:
    """The summary's resolution group, else the first group of kind resolution."""
    if scheme.summary.resolution_group:
        return scheme.group(scheme.summary.resolution_group)
    return next((group for group in scheme.groups if group.kind == "resolution"), None)
