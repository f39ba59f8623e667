"""Report rows: the chosen statistics of one set of ratings, undefined ones noted, low ones flagged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from observer.reliability._data import Ratings
from observer.reliability.alpha import alpha_of
from observer.reliability.bootstrap import alpha_ci_of
from observer.reliability.gwet import gwet_ac_of
from observer.reliability.icc import icc_of
from observer.reliability.intervals import interval_of
from observer.reliability.kappa import cohen_kappa_of, fleiss_kappa_of, percent_agreement_of
from observer.reliability.undefined import UndefinedStatistic

COLUMNS = ["level", "scope", "target", "item", "statistic", "value", "ci_low", "ci_high", "ci_method",
           "n_units", "n_raters", "flag", "note"]
"""The columns of every reliability report."""

DEFAULT_THRESHOLDS = {"alpha": 0.667, "kappa": 0.60, "icc": 0.75}
"""Flag below: alpha (Krippendorff's tentative minimum), kappa and AC1, ICC (Koo & Li 2016)."""

ICC_FORMS = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")


@dataclass(frozen=True)
class Settings:
    """How a report computes: intervals, thresholds, weights for kappa on ordered scales."""

    n_boot: int = 1000
    ci: float = 0.95
    seed: int | None = None
    minimums: tuple[float, ...] = (0.667, 0.8)
    thresholds: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    kappa_weights: str = "quadratic"
    ci_method: str = "bca"

    def as_dict(self) -> dict:
        """Plain values for the report's attrs and the JSON output."""
        return {"n_boot": self.n_boot, "ci": self.ci, "seed": self.seed, "minimums": list(self.minimums),
                "thresholds": dict(self.thresholds), "kappa_weights": self.kappa_weights,
                "ci_method": self.ci_method}

    def method_for(self, statistic: str) -> str | None:
        """The interval method of a statistic, or None for no interval.

        Alpha takes ``kalpha`` and the bootstrap methods, the other statistics
        ``gwet`` and the bootstrap methods; a method that does not apply falls back
        to ``bca``. Bootstrap methods need ``n_boot`` > 0; ``gwet`` needs none.
        """
        own = ("bca", "percentile", "kalpha") if statistic == "alpha" else ("bca", "percentile", "gwet")
        method = self.ci_method if self.ci_method in own else "bca"
        return method if method == "gwet" or self.n_boot > 0 else None


@dataclass
class RowMaker:
    """Computes statistics into report rows; one random stream for all bootstraps of a report."""

    settings: Settings
    rng: np.random.Generator = field(init=False)

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.settings.seed)

    def rows(self, ratings: Ratings, measurement: str, statistics: tuple[str, ...], **where: str) -> list[dict]:
        """One row per statistic: ``alpha``, ``percent_agreement``, ``cohen_kappa`` (only with
        exactly two raters), ``fleiss_kappa``, ``gwet_ac1`` or an ICC form, at the level of
        ``measurement``; ``where`` fills the columns level, scope, target, item and note."""
        rows = [
            self._row_of(name, ratings, measurement, where)
            for name in statistics
            if name not in ICC_FORMS and (name != "cohen_kappa" or ratings.n_raters == 2)
        ]
        forms = [name for name in statistics if name in ICC_FORMS]
        return rows + (self._icc_rows(forms, ratings, where) if forms else [])

    def undefined(self, statistics: tuple[str, ...], measurement: str, reason: str, **where: str) -> list[dict]:
        """Rows with no value when there are no ratings to compare (Cohen's kappa left out)."""
        rows = []
        for name in statistics:
            if name != "cohen_kappa":
                label = name if name in ICC_FORMS else _label(name, measurement, self.settings.kappa_weights)
                row = _row(where, label,
                           n_units=0, n_raters=0)
                row["note"] = _join(row["note"], f"undefined: {reason}")
                rows.append(row)
        return rows

    def _row_of(self, name: str, ratings: Ratings, level: str, where: Mapping[str, str]) -> dict:
        """The row of one statistic other than ICC, with its interval."""
        statistic = _label(name, level, self.settings.kappa_weights)
        units = ratings.pairable
        if name == "cohen_kappa":
            units = (ratings.codes >= 0).all(axis=1)
        row = _row(where, statistic, n_units=int(units.sum()), n_raters=ratings.raters_in(units))
        try:
            row["value"] = self._point(name, ratings, level)
        except UndefinedStatistic as undefined:
            row["note"] = _join(row["note"], f"undefined: {undefined.reason}")
            return row
        method = self.settings.method_for(name)
        if method is not None:
            found = self._interval(name, ratings, level, method)
            row.update(ci_low=found["ci_low"], ci_high=found["ci_high"], ci_method=found["ci_method"],
                       note=_join(row["note"], found["note"]))
        row["flag"] = self._below(statistic, row["value"])
        return row

    def _interval(self, name: str, ratings: Ratings, level: str, method: str) -> dict:
        """ci_low, ci_high, ci_method and the note of a statistic's interval."""
        settings = self.settings
        if name == "alpha":
            result = alpha_ci_of(ratings, level, n_boot=settings.n_boot, ci=settings.ci, seed=self.rng,
                                 minimums=settings.minimums, method=method)
            notes = [", ".join(f"p(<{m:g})={p:.3f}" for m, p in result.p_below.items()),
                     _undefined_resamples(result.n_undefined, result.n_boot)]
            return {"ci_low": result.ci_low, "ci_high": result.ci_high, "ci_method": result.method,
                    "note": _join(*notes)}
        weights = self.settings.kappa_weights if name == "cohen_kappa" and level != "nominal" else None
        result = interval_of(ratings, name, level=level, weights=weights, method=method, n_boot=settings.n_boot,
                             ci=settings.ci, rng=self.rng)
        return {"ci_low": result.ci_low, "ci_high": result.ci_high, "ci_method": result.method,
                "note": _undefined_resamples(result.n_undefined, result.n_boot)}

    def _point(self, name: str, ratings: Ratings, level: str) -> float:
        """A statistic without interval."""
        if name == "alpha":
            return alpha_of(ratings, level)
        if name == "percent_agreement":
            return percent_agreement_of(ratings)
        if name == "cohen_kappa":
            return cohen_kappa_of(ratings, None if level == "nominal" else self.settings.kappa_weights)
        if name == "fleiss_kappa":
            return fleiss_kappa_of(ratings)
        if name == "gwet_ac1":
            return gwet_ac_of(ratings, None)
        raise KeyError(name)

    def _icc_rows(self, forms: list[str], ratings: Ratings, where: Mapping[str, str]) -> list[dict]:
        """ICC forms with their F-test intervals, from one ANOVA of the complete units."""
        complete = (ratings.codes >= 0).all(axis=1)
        rows = [_row(where, form, n_units=int(complete.sum()), n_raters=ratings.n_raters) for form in forms]
        try:
            table = icc_of(ratings, ci=self.settings.ci).set_index("type")
        except UndefinedStatistic as undefined:
            for row in rows:
                row["note"] = _join(row["note"], f"undefined: {undefined.reason}")
            return rows
        for row in rows:
            form = row["statistic"]
            row.update(value=float(table.at[form, "icc"]), ci_low=float(table.at[form, "ci_low"]),
                       ci_high=float(table.at[form, "ci_high"]), ci_method="F",
                       flag=self._below(form, table.at[form, "icc"]))
            row["note"] = _join(row["note"], str(table.at[form, "description"]))
        return rows

    def _below(self, statistic: str, value: float) -> bool:
        """True when the value is defined and under its family's threshold."""
        family = _family(statistic)
        threshold = self.settings.thresholds.get(family) if family else None
        return bool(threshold is not None and not np.isnan(value) and value < threshold)


