"""The times of ELAN annotations where the file leaves them open and pympi-ling does not follow.

- Unaligned time slots: a Time_Subdivision (or Included_In) tier may leave the boundaries
  between its annotations without a time. Each run of such slots inside a chain of touching
  annotations is spread evenly between the aligned times on either side.
  Parent tiers are placed before their children, whose chains end on the parent's slots.
- Symbolic annotations (Symbolic_Subdivision, Symbolic_Association) have no times: they take
  the span of the alignable annotation they hang from, through any number of tiers.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pympi

from observer.errors import IngestError
from observer.ingest.eaf_xml import XmlLines

_RESAVE = "Open the file in ELAN, fix the tier and save it again."


def slot_times(eaf: pympi.Elan.Eaf) -> tuple[dict[str, int | None], set[str]]:
    """Each time slot's time in milliseconds (None where it stays open), and the slots that were placed."""
    times = dict(eaf.timeslots)
    placed: set[str] = set()
    for name in tiers_top_down(eaf):
        if eaf.tiers[name][2].get("PARENT_REF"):
            for chain in _chains((start, end) for start, end, _, _ in eaf.tiers[name][0].values()):
                placed |= _place(chain, times)
    return times, placed


def tiers_top_down(eaf: pympi.Elan.Eaf) -> list[str]:
    """The tier names, every parent before its children (a tier whose parents loop counts as deepest)."""
    def depth(name: str) -> int:
        steps = 0
        while (name := eaf.tiers[name][2].get("PARENT_REF")) in eaf.tiers and steps <= len(eaf.tiers):
            steps += 1
        return steps

    return sorted(eaf.tiers, key=depth)


def _chains(annotations: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The slots of each run of annotations where one ends on the slot the next starts on."""
    following = dict(annotations)
    heads = [start for start in following if start not in set(following.values())]
    chains = []
    for head in heads:
        chain = [head]
        while chain[-1] in following and len(chain) <= len(following):
            chain.append(following[chain[-1]])
        chains.append(chain)
    return chains


def _place(chain: list[str], times: dict[str, int | None]) -> set[str]:
    """Spread each run of open slots in `chain` evenly between the known times around it; the slots placed."""
    known = [index for index, slot in enumerate(chain) if times.get(slot) is not None]
    placed = set()
    for left, right in zip(known, known[1:]):
        start, end = times[chain[left]], times[chain[right]]
        for index in range(left + 1, right):
            if times.get(chain[index]) is None and chain[index] in times:
                times[chain[index]] = start + (end - start) * (index - left) // (right - left)
                placed.add(chain[index])
    return placed


def aligned_ancestor(eaf: pympi.Elan.Eaf, annotation_id: str, lines: XmlLines, path: Path) -> str:
    """The alignable annotation that a reference annotation hangs from, through any number of tiers."""
    current, seen = annotation_id, set()
    while True:
        tier = eaf.annotations.get(current)
        if tier is None:
            raise IngestError(
                f"annotation {annotation_id} refers to annotation {current}, which is not in the file.",
                file=path, line=lines.annotations.get(annotation_id), hint=_RESAVE,
            )
        aligned, references = eaf.tiers[tier][:2]
        if current in aligned:
            return current
        if current in seen:
            raise IngestError(f"annotation {annotation_id} is in a loop of references.", file=path,
                              line=lines.annotations.get(annotation_id), hint=_RESAVE)
        seen.add(current)
        current = references[current][0]


def in_order(annotation_ids: list[str], previous: dict[str, str | None]) -> list[str]:
    """Reference annotations in their PREVIOUS_ANNOTATION order; those outside a chain in file order."""
    members = set(annotation_ids)
    after = {previous[i]: i for i in annotation_ids if previous.get(i) in members}
    ordered: list[str] = []
    done: set[str] = set()
    for head in annotation_ids:
        current = head if previous.get(head) not in members else None
        while current is not None and current not in done:
            ordered.append(current)
            done.add(current)
            current = after.get(current)
    return ordered + [i for i in annotation_ids if i not in done]
