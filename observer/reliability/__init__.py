"""Inter-rater reliability: agreement statistics on long-format frames and the study report.

Headless: imports pandas, numpy, scipy and krippendorff, never Textual. Every
function takes a tidy DataFrame plus column names and returns a float or a tidy
DataFrame; bad input raises ``AnalysisError`` (a ``ValueError``) saying how to fix
it, and an undefined statistic raises ``UndefinedStatistic`` with its reason.
"""

from observer.reliability.alpha import alpha
from observer.reliability.bootstrap import AlphaResult, alpha_ci
from observer.reliability.disagreements import disagreements
from observer.reliability.gwet import gwet_ac1, gwet_ac2
from observer.reliability.icc import icc
from observer.reliability.inputs import completion_frame, study_inputs
from observer.reliability.intervals import Interval, agreement_ci
from observer.reliability.kappa import cohen_kappa, fleiss_kappa, percent_agreement
from observer.reliability.methods import methods_paragraph
from observer.reliability.planning import Plan, plan
from observer.reliability.render import to_csv, to_json, to_paper, to_table
from observer.reliability.study import SCOPES, study_report
from observer.reliability.undefined import UndefinedStatistic

__all__ = [
    "AlphaResult",
    "Interval",
    "Plan",
    "SCOPES",
    "UndefinedStatistic",
    "agreement_ci",
    "alpha",
    "alpha_ci",
    "cohen_kappa",
    "completion_frame",
    "disagreements",
    "fleiss_kappa",
    "gwet_ac1",
    "gwet_ac2",
    "icc",
    "methods_paragraph",
    "percent_agreement",
    "plan",
    "study_inputs",
    "study_report",
    "to_csv",
    "to_json",
    "to_paper",
    "to_table",
]
