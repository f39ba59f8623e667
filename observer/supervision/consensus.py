"""Consensus of a double-coded session: every rater's codes side by side, unit by unit, and the decisions.

This is the supervisor's view, not the blind one: it shows each rater's values, notes and
evidence. A rater's reading of an item is their code; an unmarked marker counts as absent (0)
once the rater marked the unit complete. Raters disagree on an item when their readings
differ. The supervisor records a consensus value with a reason (stored as rater
``consensus``, the decision with who made it and why in the history); items the raters agree
on are adopted as they are (reason "agreed by ..."). A consensus unit is complete once every
rater completed it, every disagreement in it has a decision, and its values keep the
scheme's rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from observer.errors import CodesError, StudyError
from observer.scheme.model import Item, Problem, Value
from observer.store import Code, Study
from observer.store.records import CONSENSUS, ConsensusDecision

AGREED = "agreed by "
"""How the reason of an adopted agreement begins."""


@dataclass(frozen=True)
class Reading:
    """One rater's reading of one item in one unit; ``implicit`` for an unmarked marker of a completed unit."""

    rater: str
    value: Value | None
    note: str = ""
    evidence: tuple[int, ...] = ()
    implicit: bool = False


@dataclass(frozen=True)
class ItemComparison:
    """The raters' readings of one item in one unit, with the consensus so far."""

    segment: int | None
    item: Item
    readings: tuple[Reading, ...]
    consensus: Code | None = None
    decision: ConsensusDecision | None = None

    @property
    def agreed(self) -> bool:
        """Whether every rater read the item the same way (both empty counts as agreeing)."""
        return len({r.value for r in self.readings}) == 1

    @property
    def value(self) -> Value | None:
        """The consensus value (None when there is none)."""
        return self.consensus.value if self.consensus else None

    @property
    def pending(self) -> bool:
        """A disagreement without a decision yet."""
        return not self.agreed and self.decision is None


@dataclass(frozen=True)
class UnitComparison:
    """One unit (a segment, or the session level when ``segment`` is None) of the consensus walk."""

    segment: int | None
    start: float | None
    end: float | None
    notes: dict[str, str]
    complete: dict[str, bool]
    items: tuple[ItemComparison, ...]
    consensus_complete: bool

    @property
    def disagreements(self) -> list[ItemComparison]:
        """The items the raters read differently, in the scheme's order."""
        return [c for c in self.items if not c.agreed]

    @property
    def unfinished(self) -> list[str]:
        """The raters who have not marked this unit complete."""
        return [rater for rater, done in self.complete.items() if not done]


