"""Therapist feedback reports: one self-contained HTML page per session (headless; never imports Textual).

``StudyFrames.from_study(study)`` reads a study once; ``session_report`` renders
one session, ``write_report`` and ``write_all`` write files. ``docs/reports.md``
says what a report contains and how each figure is worked out.
"""

from observer.report.build import report_context
from observer.report.inputs import StudyFrames
from observer.report.write import session_report, write_all, write_report

__all__ = ["StudyFrames", "report_context", "session_report", "write_all", "write_report"]
