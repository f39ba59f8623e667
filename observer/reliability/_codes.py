"""A study's long-format codes (DESIGN.md 4.2), validated against its scheme and ready to pivot."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from observer.errors import AnalysisError
from observer.reliability._complete import complete_units
from observer.reliability._data import Ratings
from observer.reliability.undefined import UndefinedStatistic
from observer.scheme.model import Item, Scheme

REQUIRED = ("session_id", "segment_index", "rater", "item", "value")
CONSENSUS = "consensus"
"""Consensus codes are not an independent rater and never enter reliability."""


@dataclass(frozen=True, eq=False)
class StudyCodes:
    """Codes of complete units with values parsed by their item's scale, one integer ``unit`` per segment or session.

    ``frame`` has columns session_id, segment_index (NA for session items),
    rater, item, value, code (the value's index on its scale), number (the
    value as a float, NaN for nominal values) and unit; consensus codes, empty
    values and the codes of incomplete units are left out. ``left_out`` lists the
    incomplete units (``_complete.LEFT_OUT_COLUMNS``), ``complete_sessions`` the
    (session, rater) pairs whose every segment is complete.
    """

    frame: pd.DataFrame
    scheme: Scheme
    left_out: pd.DataFrame
    complete_sessions: pd.MultiIndex

    @classmethod
    def from_frame(cls, codes: object, scheme: Scheme, *, completed: pd.DataFrame | None = None,
                   n_segments: Mapping[str, int] | None = None) -> StudyCodes:
        """Validate a codes frame (columns, known items, values on scale, one code per rater and unit) and keep
        the codes of complete units (see ``_complete``)."""
        if not isinstance(codes, pd.DataFrame):
            raise AnalysisError(f"expected the codes as a pandas DataFrame, got {type(codes).__name__}",
                                hint="Pass the long-format codes of DESIGN.md 4.2 (e.g. from observer export).")
        missing = [c for c in REQUIRED if c not in codes.columns]
        if missing:
            raise AnalysisError(
                f"codes lack column(s) {', '.join(missing)}; found {list(codes.columns)}",
                field=missing[0],
                hint="Use the long format of `observer export --what codes`, or pass a generic unit/rater/value "
                     "table with level= and no scheme.",
            )
        if not codes.index.is_unique:
            codes = codes.reset_index(drop=True)
        frame = codes.loc[codes["value"].notna() & (codes["rater"].astype(str) != CONSENSUS), list(REQUIRED)].copy()
        frame["session_id"], frame["rater"] = frame["session_id"].astype(str), frame["rater"].astype(str)
        _check_items(frame, scheme)
        frame["value"], frame["code"] = _parsed_values(frame, scheme)
        frame["number"] = pd.to_numeric(frame["value"].where(frame["value"].map(type) != str), errors="coerce")
        session_items = {item.id for item in scheme.session_items}
        on_session = frame["item"].isin(session_items)
        frame["segment_index"] = pd.to_numeric(frame["segment_index"], errors="coerce").astype("Int64")
        frame.loc[on_session, "segment_index"] = pd.NA
        _check_segments(frame, on_session)
        _check_duplicates(frame)
        completion = complete_units(frame, scheme, completed, n_segments)
        frame = completion.kept.copy()
        frame["unit"] = frame.groupby(["session_id", frame["segment_index"].fillna(-1)], sort=False).ngroup()
        return cls(frame.reset_index(drop=True), scheme, completion.left_out, completion.complete_sessions)

    @cached_property
    def _rows_by_item(self) -> dict[str, np.ndarray]:
        """Row positions of each item's codes."""
        return {k: np.asarray(v) for k, v in self.frame.groupby("item", sort=False).indices.items()}

    @cached_property
    def _item_positions(self) -> dict[str, int]:
        """Each item's position in the scheme."""
        return {item.id: i for i, item in enumerate(self.scheme.items)}

    @cached_property
    def _columns(self) -> dict[str, np.ndarray]:
        """Unit, rater, scale index and item position of every row, as numpy arrays."""
        return {
            "unit": self.frame["unit"].to_numpy(dtype=np.int64),
            "rater": self.frame["rater"].astype(str).to_numpy(),
            "code": self.frame["code"].to_numpy(dtype=np.int64),
            "item": self.frame["item"].map(self._item_positions).to_numpy(dtype=np.int64),
        }

    @cached_property
    def raters(self) -> tuple[str, ...]:
        """The raters, sorted."""
        return tuple(sorted(self.frame["rater"].astype(str).unique()))

    def rows_of(self, items: Sequence[Item]) -> np.ndarray:
        """Row positions of the codes of these items."""
        parts = [self._rows_by_item.get(item.id, np.empty(0, dtype=np.intp)) for item in items]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.intp)

    def ratings(self, items: Sequence[Item], rows: np.ndarray | None = None) -> Ratings:
        """Ratings of items sharing one scale; with several items a unit is (segment, item).

        ``rows`` restricts to some row positions (e.g. one session's); raises
        ``UndefinedStatistic`` when fewer than two raters remain.
        """
        column = self._columns
        wanted = self.rows_of(items) if rows is None else rows
        units = column["unit"][wanted]
        if len(items) > 1:
            local = np.full(len(self.scheme.items), -1, dtype=np.int64)
            local[[self._item_positions[item.id] for item in items]] = np.arange(len(items))
            units = units * len(items) + local[column["item"][wanted]]
        return _ratings(units, column["rater"][wanted], column["code"][wanted], items[0].scale.allowed,
                        self._what(", ".join(i.id for i in items)))

    def any_present(self, items: Sequence[Item], what: str, rows: np.ndarray | None = None) -> Ratings:
        """Per segment and rater: 1 when any of these presence items (``what``) is present, else 0."""
        wanted = self.rows_of(items) if rows is None else rows
        top = self.frame.iloc[wanted].groupby(["unit", "rater"], sort=False)["number"].max()
        units, raters = top.index.get_level_values(0), top.index.get_level_values(1)
        codes = pd.Index(items[0].scale.allowed).get_indexer(top.to_numpy())
        return _ratings(units.to_numpy(), raters, codes, items[0].scale.allowed, self._what(what))

    def _what(self, items: str) -> str:
        """What a rating set is of, in a reason: 'wd_a', or 'wd_a in a complete unit' when units were left out."""
        return f"{items} in a complete unit" if len(self.left_out) else items

    def by_session(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """These row positions split by session, sessions in order of appearance."""
        sessions = self.frame["session_id"].to_numpy()[rows]
        return {str(k): rows[v] for k, v in pd.Series(sessions).groupby(sessions, sort=False).indices.items()}


def _ratings(units: np.ndarray, raters: np.ndarray, codes: np.ndarray, domain: tuple, what: str) -> Ratings:
    """Ratings over a scale's values; fewer than two raters is undefined."""
    ratings = Ratings.from_arrays(units, np.asarray(raters, dtype=str), np.asarray(codes), domain)
    if ratings.n_raters == 0:
        raise UndefinedStatistic(f"nobody coded {what}")
    if ratings.n_raters == 1:
        raise UndefinedStatistic(f"only one rater ({ratings.raters[0]}) coded {what}")
    return ratings


def _check_items(frame: pd.DataFrame, scheme: Scheme) -> None:
    """Every coded item must be in the scheme."""
    known = {item.id for item in scheme.items}
    unknown = sorted(set(frame["item"].astype(str)) - known)
    if unknown:
        raise AnalysisError(
            f"items {', '.join(unknown[:5])} are not in scheme {scheme.id} {scheme.version}",
            field="item",
            hint="Analyse the codes with the scheme they were made with.",
        )


def _parsed_values(frame: pd.DataFrame, scheme: Scheme) -> tuple[pd.Series, pd.Series]:
    """Values turned into their scale's values (``"1"`` -> 1) and their index on the scale.

    Off-scale values raise with their row.
    """
    parsed = pd.Series(index=frame.index, dtype=object)
    codes = pd.Series(-1, index=frame.index, dtype=np.int64)
    for item_id, rows in frame.groupby("item", sort=False).groups.items():
        scale = scheme.item(item_id).scale
        raw = frame.loc[rows, "value"]
        mapping = {}
        for value in raw.unique():
            try:
                mapping[value] = scale.parse(value)
            except ValueError as error:
                row = raw.index[raw == value][0]
                raise AnalysisError(
                    f"row {row}: {error}",
                    field="value",
                    hint=f"Fix the value of item {item_id} (session {frame.at[row, 'session_id']}, "
                         f"rater {frame.at[row, 'rater']}).",
                ) from None
        parsed.loc[rows] = raw.map(mapping)
        codes.loc[rows] = raw.map({k: scale.allowed.index(v) for k, v in mapping.items()}).to_numpy(dtype=np.int64)
    return parsed, codes


def _check_segments(frame: pd.DataFrame, on_session: pd.Series) -> None:
    """Segment items need a segment index."""
    lacking = frame.index[~on_session & frame["segment_index"].isna()]
    if len(lacking):
        raise AnalysisError(
            f"row(s) {', '.join(map(str, lacking[:5]))} code a segment item without a segment_index",
            field="segment_index",
            hint="Give every segment code its 0-based segment number.",
        )


def _check_duplicates(frame: pd.DataFrame) -> None:
    """One code per session, segment, rater and item."""
    keys = ["session_id", "segment_index", "rater", "item"]
    twice = frame[frame.duplicated(keys, keep=False)]
    if len(twice):
        first = twice.iloc[0]
        raise AnalysisError(
            f"rater {first['rater']} coded item {first['item']} of session {first['session_id']} segment "
            f"{first['segment_index']} more than once (rows {', '.join(map(str, twice.index[:4]))})",
            field="value",
            hint="Keep one code per rater, unit and item (e.g. the latest by coded_at).",
        )