class ConsensusSession:
    """A supervisor's walk through the disagreements of one session coded by two or more raters.

    Without a ``supervisor`` name the walk only reads; deciding and adopting need one.
    """

    def __init__(self, study: Study, session_id: str, supervisor: str | None = None, *,
                 raters: Sequence[str] | None = None) -> None:
        study.session(session_id)
        self.study = study
        self.session_id = session_id
        self.supervisor = (supervisor or "").strip()
        if self.supervisor == CONSENSUS:
            raise StudyError("the supervisor needs a name of their own", field="as",
                             hint="Pass your own name with --as NAME.")
        coded = sorted(study.coders(session_id).get(session_id, set()))
        self.raters = tuple(sorted(raters)) if raters else tuple(coded)
        if len(self.raters) < 2:
            who = f"only by {self.raters[0]}" if self.raters else "by nobody yet"
            raise StudyError(f"session {session_id!r} is coded {who}; consensus needs two raters' codes",
                             file=study.location,
                             hint="Have a second rater code it (observer assign double-codes a sample), "
                                  "then come back to it.")

    # -- reading -------------------------------------------------------------

    def units(self) -> list[UnitComparison]:
        """Every unit: the segments in order, then the session level when the scheme has global items."""
        scheme = self.study.scheme
        codes = {(c.segment, c.rater, c.item): c for c in self.study.codes(self.session_id)}
        states = {(g, r): (done, note) for _, g, r, done, note in self.study.unit_notes(self.session_id)}
        latest = {(d.segment, d.item): d for d in self.study.consensus_decisions(self.session_id)}
        places = [(seg.index, seg.start, seg.end, scheme.segment_items) for seg in self.study.segments(self.session_id)]
        if scheme.session_items:
            places.append((None, None, None, scheme.session_items))
        return [self._compare(segment, start, end, items, codes, states, latest)
                for segment, start, end, items in places]

    def _compare(self, segment: int | None, start: float | None, end: float | None, items: Sequence[Item],
                 codes: dict, states: dict, latest: dict) -> UnitComparison:
        """One unit: every rater's reading of each item, and the consensus so far."""
        def state(rater: str) -> tuple[bool, str]:
            return states.get((segment, rater), (False, ""))

        complete = {rater: state(rater)[0] for rater in self.raters}
        comparisons = tuple(
            ItemComparison(segment, item,
                           tuple(_reading(codes.get((segment, r, item.id)), r, item, complete[r]) for r in self.raters),
                           codes.get((segment, CONSENSUS, item.id)), latest.get((segment, item.id)))
            for item in items
        )
        notes = {rater: state(rater)[1] for rater in self.raters}
        return UnitComparison(segment, start, end, notes, complete, comparisons, state(CONSENSUS)[0])

    def unit(self, segment: int | None) -> UnitComparison:
        """One unit of the walk; a CodesError when the session has no such segment."""
        for unit in self.units():
            if unit.segment == segment:
                return unit
        raise CodesError(f"session {self.session_id!r} has no segment {segment + 1}",
                         hint=f"Segments run from 1 to {self.study.session(self.session_id).n_segments}.")

    def disagreements(self) -> list[ItemComparison]:
        """Every item the raters read differently, unit by unit."""
        return [c for unit in self.units() for c in unit.disagreements]

    def pending(self) -> list[ItemComparison]:
        """The disagreements still without a decision."""
        return [c for c in self.disagreements() if c.pending]

    def problems(self, segment: int | None) -> list[Problem]:
        """The scheme-rule problems of the consensus values of one unit."""
        values = {c.item.id: c.value for c in self.unit(segment).items if c.value is not None}
        return self.study.scheme.check_unit(values, level="session" if segment is None else "segment")

    # -- deciding ------------------------------------------------------------

    def decide(self, segment: int | None, item_id: str, value: object | None, reason: str) -> ConsensusDecision:
        """Record the consensus value of one item (None: it stays empty) and why.

        The consensus code carries the evidence of the raters who coded the same value.
        """
        self._need_supervisor()
        comparison = self._comparison(segment, item_id)
        parsed = None if value is None else _parse(comparison.item, value)
        evidence = sorted({u for r in comparison.readings if r.value == parsed for u in r.evidence})
        decision = self.study.record_consensus(self.session_id, segment, item_id, parsed, reason=reason,
                                               decided_by=self.supervisor, evidence=evidence)
        self._settle(segment)
        return decision

    def adopt_agreements(self) -> int:
        """Adopt every value the raters agree on as consensus; returns how many were recorded.

        Agreed absences (empty items, unmarked markers) need no code. An earlier
        adoption follows the raters when they have since changed their codes; a
        supervisor's own decision is never overwritten.
        """
        self._need_supervisor()
        adopted = 0
        reason = AGREED + ", ".join(self.raters)
        for unit in self.units():
            for c in unit.items:
                if not c.agreed:
                    continue
                target = c.readings[0].value
                if c.item.is_presence and target == 0:
                    target = None  # an absent marker of a complete consensus unit reads as 0
                if c.value == target or (c.decision and not c.decision.reason.startswith(AGREED)):
                    continue
                evidence = sorted({u for r in c.readings for u in r.evidence})
                self.study.record_consensus(self.session_id, unit.segment, c.item.id, target, reason=reason,
                                            decided_by=self.supervisor, evidence=evidence)
                adopted += 1
            self._settle(unit.segment)
        return adopted

    def _need_supervisor(self) -> None:
        if not self.supervisor:
            raise StudyError("consensus decisions need the name of the supervisor making them", field="as",
                             hint="Pass your own name with --as NAME.")

    def _settle(self, segment: int | None) -> None:
        """Mark the consensus unit complete when everything in it is settled, else open."""
        unit = self.unit(segment)
        done = not unit.unfinished and not any(c.pending for c in unit.items) and not self.problems(segment)
        self.study.set_consensus_complete(self.session_id, segment, done)

    def _comparison(self, segment: int | None, item_id: str) -> ItemComparison:
        try:
            item = self.study.scheme.item(item_id)
        except KeyError:
            raise CodesError(f"the scheme has no item {item_id!r}",
                             hint="Use an item id from: observer scheme show STUDY's scheme.") from None
        if (item.level == "session") != (segment is None):
            where = "the session level" if item.level == "session" else "a segment"
            raise CodesError(f"{item.id} is coded at {where}", field="segment",
                             hint="Give a segment number for segment items and 'session' for session items.")
        return next(c for c in self.unit(segment).items if c.item.id == item_id)


def _reading(code: Code | None, rater: str, item: Item, complete: bool) -> Reading:
    """A rater's reading: their code, or an implicit 0 for an unmarked marker of a completed unit."""
    if code is not None and code.value is not None:
        return Reading(rater, code.value, code.note, code.evidence)
    if item.is_presence and complete:
        return Reading(rater, 0, code.note if code else "", code.evidence if code else (), implicit=True)
    return Reading(rater, None, code.note if code else "", code.evidence if code else ())


def _parse(item: Item, value: object) -> Value:
    try:
        return item.scale.parse(value)
    except ValueError as exc:
        raise CodesError(f"{item.label}: {exc}", field="value") from None
