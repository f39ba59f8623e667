"""A transcript's content fingerprint, so that the same transcript is not imported twice under two ids."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Protocol


class Timed(Protocol):
    """Anything with an utterance's times (seconds), speaker and text."""

    start: float
    end: float
    speaker: str
    text: str


def fingerprint(utterances: Iterable[Timed]) -> str:
    """``sha256:...`` of the utterances' times (to the millisecond), speakers and texts, in order.

    Speakers and texts hold no control characters (the readers refuse them), so the separators
    below cannot occur inside a field.
    """
    digest = hashlib.sha256()
    for u in utterances:
        digest.update(f"{round(u.start * 1000)}\x1f{round(u.end * 1000)}\x1f{u.speaker}\x1f{u.text}\x1e".encode())
    return f"sha256:{digest.hexdigest()}"
