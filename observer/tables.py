"""Text for people and for spreadsheets: aligned plain-text tables, and cells that cannot hurt their reader.

Terminal text shows control, format (bidi, zero-width) and line-separator characters as
escapes (``\\x1b``, ``\\u202e``), so a name typed or imported with them never drives the
terminal. Spreadsheet cells (CSV and XLSX exports, the CSV the command line prints) lose
control characters, and in CSV a text cell that a spreadsheet would read as a formula
(beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
apostrophe; ``codes import`` takes it off again (docs/formats.md).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import pandas as pd

_HIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # control, format (bidi, zero-width), surrogate, line separators
_CELL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # all but tab, line feed, return
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
REPLACEMENT = "\ufffd"
_NAMED_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Align columns under their headers; numbers right-aligned, text left-aligned, every cell terminal-safe."""
    cells = [[_text(v) for v in row] for row in rows]
    headers = [terminal_text(h) for h in headers]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [all(_is_number(row[i]) for row in rows if row[i] not in ("", None)) and bool(rows)
               for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def format_duration(seconds: float) -> str:
    """Seconds as h:mm:ss (or m:ss under an hour)."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """"1 session", "3 sessions"."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def segment_label(segment: int | None) -> str:
    """A unit as people read it: "segment 1" for segment_index 0, "session level" for session items."""
    return "session level" if segment is None else f"segment {int(segment) + 1}"


def terminal_text(value: object) -> str:
    """``value`` as text to print: invisible and control characters written as escapes, nothing else changed."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(_escape(ch) if unicodedata.category(ch) in _HIDDEN else ch for ch in text)


def terminal_lines(text: str) -> str:
    """Many lines of text to print, each made terminal-safe (the line breaks kept)."""
    return "\n".join(terminal_text(line) for line in text.split("\n"))


def sheet_text(text: str) -> str:
    """A text cell for a spreadsheet: control characters (not tab or line breaks) replaced by U+FFFD."""
    return _CELL_CONTROL.sub(REPLACEMENT, text)


def csv_text(text: str) -> str:
    """A text cell for a CSV file: ``sheet_text``, and an apostrophe before what a spreadsheet would run.

    Text that reads as a plain number (``-1``, ``+2.5``) stays as it is: a spreadsheet
    takes it as that number, never as a formula. A cell already beginning with an
    apostrophe gets a second one, so :func:`csv_restored` gives back exactly what was written.
    """
    text = sheet_text(text)
    if text.startswith(_FORMULA_START + (_QUOTE,)) and not _PLAIN_NUMBER.fullmatch(text):
        return _QUOTE + text
    return text


def csv_restored(text: str) -> str:
    """A CSV field as it was before :func:`csv_text`: the protecting apostrophe taken off."""
    if len(text) > 1 and text[0] == _QUOTE and text.startswith(_FORMULA_START + (_QUOTE,), 1):
        return text[1:]
    return text


def safe_frame(frame: pd.DataFrame, *, csv: bool) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are safe in a spreadsheet (``csv_text`` or ``sheet_text``)."""
    import pandas as pd

    clean = csv_text if csv else sheet_text
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) in ("string", "str"):
            cells = [clean(v) if isinstance(v, str) else v for v in frame[column]]
            frame[column] = pd.Series(cells, index=frame.index, dtype=object)
    frame.columns = [clean(str(c)) for c in frame.columns]
    return frame


def csv_output(frame: pd.DataFrame) -> str:
    """A frame as the CSV text the command line prints or writes, every text cell made safe."""
    return safe_frame(frame, csv=True).to_csv(index=False)


def json_text(document: object, **options) -> str:
    """``json.dumps`` whose text is terminal-safe too: invisible and control characters left as ``\\u`` escapes."""
    import json

    text = json.dumps(document, ensure_ascii=False, **options)
    if text.isprintable():
        return text
    # json.dumps escapes C0 controls itself; anything else hidden can only sit inside a string, where \\u is valid.
    return "".join(_json_escape(ch) if ch != "\n" and unicodedata.category(ch) in _HIDDEN else ch for ch in text)


def _json_escape(ch: str) -> str:
    units = ch.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i:i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def _escape(ch: str) -> str:
    if ch in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value == value else "NaN"
    return terminal_text(value)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