def _label(name: str, level: str, kappa_weights: str) -> str:
    """The statistic's name in the report, with its level or weights."""
    if name == "alpha":
        return f"alpha_{level}"
    if name == "cohen_kappa" and level != "nominal":
        return f"cohen_kappa_{kappa_weights}"
    return name


def _family(statistic: str) -> str | None:
    """Which threshold applies: alpha, kappa (kappas and AC1), icc, or none."""
    if statistic.startswith("alpha"):
        return "alpha"
    if statistic.startswith("ICC"):
        return "icc"
    if "kappa" in statistic or statistic.startswith("gwet"):
        return "kappa"
    return None


def _row(where: Mapping[str, str], statistic: str, *, n_units: int, n_raters: int) -> dict:
    """A row with no value yet."""
    return {"level": where.get("level", ""), "scope": where.get("scope", ""), "target": where.get("target", ""),
            "item": where.get("item", ""), "statistic": statistic, "value": np.nan, "ci_low": np.nan,
            "ci_high": np.nan, "ci_method": "", "n_units": n_units, "n_raters": n_raters, "flag": False,
            "note": where.get("note", "")}


def _undefined_resamples(n_undefined: int, n_boot: int) -> str:
    """A note when some resamples had no value (left out of the limits)."""
    return f"{n_undefined} of {n_boot} resamples undefined" if n_undefined else ""


def _join(*notes: str) -> str:
    """Notes joined with '; ', empty ones skipped."""
    return "; ".join(n for n in notes if n)
