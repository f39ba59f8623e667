"""The reliability report of a study: the three levels of DESIGN.md 2, by item, group, pair or session."""

from __future__ import annotations

from functools import partial
from itertools import combinations
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from observer.errors import AnalysisError
from observer.reliability._codes import StudyCodes
from observer.reliability._data import Ratings, check_level
from observer.reliability._measures import SessionMeasure, group_measures, item_measures
from observer.reliability._rows import COLUMNS, DEFAULT_THRESHOLDS, RowMaker, Settings
from observer.reliability._text import counted
from observer.reliability._weights import WEIGHTS
from observer.reliability.intervals import METHODS
from observer.reliability.undefined import UndefinedStatistic
from observer.scheme.model import Item, Scheme

SCOPES = ("item", "group", "pair", "session")
"""Report scopes: per item, per scheme group, per rater pair, per session."""

STATISTICS = {
    "nominal": ("percent_agreement", "cohen_kappa", "fleiss_kappa", "gwet_ac1", "alpha"),
    "ordinal": ("percent_agreement", "cohen_kappa", "alpha", "ICC2", "ICC3"),
    "interval": ("alpha", "ICC2", "ICC3"),
    "ratio": ("alpha", "ICC2", "ICC3"),
}
"""Per level of measurement, the statistics of an item (Cohen's kappa only with two raters)."""

AGGREGATE = ("alpha", "ICC2", "ICC2k", "ICC3", "ICC3k")
"""Statistics of numeric session aggregates and global ratings (alpha also where raters differ between
sessions, which the listwise ICCs cannot use)."""

PAIRWISE = {"nominal": ("percent_agreement", "cohen_kappa"), "ordinal": ("percent_agreement", "cohen_kappa"),
            "interval": ("alpha",), "ratio": ("alpha",)}
"""Statistics of one rater pair on one item."""

POOLED = {"nominal": ("percent_agreement", "alpha"), "ordinal": ("percent_agreement", "alpha"),
          "interval": ("alpha",), "ratio": ("alpha",)}
"""Statistics of decisions pooled over several items (a group's ratings, a session)."""


