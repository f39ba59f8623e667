"""Assigning sessions to raters: every session one primary coder, a random sample a second coder.

The draw is reproducible from its seed. The double-coded sample has ``round(double * n)``
sessions (Python's rounding, halves to even) for a share, or the number asked for (sessions,
or whole sessions for a number of segments, see :class:`Sample`), drawn within strata (e.g. therapists) in
proportion to their size when asked. Sessions are dealt round-robin over the raters, so in a
fresh assignment the primary loads, the second loads and the total loads each differ by at
most one between raters (see :func:`deal`).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass
from typing import Literal, Mapping, Sequence

from observer.errors import StudyError
from observer.store import Study
from observer.store.records import CONSENSUS, Assignment

STRATA = ("therapist", "client")
"""Session fields a double-coded sample can be stratified by."""

Mode = Literal["fresh", "new", "force"]


@dataclass(frozen=True)
class Sample:
    """How many sessions to double-code: a ``share`` of them, a number of ``sessions``, or whole sessions
    enough for about a number of ``segments`` (e.g. the answer of ``observer reliability plan``)."""

    share: float | None = None
    sessions: int | None = None
    segments: int | None = None

    @classmethod
    def parse(cls, text: str) -> Sample:
        """``0.25`` or ``25%`` (a share), ``40`` (sessions; ``1`` is the share 1, every session, as before),
        ``1session``, ``40sessions`` or ``300segments``."""
        raw = str(text).strip().lower().replace(" ", "")
        try:
            if raw.endswith("%"):
                return cls(share=float(raw[:-1]) / 100)
            for suffix, field in (("segments", "segments"), ("segment", "segments"), ("seg", "segments"),
                                  ("sessions", "sessions"), ("session", "sessions")):
                if raw.endswith(suffix):
                    return cls(**{field: int(raw[: -len(suffix)])})
            if raw.isdigit() and int(raw) > 1:
                return cls(sessions=int(raw))
            return cls(share=float(raw))
        except ValueError:
            raise StudyError(f"--double {text!r} is neither a share, a number of sessions nor of segments",
                             field="double", hint="Pass e.g. --double 0.25, --double 25%, --double 40 (sessions) "
                                                  "or --double 300segments.") from None

    def size(self, sessions: Sequence) -> tuple[int, str]:
        """How many of these sessions to double-code, and how that number was reached (for the printout)."""
        n = len(sessions)
        if self.share is not None:
            if not 0 <= self.share <= 1:
                raise StudyError(f"--double must lie between 0 and 1, got {self.share:g}", field="double",
                                 hint="Pass the share of sessions to double-code, e.g. --double 0.25.")
            return round(self.share * n), f"{self.share:g} of {n} sessions"
        if self.sessions is not None:
            if not 0 <= self.sessions <= n:
                raise StudyError(f"cannot double-code {self.sessions} of {n} sessions", field="double",
                                 hint=f"Pass at most --double {n}, or import more sessions.")
            return self.sessions, f"{self.sessions} sessions"
        segments = sum(s.n_segments for s in sessions)
        if self.segments is None or not 0 <= self.segments <= segments:
            raise StudyError(f"cannot double-code {self.segments} of the {segments} segments", field="double",
                             hint=f"Pass at most --double {segments}segments.")
        mean = segments / n
        count = min(n, math.ceil(self.segments / mean)) if self.segments else 0
        return count, f"{self.segments} segments, {mean:.1f} per session on average"


@dataclass(frozen=True)
class Dealt:
    """One session's coders: its primary rater and, when double-coded, its second rater."""

    session_id: str
    primary: str
    second: str | None = None


@dataclass(frozen=True)
class AssignmentResult:
    """What ``assign`` stored: the new assignments, and the sessions it left or took as they were."""

    assignments: list[Assignment]
    seed: int
    kept: list[str]
    adopted: list[str]
    skipped_master: list[str]
    double_target: int = 0
    double_basis: str = ""

    @property
    def sessions(self) -> list[str]:
        """The sessions assigned now, in study order."""
        return list(dict.fromkeys(a.session_id for a in self.assignments))


