"""What readers find (timed cues) and what they produce (transcripts of timed utterances)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Cue(NamedTuple):
    """One turn as a reader found it: times in milliseconds, `end` None when the source gives none.

    `lines` are the lines a subtitle cue shows (empty for formats without lines); `text` is
    what the utterance says, without a speaker prefix.
    """

    start: int
    end: int | None
    speaker: str
    text: str
    line: int | None
    kind: str
    ref: str
    lines: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How messages name the turn, e.g. ``cue 3`` or ``row 12``."""
        return f"{self.kind} {self.ref}"


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
    """One session's utterances as read from a file, plus what the file says about it.

    `notes` say what the import did beyond reading (e.g. merged overlaps), for the user to see.
    """

    utterances: list[Utterance]
    source: str
    format: str
    session_id: str | None = None
    duration: float | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def end(self) -> float:
        """The end of the last utterance (0 for an empty transcript)."""
        return max((u.end for u in self.utterances), default=0.0)
