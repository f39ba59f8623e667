"""Write study frames to CSV, XLSX or Parquet, atomically, owner-only, with cells that cannot hurt the reader.

CSV cells are made safe by :func:`observer.tables.csv_text` (control characters replaced, an
apostrophe before formula-like text); XLSX text cells are written as text, never as
formulas, without control characters; Parquet keeps the typed values as they are.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from observer.errors import ObserverError
from observer.outputs import check_target, write_atomically

if TYPE_CHECKING:
    import pandas as pd

    from observer.store import Study

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".pq": "parquet"}
UNIT_NOTE = ""  # the item of a codes row that carries a rater's note on the whole unit (segment or session)


def frame_for(study: Study, what: str, *, session_id: str | None = None) -> pd.DataFrame:
    """The tidy frame named by ``observer export --what``; segment rows carry ``segment`` (from 1) too."""
    from observer.store import frames

    if what == "codes":
        return with_segment_number(codes_with_unit_notes(study, session_id))
    if what == "utterances":
        return with_segment_number(frames.utterances_frame(study, session_id=session_id))
    if what == "segments":
        return with_segment_number(frames.segments_frame(study, session_id=session_id))
    if what == "sessions":
        return frames.sessions_frame(study)
    if what == "summary":
        from observer.summary import session_summary

        return session_summary(*frames.study_frames(study), study.scheme)
    raise ObserverError(f"unknown export {what!r}", hint="Use codes, utterances, segments, sessions or summary.")


def codes_with_unit_notes(study: Study, session_id: str | None = None) -> pd.DataFrame:
    """The long-format codes plus one row per unit note: ``item`` empty, the note in ``note``.

    The row's ``coded_at`` is when the rater's state of that unit last changed, so
    ``codes import`` can tell an old note from a newer one.
    """
    import pandas as pd

    from observer.store.frames import codes_frame

    codes = codes_frame(study, session_id=session_id)
    times = study.unit_note_times(session_id)
    bounds = {(s.session_id, s.index): (s.start, s.end) for s in _segments(study, session_id)}
    rows = [{"session_id": sid, "segment_index": segment, "rater": rater, "item": UNIT_NOTE, "value": None,
             "note": note, "coded_at": times.get((sid, segment, rater), ""), "evidence": "",
             "segment_start": bounds.get((sid, segment), (None, None))[0],
             "segment_end": bounds.get((sid, segment), (None, None))[1]}
            for sid, segment, rater, _complete, note in study.unit_notes(session_id) if note]
    if not rows:
        return codes
    notes = pd.DataFrame(rows, columns=codes.columns)
    notes["segment_index"] = notes["segment_index"].astype("Int64")
    both = pd.concat([codes.astype(object), notes.astype(object)], ignore_index=True)
    order = {item.id: i for i, item in enumerate(study.scheme.items)}
    both["_unit"] = both["segment_index"].map(lambda g: math.inf if g is None or g is pd.NA else g)
    both["_order"] = both["item"].map(lambda i: -1 if i == UNIT_NOTE else order.get(i, len(order)))
    both = both.sort_values(["session_id", "_unit", "rater", "_order"], kind="stable")
    both["segment_index"] = both["segment_index"].astype("Int64")
    return both[list(codes.columns)].reset_index(drop=True)


def with_segment_number(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``segment`` column after ``segment_index``: the segment as people count it, from 1."""
    frame = frame.copy()
    position = list(frame.columns).index("segment_index") + 1
    frame.insert(position, "segment", frame["segment_index"].astype("Int64") + 1)
    return frame


def export_frame(frame: pd.DataFrame, path: Path, fmt: str | None = None, *,
                 inputs: Iterable[str | Path | None] = ()) -> str:
    """Write ``frame`` to ``path`` (format from ``fmt`` or the extension); returns the format used.

    ``inputs`` (the study, above all) are never overwritten, nor is any SQLite file.
    """
    path = Path(path)
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ObserverError(
            f"cannot tell the format from {path.name!r}", file=path,
            hint="Use a .csv, .xlsx or .parquet file name, or pass --format.",
        )
    check_target(path, inputs)
    writers = {"csv": _write_csv, "xlsx": _write_xlsx, "parquet": _write_parquet}
    write_atomically(path, lambda tmp: writers[fmt](frame, tmp), what="export")
    return fmt


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    from observer.tables import safe_frame

    safe_frame(frame, csv=True).to_csv(path, index=False)


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    _typed_values(frame).to_parquet(path, index=False)


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """One sheet; text cells typed as text (a leading ``=`` is never a formula), numbers as numbers."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    from observer.tables import safe_frame

    frame = safe_frame(_typed_values(frame), csv=False)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("data")

    def cell(value: object) -> WriteOnlyCell:
        value = _plain(value)
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"
        return written

    sheet.append([cell(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        sheet.append([cell(v) for v in row])
    book.save(path)


def _plain(value: object) -> object:
    """A cell value openpyxl writes as it is: Python numbers, bools and text; None for every missing value."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def _typed_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a mixed ``value`` column one type: numbers when all are numbers, else text."""
    import pandas as pd

    if "value" not in frame or frame["value"].dtype != object:
        return frame
    numeric = pd.to_numeric(frame["value"], errors="coerce")
    frame = frame.copy()
    if numeric.notna().sum() == frame["value"].notna().sum():
        frame["value"] = numeric
    else:
        frame["value"] = frame["value"].map(lambda v: None if v is None or v is pd.NA else str(v))
    return frame


def _segments(study: Study, session_id: str | None):
    ids = [session_id] if session_id is not None else [s.id for s in study.sessions()]
    return [segment for sid in ids for segment in study.segments(sid)]
