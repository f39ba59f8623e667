"""How long notifications stay: a few seconds, errors a little longer, so none lingers over the screen."""

from __future__ import annotations

TIMEOUTS = {"information": 3.0, "warning": 4.0, "error": 7.0}
"""Seconds a notification stays, by severity, unless the caller asks for less."""


class BriefNotifications:
    """Mixed into a Textual App: notifications are short and plain text (no markup to trip over)."""

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Show a notification for at most its severity's time."""
        limit = TIMEOUTS.get(severity, TIMEOUTS["information"])
        super().notify(message, title=title, severity=severity,  # type: ignore[misc]
                       timeout=limit if timeout is None else min(timeout, limit), markup=markup)
