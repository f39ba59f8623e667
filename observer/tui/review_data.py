"""The review's data work, run in worker threads: the study's codes and reliability report, and the
disagreements behind a report row.

Every statistic comes from ``observer.reliability``; this module only reads, joins and
filters. Uses no Textual, and pandas only when called.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from observer.scheme.model import Scheme

if TYPE_CHECKING:
    import pandas as pd

NOT_RATERS = ("session_id", "segment_index", "item", "size", "start", "end")
"""The columns of a disagreement table other than the raters' values."""


@dataclass(frozen=True)
class Target:
    """What a report row is about, as a filter on the study's disagreements.

    ``items`` None means every item; ``raters`` (a pair) keeps the units where those two
    raters coded different values.
    """

    title: str
    items: tuple[str, ...] | None = None
    session: str | None = None
    raters: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ReportLine:
    """One report row as the review table shows it; ``state`` is "below", "undefined" or ""."""

    index: int
    level: str
    target: str
    statistic: str
    value: str
    state: str
    interval: str
    n_units: int
    n_raters: int
    note: str
    flagged: bool


@dataclass(frozen=True)
class Place:
    """One disagreement to open: a session's segment (None for session-level items) and an item."""

    session_id: str
    segment: int | None
    item: str


@dataclass(frozen=True)
class DisagreementLine:
    """One disagreement as the review lists it: where, the item, each rater's value (with its label), the size."""

    place: Place
    when: str
    item: str
    values: tuple[str, ...]
    size: float


def reliability(study_target: str | Path, *, by: Sequence[str] | None, n_boot: int, seed: int | None,
                progress: Callable[[int, int], None]) -> tuple[pd.DataFrame, pd.DataFrame, list[ReportLine]]:
    """The codes of the study's complete units, its reliability report and the report's lines.

    Reads the study through a connection of its own, so it is safe in a worker thread.
    The disagreements listed from these codes stand on the same units as the report.
    """
    from observer.reliability import study_inputs, study_report
    from observer.reliability.inputs import complete_codes
    from observer.store import Study

    with Study.open(study_target) as study:
        inputs = study_inputs(study)
    report = study_report(**inputs, by=by, n_boot=n_boot, seed=seed, progress=progress)
    return complete_codes(inputs["data"], inputs["completed"]), report, report_lines(report)


def report_lines(report: pd.DataFrame) -> list[ReportLine]:
    """The report's rows with their figures formatted as ``observer reliability`` prints them."""
    from observer.reliability.render import format_interval, is_missing, format_value

    lines = []
    for index, row in zip(report.index, report.to_dict("records")):
        target = str(row["target"])
        if row["scope"] == "pair":
            target = f"{row['item']} · {target}"
        elif row["scope"] in ("group", "session"):
            target += f" ({row['scope']})"
        state = "undefined" if is_missing(row["value"]) else "below" if row["flag"] else ""
        lines.append(ReportLine(int(index), str(row["level"]), target, str(row["statistic"]),
                                "undefined" if state == "undefined" else format_value(row["value"]), state,
                                format_interval(row["ci_low"], row["ci_high"]), int(row["n_units"]), int(row["n_raters"]),
                                str(row["note"] or ""), bool(row["flag"])))
    return lines


def target_of(row: dict, scheme: Scheme) -> Target:
    """The disagreements a report row stands on.

    An item (or a rater pair on an item) stands on that item; a group on its items; a
    session on every item in it; a session aggregate on the items it counts
    (``<type>_segments``: the type's markers, ``<type>_significant``: its rating,
    ``<group>_strategies``: the group's strategies); anything else on every item.
    """
    scope, target, item = row["scope"], str(row["target"]), str(row["item"] or "")
    ids = {i.id for i in scheme.items}
    if scope == "session":
        return Target(f"session {target}", session=target)
    if scope == "pair" and item in ids:
        return Target(f"{scheme.item(item).label} · {target}", items=(item,), raters=tuple(target.split(" & ")))
    if item in ids:
        return Target(scheme.item(item).label, items=(item,))
    groups = {group.id: group for group in scheme.groups}
    if target in groups:
        return Target(f"{groups[target].label} (group)", items=tuple(i.id for i in groups[target].all_items))
    measured = _measured_items(scheme).get(target)
    if measured:
        return Target(f"{target} (session aggregate)", items=measured)
    return Target(target)


def _measured_items(scheme: Scheme) -> dict[str, tuple[str, ...]]:
    """The items each session aggregate of the report counts, by the aggregate's id."""
    found = {}
    for rupture in scheme.summary.rupture_types:
        if rupture.markers:
            found[f"{rupture.id}_segments"] = tuple(i.id for i in scheme.group(rupture.markers).items
                                                    if i.is_presence)
        found[f"{rupture.id}_significant"] = (rupture.rating,)
    if scheme.summary.resolution_group:
        group = scheme.group(scheme.summary.resolution_group)
        found[f"{group.id}_strategies"] = tuple(i.id for i in group.items if i.is_presence)
    return found


def disagreement_lines(codes: pd.DataFrame, scheme: Scheme, target: Target
                       ) -> tuple[tuple[str, ...], list[DisagreementLine]]:
    """The raters, and the disagreements a target stands on as lines to list, largest first."""
    import pandas as pd

    from observer.tui.timefmt import clock

    table = disagreements_of(codes, scheme, target)
    raters = tuple(column for column in table.columns if column not in NOT_RATERS)
    lines = []
    for row in table.to_dict("records"):
        item = scheme.item(row["item"])
        segment = None if pd.isna(row["segment_index"]) else int(row["segment_index"])
        when = "" if pd.isna(row["start"]) else f"{clock(row['start'])}–{clock(row['end'])}"
        values = tuple("—" if pd.isna(row[r]) else _labelled(item.scale, row[r]) for r in raters)
        lines.append(DisagreementLine(Place(str(row["session_id"]), segment, item.id), when, item.label, values,
                                      float(row["size"])))
    return raters, lines


def _labelled(scale, value) -> str:
    """A value with its scale label ("4 high"), or the value alone when the label adds nothing."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    label = scale.label_of(value)
    return str(value) if label == str(value) else f"{value} {label}"


def disagreements_of(codes: pd.DataFrame, scheme: Scheme, target: Target) -> pd.DataFrame:
    """The disagreements of ``observer.reliability.disagreements`` a target stands on, largest first.

    Adds ``start`` and ``end`` (the segment's time range; empty for session-level items).
    """
    import pandas as pd

    from observer.reliability import disagreements

    single = target.items is not None and len(target.items) == 1
    table = disagreements(codes, scheme, item=target.items[0] if single else None)
    if target.items is not None and not single:
        table = table[table["item"].isin(target.items)]
    if target.session is not None:
        table = table[table["session_id"].astype(str) == target.session]
    if target.raters is not None:
        if not set(target.raters) <= set(table.columns):
            return table.iloc[0:0].assign(start=[], end=[])
        first, second = (table[rater] for rater in target.raters)
        table = table[first.notna() & second.notna() & (first != second)]
    segments = codes[codes["segment_index"].notna()].drop_duplicates(["session_id", "segment_index"])
    bounds = {(s, int(g)): (a, b) for s, g, a, b in zip(segments["session_id"], segments["segment_index"],
                                                        segments["segment_start"], segments["segment_end"])}
    spans = [None if pd.isna(g) else bounds.get((s, int(g)))
             for s, g in zip(table["session_id"], table["segment_index"])]
    table = table.assign(start=[span[0] if span else None for span in spans],
                         end=[span[1] if span else None for span in spans])
    return table.reset_index(drop=True)
