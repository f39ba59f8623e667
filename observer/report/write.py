"""Writing reports: one session's HTML file, or every session's plus an index page; each file atomically."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from observer.errors import AnalysisError, ObserverError
from observer.report.build import report_context
from observer.report.inputs import StudyFrames
from observer.report.raters import choose_rater, session_raters
from observer.report.render import render_index, render_report

INDEX = "index.html"


def session_report(frames: StudyFrames, session_id: str, rater: str | None = None) -> str:
    """One session's feedback report as a self-contained HTML page."""
    return render_report(report_context(frames, session_id, rater))


def write_report(frames: StudyFrames, session_id: str, path: Path, rater: str | None = None) -> Path:
    """Write one session's report to ``path`` (atomically); returns the path."""
    _check_folder(path.parent, path)
    write_text(path, session_report(frames, session_id, rater))
    return path


def write_all(frames: StudyFrames, folder: Path, *, title: str, rater: str | None = None) -> list[Path]:
    """Write a report per coded session and ``index.html`` into ``folder`` (created if missing); returns the files.

    Sessions without codes (or without codes of ``rater``) get no report; the
    index lists them with the reason.
    """
    if folder.exists() and not folder.is_dir():
        raise ObserverError("is a file, not a folder", file=folder,
                            hint="With --all, -o names a folder for the reports.")
    _check_folder(folder.parent, folder)
    folder.mkdir(exist_ok=True)
    written, entries, names = [], [], set()
    for session_id in frames.session_ids():
        info = frames.session_info(session_id)
        entry = {"session": session_id, "date": info.get("date") or "", "therapist": info.get("therapist") or "",
                 "client": info.get("client") or "", "file": "", "ruptures": "", "unresolved": ""}
        try:
            choose_rater(frames.codes, session_id, rater)
        except AnalysisError:
            reason = f"no codes by {rater}" if session_raters(frames.codes, session_id) else "no codes yet"
            entries.append({**entry, "codes": reason})
            continue
        context = report_context(frames, session_id, rater)
        name = file_name(session_id, names)
        write_text(folder / name, render_report(context))
        written.append(folder / name)
        entries.append({**entry, "file": name, "codes": context["codes"]["label"], **context["figures"]})
    scheme = f"{frames.scheme.name}, version {frames.scheme.version}"
    write_text(folder / INDEX, render_index(entries, study=title, scheme=scheme))
    return [*written, folder / INDEX]


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to ``path`` through a temporary file in the same folder, so no half-written file is left."""
    fd, tmp = tempfile.mkstemp(prefix=".observer-", suffix=path.suffix, dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise ObserverError(f"cannot write the report: {exc.strerror}", file=path,
                            hint="Check that the folder is writable and the disk is not full.") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    """The process's file creation mask (mkstemp makes private files; a report gets the usual permissions)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_folder(folder: Path, target: Path) -> None:
    """``ObserverError`` when the folder to write into does not exist."""
    if not folder.is_dir():
        raise ObserverError("the folder to write into does not exist", file=target, hint="Create it first.")


def file_name(session_id: str, taken: set[str]) -> str:
    """``report-<session>.html`` with characters unsafe in file names replaced, unique within the folder."""
    stem = "report-" + (re.sub(r"[^A-Za-z0-9._-]+", "_", session_id).strip("._") or "session")
    name, n = f"{stem}.html", 1
    while name.lower() in taken or name.lower() == INDEX:
        n += 1
        name = f"{stem}-{n}.html"
    taken.add(name.lower())
    return name
