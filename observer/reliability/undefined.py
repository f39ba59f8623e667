"""The one way an agreement statistic says it has no value: ``UndefinedStatistic``."""

from __future__ import annotations

from observer.errors import AnalysisError


class UndefinedStatistic(AnalysisError):
    """The statistic is undefined for these data (e.g. 0/0); ``reason`` says why.

    Every function of ``observer.reliability`` that returns a number raises this
    instead of returning NaN or a made-up value. The study report catches it and
    writes a row with no value and the note ``undefined: <reason>``.
    """

    def __init__(self, reason: str, *, hint: str | None = None) -> None:
        super().__init__(f"undefined: {reason}", hint=hint)
        self.reason = reason
