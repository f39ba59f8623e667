"""Per-session rupture summaries and cross-session trends (headless; pandas, never Textual).

The rules come from the scheme's ``summary`` settings; ``docs/summaries.md``
states them for users.
"""

from observer.summary.excerpts import peak_excerpts
from observer.summary.peaks import peak_moments
from observer.summary.rules import RuptureRule, SummaryRules, summary_rules
from observer.summary.segments import segment_table
from observer.summary.session import profile, session_summary
from observer.summary.study import Summary, summarise
from observer.summary.trends import trends

__all__ = [
    "RuptureRule",
    "Summary",
    "SummaryRules",
    "peak_excerpts",
    "peak_moments",
    "profile",
    "segment_table",
    "session_summary",
    "summarise",
    "summary_rules",
    "trends",
]
