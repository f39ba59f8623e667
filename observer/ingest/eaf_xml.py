"""A first pass over an ELAN file's XML: well-formed, an ELAN document, unique ids, whole-number times.

pympi-ling keeps annotations, time slots and tiers in dictionaries by id, so a repeated id would
silently keep only the last of each; this pass refuses repeated ids with both lines, and notes
the line of every id for later messages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple
from xml.parsers import expat

from observer.errors import IngestError
from observer.ingest.timecode import TimeError, check_milliseconds

_WHOLE = re.compile(r"-?[0-9]+")
_ANNOTATIONS = ("ALIGNABLE_ANNOTATION", "REF_ANNOTATION")
_RESAVE = "Open the file in ELAN, fix it and save it again."


class XmlLines(NamedTuple):
    """The line of each annotation id, time slot id and tier id, and of the TIME_ORDER element."""

    annotations: dict[str, int]
    slots: dict[str, int]
    tiers: dict[str, int]
    time_order: int | None


def xml_lines(data: bytes, path: Path) -> XmlLines:
    """The lines of the file's ids; IngestError where the XML is broken, an id repeats or a time is not possible."""
    parser = expat.ParserCreate()
    found = XmlLines({}, {}, {}, None)
    roots: list[str] = []
    time_order: list[int] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        line = parser.CurrentLineNumber
        if not roots:
            roots.append(name)
        if name == "TIME_ORDER":
            time_order.append(line)
        elif name == "TIME_SLOT":
            _note(found.slots, attributes.get("TIME_SLOT_ID"), "time slot id", line, path)
            _check_time(attributes, line, path)
        elif name in _ANNOTATIONS:
            _note(found.annotations, attributes.get("ANNOTATION_ID"), "annotation id", line, path)
        elif name == "TIER":
            _note(found.tiers, attributes.get("TIER_ID"), "tier id", line, path)

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
    return found._replace(time_order=time_order[0] if time_order else None)


def _note(lines: dict[str, int], identifier: str | None, what: str, line: int, path: Path) -> None:
    """Record the line of `identifier`; IngestError when it was seen before."""
    if identifier is None:
        return
    if identifier in lines:
        raise IngestError(
            f"the {what} {identifier!r} appears twice (first on line {lines[identifier]}); a reader would keep "
            "only one of them and lose the other.", file=path, line=line,
            hint="Give every annotation, time slot and tier its own id: convert the file again, "
            "or renumber the repeated ids.",
        )
    lines[identifier] = line


def _check_time(attributes: dict[str, str], line: int, path: Path) -> None:
    """Raise IngestError when a time slot's TIME_VALUE is not a possible time in milliseconds."""
    value = attributes.get("TIME_VALUE")
    if value is None:
        return
    slot = attributes.get("TIME_SLOT_ID")
    try:
        if not _WHOLE.fullmatch(value):
            raise TimeError(f"{value[:40]!r} is not a whole number of milliseconds")
        check_milliseconds(int(value), value)
    except TimeError as error:
        raise IngestError(f"time slot {slot!r}: {error}.", file=path, line=line,
                          field="TIME_VALUE", hint=_RESAVE) from None
