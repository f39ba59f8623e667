"""Studies and app drivers for the coding-screen tests (builders only; no tests here)."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from observer.scheme import load_scheme
from observer.store import NewSession, SessionInfo, StoredUtterance, Study
from observer.tui import ObserverApp

LINES = (
    ("T", "How did the week go with the exercises we planned?"),
    ("P", "Fine I guess."),
    ("T", "Fine? Tell me more about what happened when you tried them."),
    ("P", "I don't really want to go into that again, it's the same as always and talking about it never "
          "changes anything, so what is the point of going over it every single week?"),
)


def session(session_id: str, duration: float = 900.0, step: float = 20.0, segment: float = 300.0,
            long_every: int = 0) -> NewSession:
    """A session of utterances every ``step`` seconds; one utterance runs over each segment boundary."""
    bounds = [(start, min(start + segment, duration)) for start in _range(0.0, duration, segment)]
    utterances = []
    for index, start in enumerate(_range(0.0, duration - 5, step)):
        speaker, text = LINES[index % len(LINES)]
        end = start + step - 1
        if any(start < b[0] <= start + step for b in bounds[1:]):
            end = start + step + 8  # the last utterance before a boundary runs into the next segment
        utterances.append(StoredUtterance(index, start, min(end, duration), speaker, f"{text} ({index})",
                                          int(start // segment)))
    return NewSession(SessionInfo(id=session_id, duration=duration, therapist="th1", client="cl1",
                                  date="2024-03-01"), utterances, bounds)


def _range(start: float, stop: float, step: float):
    value = start
    while value < stop:
        yield value
        value += step


def build_study(folder: Path, scheme: str = "3rs-2015", sessions: tuple[NewSession, ...] = ()) -> Path:
    """A study file with a shipped scheme and sessions (by default s1 and s2, three segments each)."""
    path = folder / "study.observer"
    with Study.create(path, load_scheme(scheme)) as study:
        study.add_sessions(sessions or (session("s1"), session("s2")))
    return path


def app_on(path: Path, rater: str = "ann", session_id: str | None = "s1", keys: Path | None = None) -> ObserverApp:
    """The app on a study, with a keys file that does not exist unless given."""
    return ObserverApp(path, rater, session_id, keys_file=keys or path.parent / "no-keys.yaml")


def codes_of(path: Path, rater: str = "ann") -> dict:
    """A rater's codes as stored: {(session, segment, item): (value, note, evidence)}."""
    with Study.open(path) as study:
        return {(c.session_id, c.segment, c.item): (c.value, c.note, c.evidence) for c in study.codes(rater=rater)}


def complete_units(path: Path, rater: str = "ann", session_id: str = "s1") -> set:
    """The units a rater marked complete in a session."""
    with Study.open(path) as study:
        return set(study.completed_units(session_id).get((session_id, rater), ()))


def pilot_test(test):
    """Run an ``async def`` Pilot test in its own event loop (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run
