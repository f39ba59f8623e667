"""What the report says about each segment: ratings, markers, strategies with their impact, repair status."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observer.report.raters import RaterChoice
from observer.report.values import flag, mean, missing, rated, time_range
from observer.scheme.model import Scheme
from observer.summary.inputs import MEAN
from observer.summary.rules import SummaryRules


@dataclass(frozen=True)
class Strategy:
    """A strategy marked in a segment, its impact (mean of raters for "mean"; None when not rated)."""

    label: str
    tags: tuple[str, ...]
    impact: float | None
    impact_text: str
    counted: bool | None


class SegmentReader:
    """Reads the segment table of one session and rater choice into words, with each strategy's impact."""

    def __init__(self, scheme: Scheme, rules: SummaryRules, codes: pd.DataFrame, choice: RaterChoice) -> None:
        self.scheme = scheme
        self.rules = rules
        self.impacts = _impacts(codes, choice, rules)

    def strategies(self, row: dict) -> list[Strategy]:
        """The strategies marked in a segment row of the segment table, in scheme order."""
        out = []
        for strategy in row["strategies"]:
            item = self.scheme.item(strategy)
            impact = self.impacts.get((int(row["segment_index"]), strategy))
            rating = self.rules.impacts.get(strategy)
            text = rated(impact, self.scheme.item(rating).scale) if rating and impact is not None else ""
            out.append(Strategy(item.label, item.tags, impact, text, self.counts(impact)))
        return out

    def markers(self, row: dict) -> list[str]:
        """The labels of the markers present in a segment row."""
        return [self.scheme.item(m).label for m in row["markers"]]

    def ratings(self, row: dict) -> list[tuple[str, str]]:
        """Each rupture type present in the segment with its rating, as (type label, "4 (high)")."""
        out = []
        for rule in self.rules.ruptures:
            value = row[f"{rule.id}_significance"]
            if flag(row[f"{rule.id}_present"]) and not missing(value):
                out.append((rule.label, rated(value, self.scheme.item(rule.rating).scale)))
        return out

    def repair(self, row: dict) -> str:
        """"repaired", "not repaired" or "unclear" for a rupture segment; "" elsewhere or without resolution coding."""
        if not self.rules.has_resolution or not flag(row["rupture"]):
            return ""
        resolved = flag(row["resolved_within_window"])
        return "unclear" if resolved is None else ("repaired" if resolved else "not repaired")

    def timeline_rows(self, table: pd.DataFrame) -> list[dict]:
        """One row per segment for the timeline table."""
        rows = []
        for row in table.to_dict("records"):
            rows.append({
                "number": int(row["segment_index"]) + 1,
                "time": time_range(row["start"], row["end"]),
                "coded": bool(row["coded"]),
                "ratings": self.ratings(row),
                "markers": self.markers(row),
                "strategies": self.strategies(row),
                "repair": self.repair(row),
                "unresolved": flag(row["unresolved"]) is True,
                "group_means": [(self.scheme.group(g).label, mean(row[f"{g}_mean"]))
                                for g in self.rules.rating_groups if not missing(row[f"{g}_mean"])],
            })
        return rows

    def counts(self, impact: float | None) -> bool | None:
        """Whether a strategy with this impact counts toward repair (None: impact unknown)."""
        if self.rules.min_impact is None:
            return True
        return None if impact is None else impact >= self.rules.min_impact


def window_phrase(window: int) -> str:
    """The resolution window in words."""
    if window == 0:
        return "in the same segment"
    if window == 1:
        return "in the same or the next segment"
    return f"in the same segment or one of the next {window}"


def _impacts(codes: pd.DataFrame, choice: RaterChoice, rules: SummaryRules) -> dict[tuple[int, str], float]:
    """(segment, strategy) -> its impact rating by the chosen codes (averaged over the raters for "mean")."""
    strategy_of = {rating: strategy for strategy, rating in rules.impacts.items()}
    coders = set(choice.coders) if choice.rater == MEAN else {choice.rater}
    mine = codes["item"].isin(strategy_of) & codes["rater"].astype(str).isin(coders)
    rows = codes[mine & codes["segment_index"].notna()]
    if rows.empty:
        return {}
    values = pd.to_numeric(rows["value"], errors="coerce")
    means = values.groupby([rows["segment_index"].astype(int), rows["item"].map(strategy_of)]).mean().dropna()
    return {(int(segment), strategy): float(value) for (segment, strategy), value in means.items()}
