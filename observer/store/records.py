"""The domain records the study store hands out."""

from __future__ import annotations

from dataclasses import dataclass, field

from observer.scheme.model import Value

SESSION_LEVEL = -1  # the segment number stored for session-level items
CONSENSUS = "consensus"  # the rater name of consensus codes
ROLES = ("primary", "second")  # an assigned session's coders: every session a primary, a sample a second


@dataclass(frozen=True)
class SessionInfo:
    """A recorded session and what the study knows about it."""

    id: str
    duration: float
    therapist: str = ""
    client: str = ""
    date: str = ""
    media_path: str = ""
    media_offset: float = 0.0
    source: str = ""
    source_format: str = ""
    n_segments: int = 0
    n_utterances: int = 0


@dataclass(frozen=True)
class Segment:
    """One coding unit of a session: a time window [start, end)."""

    session_id: str
    index: int
    start: float
    end: float


@dataclass(frozen=True)
class StoredUtterance:
    """An utterance as stored, with its position and the segment it starts in."""

    index: int
    start: float
    end: float
    speaker: str
    text: str
    segment: int


@dataclass(frozen=True)
class Code:
    """One rater's current value for one item in one unit."""

    session_id: str
    segment: int | None
    rater: str
    item: str
    value: Value | None
    note: str = ""
    evidence: tuple[int, ...] = ()
    coded_at: str = ""


@dataclass(frozen=True)
class UnitState:
    """A rater's state of one unit: whether it is complete, and the unit note."""

    complete: bool = False
    note: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded change: who, when, which cell, old and new state."""

    id: int
    at: str
    rater: str
    session_id: str
    segment: int | None
    item: str
    action: str
    target: int | None
    old: dict = field(default_factory=dict)
    new: dict = field(default_factory=dict)
    batch: int | None = None


@dataclass(frozen=True)
class NewSession:
    """A session ready to be added: its record, utterances and segment bounds."""

    info: SessionInfo
    utterances: list[StoredUtterance]
    bounds: list[tuple[float, float]]
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Assignment:
    """A session assigned to a rater as its primary or second (double-coding) coder."""

    session_id: str
    rater: str
    role: str
    assigned_at: str = ""
    seed: int | None = None


@dataclass(frozen=True)
class ConsensusDecision:
    """A consensus value recorded by a supervisor, with the reason (None: the item stays empty)."""

    session_id: str
    segment: int | None
    item: str
    value: Value | None
    reason: str
    decided_by: str
    decided_at: str
    history_id: int
