"""Supervisor workflows: assignment, consensus, calibration against master codes, rater drift.

Headless (never imports Textual); pandas is imported only by the functions that need it.
"""

from observer.supervision.assignment import AssignmentResult, assign, deal, draw_sample, loads
from observer.supervision.calibration import Calibration, calibrate, set_threshold, thresholds
from observer.supervision.consensus import ConsensusSession, ItemComparison, Reading, UnitComparison
from observer.supervision.drift import Drift, drift, plot_lines, sparkline

__all__ = [
    "AssignmentResult",
    "Calibration",
    "ConsensusSession",
    "Drift",
    "ItemComparison",
    "Reading",
    "UnitComparison",
    "assign",
    "calibrate",
    "deal",
    "draw_sample",
    "drift",
    "loads",
    "plot_lines",
    "set_threshold",
    "sparkline",
    "thresholds",
]
