"""Shared fixtures: small schemes and studies built in temporary folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer.scheme import load_scheme
from observer.store import NewSession, SessionInfo, StoredUtterance, Study

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini_scheme_path() -> Path:
    return FIXTURES / "mini-scheme.yaml"


@pytest.fixture
def mini_scheme(mini_scheme_path):
    return load_scheme(mini_scheme_path)


def make_session(session_id: str, duration: float = 150.0, segment_seconds: float = 60.0) -> NewSession:
    """A session of alternating therapist/client utterances every 10 s."""
    bounds = []
    start = 0.0
    while start < duration:
        bounds.append((start, min(start + segment_seconds, duration)))
        start += segment_seconds
    utterances = [
        StoredUtterance(i, t, t + 8.0, "Therapist" if i % 2 == 0 else "Client", f"utterance {i}",
                        int(t // segment_seconds))
        for i, t in enumerate(range(0, int(duration) - 8, 10))
    ]
    return NewSession(SessionInfo(id=session_id, duration=duration, therapist="T1", client="C1"),
                      utterances, bounds)


def code_units(study: Study | Path, rater: str, session: str, values: dict, *, evidence: dict | None = None,
               notes: dict | None = None, complete=(0, 1, 2, None)) -> None:
    """Write a rater's values {(segment, item): value}, evidence and notes; mark the listed units complete."""
    if not isinstance(study, Study):
        with Study.open(study) as opened:
            return code_units(opened, rater, session, values, evidence=evidence, notes=notes, complete=complete)
    view = study.for_rater(rater)
    for (segment, item), value in values.items():
        view.set_value(session, segment, item, value)
    for (segment, item), utterances in (evidence or {}).items():
        view.set_evidence(session, segment, item, utterances)
    for (segment, item), note in (notes or {}).items():
        view.set_note(session, segment, item, note)
    for segment in complete:
        view.set_complete(session, segment)


@pytest.fixture
def study(tmp_path, mini_scheme):
    """A study with the mini scheme and two sessions (3 segments each)."""
    s = Study.create(tmp_path / "test.observer", mini_scheme)
    s.add_sessions([make_session("s1"), make_session("s2")])
    yield s
    s.close()
