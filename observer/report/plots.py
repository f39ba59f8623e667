"""The report's figures, drawn with matplotlib (Agg, no pyplot) and returned as inline SVG text."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Sequence

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from observer.report.values import number

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
"""Okabe-Ito colours, safe for colour-blind readers and in greyscale print."""
WIDTH = 7.6
"""Figure width in inches (the page's text width; the SVG scales to the column)."""
INK = "#333333"
MUTED = "#8a8a8a"
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "observer-report",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 9.0,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": "#e4e4e4",
    "grid.linewidth": 0.6,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}
"""The pinned style: matplotlib's defaults plus these, whatever the user's matplotlibrc says."""


@dataclass(frozen=True)
class Series:
    """One rupture type (or rating) across the segments: its label and value per segment (None: none).

    ``emphasis`` draws a line in ink, dashed, apart from the coloured ones.
    """

    label: str
    values: Sequence[float | None]
    emphasis: bool = False


@dataclass(frozen=True)
class StrategyRow:
    """One row of the strategy strip: per segment how many strategies were marked and whether one counted."""

    label: str
    counts: Sequence[int]
    counted: Sequence[bool]


@dataclass(frozen=True)
class Timeline:
    """Everything the timeline figure shows, already worked out by the summary."""

    ticks: Sequence[str]
    series: Sequence[Series]
    scale: Sequence[float]
    coded: Sequence[bool]
    unresolved: Sequence[bool]
    strategies: Sequence[StrategyRow]
    threshold: float | None
    y_label: str


def timeline_svg(timeline: Timeline) -> str:
    """Grouped bars of each type's rating per segment, unresolved ruptures hatched, strategies in a strip below."""
    with matplotlib.rc_context(_style()):
        rows = len(timeline.strategies)
        figure = Figure(figsize=(WIDTH, 3.0 + 0.32 * rows))
        if rows:
            bars, strip = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [5, 0.45 * rows + 0.3]})
        else:
            bars, strip = figure.subplots(1, 1), None
        _draw_bars(bars, timeline)
        if strip is not None:
            _draw_strip(strip, timeline)
        bars.set_xticks(range(len(timeline.ticks)), timeline.ticks)
        bars.tick_params(axis="x", length=0, labelbottom=strip is None)
        if strip is not None:
            strip.tick_params(axis="x", length=0)
        _margins(figure, [row.label for row in timeline.strategies], bottom=0.5)
        return _svg(figure)


def _draw_bars(axes, timeline: Timeline) -> None:
    """The grouped bars, the threshold line, the uncoded segments and the legend."""
    n = len(timeline.ticks)
    width = 0.8 / max(len(timeline.series), 1)
    top = max(timeline.scale) if timeline.scale else 5
    handles = []
    for k, series in enumerate(timeline.series):
        offset = (k - (len(timeline.series) - 1) / 2) * width
        colour = PALETTE[k % len(PALETTE)]
        for x, value in enumerate(series.values):
            if value is None:
                continue
            hatch = "////" if timeline.unresolved[x] else None
            axes.bar(x + offset, value, width * 0.92, color=colour, edgecolor=INK if hatch else colour,
                     linewidth=0.8 if hatch else 0, hatch=hatch)
        handles.append(Patch(facecolor=colour, label=series.label))
    for x, coded in enumerate(timeline.coded):
        if not coded:
            axes.axvspan(x - 0.45, x + 0.45, color="#f0f0f0", zorder=0)
            axes.text(x, top / 2, "not coded", ha="center", va="center", color=MUTED, fontsize=8, rotation=90)
    if timeline.threshold is not None:
        axes.axhline(timeline.threshold, color=MUTED, linestyle=(0, (4, 3)), linewidth=0.9)
        label = f"threshold ({number(timeline.threshold)})"
        handles.append(Line2D([], [], color=MUTED, linestyle=(0, (4, 3)), label=label))
    if any(timeline.unresolved):
        handles.append(Patch(facecolor="white", edgecolor=INK, hatch="////", label="not repaired in time"))
    axes.set_xlim(-0.55, n - 0.45)
    axes.set_ylim(0, top + 0.3)
    axes.set_yticks(list(timeline.scale))
    axes.set_ylabel(timeline.y_label)
    axes.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.01), ncol=min(len(handles), 4),
                fontsize=8, handlelength=1.6, borderaxespad=0)


def _draw_strip(axes, timeline: Timeline) -> None:
    """One row per strategy kind: a filled dot where a strategy counted toward repair, an open dot where none did."""
    rows = timeline.strategies
    for y, row in enumerate(reversed(rows)):
        for x, (count, counted) in enumerate(zip(row.counts, row.counted)):
            if not count:
                continue
            axes.plot(x, y, marker="o", markersize=8, color=INK, markerfacecolor=INK if counted else "white",
                      markeredgewidth=1.1, linestyle="none")
            if count > 1:
                axes.text(x + 0.09, y, f"×{count}", va="center", ha="left", fontsize=8, color=INK)
    axes.set_yticks(range(len(rows)), [row.label for row in reversed(rows)])
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.grid(False)
    axes.spines["left"].set_visible(False)
    axes.tick_params(axis="y", length=0)


@dataclass(frozen=True)
class Trend:
    """Figures of a therapist's sessions in order: x tick labels, one line per figure, the current session."""

    ticks: Sequence[str]
    lines: Sequence[Series]
    current: int
    y_label: str


def trend_svg(trend: Trend) -> str:
    """A small line chart of each figure over the therapist's sessions, the current session shaded."""
    with matplotlib.rc_context(_style()):
        figure = Figure(figsize=(WIDTH, 2.5))
        axes = figure.subplots(1, 1)
        xs = range(len(trend.ticks))
        for k, line in enumerate(trend.lines):
            points = [(x, v) for x, v in zip(xs, line.values) if v is not None]
            if points:
                colour = INK if line.emphasis else PALETTE[k % len(PALETTE)]
                axes.plot(*zip(*points), marker="o", markersize=4, linewidth=1.6, color=colour, label=line.label,
                          linestyle=(0, (4, 2)) if line.emphasis else "-")
        axes.axvspan(trend.current - 0.3, trend.current + 0.3, color="#f0f0f0", zorder=0)
        axes.set_xticks(list(xs), trend.ticks)
        axes.set_xlim(-0.5, len(trend.ticks) - 0.5)
        axes.set_ylim(bottom=0)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_ylabel(trend.y_label)
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=min(len(trend.lines), 4), fontsize=8,
                    borderaxespad=0)
        _margins(figure, [], bottom=0.5)
        return _svg(figure)


def _margins(figure: Figure, row_labels: list[str], *, bottom: float) -> None:
    """Fixed margins in inches (cheaper than a layout engine): room for the y label, row labels and legend."""
    width, height = figure.get_size_inches()
    left = max(0.62, 0.075 * max((len(label) for label in row_labels), default=0) + 0.2)
    figure.subplots_adjust(left=left / width, right=1 - 0.08 / width, top=1 - 0.32 / height,
                           bottom=bottom / height, hspace=0.12)


def _style() -> dict:
    """matplotlib's defaults with the report's style on top (the backend left alone)."""
    defaults = {k: v for k, v in matplotlib.rcParamsDefault.items() if k != "backend"}
    return {**defaults, **STYLE}


_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)


def _svg(figure: Figure) -> str:
    """The figure as an ``<svg>`` element for inlining in HTML (no XML prologue, no fixed size)."""
    buffer = io.StringIO()
    FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None, "Creator": None})
    svg = _PROLOGUE.sub("", buffer.getvalue(), count=1)
    return re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1role="img"', svg, count=1)
