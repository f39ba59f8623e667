"""Assignment: reproducible draws, proportions, balanced loads, strata, and never taking coded work away."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import pytest

from observer.errors import StudyError
from observer.store import Study
from observer.supervision import assign, deal, draw_sample, loads

from conftest import make_session


def add_sessions(study: Study, n: int, therapists: tuple[str, ...] = ("T1",)) -> list[str]:
    """n sessions s01..sNN, therapists in turn."""
    sessions = []
    for i in range(n):
        new = make_session(f"s{i + 1:02d}")
        sessions.append(replace(new, info=replace(new.info, therapist=therapists[i % len(therapists)])))
    study.add_sessions(sessions)
    return [s.info.id for s in sessions]


def as_table(study: Study) -> dict[tuple[str, str], str]:
    return {(a.session_id, a.role): a.rater for a in study.assignments()}


@pytest.fixture
def big(tmp_path, mini_scheme):
    """A study of 23 sessions by three therapists (8, 8, 7)."""
    study = Study.create(tmp_path / "big.observer", mini_scheme)
    add_sessions(study, 23, ("T1", "T2", "T3"))
    yield study
    study.close()


def test_the_same_seed_gives_the_same_assignment_and_another_seed_another(tmp_path, mini_scheme):
    tables = []
    for seed in (7, 7, 8):
        with Study.create(tmp_path / f"study{len(tables)}.observer", mini_scheme) as study:
            add_sessions(study, 20, ("T1", "T2"))
            result = assign(study, ["ann", "bob", "cem"], double=0.25, seed=seed, by="therapist")
            assert result.seed == seed
            assert {a.seed for a in study.assignments()} == {seed}
            tables.append(as_table(study))
    assert tables[0] == tables[1]
    assert tables[0] != tables[2]


def test_rater_order_on_the_command_line_does_not_change_the_draw():
    ids = [f"s{i}" for i in range(12)]
    first = deal(ids, ["ann", "bob", "cem"], 3, random.Random(5))
    second = deal(ids, ["cem", "ann", "bob"], 3, random.Random(5))
    assert first == second


@pytest.mark.parametrize("n, k, double", [(23, 3, 0.25), (10, 3, 0.25), (7, 2, 0.5), (12, 4, 0.3), (5, 5, 1.0),
                                          (9, 2, 0.0), (11, 6, 0.2), (40, 3, 0.25)])
def test_proportions_and_loads(tmp_path, mini_scheme, n, k, double):
    raters = [f"r{i}" for i in range(k)]
    with Study.create(tmp_path / "p.observer", mini_scheme) as study:
        ids = add_sessions(study, n)
        result = assign(study, raters, double=double, seed=n * 31 + k)
        stored = study.assignments()
    primaries = Counter(a.session_id for a in stored if a.role == "primary")
    seconds = {a.session_id: a.rater for a in stored if a.role == "second"}
    firsts = {a.session_id: a.rater for a in stored if a.role == "primary"}
    assert sorted(primaries) == sorted(ids) and set(primaries.values()) == {1}  # each session exactly one primary
    assert len(seconds) == round(double * n)
    assert all(seconds[s] != firsts[s] for s in seconds)
    per_rater = loads(stored)
    for role in ("primary", "second"):
        counts = [per_rater.get(r, Counter())[role] for r in raters]
        assert max(counts) - min(counts) <= 1, (role, counts)
    totals = [sum(per_rater.get(r, Counter()).values()) for r in raters]
    assert max(totals) - min(totals) <= 1, totals
    assert result.sessions == ids


def test_stratified_sample_is_proportional_to_each_therapist(big):
    # 23 sessions (T1 8, T2 8, T3 7), double 0.25: round(5.75) = 6 double-coded;
    # exact shares 6*8/23 = 2.09, 2.09, 6*7/23 = 1.83 -> floors 2, 2, 1 and the one
    # place left goes to the largest remainder, T3 (0.83): 2, 2, 2.
    assign(big, ["ann", "bob", "cem"], double=0.25, seed=3, by="therapist")
    therapist = {s.id: s.therapist for s in big.sessions()}
    doubled = Counter(therapist[a.session_id] for a in big.assignments() if a.role == "second")
    assert doubled == {"T1": 2, "T2": 2, "T3": 2}


def test_stratified_draw_over_many_seeds_keeps_every_stratum_in_the_sample():
    strata = {f"s{i}": "big" if i < 18 else "small" for i in range(24)}
    for seed in range(50):
        sample = draw_sample(list(strata), 8, random.Random(seed), strata)
        # exact shares 8*18/24 = 6 and 8*6/24 = 2: no rounding needed
        assert Counter(strata[s] for s in sample) == {"big": 6, "small": 2}


def test_without_strata_a_therapist_can_be_left_out_of_the_sample(big):
    missing = 0
    for seed in range(40):
        draw = draw_sample([s.id for s in big.sessions()], 3, random.Random(seed))
        therapists = {s.therapist for s in big.sessions() if s.id in draw}
        missing += len(therapists) < 3
    assert missing > 0  # so stratification is what keeps all three in


def test_a_second_assign_is_refused_with_the_ways_out(big):
    assign(big, ["ann", "bob"], seed=1)
    before = as_table(big)
    with pytest.raises(StudyError) as info:
        assign(big, ["ann", "bob"], seed=2)
    assert "already assigned" in str(info.value) and "--new" in str(info.value) and "--force" in str(info.value)
    assert as_table(big) == before


def test_force_keeps_the_raters_of_started_sessions(big):
    assign(big, ["ann", "bob"], double=0.25, seed=1)
    before = as_table(big)
    started = [a for a in big.assignments() if a.role == "primary"][:3]
    for a in started:
        big.for_rater(a.rater).set_value(a.session_id, 0, "wd_minimal", 1)
    result = assign(big, ["cem", "dan"], double=0.25, seed=2, mode="force")
    after = as_table(big)
    assert result.kept == [a.session_id for a in started]
    for a in started:
        assert after[(a.session_id, "primary")] == before[(a.session_id, "primary")]
    others = {s for (s, _role) in after} - {a.session_id for a in started}
    assert {after[(s, "primary")] for s in others} == {"cem", "dan"}
    assert sum(role == "second" for (_s, role) in after) == round(0.25 * 23)


def test_new_assigns_only_sessions_imported_since(big):
    assign(big, ["ann", "bob", "cem"], double=0.25, seed=1)
    before = as_table(big)
    big.add_sessions([make_session("late1"), make_session("late2"), make_session("late3")])
    result = assign(big, ["ann", "bob", "cem"], double=0.25, seed=9, mode="new")
    after = as_table(big)
    assert result.sessions == ["late1", "late2", "late3"]
    assert {k: v for k, v in after.items() if k[0] not in result.sessions} == before
    # 26 sessions: round(6.5) = 6 double-coded in all; 6 already, so none of the new ones
    assert sum(role == "second" for (_s, role) in after) == 6


def test_a_session_coded_before_any_assignment_stays_with_its_coders(big):
    big.for_rater("zoe").set_value("s05", 0, "wd_minimal", 1)
    big.for_rater("yan").set_value("s05", 1, "wd_minimal", 1)
    result = assign(big, ["ann", "bob"], seed=4)
    table = as_table(big)
    assert result.adopted == ["s05"]
    assert (table[("s05", "primary")], table[("s05", "second")]) == ("zoe", "yan")


def test_master_sessions_are_not_assigned(big):
    big.for_rater("expert").set_value("s01", 0, "wd_minimal", 1)
    big.mark_master(["s01"], "expert")
    result = assign(big, ["ann", "bob"], seed=4)
    assert "s01" not in result.sessions and result.skipped_master == ["s01"]


def test_assigned_sessions_lists_a_raters_sessions_in_study_order(big):
    assign(big, ["ann", "bob", "cem"], double=0.5, seed=11)
    order = [s.id for s in big.sessions()]
    mine = big.assigned_sessions("ann")
    expected = [a.session_id for a in big.assignments() if a.rater == "ann"]
    assert mine == sorted(expected, key=order.index)
    assert big.assigned_sessions("nobody") == []


@pytest.mark.parametrize("raters, kwargs, message", [
    ([], {}, "name the raters"),
    (["consensus", "ann"], {}, "not a rater"),
    (["ann"], {"double": 0.25}, "at least two raters"),
    (["ann", "bob"], {"double": 1.5}, "between 0 and 1"),
    (["ann", "bob"], {"by": "room"}, "cannot stratify"),
])
def test_bad_requests_are_refused_with_a_hint(big, raters, kwargs, message):
    with pytest.raises(StudyError) as info:
        assign(big, raters, seed=1, **kwargs)
    assert message in str(info.value) and info.value.hint
    assert big.assignments() == []


def test_stratifying_by_a_field_no_session_has_is_refused(study):
    with pytest.raises(StudyError, match="no session has a client"):
        study.db.connection.execute("UPDATE sessions SET client = ''")
        assign(study, ["ann", "bob"], seed=1, by="client")


def test_store_refuses_the_same_rater_twice_on_a_session(study):
    from observer.store.records import Assignment

    with pytest.raises(StudyError, match="different second rater"):
        study.set_assignments([Assignment("s1", "ann", "primary"), Assignment("s1", "ann", "second")])


def test_dealing_balances_every_load_for_every_size():
    # every study size up to 30, 2-6 raters, every double count: primary, second and
    # total loads each within 1, and no session coded twice by the same rater
    for n in range(1, 31):
        for k in range(2, 7):
            raters = [f"r{i}" for i in range(k)]
            for n_double in range(n + 1):
                dealt = deal([f"s{i}" for i in range(n)], raters, n_double, random.Random(n * k + n_double))
                primary = Counter(d.primary for d in dealt)
                second = Counter(d.second for d in dealt if d.second)
                assert sum(d.second is not None for d in dealt) == n_double
                assert all(d.primary != d.second for d in dealt)
                for counts in (primary, second, primary + second):
                    values = [counts[r] for r in raters]
                    assert max(values) - min(values) <= 1, (n, k, n_double, values)
