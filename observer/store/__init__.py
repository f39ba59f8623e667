"""The study store: a study in a SQLite file or a PostgreSQL database, with its schema, migrations and history."""

from observer.store.records import (
    CONSENSUS,
    Assignment,
    Code,
    ConsensusDecision,
    HistoryEntry,
    NewSession,
    Segment,
    SessionInfo,
    StoredUtterance,
    UnitState,
)
from observer.store.rater_view import RaterView
from observer.store.study import Study

__all__ = [
    "CONSENSUS", "Assignment", "Code", "ConsensusDecision", "HistoryEntry", "NewSession", "RaterView", "Segment",
    "SessionInfo", "StoredUtterance", "Study", "UnitState",
]
