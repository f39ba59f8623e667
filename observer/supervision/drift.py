"""Rater drift: each rater's agreement on marker presence over time, with drops flagged.

For every rater, each presence marker they coded in a segment is paired with the reference
reading of the same marker in the same segment: the master codes (on master sessions), or the
majority reading of the other raters who coded that segment (on double-coded sessions; with
one other rater, theirs; even splits are left out, so one drifting rater barely moves the
others' figures when three or more code a session). Unmarked markers of completed segments
count as absent. The pairs are split into periods by the rater's own coding time: the ISO week
of ``coded_at``, or batches of ``batch_size`` sessions in the order the rater started them.
Per period: percent agreement and Cohen's kappa (``observer.reliability``).

A period is flagged

- ``below`` when its kappa is under the threshold (the study's calibration kappa, .60 by default);
- ``drop`` when its kappa is more than ``drop`` (.15) under the running mean of the rater's
  earlier periods, once there are at least ``MIN_HISTORY`` (2) earlier periods with a kappa.

An undefined kappa (e.g. no marker present on either side) is shown as undefined and never flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from observer.errors import AnalysisError, StudyError
from observer.store import Study
from observer.store.records import CONSENSUS

if TYPE_CHECKING:
    import pandas as pd

Period = Literal["week", "batch"]
Against = Literal["master", "others"]
MIN_HISTORY = 2
DEFAULT_DROP = 0.15
COLUMNS = ["rater", "period", "sessions", "units", "agreement", "kappa", "running_mean", "flag", "note"]
BLOCKS = "▁▂▃▄▅▆▇█"
KEYS = ["session_id", "segment_index", "item"]
MASTER_LABEL = "master"
OTHERS_LABEL = "others"


@dataclass(frozen=True)
class Drift:
    """Agreement per rater and period, how it was computed, and the flagged periods."""

    table: pd.DataFrame
    by: Period
    against: Against
    threshold: float
    drop: float

    @property
    def flagged(self) -> pd.DataFrame:
        """The flagged periods."""
        return self.table[self.table["flag"] != ""]


def drift(study: Study, *, by: Period = "week", against: Against = "master", batch_size: int = 5,
          drop: float = DEFAULT_DROP, threshold: float | None = None) -> Drift:
    """Each rater's agreement with the reference, period by period, with drops flagged."""
    from observer.supervision.calibration import thresholds

    if by not in ("week", "batch"):
        raise AnalysisError(f"cannot split by {by!r}", field="by", hint="Use --by week or --by batch.")
    if batch_size < 1:
        raise AnalysisError("a batch needs at least one session", field="batch-size", hint="e.g. --batch-size 5.")
    if not 0 < drop < 2:
        raise AnalysisError(f"--drop must lie between 0 and 2, got {drop}", field="drop", hint="e.g. --drop 0.15.")
    threshold = thresholds(study)["kappa"] if threshold is None else threshold
    pairs = paired_markers(study, against)
    pairs["period"] = _periods(pairs, by, batch_size)
    rows = []
    for rater, mine in pairs.groupby("rater", sort=True):
        rows += _rater_rows(rater, mine, threshold, drop)
    import pandas as pd

    return Drift(pd.DataFrame(rows, columns=COLUMNS), by, against, threshold, drop)


def paired_markers(study: Study, against: Against) -> pd.DataFrame:
    """Each rater's marker readings with the reference reading of the same marker and segment.

    Columns session_id, segment_index, item, rater, value, coded_at, reference, ref_value.
    """
    from observer.supervision.frames import session_codes

    if against not in ("master", "others"):
        raise AnalysisError(f"cannot compare against {against!r}", field="against",
                            hint="Use --against master or --against others.")
    sources = study.master_sessions()
    if against == "master" and not sources:
        raise StudyError("the study has no master sessions to compare with", file=study.location,
                         hint="Mark some with: observer master STUDY --sessions s1,s2 --from NAME|consensus, "
                              "or pass --against others.")
    if against == "master":
        shared = list(sources)
    else:
        coders = study.coders()
        shared = [s.id for s in study.sessions() if len(coders.get(s.id, ())) > 1]
    markers = [item.id for item in study.scheme.segment_items if item.is_presence]
    codes = session_codes(study, shared)
    codes = codes[codes["item"].isin(markers) & codes["value"].notna()][KEYS + ["rater", "value", "coded_at"]]
    codes = codes.assign(value=codes["value"].astype(int))
    if against == "master":
        is_reference = codes["session_id"].map(sources).eq(codes["rater"])
        reference = codes[is_reference].assign(reference=MASTER_LABEL)
        coders = codes[~is_reference & codes["session_id"].isin(sources) & codes["rater"].ne(CONSENSUS)]
        reference = reference[KEYS + ["reference", "value"]].rename(columns={"value": "ref_value"})
        pairs = coders.merge(reference, on=KEYS)
    else:
        pairs = _against_majority(codes[codes["rater"].ne(CONSENSUS)])
    pairs = pairs.reset_index(drop=True)
    if pairs.empty:
        what = "the master codes" if against == "master" else "another rater"
        raise StudyError(f"no rater shares a coded segment with {what}", file=study.location,
                         hint="Drift needs raters coding master sessions, or double-coded sessions "
                              "(observer assign --double).")
    return pairs