def study_report(
    data: pd.DataFrame,
    scheme: Scheme | None = None,
    *,
    level: str | None = None,
    categories: Iterable | None = None,
    by: str | Sequence[str] | None = None,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int | None = None,
    minimums: Sequence[float] = (0.667, 0.8),
    thresholds: Mapping[str, float] | None = None,
    kappa_weights: str = "quadratic",
    ci_method: str = "bca",
    completed: pd.DataFrame | None = None,
    n_segments: Mapping[str, int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Reliability of a study's codes, or of a generic ``unit, rater, value[, item]`` table.

    With a ``scheme``, ``data`` is the long-format codes frame of DESIGN.md 4.2 and
    the report covers three levels: ``presence`` (each presence marker per
    segment: percent agreement, Cohen's kappa with two raters, Fleiss' kappa, Gwet's
    AC1, nominal alpha), ``rating`` (each segment rating at its scale's level:
    percent agreement, weighted kappa with two raters, alpha, ICC(2,1), ICC(3,1))
    and ``session`` (per session and rater: segments with any marker of each rupture
    type, segments at or above the significance threshold, strategies marked, and
    the global ratings: alpha at the measure's level, ICC(2,1), ICC(2,k), ICC(3,1),
    ICC(3,k)). Consensus codes
    are left out, and only complete units count: a rater's segment (or session
    ratings) when the rater completed it, a rater's session aggregates when the
    rater completed every segment of the session. Without a scheme, ``data`` has
    columns unit, rater, value and optionally item, ``level`` is required, and every
    rating counts.

    Parameters
    ----------
    by : "item", "group", "pair", "session" or a sequence of them
        Scopes to report; default all that apply (item and pair for a generic table).
        ``group``: any marker of a group per segment, a group's ratings pooled, and
        segments with any of its markers per session. ``pair``: each rater pair on
        each segment item. ``session``: each session's marker and rating decisions pooled.
    n_boot, ci, seed, minimums
        Resamples of every bootstrap interval (0 turns the bootstrap off), their
        coverage, and alpha's minimums (see :func:`alpha_ci`); one seed makes the
        whole report reproducible.
    ci_method : {"bca", "percentile", "kalpha", "gwet"}
        Intervals of alpha, kappa, AC1 and percent agreement: the unit bootstrap
        with BCa (default) or percentile limits; ``kalpha`` changes alpha's to
        Hayes & Krippendorff's, ``gwet`` the others' to Gwet's (2014) formulas (each
        leaves the rest on BCa). ICCs always have their F-test intervals. The
        ``ci_method`` column says what each row used.
    completed : DataFrame, optional
        The units each rater marked complete (columns session_id, segment_index
        with NA for the session level, rater), e.g. :func:`completion_frame` of a
        study. Without it a unit is complete when every presence marker of it has
        a value and its values keep the scheme's rules, as ``observer codes import``
        reads a codes file.
    n_segments : mapping, optional
        Each session's number of segments (default: the segments anyone coded).
    thresholds : mapping, optional
        Flag rows below these values, by family: ``alpha`` (.667), ``kappa``
        (kappas and AC1, .60), ``icc`` (.75).
    kappa_weights : str
        Weights of Cohen's kappa on ordered scales (by category index of the scale).
    progress : callable, optional
        Called as ``progress(done, total)`` after each item, group, pair set,
        session or measure, e.g. to drive a progress bar on long bootstrap runs.

    Returns
    -------
    DataFrame
        Columns level, scope, target, item, statistic, value, ci_low, ci_high,
        ci_method, n_units, n_raters, flag, note; ``attrs["observer"]`` holds the
        settings and study facts :func:`methods_paragraph` needs, among them
        ``left_out``: one record per unit left out (level, session_id,
        segment_index, segment counted from 1, rater, values, reason). An undefined
        statistic has no value and the note ``undefined: <reason>``.
    """
    settings = _settings(n_boot, ci, seed, minimums, thresholds, kappa_weights, ci_method)
    maker = RowMaker(settings)
    if scheme is None:
        tasks = _table_tasks(data, maker, level, categories, _scopes(by, ("item", "pair")))
        facts = {"source": "table", "level": level, **_table_facts(data)}
    else:
        if level is not None or categories is not None:
            raise AnalysisError("level= and categories= are for generic tables; a scheme gives each item's scale",
                                field="level" if level is not None else "categories",
                                hint="Drop them, or drop the scheme to analyse a unit/rater/value table.")
        codes = StudyCodes.from_frame(data, scheme, completed=completed, n_segments=n_segments)
        _need_two_raters(sorted(set(codes.raters) | set(codes.left_out["rater"])), "these codes")
        tasks = _study_tasks(codes, maker, _scopes(by, SCOPES))
        facts = {"source": "study", "completion": "inferred" if completed is None else "marked",
                 **_study_facts(codes)}
    rows = []
    for done, task in enumerate(tasks, 1):
        rows += task()
        if progress is not None:
            progress(done, len(tasks))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame.attrs["observer"] = {**settings.as_dict(), **facts}
    return frame


def _need_two_raters(raters: Sequence[str], what: str) -> None:
    """A report compares raters: fewer than two is undefined throughout."""
    if len(raters) < 2:
        who = f"only one rater ({raters[0]})" if raters else "no rater"
        raise UndefinedStatistic(f"{who} coded {what}",
                                 hint="Reliability compares raters: have a second rater code the same units.")


def _settings(n_boot, ci, seed, minimums, thresholds, kappa_weights, ci_method) -> Settings:
    """Checked report settings."""
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise AnalysisError(f"n_boot must be 0 or a positive whole number, got {n_boot!r}", field="n_boot",
                            hint="Use 1000 or more resamples, or 0 to skip the bootstrap.")
    if ci_method not in METHODS:
        raise AnalysisError(f"unknown interval method {ci_method!r}", field="ci_method",
                            hint=f"Use one of {', '.join(METHODS)}.")
    if not 0 < ci < 1:
        raise AnalysisError(f"ci must lie between 0 and 1, got {ci!r}", field="ci", hint="Use e.g. ci=0.95.")
    if kappa_weights not in WEIGHTS[1:]:
        raise AnalysisError(f"unknown kappa_weights {kappa_weights!r}", field="kappa_weights",
                            hint=f"Use one of {', '.join(WEIGHTS[1:])}.")
    unknown = set(thresholds or {}) - set(DEFAULT_THRESHOLDS)
    if unknown:
        raise AnalysisError(f"unknown threshold(s) {', '.join(sorted(unknown))}", field="thresholds",
                            hint=f"Set thresholds for {', '.join(DEFAULT_THRESHOLDS)}.")
    return Settings(int(n_boot), ci, seed, tuple(float(m) for m in minimums),
                    {**DEFAULT_THRESHOLDS, **(thresholds or {})}, kappa_weights, ci_method)


def _scopes(by: str | Sequence[str] | None, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The requested scopes, checked against those that apply."""
    if by is None:
        return allowed
    wanted = (by,) if isinstance(by, str) else tuple(by)
    bad = [scope for scope in wanted if scope not in allowed]
    if bad:
        raise AnalysisError(f"cannot report by {', '.join(bad)}", field="by",
                            hint=f"Use {', '.join(allowed)}" + ("" if len(allowed) == 4 else
                                 "; group and session scopes need a study and its scheme."))
    return wanted


