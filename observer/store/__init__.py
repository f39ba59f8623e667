"""The study store: one SQLite file per study, with its schema, migrations and history."""

from observer.store.records import Code, HistoryEntry, NewSession, Segment, SessionInfo, StoredUtterance, UnitState
from observer.store.study import RaterView, Study

__all__ = [
    "Code", "HistoryEntry", "NewSession", "RaterView", "Segment", "SessionInfo", "StoredUtterance", "Study",
    "UnitState",
]