def _against_majority(coders: pd.DataFrame) -> pd.DataFrame:
    """Each reading with the majority reading of the other raters of its unit (even splits left out)."""
    units = coders.groupby(KEYS, dropna=False)["value"]
    others_present = units.transform("sum") - coders["value"]
    others = units.transform("size") - 1
    pairs = coders.assign(reference=OTHERS_LABEL, ref_value=(2 * others_present > others).astype(int))
    return pairs[(others > 0) & (2 * others_present != others)]


def _periods(pairs: pd.DataFrame, by: Period, batch_size: int) -> list:
    """Each pair's period: the ISO week of the rater's coding time, or the batch of the session."""
    moments = [datetime.fromisoformat(at) for at in pairs["coded_at"]]
    if by == "week":
        return [f"{m.isocalendar().year}-W{m.isocalendar().week:02d}" for m in moments]
    started = pairs.assign(moment=moments).groupby(["rater", "session_id"])["moment"].min().reset_index()
    started["order"] = started.sort_values("moment", kind="stable").groupby("rater").cumcount()
    batch = {(r, s): int(o) // batch_size + 1 for r, s, o in started[["rater", "session_id", "order"]].itertuples(
        index=False)}
    return [batch[(r, s)] for r, s in zip(pairs["rater"], pairs["session_id"])]


def _rater_rows(rater: str, mine: pd.DataFrame, threshold: float, drop: float) -> list[dict]:
    """One row per period of one rater, in time order, with the running mean of earlier kappas and flags."""
    earlier: list[float] = []
    rows = []
    for period, part in mine.groupby("period", sort=True):
        kappa, note = _kappa(part)
        running = sum(earlier) / len(earlier) if earlier else None
        flags = []
        if kappa is not None and kappa < threshold:
            flags.append("below")
        if kappa is not None and len(earlier) >= MIN_HISTORY and kappa < running - drop:
            flags.append("drop")
        rows.append({"rater": rater, "period": period, "sessions": part["session_id"].nunique(), "units": len(part),
                     "agreement": float((part["value"] == part["ref_value"]).mean()), "kappa": kappa,
                     "running_mean": running, "flag": ",".join(flags), "note": note})
        if kappa is not None:
            earlier.append(kappa)
    return rows


def _kappa(part: pd.DataFrame) -> tuple[float | None, str]:
    """Cohen's kappa of the rater against the reference over these pairs (None and why when undefined)."""
    import pandas as pd

    from observer.reliability import UndefinedStatistic, cohen_kappa

    n = len(part)
    data = pd.DataFrame({"unit": list(range(n)) * 2, "rater": ["rater"] * n + ["reference"] * n,
                         "value": list(part["value"].astype(int)) + list(part["ref_value"].astype(int))})
    try:
        return float(cohen_kappa(data, categories=(0, 1))), ""
    except UndefinedStatistic as undefined:
        return None, f"undefined: {undefined.reason}"


def sparkline(values: list[float | None]) -> str:
    """One block per value from ▁ (0 or less) to █ (1); · for an undefined value."""
    return "".join("·" if v is None else BLOCKS[round(min(max(v, 0.0), 1.0) * (len(BLOCKS) - 1))] for v in values)


def plot_lines(result: Drift) -> list[str]:
    """A small terminal plot: per rater a sparkline of kappa by period, ``!`` under flagged periods."""
    table = result.table
    if table.empty:
        return []
    width = max(len(str(r)) for r in table["rater"])
    lines = []
    for rater, part in table.groupby("rater", sort=True):
        kappas = [None if k is None or k != k else float(k) for k in part["kappa"]]
        lines.append(f"{str(rater).ljust(width)}  {sparkline(kappas)}  "
                     f"kappa {_range(kappas)} over {len(part)} {result.by}(s)")
        marks = "".join("!" if flag else " " for flag in part["flag"])
        if marks.strip():
            lines.append(f"{' ' * width}  {marks}")
    return lines


def _range(values: list[float | None]) -> str:
    defined = [v for v in values if v is not None]
    return f"{min(defined):.2f}-{max(defined):.2f}" if defined else "undefined"
