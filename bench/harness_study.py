"""The study the safety harnesses code in: the shipped 3RS 2015 scheme and synthetic sessions."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a source tree without installing

from observer.scheme import load_scheme  # noqa: E402
from observer.store import NewSession, SessionInfo, StoredUtterance, Study  # noqa: E402

SCHEME = "3rs-2015"
SEGMENT_SECONDS = 300.0


def synthetic_session(session_id: str, duration: float = 3000.0, step: float = 15.0) -> NewSession:
    """A session of ``duration`` seconds with an utterance every ``step`` seconds."""
    bounds = [(start, min(start + SEGMENT_SECONDS, duration))
              for start in (i * SEGMENT_SECONDS for i in range(int(-(-duration // SEGMENT_SECONDS))))]
    utterances = [StoredUtterance(i, i * step, i * step + step - 1, "Therapist" if i % 2 else "Client",
                                  f"utterance {i} of {session_id}", int(i * step // SEGMENT_SECONDS))
                  for i in range(int(duration // step))]
    return NewSession(SessionInfo(id=session_id, duration=duration), utterances, bounds)


def build_study(path: Path, n_sessions: int = 4) -> Path:
    """A study at ``path`` with sessions s1..sN of ten 5-minute segments."""
    with Study.create(path, load_scheme(SCHEME)) as study:
        study.add_sessions([synthetic_session(f"s{i}") for i in range(1, n_sessions + 1)])
    return path


def marker_cells(study: Study) -> list[tuple[str, int, str]]:
    """Every (session, segment, marker) of the study: the cells the harnesses toggle."""
    markers = [item.id for item in study.scheme.segment_items if item.is_presence]
    return [(s.id, g.index, m) for s in study.sessions() for g in study.segments(s.id) for m in markers]
