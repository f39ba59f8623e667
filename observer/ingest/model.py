"""What every reader produces: transcripts of timed utterances."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Utterance:
    """One timed turn of talk; times are seconds from the session start."""

    start: float
    end: float
    speaker: str
    text: str
    line: int | None = None


@dataclass
class Transcript:
    """One session's utterances as read from a file, plus what the file says about it."""

    utterances: list[Utterance]
    source: str
    format: str
    session_id: str | None = None
    duration: float | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def end(self) -> float:
        """The end of the last utterance (0 for an empty transcript)."""
        return max((u.end for u in self.utterances), default=0.0)