def deal(session_ids: Sequence[str], raters: Sequence[str], n_double: int, rng: random.Random, *,
         strata: Mapping[str, str] | None = None, prior: Mapping[str, int] | None = None) -> list[Dealt]:
    """Deal sessions to raters: ``n_double`` of them, drawn at random, also to a second rater.

    The raters form a cycle, least loaded first (``prior``: primary sessions from earlier assignments;
    ties in random order). Double-coded sessions come first: the j-th goes to
    rater ``j mod k`` and to rater ``(j + s) mod k`` as second coder, then the
    single-coded ones continue the cycle. With ``x = n mod k`` primary extras on
    raters ``0..x-1``, the shift ``s = x`` (or 1 when ``x = 0``) puts the second
    coders' extras on raters ``x, x+1, ...``, so primary, second and total loads
    each differ by at most one, and ``0 < s < k`` keeps the two coders apart.
    Within each part sessions are shuffled, grouped by stratum when ``strata``
    maps sessions to one, so a therapist's sessions spread over the raters.
    """
    raters = sorted(set(raters))
    k, n = len(raters), len(session_ids)
    if not raters:
        raise StudyError("no raters to deal the sessions to", field="raters", hint="Pass --raters ann,bob.")
    if not 0 <= n_double <= n:
        raise StudyError(f"cannot double-code {n_double} of {n} sessions", hint="Lower --double.")
    if n_double and k < 2:
        raise StudyError("double coding needs at least two raters", field="raters",
                         hint="Name two or more raters with --raters, or pass --double 0.")
    prior = prior or {}
    cycle = sorted(raters, key=lambda r: (prior.get(r, 0), rng.random()))
    doubles = set(draw_sample(session_ids, n_double, rng, strata))
    double_order = _arranged([s for s in session_ids if s in doubles], rng, strata)
    single_order = _arranged([s for s in session_ids if s not in doubles], rng, strata)
    shift = n % k or 1
    dealt = [Dealt(s, cycle[j % k], cycle[(j + shift) % k]) for j, s in enumerate(double_order)]
    dealt += [Dealt(s, cycle[(len(double_order) + i) % k]) for i, s in enumerate(single_order)]
    position = {s: i for i, s in enumerate(session_ids)}
    return sorted(dealt, key=lambda d: position[d.session_id])


def draw_sample(session_ids: Sequence[str], size: int, rng: random.Random,
                strata: Mapping[str, str] | None = None) -> list[str]:
    """A random sample of ``size`` sessions; with ``strata``, each stratum in proportion to its size.

    Proportional allocation by largest remainders: stratum h of n_h sessions gets
    ``floor(size * n_h / n)`` places, and the places left go to the largest
    fractional parts (ties broken at random).
    """
    if strata is None:
        return rng.sample(list(session_ids), size)
    groups: dict[str, list[str]] = {}
    for s in session_ids:
        groups.setdefault(strata[s], []).append(s)
    n = len(session_ids)
    exact = {key: size * len(members) / n for key, members in sorted(groups.items())}
    quota = {key: int(share) for key, share in exact.items()}
    by_remainder = sorted(exact, key=lambda key: (-(exact[key] - quota[key]), rng.random()))
    for key in by_remainder[: size - sum(quota.values())]:
        quota[key] += 1
    return [s for key in sorted(groups) for s in rng.sample(groups[key], quota[key])]


def _arranged(session_ids: list[str], rng: random.Random, strata: Mapping[str, str] | None) -> list[str]:
    """Sessions in random order; with strata, grouped stratum by stratum (strata in random order)."""
    shuffled = rng.sample(session_ids, len(session_ids))
    if strata is None:
        return shuffled
    keys = sorted({strata[s] for s in session_ids})
    rank = {key: i for i, key in enumerate(rng.sample(keys, len(keys)))}
    return sorted(shuffled, key=lambda s: rank[strata[s]])


