"""Files observer writes for people (exports, reports): never over a study or an input, always whole, owner-only."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from observer.errors import ObserverError

SQLITE_HEADER = b"SQLite format 3\x00"
STUDY_SUFFIX = ".observer"
_SIDE_FILES = ("-wal", "-shm", "-journal")


def check_target(path: Path, inputs: Iterable[str | Path | None] = ()) -> None:
    """Refuse an output path that is a study, any SQLite file, an input of the command or not a plain file.

    ``inputs`` are the files the command reads (a study file also protects its journal
    files). A PostgreSQL URL or None among them is skipped.
    """
    path = Path(path)
    if path.suffix.lower() == STUDY_SUFFIX:
        raise ObserverError("a .observer name is for study files, not for exports or reports", file=path,
                            hint="Name the output after what it holds, e.g. codes.csv or report.html.")
    protected = [p for source in inputs if source is not None and not _is_url(source)
                 for p in _with_side_files(Path(source))]
    if any(_same(path, p) for p in protected):
        raise ObserverError("this is a file the command reads; writing here would replace it", file=path,
                            hint="Choose another output name.")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ObserverError(f"cannot check the output file: {exc.strerror}", file=path,
                            hint="Choose another output name.") from None
    if stat.S_ISDIR(info.st_mode):
        raise ObserverError("is a folder", file=path, hint="Give a file name inside it, e.g. DIR/codes.csv.")
    if not stat.S_ISREG(info.st_mode):
        raise ObserverError("is not a regular file (a device, pipe or socket)", file=path,
                            hint="Give the name of a file to write.")
    if _starts_with(path, SQLITE_HEADER):
        raise ObserverError("is an SQLite database (a study, or another program's data); it would be replaced",
                            file=path, hint="Choose another output name.")


def write_atomically(path: Path, write: Callable[[Path], None], *, what: str) -> None:
    """Write ``path`` through an owner-only temporary file in its folder, moved into place when complete.

    ``write`` fills the temporary file it is given. A failure leaves no partial file
    and raises an ``ObserverError`` naming ``path``.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ObserverError("the folder to write into does not exist", file=path, hint="Create it first.")
    try:
        fd, name = tempfile.mkstemp(prefix=".observer-", suffix=path.suffix, dir=folder)  # mode 0600
    except OSError as exc:
        raise ObserverError(f"cannot write the {what} here: {exc.strerror}", file=path,
                            hint="Choose a folder you can write to.") from None
    tmp = Path(name)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise ObserverError(f"cannot write the {what}: {exc.strerror}", file=path,
                            hint="Check that the folder is writable and the disk is not full.") from None
    finally:
        tmp.unlink(missing_ok=True)


def _with_side_files(path: Path) -> list[Path]:
    return [path, *(Path(f"{path}{suffix}") for suffix in _SIDE_FILES)]


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _starts_with(path: Path, header: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(header)) == header
    except OSError:
        return False


def _is_url(source: str | Path) -> bool:
    from observer.store.engine import is_url

    return is_url(source)
