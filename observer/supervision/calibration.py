"""Calibration: a trainee's agreement with master codes, per item group, passed or failed against thresholds.

Master codes are the codes of a rater (or the consensus) on sessions marked as master
sessions (``Study.mark_master``), or, with ``master=NAME``, one rater's codes on every session
both coded. Per scheme group (and the session-level items as group ``session``):

- presence markers, pooled (one unit per segment and marker): percent agreement and
  Cohen's kappa;
- ratings, pooled per scale (one unit per segment and item): percent agreement, Cohen's
  kappa (quadratic weights on ordered scales) and Krippendorff's alpha at the scale's level.

A statistic passes when it reaches its threshold (kappa .60, alpha .667 unless the study
sets others); a group passes when every defined statistic with a threshold does, and the
trainee passes when no group fails. Statistics come from ``observer.reliability``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from observer.errors import AnalysisError, StudyError
from observer.scheme.model import Item, Scheme
from observer.store import Study

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_THRESHOLDS = {"kappa": 0.60, "alpha": 0.667}
"""Calibration thresholds: kappa (Cohen's, weighted on ordered scales) and Krippendorff's alpha."""

MASTER, TRAINEE = "master", "trainee"
SETTING = "calibration.{}"
TABLE_COLUMNS = ["group", "level", "items", "statistic", "value", "n_units", "threshold", "result", "note"]
DIFFERENCE_COLUMNS = ["session_id", "segment", "n_items", "size", "differences"]


@dataclass(frozen=True)
class Calibration:
    """A trainee's calibration: statistics per group, the verdict, and the segments that differ most."""

    trainee: str
    master: str
    sessions: tuple[str, ...]
    thresholds: dict[str, float]
    table: pd.DataFrame
    groups: dict[str, str]
    verdict: str
    differences: pd.DataFrame


def thresholds(study: Study) -> dict[str, float]:
    """The study's calibration thresholds (the defaults where it sets none)."""
    stored = study.settings()
    return {name: float(stored.get(SETTING.format(name), default)) for name, default in DEFAULT_THRESHOLDS.items()}


def set_threshold(study: Study, assignment: str) -> tuple[str, float]:
    """Store a threshold given as ``name=value`` (e.g. ``kappa=0.7``); returns the name and value."""
    name, _, text = assignment.partition("=")
    name = name.strip()
    if name not in DEFAULT_THRESHOLDS:
        raise StudyError(f"unknown threshold {name!r}", field="set-threshold",
                         hint=f"Set one of {', '.join(DEFAULT_THRESHOLDS)}, e.g. --set-threshold kappa=0.6.")
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 1:
        raise StudyError(f"threshold {name} must be a number above 0 and at most 1, got {text.strip()!r}",
                         field="set-threshold", hint=f"e.g. --set-threshold {name}={DEFAULT_THRESHOLDS[name]}")
    study.set_setting(SETTING.format(name), repr(value))
    return name, value


def calibrate(study: Study, trainee: str, *, master: str | None = None, top: int = 10) -> Calibration:
    """The trainee's agreement with the master codes, group by group, with the ``top`` segments that differ most."""
    from observer.reliability import disagreements

    pairs, sessions, description = paired_codes(study, trainee, master)
    limits = thresholds(study)
    rows = [row for block in _blocks(study.scheme) for row in _block_rows(pairs, *block, limits)]
    import pandas as pd

    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    groups = {group: _verdict(part["result"]) for group, part in table.groupby("group", sort=False)}
    verdict = "fail" if "fail" in groups.values() else "pass" if "pass" in groups.values() else "undefined"
    differences = _segments_differing(disagreements(pairs, study.scheme), top)
    return Calibration(trainee, description, sessions, limits, table, groups, verdict, differences)


def paired_codes(study: Study, trainee: str, master: str | None) -> tuple[pd.DataFrame, tuple[str, ...], str]:
    """The trainee's and the master's codes on the sessions they share, as raters ``trainee`` and ``master``."""
    import pandas as pd

    from observer.supervision.frames import session_codes

    if master is None:
        sources = study.master_sessions()
        if not sources:
            raise StudyError("the study has no master sessions", file=study.location,
                             hint=f"Mark some: observer master {study.location} --sessions s1,s2 "
                                  "--from NAME|consensus, or compare with one rater: --master NAME.")
        sources = {s: who for s, who in sources.items() if who != trainee}
        codes = session_codes(study, sources)
        is_master = codes["session_id"].map(sources).eq(codes["rater"])
        description = "master codes of " + ", ".join(f"{s} ({who})" for s, who in sources.items())
    else:
        if master == trainee:
            raise StudyError("the trainee cannot be their own master", field="master", hint="Name another rater.")
        shared = [s for s, coders in study.coders().items() if {master, trainee} <= coders]
        codes = pd.concat([session_codes(study, shared, rater=who) for who in (master, trainee)], ignore_index=True)
        is_master = codes["rater"].eq(master)
        description = f"{master}'s codes"
    is_trainee = codes["rater"].eq(trainee)
    shared = sorted(set(codes.loc[is_master, "session_id"]) & set(codes.loc[is_trainee, "session_id"]))
    if not shared:
        where = "the master sessions" if master is None else f"any session {master} coded"
        raise StudyError(f"{trainee} has coded none of {where}", file=study.location, field="trainee",
                         hint=f"Have them code one: observer code {study.location} --rater {trainee} --session ID.")
    pairs = codes[(is_master | is_trainee) & codes["session_id"].isin(shared)].copy()
    pairs["rater"] = is_trainee[pairs.index].map({True: TRAINEE, False: MASTER})
    return pairs.reset_index(drop=True), tuple(shared), description


Block = tuple[str, str, Sequence[Item]]
"""(group id, level, items): one pooled set of ratings of the calibration table."""


def _blocks(scheme: Scheme) -> list[Block]:
    """Each group's markers, then its ratings by scale; the session items by scale as group ``session``."""
    blocks: list[Block] = []
    for group_id, items in [(g.id, g.all_items) for g in scheme.groups] + [("session", scheme.session_items)]:
        markers = [item for item in items if item.is_presence]
        if markers:
            blocks.append((group_id, "presence", markers))
        scales: dict[str, list[Item]] = {}
        for item in items:
            if not item.is_presence:
                scales.setdefault(item.scale.id, []).append(item)
        blocks += [(group_id, "session" if group_id == "session" else "rating", rated) for rated in scales.values()]
    return blocks


def _block_rows(pairs: pd.DataFrame, group: str, level: str, items: Sequence[Item],
                limits: dict[str, float]) -> list[dict]:
    """The statistics of one block, each with its threshold and result."""
    from observer.reliability import alpha, cohen_kappa, percent_agreement

    scale = items[0].scale
    part = pairs[pairs["item"].isin([item.id for item in items]) & pairs["value"].notna()]
    segment = part["segment_index"].astype("string").fillna("session")  # pandas 3: NA stays NA under astype(str)
    data = part.assign(unit=part["session_id"].astype(str) + "/" + segment + "/"
                       + part["item"])[["unit", "rater", "value"]]
    data = data.assign(value=[scale.parse(v) for v in data["value"]])
    n_units = int((data.groupby("unit")["rater"].nunique() == 2).sum())
    categories = scale.allowed
    stats: list[tuple[str, str | None, Callable[[], float]]] = []
    if scale.level != "interval":
        stats.append(("percent_agreement", None, lambda: percent_agreement(data, categories=categories)))
        weighted = scale.level == "ordinal"
        stats.append(("weighted_kappa" if weighted else "cohen_kappa", "kappa",
                      lambda: cohen_kappa(data, weights="quadratic" if weighted else None, categories=categories)))
    if level != "presence":
        stats.append(("alpha", "alpha", lambda: alpha(data, level=scale.level, categories=categories)))
    names = ", ".join(item.id for item in items)
    return [_row(group, level, names, statistic, family, compute, n_units, limits) for statistic, family, compute in stats]


def _row(group: str, level: str, items: str, statistic: str, family: str | None, compute: Callable[[], float],
         n_units: int, limits: dict[str, float]) -> dict:
    """One statistic: its value (or why it is undefined) and, with a threshold, pass or fail."""
    from observer.reliability import UndefinedStatistic

    threshold = limits[family] if family else None
    try:
        value, note = float(compute()), ""
    except UndefinedStatistic as undefined:
        value, note = None, f"undefined: {undefined.reason}"
    except AnalysisError as error:
        value, note = None, f"undefined: {error.message}"
    if value is None:
        result = "undefined"
    elif threshold is None:
        result = ""
    else:
        result = "pass" if value >= threshold else "fail"
    return {"group": group, "level": level, "items": items, "statistic": statistic, "value": value,
            "n_units": n_units, "threshold": threshold, "result": result, "note": note}


def _verdict(results: pd.Series) -> str:
    """A group's verdict: fail when any statistic fails, pass when one passes, else undefined."""
    found = set(results)
    return "fail" if "fail" in found else "pass" if "pass" in found else "undefined"


def _segments_differing(table: pd.DataFrame, top: int) -> pd.DataFrame:
    """Segments (numbered from 1) and session levels by how much trainee and master differ: sizes, then items."""
    import pandas as pd

    if table.empty or TRAINEE not in table or MASTER not in table:
        return pd.DataFrame(columns=DIFFERENCE_COLUMNS)
    numbers = table["segment_index"].astype("Int64") + 1  # the segment as people count it, from 1
    table = table.assign(segment=numbers.astype(object).where(numbers.notna(), "session"),
                         text=[f"{row.item} trainee {_show(row.trainee)} / master {_show(row.master)}"
                               for row in table.itertuples(index=False)])
    grouped = table.groupby(["session_id", "segment"], sort=False)
    summary = pd.DataFrame({"n_items": grouped.size(), "size": grouped["size"].sum().round(3),
                            "differences": grouped["text"].agg("; ".join)}).reset_index()
    summary = summary.sort_values(["size", "n_items"], ascending=False, kind="stable").head(top)
    return summary[DIFFERENCE_COLUMNS].reset_index(drop=True)


def _show(value: object) -> str:
    """A coded value as text; '-' when the rater left it empty."""
    import pandas as pd

    return "-" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
