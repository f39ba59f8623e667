"""Backups of a study: SQLite's online backup into a private, checked copy; rolling backups."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from observer.errors import StudyError
from observer.store.connection import create_file
from observer.store.study import Study

BACKUPS_ENV = "OBSERVER_BACKUPS"
DEFAULT_KEEP = 10
ROLLING_TAG = "auto"


def backups_folder(study_path: str | Path) -> Path:
    """Where a study's backups go by default: ``<study>.backups`` next to it."""
    study_path = Path(study_path)
    return study_path.with_name(study_path.name + ".backups")


def backup_study(study_path: str | Path, dest: str | Path | None = None, *, tag: str = "") -> Path:
    """Copy a study while raters may be coding in it; returns the path of the checked copy.

    ``dest`` is a new file or an existing folder (default: ``backups_folder``). The copy
    is readable by its owner only, passes ``PRAGMA integrity_check``, and appears under
    its final name only when complete: a backup never overwrites a file.
    """
    source = Path(study_path)
    with Study.open(source, allow_scheme_drift=True) as study:
        target = _target(source, None if dest is None else Path(dest), tag)
        _copy(study.conn, target)
    return target


def rolling_backup(study_path: str | Path, keep: int | None = None) -> Path | None:
    """Back up a study as a coding session opens, keeping the newest ``keep`` rolling copies.

    ``keep`` defaults to the ``OBSERVER_BACKUPS`` environment variable, else 10; 0 turns
    rolling backups off (returns None). Backups made by ``observer backup`` are never pruned.
    """
    keep = backups_to_keep() if keep is None else keep
    if keep <= 0:
        return None
    target = backup_study(study_path, tag=ROLLING_TAG)
    for old in rolling_backups(study_path)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def rolling_backups(study_path: str | Path) -> list[Path]:
    """The study's rolling backups, oldest first."""
    study_path = Path(study_path)
    folder = backups_folder(study_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{study_path.stem}-{ROLLING_TAG}-*.observer"))


def backups_to_keep() -> int:
    """How many rolling backups to keep, from ``OBSERVER_BACKUPS`` (default 10)."""
    raw = os.environ.get(BACKUPS_ENV, "").strip()
    if not raw:
        return DEFAULT_KEEP
    try:
        keep = int(raw)
    except ValueError:
        keep = -1
    if keep < 0:
        raise StudyError(
            f"{raw!r} is not a number of backups.", field=BACKUPS_ENV,
            hint=f"Set {BACKUPS_ENV} to a whole number: how many rolling backups to keep (0 turns them off).",
        )
    return keep


def _target(source: Path, dest: Path | None, tag: str) -> Path:
    """The backup's file name: ``dest`` itself, or a time-stamped name in a folder."""
    if dest is not None and not dest.is_dir():
        if os.path.lexists(dest):
            raise StudyError("the backup destination already exists.", file=dest,
                             hint="Give a new file name or a folder; a backup never overwrites a file.")
        if not dest.parent.is_dir():
            raise StudyError("the folder for the backup does not exist.", file=dest, hint="Create the folder first.")
        return dest
    folder = dest if dest is not None else backups_folder(source)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StudyError(f"cannot create the backups folder: {exc.strerror}.", file=folder,
                         hint="Give a folder you can write to as DEST.") from None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S_%fZ")
    prefix = f"{source.stem}-{tag}-" if tag else f"{source.stem}-"
    return folder / f"{prefix}{stamp}.observer"


def _copy(conn: sqlite3.Connection, target: Path) -> None:
    """Copy a consistent snapshot into a private file, check it, then give it its final name."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)  # left by a backup that was killed
    create_file(partial)
    try:
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            check = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        finally:
            copy.close()
        if check != ["ok"]:
            raise StudyError(
                "the backup copy failed its integrity check: " + "; ".join(check[:3]) + ".", file=target,
                hint="The study itself may be damaged: keep your older backups and do not delete any.",
            )
        _sync(partial)
        _publish(partial, target)
        _sync(target.parent)
    except sqlite3.DatabaseError as exc:
        raise StudyError(f"the backup could not be written: {exc}.", file=target,
                         hint="Check the free space and permissions of the backup folder.") from None
    finally:
        partial.unlink(missing_ok=True)


def _publish(partial: Path, target: Path) -> None:
    """Give the finished copy its final name, never replacing a file that appeared meanwhile."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise StudyError("the backup destination already exists.", file=target,
                         hint="Give a new file name; a backup never overwrites a file.") from None
    except OSError:  # file systems without hard links (FAT, exFAT, some network shares)
        if os.path.lexists(target):
            raise StudyError("the backup destination already exists.", file=target,
                             hint="Give a new file name; a backup never overwrites a file.") from None
        os.rename(partial, target)


def _sync(path: Path) -> None:
    """Flush a file or folder to disk, so a backup survives a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