Task = Callable[[], list[dict]]
"""One unit of report work (one item, group, session or measure); returns its rows."""


def _study_tasks(codes: StudyCodes, maker: RowMaker, scopes: tuple[str, ...]) -> list[Task]:
    """The work of every requested scope, in the order asked."""
    build = {"item": _by_item, "group": _by_group, "pair": _by_pair, "session": _by_session}
    return [task for scope in scopes for task in build[scope](codes, maker)]


def _by_item(codes: StudyCodes, maker: RowMaker) -> list[Task]:
    """Each segment item at its level, then each session aggregate and global rating."""
    tasks = []
    for item in codes.scheme.segment_items:
        level = "presence" if item.is_presence else "rating"
        where = {"level": level, "scope": "item", "target": item.id, "item": item.id}
        tasks.append(partial(_safe, maker, partial(codes.ratings, [item]), item.scale.level,
                             STATISTICS[item.scale.level], where))
    return tasks + _aggregate_tasks(item_measures(codes), maker, "item")


def _by_group(codes: StudyCodes, maker: RowMaker) -> list[Task]:
    """Per group: any of its markers per segment, its ratings pooled, its marker segments per session."""
    tasks = []
    for group in codes.scheme.groups:
        markers = [item for item in group.items if item.is_presence]
        if markers:
            where = {"level": "presence", "scope": "group", "target": group.id,
                     "note": f"any of {counted(len(markers), 'marker')}"}
            tasks.append(partial(_safe, maker, partial(codes.any_present, markers, group.id), "nominal",
                                 STATISTICS["nominal"], where))
        for items in _by_scale(item for item in group.all_items if not item.is_presence):
            level = items[0].scale.level
            where = {"level": "rating", "scope": "group", "target": group.id,
                     "note": f"pooled over {counted(len(items), 'item')} on scale {items[0].scale.id}"}
            tasks.append(partial(_safe, maker, partial(codes.ratings, items), level, POOLED[level], where))
    return tasks + _aggregate_tasks(group_measures(codes), maker, "group")


def _by_pair(codes: StudyCodes, maker: RowMaker) -> list[Task]:
    """Each pair of raters on each segment item they both coded."""
    return [partial(_item_pairs, codes, maker, item) for item in codes.scheme.segment_items]


def _item_pairs(codes: StudyCodes, maker: RowMaker, item: Item) -> list[dict]:
    """The pair rows of one item (none when fewer than two raters coded it)."""
    try:
        ratings = codes.ratings([item])
    except UndefinedStatistic:
        return []
    level = "presence" if item.is_presence else "rating"
    return _pair_rows(ratings, maker, item.scale.level, {"level": level, "scope": "pair", "item": item.id})


def _by_session(codes: StudyCodes, maker: RowMaker) -> list[Task]:
    """Each session's marker decisions pooled, and its rating decisions pooled per scale."""
    markers = [item for item in codes.scheme.segment_items if item.is_presence]
    pools = ([(markers, "presence", f"pooled over {counted(len(markers), 'marker')}")] if markers else []) + [
        (items, "rating", f"pooled over {counted(len(items), 'item')} on scale {items[0].scale.id}")
        for items in _by_scale(item for item in codes.scheme.segment_items if not item.is_presence)
    ]
    split = [codes.by_session(codes.rows_of(items)) for items, _, _ in pools]
    tasks = []
    for session in dict.fromkeys(codes.frame["session_id"].astype(str)):
        for (items, level, note), positions in zip(pools, split):
            if session in positions:
                measurement = items[0].scale.level
                where = {"level": level, "scope": "session", "target": session, "note": note}
                tasks.append(partial(_safe, maker, partial(codes.ratings, items, positions[session]), measurement,
                                     POOLED[measurement], where))
    return tasks


def _aggregate_tasks(measures: list[SessionMeasure], maker: RowMaker, scope: str) -> list[Task]:
    """ICCs of numeric session measures (nominal global items get the nominal statistics)."""
    return [
        partial(_safe, maker, measure.ratings, measure.level,
                STATISTICS["nominal"] if measure.level == "nominal" else AGGREGATE,
                {"level": "session", "scope": scope, "target": measure.id, "item": measure.id,
                 "note": measure.label})
        for measure in measures
    ]