def assign(study: Study, raters: Sequence[str], *, double: float | Sample = 0.25, seed: int | None = None,
           by: str | None = None, mode: Mode = "fresh") -> AssignmentResult:
    """Assign the study's sessions to ``raters`` and store the result.

    ``mode``: ``fresh`` refuses a study that already has assignments; ``new``
    assigns only the sessions without one (e.g. imported since); ``force``
    assigns again every session nobody has started coding, keeping the others.
    A session already coded but not assigned is assigned to the raters who
    coded it (``adopted``), never taken from them. Master (training) sessions are
    not assigned. ``double`` is a share of the sessions or a :class:`Sample` (a
    number of sessions, or of segments: whole sessions, as many as the segments
    need at the study's mean segments per session). The double-coded number
    counts every assigned session; the new draw makes up the difference. Without
    ``seed`` one is drawn and returned, so the assignment can be repeated.
    """
    raters = _checked_raters(raters)
    sample = double if isinstance(double, Sample) else Sample(share=double)
    masters = study.master_sessions()
    sessions = [s for s in study.sessions() if s.id not in masters]
    if not sessions:
        raise StudyError("the study has no sessions to assign", file=study.location,
                         hint=f"Import sessions first: observer import {study.location} FILE...")
    existing = [a for a in study.assignments() if a.session_id not in masters]
    coders = study.coders()
    if mode == "fresh" and existing:
        count = len({a.session_id for a in existing})
        latest = max(existing, key=lambda a: a.assigned_at)
        seed_text = "" if latest.seed is None else f", seed {latest.seed}"
        raise StudyError(
            f"{count} session{' is' if count == 1 else 's are'} already assigned "
            f"(the latest on {latest.assigned_at[:10]}{seed_text})",
            file=study.location,
            hint="Pass --new to assign only sessions without an assignment, or --force to assign again "
                 "every session nobody has started coding (started ones keep their raters).",
        )
    fixed = existing if mode == "new" else [a for a in existing if a.session_id in coders]
    fixed_ids = {a.session_id for a in fixed}
    adopted = [_adopted(study, s.id, coders[s.id]) for s in sessions if s.id not in fixed_ids and s.id in coders]
    settled = fixed + [a for pair in adopted for a in pair]
    settled_ids = {a.session_id for a in settled}
    free = [s for s in sessions if s.id not in settled_ids]
    already_double = sum(1 for a in settled if a.role == "second")
    wanted, reached = sample.size(sessions)
    n_double = min(len(free), max(0, wanted - already_double))
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    strata = _strata(free, by) if by else None
    prior = Counter(a.rater for a in settled if a.role == "primary")
    dealt = deal([s.id for s in free], raters, n_double, random.Random(seed), strata=strata, prior=prior)
    new = [a for pair in adopted for a in pair] + [
        Assignment(d.session_id, rater, role, seed=seed)
        for d in dealt for rater, role in ((d.primary, "primary"), (d.second, "second")) if rater
    ]
    study.set_assignments(new)
    stored = {(a.session_id, a.role): a for a in study.assignments()}
    return AssignmentResult(
        assignments=[stored[(a.session_id, a.role)] for a in new],
        seed=seed,
        kept=list(dict.fromkeys(a.session_id for a in fixed)),
        adopted=[pair[0].session_id for pair in adopted],
        skipped_master=list(masters),
        double_target=wanted,
        double_basis=reached,
    )


def loads(assignments: Sequence[Assignment]) -> dict[str, Counter]:
    """Per rater, how many sessions they code as primary and as second coder."""
    found: dict[str, Counter] = {}
    for a in assignments:
        found.setdefault(a.rater, Counter())[a.role] += 1
    return dict(sorted(found.items()))


def _checked_raters(raters: Sequence[str]) -> list[str]:
    names = [r.strip() for r in raters if r.strip()]
    if not names:
        raise StudyError("name the raters to assign sessions to", field="raters", hint="Pass --raters ann,bob,cem.")
    if CONSENSUS in names:
        raise StudyError("'consensus' is not a rater", field="raters",
                         hint="Consensus codes are made with: observer consensus STUDY --session ID --as NAME")
    return sorted(set(names))


def _strata(sessions, field: str) -> dict[str, str]:
    if field not in STRATA:
        raise StudyError(f"cannot stratify by {field!r}", field="by", hint=f"Use one of: {', '.join(STRATA)}.")
    strata = {s.id: getattr(s, field) for s in sessions}
    if sessions and not any(strata.values()):
        raise StudyError(f"no session has a {field} to stratify by", field="by",
                         hint=f"Import sessions with --{field} ID, or leave out --by.")
    return strata


def _adopted(study: Study, session_id: str, coders: set[str]) -> tuple[Assignment, ...]:
    """An already-coded session's assignment: its coders in the order they started (at most two)."""
    started = list(dict.fromkeys(e.rater for e in study.history(session_id) if e.rater in coders))
    started += sorted(coders - set(started))
    roles = ("primary", "second")
    return tuple(Assignment(session_id, rater, role) for rater, role in zip(started, roles))
