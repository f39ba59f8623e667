"""Names people give (raters, accounts): normalised, printable, and not one the tool gives meaning to."""

from __future__ import annotations

import unicodedata

from observer.errors import StudyError
from observer.store.records import CONSENSUS

MAX_LENGTH = 64
RESERVED = {
    CONSENSUS: "it holds the consensus codes, which carry a decision and a reason "
               "(settle disagreements with: observer consensus STUDY --session ID)",
    "mean": "it names the mean of the raters in summaries and reports",
}
# Control, format (zero-width, bidi), separator, surrogate, private and unassigned characters.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def clean_name(raw: str, *, what: str = "rater", field: str = "--rater") -> str:
    """The name in NFC without surrounding spaces; a StudyError naming the problem and the fix otherwise."""
    name = unicodedata.normalize("NFC", raw).strip()
    if not name:
        raise StudyError(f"a {what} needs a name", field=field, hint=f"Pass {field} NAME.")
    hidden = [ch for ch in name if unicodedata.category(ch) in _REFUSED_CATEGORIES]
    if hidden:
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(hidden))
        raise StudyError(f"the {what} name holds invisible or control characters ({codes})", field=field,
                         hint="Type the name with letters, digits, spaces and punctuation only.")
    if len(name) > MAX_LENGTH:
        raise StudyError(f"the {what} name is {len(name)} characters long", field=field,
                         hint=f"Use at most {MAX_LENGTH} characters.")
    reason = RESERVED.get(name.casefold())
    if reason is not None:
        raise StudyError(f"{name!r} cannot be a {what} name: {reason}", field=field,
                         hint="Choose another name.")
    return name
