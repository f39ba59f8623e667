"""A reliability report as an aligned plain-text table, CSV or JSON."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd


def to_table(report: pd.DataFrame) -> str:
    """Aligned plain text, one line per row; ``below`` marks values under their threshold."""
    show_item = bool((report["item"] != report["target"]).any() and (report["item"] != "").any())
    headers = ["level", "scope", "target", *(["item"] if show_item else []), "statistic", "value", "95% CI"
               if _coverage(report) == 0.95 else "CI", "n_units", "n_raters", "flag", "note"]
    lines = [
        [row.level, row.scope, row.target, *([row.item] if show_item else []), row.statistic, format_value(row.value),
         format_interval(row.ci_low, row.ci_high), str(row.n_units), str(row.n_raters), "below" if row.flag else "",
         row.note]
        for row in report.itertuples(index=False)
    ]
    numeric = {headers.index(h) for h in ("value", "n_units", "n_raters")}
    widths = [max([len(h)] + [len(line[i]) for line in lines]) for i, h in enumerate(headers)]

    def render(cells: list[str]) -> str:
        padded = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([render(headers), rule, *(render(line) for line in lines)]) + "\n"


def to_csv(report: pd.DataFrame) -> str:
    """CSV with a header, full precision, empty cells for undefined values."""
    return report.to_csv(index=False)


def to_json(report: pd.DataFrame) -> str:
    """``{"settings": ..., "rows": [...]}`` with null for undefined values."""
    rows = json.loads(report.to_json(orient="records", double_precision=15))
    return json.dumps({"settings": report.attrs.get("observer", {}), "rows": rows}, indent=2, default=_plain) + "\n"


def _coverage(report: pd.DataFrame) -> float:
    """The interval coverage the report was built with."""
    return float(report.attrs.get("observer", {}).get("ci", 0.95))


def format_value(value: float) -> str:
    """Three decimals (never -0.000), or '-' for an undefined value."""
    return "-" if is_missing(value) else f"{round(value, 3) + 0.0:.3f}"


def format_interval(low: float, high: float) -> str:
    """[low, high], or empty when there is no interval."""
    return "" if is_missing(low) or is_missing(high) else f"[{format_value(low)}, {format_value(high)}]"


def is_missing(value: float) -> bool:
    """True for NaN or None."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain(value: object) -> object:
    """JSON for numpy scalars and arrays in the settings."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)
