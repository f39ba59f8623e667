"""Writing reports: one session's HTML file, or every session's plus an index; each file atomically, owner-only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from observer.errors import AnalysisError, ObserverError
from observer.outputs import check_target, write_atomically
from observer.report.build import report_context
from observer.report.inputs import StudyFrames
from observer.report.raters import SUPERVISOR, THERAPIST, choose_rater, session_raters
from observer.report.render import render_index, render_report

INDEX = "index.html"


def session_report(frames: StudyFrames, session_id: str, rater: str | None = None, *,
                   audience: str = THERAPIST) -> str:
    """One session's feedback report as a self-contained HTML page (``audience``: therapist or supervisor)."""
    return render_report(report_context(frames, session_id, rater, audience=audience))


def write_report(frames: StudyFrames, session_id: str, path: Path, rater: str | None = None, *,
                 audience: str = THERAPIST, inputs: Iterable[str | Path | None] = ()) -> Path:
    """Write one session's report to ``path`` (atomically, readable by its owner only); returns the path.

    ``inputs`` (the study) are never overwritten, nor is any SQLite file.
    """
    check_target(path, inputs)
    html = session_report(frames, session_id, rater, audience=audience)
    write_text(path, html)
    return path


def write_all(frames: StudyFrames, folder: Path, *, title: str, rater: str | None = None,
              audience: str = THERAPIST, inputs: Iterable[str | Path | None] = ()) -> list[Path]:
    """Write a report per coded session and ``index.html`` into ``folder`` (created if missing); returns the files.

    Sessions without codes (or without codes of ``rater``) get no report; the
    index lists them with the reason.
    """
    if folder.exists() and not folder.is_dir():
        raise ObserverError("is a file, not a folder", file=folder,
                            hint="With --all, -o names a folder for the reports.")
    if not folder.parent.is_dir():
        raise ObserverError("the folder to write into does not exist", file=folder, hint="Create it first.")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise ObserverError(f"cannot create the folder: {exc.strerror}", file=folder,
                            hint="Choose a folder you can write to.") from None
    inputs = list(inputs)
    written, entries, names = [], [], set()
    for session_id in frames.session_ids():
        info = frames.session_info(session_id)
        entry = {"session": session_id, "date": info.get("date") or "", "therapist": info.get("therapist") or "",
                 "client": info.get("client") or "", "file": "", "ruptures": "", "unresolved": ""}
        try:
            choose_rater(frames.codes, session_id, rater)
        except AnalysisError:
            asked = rater if audience == SUPERVISOR else "the rater asked for"
            reason = f"no codes by {asked}" if session_raters(frames.codes, session_id) else "no codes yet"
            entries.append({**entry, "codes": reason})
            continue
        context = report_context(frames, session_id, rater, audience=audience)
        name = file_name(session_id, names)
        check_target(folder / name, inputs)
        write_text(folder / name, render_report(context))
        written.append(folder / name)
        entries.append({**entry, "file": name, "codes": context["codes"]["label"], **context["figures"]})
    scheme = f"{frames.scheme.name}, version {frames.scheme.version}"
    check_target(folder / INDEX, inputs)
    write_text(folder / INDEX, render_index(entries, study=title, scheme=scheme))
    return [*written, folder / INDEX]


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to ``path`` through a temporary file in the same folder; readable by its owner only.

    Reports hold what clients said: like exports and backups, they are private until
    someone deliberately shares them.
    """
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)

    write_atomically(path, write, what="report")


def file_name(session_id: str, taken: set[str]) -> str:
    """``report-<session>.html`` with characters unsafe in file names replaced, unique within the folder."""
    stem = "report-" + (re.sub(r"[^A-Za-z0-9._-]+", "_", session_id).strip("._") or "session")
    name, n = f"{stem}.html", 1
    while name.lower() in taken or name.lower() == INDEX:
        n += 1
        name = f"{stem}-{n}.html"
    taken.add(name.lower())
    return name
