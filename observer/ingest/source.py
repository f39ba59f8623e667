"""Reading a transcript file into text, with clear errors for missing, empty or undecodable files."""

from __future__ import annotations

import codecs
from pathlib import Path

from observer.errors import IngestError

MAX_BYTES = 256 * 2**20

# Longest first: the UTF-32 little-endian mark starts with the UTF-16 little-endian one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
)


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing, unreadable or empty file raises IngestError."""
    if not path.exists():
        raise IngestError("the file does not exist.", file=path, hint="Check the path and the file name.")
    if path.is_dir():
        raise IngestError("this is a folder, not a file.", file=path, hint="Give the path of a transcript file.")
    try:
        if not path.is_file():
            raise IngestError("this is not a regular file (a device, pipe or socket).", file=path,
                              hint="Give the path of a transcript file.")
        if path.stat().st_size > MAX_BYTES:
            raise IngestError(f"the file is larger than {MAX_BYTES // 2**20} MB, too large for a transcript.",
                              file=path, hint="Check that this is the transcript, not the recording.")
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"the file cannot be read ({error.strerror}).", file=path,
                          hint="Check the file's permissions.") from None
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise _empty(path)
    return data


def _encoding(data: bytes) -> tuple[bytes, str, str]:
    """The byte-order mark `data` starts with, the codec for the rest, and the encoding's name (UTF-8 without one)."""
    return next((found for found in _BOMS if data.startswith(found[0])), (b"", "utf-8", "UTF-8"))


def head_text(head: bytes) -> str:
    """The first bytes of a file as text, for telling its format (undecodable bytes replaced)."""
    bom, codec, _ = _encoding(head)
    return head[len(bom):].decode(codec, errors="replace")


def decode(data: bytes, path: Path) -> str:
    """The file's text with line ends normalised to newline.

    UTF-8, or UTF-32 / UTF-16 / UTF-8 with a byte-order mark. Bytes that are not text in that
    encoding, and NUL characters (a UTF-16 file without its mark, or binary data), raise
    IngestError naming the line and byte offset; the bytes themselves are shown as hex only.
    """
    bom, codec, name = _encoding(data)
    try:
        text = data[len(bom):].decode(codec)
    except UnicodeDecodeError as error:
        offset = min(error.start + len(bom), len(data) - 1)
        raise IngestError(
            f"byte {offset} (0x{data[offset]:02x}) is not valid {name} text.",
            file=path, line=data[len(bom):offset].decode(codec, errors="replace").count("\n") + 1,
            hint="Save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8) and import it again.",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        raise IngestError(
            f"the file has NUL characters (the first at character {nul + 1} of the text), so it is not "
            f"{name} text: it may be UTF-16 saved without a byte-order mark, or not a transcript at all.",
            file=path, line=text.count("\n", 0, nul) + 1,
            hint="Save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8) and import it again.",
        )
    return text


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
