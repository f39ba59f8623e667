"""Transcript import: one reader per format, format detection, media length and segmentation.

Headless: imports neither Textual nor pandas.
"""

from __future__ import annotations

from pathlib import Path

from observer.errors import IngestError
from observer.ingest.annomi import read_annomi
from observer.ingest.detect import FORMATS, detect_format
from observer.ingest.duration import media_duration
from observer.ingest.elan import read_eaf
from observer.ingest.model import Transcript, Utterance
from observer.ingest.plaintext import read_txt
from observer.ingest.segments import segment_bounds, segment_of
from observer.ingest.subrip import read_srt
from observer.ingest.table import read_csv
from observer.ingest.timeline import OVERLAPS
from observer.ingest.vtt import read_vtt

__all__ = [
    "FORMATS", "OVERLAPS", "Transcript", "Utterance", "detect_format", "media_duration", "read_transcripts",
    "segment_bounds", "segment_of",
]

_READERS = {"srt": read_srt, "vtt": read_vtt, "csv": read_csv, "txt": read_txt}


def read_transcripts(path: str | Path, *, format: str = "auto", tier: str | None = None,
                     overlaps: str = "error") -> list[Transcript]:
    """The transcripts in a file: one per session (an AnnoMI file holds many, other formats one).

    `format` is one of FORMATS or ``auto`` (see detect_format); `tier` picks one ELAN tier;
    `overlaps` is ``error`` (overlapping cues of one speaker stop the import) or ``merge``
    (rolling-caption repeats folded and small overlaps trimmed, see overlaps.merge_overlaps).
    """
    path = Path(path)
    if overlaps not in OVERLAPS:
        raise IngestError(f"unknown --overlaps {overlaps!r}.", field="overlaps",
                          hint=f"Use one of: {', '.join(OVERLAPS)}.")
    if format == "auto":
        format = detect_format(path)
    if format == "eaf":
        return read_eaf(path, tier, overlaps=overlaps)
    if format not in (*_READERS, "annomi"):
        raise IngestError(f"unknown format {format!r}.", file=path, field="format",
                          hint=f"Use one of: auto, {', '.join(FORMATS)}.")
    if tier is not None:
        raise IngestError("a tier can only be chosen in ELAN (.eaf) files.", file=path, field="tier",
                          hint="Leave out --tier for this file.")
    if format == "annomi":
        if overlaps != "error":
            raise IngestError("AnnoMI transcripts keep their overlapping turns as given; --overlaps merge does not "
                              "apply to them.", file=path, field="overlaps", hint="Leave out --overlaps for this file.")
        return read_annomi(path)
    return _READERS[format](path, overlaps=overlaps)
