"""Write study frames to CSV, XLSX or Parquet, atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from observer.errors import ObserverError

if TYPE_CHECKING:
    import pandas as pd

    from observer.store import Study

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".pq": "parquet"}


def frame_for(study: Study, what: str, *, session_id: str | None = None) -> pd.DataFrame:
    """The tidy frame named by ``observer export --what``."""
    from observer.store import frames

    if what == "codes":
        return frames.codes_frame(study, session_id=session_id)
    if what == "utterances":
        return frames.utterances_frame(study, session_id=session_id)
    if what == "segments":
        return frames.segments_frame(study, session_id=session_id)
    if what == "sessions":
        return frames.sessions_frame(study)
    if what == "summary":
        from observer.summary import session_summary

        return session_summary(*frames.study_frames(study), study.scheme)
    raise ObserverError(f"unknown export {what!r}", hint="Use codes, utterances, segments, sessions or summary.")


def export_frame(frame: pd.DataFrame, path: Path, fmt: str | None = None) -> str:
    """Write ``frame`` to ``path`` (format from ``fmt`` or the extension); returns the format used."""
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ObserverError(
            f"cannot tell the format from {path.name!r}", file=path,
            hint="Use a .csv, .xlsx or .parquet file name, or pass --format.",
        )
    if not path.parent.exists():
        raise ObserverError("the output folder does not exist", file=path, hint="Create it first.")
    frame = _typed_values(frame) if fmt != "csv" else frame
    fd, tmp = tempfile.mkstemp(prefix=".observer-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        if fmt == "csv":
            frame.to_csv(tmp, index=False)
        elif fmt == "xlsx":
            frame.to_excel(tmp, index=False, engine="openpyxl")
        else:
            frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except OSError as exc:
        raise ObserverError(f"cannot write the export: {exc.strerror}", file=path) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return fmt


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
        frame["value"] = frame["value"].map(lambda v: None if v is None else str(v))
    return frame
