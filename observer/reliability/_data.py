"""Long-format ratings in, a validated units x raters matrix of category codes out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from observer.errors import AnalysisError
from observer.reliability._text import show
from observer.reliability.undefined import UndefinedStatistic

LEVELS = ("nominal", "ordinal", "interval", "ratio")
"""The levels of measurement the statistics know; one must always be named."""


def check_level(level: object) -> str:
    """Return ``level`` when it is a known level of measurement, else raise ``AnalysisError``."""
    if level not in LEVELS:
        raise AnalysisError(
            f"unknown level of measurement {level!r}",
            field="level",
            hint=f"Pass level= one of {', '.join(LEVELS)}; observer never guesses it.",
        )
    return str(level)


@dataclass(frozen=True, eq=False)
class Ratings:
    """Ratings pivoted to units x raters, each cell a category index (-1 = not rated).

    ``domain`` holds the category values in order: the declared categories when
    given, else the observed values sorted. Statistics over categories (kappa,
    AC1/AC2, the ordinal metric) use this order and this set.
    """

    codes: np.ndarray
    domain: tuple
    units: tuple
    raters: tuple

    @classmethod
    def from_arrays(
        cls, units: Sequence, raters: Sequence, codes: np.ndarray, domain: Sequence
    ) -> Ratings:
        """Build from parallel arrays of unit labels, rater labels and category indices."""
        unit_ids, unit_labels = pd.factorize(np.asarray(units), sort=False)
        rater_ids, rater_labels = pd.factorize(np.asarray(raters), sort=True)
        matrix = np.full((len(unit_labels), len(rater_labels)), -1, dtype=np.int64)
        matrix[unit_ids, rater_ids] = codes
        return cls(matrix, tuple(domain), tuple(unit_labels), tuple(rater_labels))

    @classmethod
    def from_frame(
        cls,
        data: pd.DataFrame,
        *,
        unit: str,
        rater: str,
        value: str,
        level: str,
        categories: Iterable | None = None,
    ) -> Ratings:
        """Validate a long-format frame and pivot it; ``level`` decides how values are read."""
        check_level(level)
        rows = _validated_rows(data, unit, rater, value)
        values = rows[value]
        if level in ("interval", "ratio"):
            values = _numeric(values, value, level)
        domain = _domain(values, value, level, categories)
        codes = pd.Index(domain).get_indexer(values.to_numpy())
        if (codes < 0).any():
            unknown = sorted({show(v) for v in values[codes < 0]})[:5]
            raise AnalysisError(
                f"values {', '.join(unknown)} are not among the categories {', '.join(map(show, domain))}",
                field=value,
                hint="Pass categories= with every value the scale allows, or fix the ratings.",
            )
        ratings = cls.from_arrays(rows[unit].to_numpy(), rows[rater].to_numpy(), codes, domain)
        if ratings.n_raters < 2:
            raise UndefinedStatistic(
                f"only one rater ({show(ratings.raters[0])}) rated these units",
                hint="Reliability compares raters: add a second rater's ratings of the same units.",
            )
        return ratings

    @property
    def n_units(self) -> int:
        """Units with at least one rating."""
        return self.codes.shape[0]

    @property
    def n_raters(self) -> int:
        """Raters with at least one rating."""
        return self.codes.shape[1]

    @cached_property
    def counts(self) -> np.ndarray:
        """Units x categories: how many raters chose each category for each unit."""
        q = len(self.domain)
        rated = self.codes >= 0
        flat = np.nonzero(rated)[0] * q + self.codes[rated]
        return np.bincount(flat, minlength=self.n_units * q).reshape(self.n_units, q).astype(float)

    @cached_property
    def per_unit(self) -> np.ndarray:
        """How many raters rated each unit (m_u)."""
        return (self.codes >= 0).sum(axis=1)

    @property
    def pairable(self) -> np.ndarray:
        """Mask of the units rated by two or more raters."""
        return self.per_unit >= 2

    def raters_in(self, units: np.ndarray) -> int:
        """How many raters rated at least one of the masked units."""
        return int((self.codes[units] >= 0).any(axis=0).sum())

    def numeric_domain(self) -> np.ndarray:
        """The category values as floats (for interval and ratio distances, ICC)."""
        return np.asarray(self.domain, dtype=float)

    def values(self) -> np.ndarray:
        """Units x raters of the rated values as floats, NaN where not rated."""
        numbers = np.append(self.numeric_domain(), np.nan)
        return numbers[np.where(self.codes >= 0, self.codes, len(self.domain))]

    def only(self, raters: Sequence) -> Ratings:
        """The ratings of some raters, on the units at least one of them rated."""
        columns = [self.raters.index(r) for r in raters]
        codes = self.codes[:, columns]
        keep = (codes >= 0).any(axis=1)
        units = tuple(u for u, k in zip(self.units, keep) if k)
        return Ratings(codes[keep], self.domain, units, tuple(raters))


def _validated_rows(data: object, unit: str, rater: str, value: str) -> pd.DataFrame:
    """The rated rows of a long-format frame, after checking columns and duplicates."""
    if not isinstance(data, pd.DataFrame):
        raise AnalysisError(
            f"expected a pandas DataFrame in long format, got {type(data).__name__}",
            hint="Pass one row per rating with unit, rater and value columns.",
        )
    missing = [c for c in (unit, rater, value) if c not in data.columns]
    if missing:
        raise AnalysisError(
            f"column(s) {', '.join(map(repr, missing))} not found; the frame has {list(data.columns)}",
            field=missing[0],
            hint="Name the columns with unit=, rater= and value=.",
        )
    for column in (unit, rater):
        empty = data.index[data[column].isna()]
        if len(empty):
            raise AnalysisError(
                f"empty {column} in row(s) {', '.join(map(str, empty[:5]))}",
                field=column,
                hint="Every rating needs its unit and its rater; drop or fill those rows.",
            )
    rows = data.loc[data[value].notna(), [unit, rater, value]]
    if rows.empty:
        raise UndefinedStatistic("there are no ratings (every value is empty)")
    twice = rows[rows.duplicated([unit, rater], keep=False)]
    if len(twice):
        first = twice.iloc[0]
        where = twice.index[(twice[unit] == first[unit]) & (twice[rater] == first[rater])]
        raise AnalysisError(
            f"rater {show(first[rater])} rated unit {show(first[unit])} more than once "
            f"(rows {', '.join(map(str, where))}); {len(twice)} rows are duplicates",
            field=rater,
            hint="Keep one rating per rater and unit, e.g. data.drop_duplicates([unit, rater], keep='last').",
        )
    return rows


def _numeric(values: pd.Series, column: str, level: str) -> pd.Series:
    """The values as floats; non-numeric values raise with examples."""
    numbers = pd.to_numeric(values, errors="coerce")
    bad = values[numbers.isna()]
    if len(bad):
        raise AnalysisError(
            f"{level} level needs numbers, but found {', '.join(map(show, bad.unique()[:5]))} "
            f"(row {bad.index[0]})",
            field=column,
            hint="Use level='nominal' (or 'ordinal' with categories=) for category labels, or fix the values.",
        )
    if level == "ratio" and (numbers < 0).any():
        raise AnalysisError(
            f"ratio level needs values >= 0, found {show(numbers.min())}",
            field=column,
            hint="Use level='interval' for values that can be negative.",
        )
    return numbers.astype(float)


def _domain(values: pd.Series, column: str, level: str, categories: Iterable | None) -> tuple:
    """The ordered category set: declared when given, else the observed values sorted."""
    if categories is not None:
        declared = list(categories)
        if len(set(declared)) != len(declared):
            raise AnalysisError("categories contain a value twice", field="categories",
                                hint="List each category once, in scale order.")
        if level in ("interval", "ratio"):
            declared = list(_numeric(pd.Series(declared), "categories", level))
            return tuple(sorted(set(declared) | set(values.unique())))
        return tuple(declared)
    observed = list(values.unique())
    if level == "nominal":
        try:
            return tuple(sorted(observed))
        except TypeError:
            return tuple(sorted(observed, key=str))
    if pd.api.types.infer_dtype(values, skipna=True) not in ("integer", "floating", "mixed-integer-float", "decimal"):
        raise AnalysisError(
            f"{level} values that are not numbers have no known order: {', '.join(map(show, observed[:5]))}",
            field=column,
            hint="Pass categories= in scale order (e.g. categories=['low', 'mid', 'high']), or use level='nominal'.",
        )
    return tuple(sorted(observed))
