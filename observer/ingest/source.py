"""Reading a transcript file into text, with clear errors for missing, empty or undecodable files."""

from __future__ import annotations

import codecs
from pathlib import Path

from observer.errors import IngestError

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing, unreadable or empty file raises IngestError."""
    if not path.exists():
        raise IngestError("the file does not exist.", file=path, hint="Check the path and the file name.")
    if path.is_dir():
        raise IngestError("this is a folder, not a file.", file=path, hint="Give the path of a transcript file.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"the file cannot be read ({error.strerror}).", file=path,
                          hint="Check the file's permissions.") from None
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise _empty(path)
    return data


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text (a BOM is dropped; UTF-16 with a BOM is accepted) with line ends normalised to newline."""
    utf16 = data.startswith(_UTF16_BOMS)
    body = data if utf16 else data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-16" if utf16 else "utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + len(data) - len(body)
        raise IngestError(
            f"byte {offset} (0x{data[offset]:02x}) is not valid {'UTF-16' if utf16 else 'UTF-8'} text.",
            file=path, line=data.count(b"\n", 0, offset) + 1,
            hint="Save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8) and import it again.",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_text(path: Path) -> str:
    """The file's text, decoded and with normalised line ends, or an IngestError saying what is wrong."""
    text = decode(read_bytes(path), path)
    if not text.strip():
        raise _empty(path)
    return text


def _empty(path: Path) -> IngestError:
    """The error for a file with nothing in it."""
    return IngestError("the file is empty.", file=path,
                       hint="Export the transcript again, or import the session with --duration and no transcript.")
