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


@pytest.fixture
def study(tmp_path, mini_scheme):
    """A study with the mini scheme and two sessions (3 segments each)."""
    s = Study.create(tmp_path / "test.observer", mini_scheme)
    s.add_sessions([make_session("s1"), make_session("s2")])
    yield s
    s.close()
