"""Backups of a study: a consistent, checked SQLite copy (from either engine); rolling backups of a file.

A backup is private to whoever may open the study: owner-only for an owner-only study,
and with the study's group and group permissions for a study a lab shares on one server.
"""

from __future__ import annotations

import os
import stat
from datetime import datetime, timezone
from pathlib import Path

from observer.errors import StudyError
from observer.store.engine import is_url
from observer.store.sqlite import create_file
from observer.store.study import Study

BACKUPS_ENV = "OBSERVER_BACKUPS"
DEFAULT_KEEP = 10
ROLLING_TAG = "auto"


def backups_folder(study: str | Path) -> Path:
    """Where a study's backups go by default: ``<study>.backups`` beside a file, a user folder for a database."""
    if is_url(study):
        from platformdirs import user_data_path

        return user_data_path("observer") / "backups" / _stem(study)
    study = Path(study)
    return study.with_name(study.name + ".backups")


def backup_study(study: str | Path, dest: str | Path | None = None, *, tag: str = "") -> Path:
    """Copy a study while raters may be coding in it; returns the path of the checked copy.

    ``dest`` is a new file or an existing folder (default: ``backups_folder``). The copy
    is a SQLite study file that passes its integrity check, and appears under its final
    name only when complete: a backup never overwrites a file.
    """
    with Study.open(study, allow_scheme_drift=True) as opened:
        access = _access(opened.path)
        target = _target(study, None if dest is None else Path(dest), tag, access)
        _copy(opened, target, access)
    return target


def rolling_backup(study: str | Path, keep: int | None = None) -> Path | None:
    """Back up a study file as a coding session opens, keeping the newest ``keep`` rolling copies.

    ``keep`` defaults to the ``OBSERVER_BACKUPS`` environment variable, else 10; 0 turns
    rolling backups off (returns None). Backups made by ``observer backup`` are never pruned.
    A study in PostgreSQL is backed up by its server (pg_dump), not as each rater opens it.
    """
    keep = backups_to_keep() if keep is None else keep
    if keep <= 0 or is_url(study):
        return None
    target = backup_study(study, tag=ROLLING_TAG)
    for old in rolling_backups(study)[:-keep]:
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


class _Access:
    """Who may read a backup: the study file's mode bits for owner and group, and its group."""

    def __init__(self, mode: int = 0o600, gid: int | None = None) -> None:
        self.file_mode = mode & 0o660
        self.folder_mode = 0o700 | (0o070 if mode & 0o060 else 0) | (stat.S_ISGID if mode & 0o060 else 0)
        self.gid = gid

    def apply(self, path: Path, mode: int) -> None:
        """Give a file or folder this access (chmod after create: the umask does not narrow it)."""
        if self.gid is not None:
            try:
                os.chown(path, -1, self.gid)
            except PermissionError:
                pass  # not a member of the study's group: the copy stays with our own group
        os.chmod(path, mode)


def _access(study_path: Path | None) -> _Access:
    if study_path is None:
        return _Access()
    info = study_path.stat()
    shared = info.st_mode & 0o060
    return _Access(stat.S_IMODE(info.st_mode) | 0o600, info.st_gid if shared else None)


def _target(study: str | Path, dest: Path | None, tag: str, access: _Access) -> Path:
    """The backup's file name: ``dest`` itself, or a time-stamped name in a folder."""
    if dest is not None and not dest.is_dir():
        if os.path.lexists(dest):
            raise StudyError("the backup destination already exists.", file=dest,
                             hint="Give a new file name or a folder; a backup never overwrites a file.")
        if not dest.parent.is_dir():
            raise StudyError("the folder for the backup does not exist.", file=dest, hint="Create the folder first.")
        return dest
    folder = dest if dest is not None else backups_folder(study)
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=is_url(study))
            access.apply(folder, access.folder_mode)
    except OSError as exc:
        raise StudyError(f"cannot create the backups folder: {exc.strerror}.", file=folder,
                         hint="Give a folder you can write to as DEST.") from None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S_%fZ")
    stem = _stem(study)
    prefix = f"{stem}-{tag}-" if tag else f"{stem}-"
    return folder / f"{prefix}{stamp}.observer"


def _stem(study: str | Path) -> str:
    """What a backup's name starts with: the study file's stem, or the database's label."""
    if is_url(study):
        from observer.store.postgresql import database_label

        return database_label(str(study))
    return Path(study).stem


def _copy(study: Study, target: Path, access: _Access) -> None:
    """Copy a consistent snapshot into a private file, check it, then give it its final name."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.unlink(missing_ok=True)  # left by a backup that was killed
        create_file(partial)
        study.db.snapshot(partial)
        access.apply(partial, access.file_mode)
        _sync(partial)
        _publish(partial, target)
        _sync(target.parent)
    except OSError as exc:
        raise StudyError(f"the backup could not be written: {exc.strerror}.", file=target,
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
