"""ELAN (.eaf) reader (pympi-ling): independent tiers as speakers, or one chosen tier."""

from __future__ import annotations

import warnings
from pathlib import Path
from xml.parsers import expat

import pympi

from observer.errors import IngestError
from observer.ingest.model import Transcript
from observer.ingest.source import read_bytes
from observer.ingest.timeline import Cue, build_utterances

_LINE_KEYS = ("ANNOTATION_ID", "TIME_SLOT_ID")


def read_eaf(path: Path, tier: str | None = None) -> list[Transcript]:
    """The one transcript in an ELAN file: all independent tiers, or only `tier`."""
    lines = _xml_lines(read_bytes(path), path)
    eaf = _parse(path)
    if not eaf.timeslots:
        raise IngestError(
            "the file has no time slots (its TIME_ORDER is missing or empty).", file=path,
            line=lines.get("TIME_ORDER"), hint="Open the file in ELAN, check that the annotations are time-aligned, and save it again.",
        )
    names = _chosen_tiers(eaf, tier, path)
    cues = sorted(
        (cue for name in names for cue in _tier_cues(eaf, name, lines, path)),
        key=lambda cue: (cue.start, cue.end),
    )
    media = next((m.get("MEDIA_URL", "") for m in eaf.media_descriptors), "")
    metadata = {"media_url": media} if media else {}
    return [Transcript(build_utterances(cues, path), source=str(path), format="eaf", metadata=metadata)]


def _xml_lines(data: bytes, path: Path) -> dict[str, int]:
    """The line of each annotation id, time slot id and TIME_ORDER; IngestError where the XML is broken."""
    parser = expat.ParserCreate()
    lines: dict[str, int] = {}
    roots: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if not roots:
            roots.append(name)
        if name == "TIME_ORDER":
            lines[name] = parser.CurrentLineNumber
        for key in _LINE_KEYS:
            if key in attributes:
                lines[attributes[key]] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise IngestError(
            f"the file is not well-formed XML ({expat.errors.messages[error.code]}, column {error.offset + 1}).",
            file=path, line=error.lineno,
            hint="Check that this is an ELAN .eaf file; open it in ELAN and save it again.",
        ) from None
    if roots != ["ANNOTATION_DOCUMENT"]:
        raise IngestError(
            f"this XML file is not an ELAN file (its root element is {roots[0] if roots else 'missing'}, "
            "not ANNOTATION_DOCUMENT).", file=path, line=1,
            hint="Export the annotations from ELAN as .eaf, or pass the right --format.",
        )
    return lines


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


def _tier_cues(eaf: pympi.Elan.Eaf, name: str, lines: dict[str, int], path: Path) -> list[Cue]:
    """The annotations of one tier as cues whose speaker is the tier's name."""
    aligned, referring, _, _ = eaf.tiers[name]
    cues = []
    for annotation_id, (slot_start, slot_end, value, _) in aligned.items():
        cues.append(_cue(eaf, name, annotation_id, slot_start, slot_end, value, lines, path))
    for annotation_id, (_, value, _, _) in referring.items():
        try:
            slot_start, slot_end, _, _ = eaf.get_parent_aligned_annotation(annotation_id)
        except KeyError as error:
            raise IngestError(
                f"annotation {annotation_id} on tier {name!r} refers to annotation {error}, which does not exist.",
                file=path, line=lines.get(annotation_id), hint="Open the file in ELAN, fix the tier and save it again.",
            ) from None
        cues.append(_cue(eaf, name, annotation_id, slot_start, slot_end, value, lines, path))
    return cues


def _cue(eaf: pympi.Elan.Eaf, tier: str, annotation_id: str, slot_start: str, slot_end: str, value: str,
         lines: dict[str, int], path: Path) -> Cue:
    """One annotation as a cue; IngestError when a time slot is missing or has no time."""
    times = []
    for slot in (slot_start, slot_end):
        if slot not in eaf.timeslots:
            problem = f"refers to time slot {slot!r}, which is not in TIME_ORDER"
        elif eaf.timeslots[slot] is None:
            problem = f"uses time slot {slot!r} (line {lines.get(slot)}), which has no time value"
        else:
            times.append(eaf.timeslots[slot])
            continue
        raise IngestError(
            f"annotation {annotation_id} on tier {tier!r} {problem}.", file=path, line=lines.get(annotation_id),
            hint="Align the annotation in ELAN (or import another tier with --tier) and save the file again.",
        )
    text = " ".join((value or "").split())
    return Cue(times[0], times[1], tier, text, lines.get(annotation_id), "annotation", f"{annotation_id} on tier {tier!r}")
