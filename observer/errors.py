"""The one error hierarchy: every user-facing failure is an ObserverError."""

from __future__ import annotations

from pathlib import Path


class ObserverError(Exception):
    """A failure the user can fix; carries where it happened and what to do."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        field = f"{self.field}: " if self.field else ""
        hint = ""
        if self.hint:
            stop = "" if self.message.rstrip().endswith((".", "!", "?", ":")) else "."
            hint = f"{stop} {self.hint}"
        return f"{where}{field}{self.message}{hint}"


class SchemeError(ObserverError):
    """A coding scheme file is malformed or inconsistent."""


class IngestError(ObserverError):
    """A transcript or annotation file cannot be read."""


class StudyError(ObserverError):
    """The study file is missing, damaged, locked or asked for something it lacks."""


class CodesError(ObserverError):
    """Codes (from the coding screen or a CSV) break the scheme's rules."""


class MediaError(ObserverError):
    """The media player or a recording is unavailable."""


class AnalysisError(ObserverError, ValueError):
    """Analysis input cannot be used as given; the message says how to fix it."""


class ServeError(ObserverError):
    """The lab server cannot start as asked (address, certificate files, proxy header)."""
