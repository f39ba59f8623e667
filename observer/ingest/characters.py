"""Control characters (NUL, ESC, ...) that must not come in with imported text, names or ids."""

from __future__ import annotations

import re
from pathlib import Path

from observer.errors import IngestError

# C0 and C1 control codes, DEL, and the Unicode line and paragraph separators. Readers turn runs
# of whitespace in text and names into single spaces first, so tabs and line breaks never get here.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_characters(value: str, what: str, path: Path | str | None, line: int | None, field: str | None) -> None:
    """Raise IngestError naming the first control character in `value` (`what` says what the value is)."""
    found = _CONTROL.search(value)
    if found is None:
        return
    raise IngestError(
        f"{what} has the control character U+{ord(found.group()):04X} at position {found.start() + 1}: "
        f"{value[:60]!r}.", file=path, line=line, field=field,
        hint="Control characters are not text (often a damaged export or a pasted terminal code); "
        "remove them and import again.",
    )
