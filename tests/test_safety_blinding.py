"""Blind coding at the store level: nothing a RaterView returns depends on another rater's work.

Two studies get the same changes by bob; in one, ann has coded too (values, notes, evidence,
unit notes, complete units, undo). Every public method and property of bob's RaterView,
called with every argument combination below, must give the same result in both studies
(times and history ids aside). A new public method fails the test until its arguments are
described here, so no method escapes the check.
"""

from __future__ import annotations

import dataclasses
import inspect
import itertools

import pytest

from observer.errors import ObserverError
from observer.store import RaterView, Study

from conftest import make_session

UNITS = [("s1", 0), ("s1", 1), ("s1", None), ("s2", 2), ("s2", None)]
ARGUMENTS = {
    "item_id": ["wd_minimal", "wd_significance", "gl_resolved"],
    "value": [1, None],
    "note": ["bob's note"],
    "utterances": [[1, 3]],
    "complete": [True, False],
}
VOLATILE = {"coded_at", "at", "id", "target", "batch"}  # times and row ids differ between the two files by nature
UNCOMPARED = {"path", "location", "name", "in_batch"}  # where each study lives; in_batch runs a callable


def _ann_codes(study: Study) -> None:
    ann = study.for_rater("ann")
    for session_id in ("s1", "s2"):
        for segment in (0, 1, 2):
            ann.set_value(session_id, segment, "wd_minimal", 1)
            ann.set_value(session_id, segment, "wd_significance", 3)
            ann.set_note(session_id, segment, "wd_minimal", "ANN: long silences")
            ann.set_evidence(session_id, segment, "wd_minimal", [0, 2])
            ann.set_unit_note(session_id, segment, "ANN's unit note")
            ann.set_complete(session_id, segment)
        ann.set_value(session_id, None, "gl_resolved", 2)
    ann.set_value("s1", 1, "wd_shift", 1)
    ann.undo("s1")


def _bob_codes(study: Study) -> RaterView:
    bob = study.for_rater("bob")
    bob.set_value("s1", 0, "wd_shift", 1)
    bob.set_note("s1", 0, "wd_shift", "bob's own note")
    bob.set_value("s2", None, "gl_resolved", 1)
    return bob


@pytest.fixture
def views(tmp_path, mini_scheme):
    """bob's view of a study where ann coded too, and of one where only bob did."""
    made = []
    for name, with_ann in (("shared", True), ("alone", False)):
        study = Study.create(tmp_path / f"{name}.observer", mini_scheme)
        study.add_sessions([make_session("s1"), make_session("s2")])
        if with_ann:
            _ann_codes(study)
        made.append(study)
    yield [_bob_codes(s) for s in made]
    for study in made:
        study.close()


def _public_members() -> dict[str, object]:
    return {name: member for name, member in inspect.getmembers(RaterView)
            if not name.startswith("_") and (callable(member) or isinstance(member, property))}


def _calls(method) -> list[dict]:
    """Every argument combination for a method: each unit, and each value listed for the other parameters."""
    params = {name: p for name, p in inspect.signature(method).parameters.items() if name != "self"}
    options = []
    if "segment" in params:
        options.append([{"session_id": s, "segment": g} for s, g in UNITS])
    elif "session_id" in params:
        sessions = ["s1", "s2"] + ([None] if params["session_id"].default is None else [])
        options.append([{"session_id": s} for s in sessions])
    for name in params.keys() - {"session_id", "segment"}:
        options.append([{name: v} for v in ARGUMENTS[name]])  # a KeyError: describe the new parameter above
    return [{k: v for part in combo for k, v in part.items()} for combo in itertools.product(*options)]


def _plain(value):
    """A result with times and row ids removed, for comparing the two studies."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items() if k not in VOLATILE}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _outcome(view: RaterView, name: str, kwargs: dict):
    try:
        return "ok", _plain(getattr(view, name)(**kwargs))
    except ObserverError as exc:
        return "error", type(exc).__name__, str(exc)


def test_every_public_member_is_checked():
    assert set(_public_members()) == {"scheme", "codes", "unit_states", "history", "set_value", "set_note",
                                      "set_evidence", "set_unit_note", "set_complete", "problems", "undo", "redo",
                                      "path", "location", "name", "sessions", "session", "segments", "utterances",
                                      "assigned_sessions", "completed_units", "in_batch"}


def test_nothing_a_rater_view_returns_depends_on_another_raters_codes(views):
    shared, alone = views
    for name, member in _public_members().items():
        if name in UNCOMPARED:
            continue
        if isinstance(member, property):
            assert _plain(getattr(shared, name)) == _plain(getattr(alone, name)), name
            continue
        calls = _calls(member)
        assert calls, name
        for kwargs in calls:
            assert _outcome(shared, name, kwargs) == _outcome(alone, name, kwargs), (name, kwargs)
    assert {c.rater for c in shared._study.codes()} == {"ann", "bob"}  # ann's work was there all along


def test_reads_never_carry_another_raters_name_or_text(views):
    shared, _ = views
    for session_id in ("s1", "s2"):
        seen = repr([shared.codes(session_id), shared.unit_states(session_id), shared.history(session_id),
                     shared.history(), [shared.problems(session_id, g) for g in (0, 1, 2, None)]])
        assert "'ann'" not in seen and "ANN" not in seen
