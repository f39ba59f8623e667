"""ELAN (.eaf) reader (pympi-ling): independent tiers as speakers, or one chosen tier of any type."""

from __future__ import annotations

import warnings
from pathlib import Path

import pympi

from observer.errors import IngestError
from observer.ingest.eaf_times import aligned_ancestor, in_order, slot_times
from observer.ingest.eaf_xml import XmlLines, xml_lines
from observer.ingest.model import Cue, Transcript
from observer.ingest.source import read_bytes
from observer.ingest.timeline import build_utterances


def read_eaf(path: Path, tier: str | None = None, *, overlaps: str = "error") -> list[Transcript]:
    """The one transcript in an ELAN file: all independent tiers, or only `tier`."""
    lines = xml_lines(read_bytes(path), path)
    eaf = _parse(path)
    if not eaf.timeslots:
        raise IngestError(
            "the file has no time slots (its TIME_ORDER is missing or empty).", file=path,
            line=lines.time_order,
            hint="Open the file in ELAN, check that the annotations are time-aligned, and save it again.",
        )
    times, placed = slot_times(eaf)
    cues, notes = [], []
    for name in _chosen_tiers(eaf, tier, path):
        tier_cues, note = _tier_cues(eaf, name, (times, placed), lines, path)
        cues += tier_cues
        notes += note
    cues.sort(key=lambda cue: (cue.start, cue.end))
    media = next((m.get("MEDIA_URL", "") for m in eaf.media_descriptors), "")
    metadata = {"media_url": media} if media else {}
    utterances, merged = build_utterances(cues, path, overlaps=overlaps)
    return [Transcript(utterances, source=str(path), format="eaf", metadata=metadata, notes=notes + merged)]


def _parse(path: Path) -> pympi.Elan.Eaf:
    """The file as pympi-ling reads it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pympi.Elan.Eaf(str(path), suppress_version_warning=True)
    except Exception as error:  # pympi-ling raises bare Exception, KeyError, IndexError, ValueError
        raise IngestError(
            f"pympi-ling cannot read this ELAN file ({type(error).__name__}: {error}).", file=path,
            hint="Open the file in ELAN and save it again (ELAN writes every attribute the reader needs).",
        ) from None


def _chosen_tiers(eaf: pympi.Elan.Eaf, tier: str | None, path: Path) -> list[str]:
    """`tier` if given and present, else every independent tier that has annotations."""
    every = list(eaf.get_tier_names())
    if tier is not None:
        if tier not in eaf.tiers:
            raise IngestError(
                f"the file has no tier {tier!r}.", file=path, field="tier",
                hint=f"Choose one of: {', '.join(repr(t) for t in every)}.",
            )
        return [tier]
    independent = [name for name in every if not eaf.tiers[name][2].get("PARENT_REF")]
    with_annotations = [name for name in independent if eaf.tiers[name][0]]
    if not with_annotations:
        raise IngestError(
            f"no independent tier has annotations (independent tiers: {', '.join(map(repr, independent)) or 'none'}).",
            file=path, hint=f"Pass --tier with one of: {', '.join(map(repr, every)) or 'no tiers found'}.",
        )
    return with_annotations


def _tier_cues(eaf: pympi.Elan.Eaf, name: str, slots: tuple[dict[str, int | None], set[str]], lines: XmlLines,
               path: Path) -> tuple[list[Cue], list[str]]:
    """The annotations of one tier as cues whose speaker is the tier's name, and notes on times not in the file.

    `slots` are the slot times and the slots placed by slot_times. Alignable annotations keep
    their own times. Reference (symbolic) annotations take the span of the alignable annotation
    they hang from; those under one such annotation are joined, in order, into one cue.
    """
    times, placed = slots
    aligned, references, attributes, _ = eaf.tiers[name]
    spans = {annotation_id: (start, end) for annotation_id, (start, end, _, _) in aligned.items()}
    cues = [_cue(name, annotation_id, spans[annotation_id], value, times, lines, path)
            for annotation_id, (_, _, value, _) in aligned.items()]
    groups: dict[str, list[str]] = {}
    for annotation_id in references:
        groups.setdefault(aligned_ancestor(eaf, annotation_id, lines, path), []).append(annotation_id)
    previous = {annotation_id: reference[2] for annotation_id, reference in references.items()}
    for ancestor, members in groups.items():
        ordered = in_order(members, previous)
        spans[ancestor] = eaf.tiers[eaf.annotations[ancestor]][0][ancestor][:2]
        text = " ".join(references[annotation_id][1] or "" for annotation_id in ordered)
        cues.append(_cue(name, ordered[0], spans[ancestor], text, times, lines, path))
    notes = []
    if groups:
        parents = ", ".join(sorted({repr(eaf.annotations[ancestor]) for ancestor in groups}))
        kind = eaf.linguistic_types.get(attributes.get("LINGUISTIC_TYPE_REF"), {}).get("CONSTRAINTS")
        joined = max(len(members) for members in groups.values()) > 1
        notes.append(f"tier {name!r}{f' ({kind})' if kind else ''} has no times of its own: its annotations take "
                     f"the span of the annotation they belong to on tier {parents}"
                     + ("; the annotations under one such annotation are joined, in order, into one utterance."
                        if joined else "."))
    spread = len(placed & {slot for span in spans.values() for slot in span})
    if spread:
        notes.append(f"tier {name!r}: {spread} annotation boundaries have no time in the file; they were spread "
                     "evenly between the aligned times around them.")
    return cues, notes


def _cue(tier: str, annotation_id: str, slots: tuple[str, str], value: str, times: dict[str, int | None],
         lines: XmlLines, path: Path) -> Cue:
    """One annotation as a cue spanning `slots`; IngestError when a time slot is missing or has no time."""
    found = []
    for slot in slots:
        if slot not in times:
            problem = f"refers to time slot {slot!r}, which is not in TIME_ORDER"
        elif times[slot] is None:
            problem = f"uses time slot {slot!r} (line {lines.slots.get(slot)}), which has no time value"
        else:
            found.append(times[slot])
            continue
        raise IngestError(
            f"annotation {annotation_id} on tier {tier!r} {problem}.", file=path,
            line=lines.annotations.get(annotation_id),
            hint="Align the annotation in ELAN (or import another tier with --tier) and save the file again.",
        )
    text = " ".join((value or "").split())
    return Cue(found[0], found[1], " ".join(tier.split()), text, lines.annotations.get(annotation_id), "annotation",
               f"{annotation_id} on tier {tier!r}")