def _pair_rows(ratings: Ratings, maker: RowMaker, level: str, where: dict) -> list[dict]:
    """Rows of every pair of raters who share at least one unit."""
    rows = []
    for first, second in combinations(ratings.raters, 2):
        pair = ratings.only([first, second])
        if (pair.codes >= 0).all(axis=1).any():
            rows += maker.rows(pair, level, PAIRWISE[level], **where, target=f"{first} & {second}")
    return rows


def _safe(maker: RowMaker, build, level: str, statistics: tuple[str, ...], where: dict) -> list[dict]:
    """Rows of the ratings ``build()`` returns, or undefined rows when there are none to compare."""
    try:
        ratings = build()
    except UndefinedStatistic as undefined:
        return maker.undefined(statistics, level, undefined.reason, **where)
    return maker.rows(ratings, level, statistics, **where)


def _by_scale(items: Iterable[Item]) -> list[list[Item]]:
    """Items grouped by scale, in first-seen order."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.scale.id, []).append(item)
    return list(groups.values())


def _table_tasks(data: pd.DataFrame, maker: RowMaker, level: str | None, categories, scopes) -> list[Task]:
    """The work of a generic unit/rater/value[/item] table at an explicit level, one task per item."""
    if level is None:
        raise AnalysisError("a generic table needs its level of measurement", field="level",
                            hint="Pass level= nominal, ordinal, interval or ratio (or a scheme for study codes).")
    level = check_level(level)
    if not isinstance(data, pd.DataFrame) or not {"unit", "rater", "value"} <= set(data.columns):
        found = list(data.columns) if isinstance(data, pd.DataFrame) else type(data).__name__
        raise AnalysisError(f"a generic table needs columns unit, rater and value; found {found}",
                            hint="For study codes (session_id, segment_index, rater, item, value) pass the "
                                 "study's scheme.")
    _need_two_raters(sorted(map(str, data.loc[data["value"].notna(), "rater"].unique())), "this table")
    parts = data.groupby("item", sort=False) if "item" in data.columns else [("value", data)]
    return [partial(_table_item, maker, str(name), part, level, categories, scopes) for name, part in parts]


def _table_item(maker: RowMaker, name: str, part: pd.DataFrame, level: str, categories, scopes) -> list[dict]:
    """Rows of one item of a generic table."""
    where = {"level": level, "item": name}
    try:
        ratings = Ratings.from_frame(part, unit="unit", rater="rater", value="value", level=level,
                                     categories=categories)
    except UndefinedStatistic as undefined:
        if "item" not in scopes:
            return []
        return maker.undefined(STATISTICS[level], level, undefined.reason, **where, scope="item", target=name)
    rows = maker.rows(ratings, level, STATISTICS[level], **where, scope="item", target=name) \
        if "item" in scopes else []
    return rows + (_pair_rows(ratings, maker, level, {**where, "scope": "pair"}) if "pair" in scopes else [])


def _study_facts(codes: StudyCodes) -> dict:
    """Counts and scheme identity for the methods paragraph."""
    frame, scheme = codes.frame, codes.scheme
    segments = frame[frame["segment_index"].notna()]
    shared = segments.groupby("unit")["rater"].nunique()
    return {
        "scheme": {"id": scheme.id, "name": scheme.name, "version": scheme.version,
                   "hash": scheme.content_hash, "source": scheme.source},
        "n_sessions": int(frame["session_id"].nunique()),
        "n_segments": int(segments["unit"].nunique()),
        "n_shared_segments": int((shared >= 2).sum()),
        "raters": list(codes.raters),
        "rating_groups": {group.id: [item.id for item in group.all_items if not item.is_presence]
                          for group in scheme.groups},
        "left_out": _records(codes.left_out),
    }


def _records(left_out: pd.DataFrame) -> list[dict]:
    """Left-out units as plain records, with the segment counted from 1 beside its 0-based index."""
    records = []
    for row in left_out.to_dict("records"):
        index = None if pd.isna(row["segment_index"]) else int(row["segment_index"])
        records.append({"level": row["level"], "session_id": row["session_id"], "segment_index": index,
                        "segment": None if index is None else index + 1, "rater": row["rater"],
                        "values": int(row["values"]), "reason": row["reason"]})
    return records


def _table_facts(data: pd.DataFrame) -> dict:
    """Counts of a generic table for the methods paragraph."""
    return {"scheme": None, "n_units": int(data["unit"].nunique()),
            "raters": sorted(map(str, data["rater"].unique()))}
