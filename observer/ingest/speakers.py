"""Speaker names written into cue text: WebVTT voice tags (``<v Name>``) and ``Name:`` prefixes.

A voice tag always names the speaker. A ``Name:`` prefix is only a speaker when the file's
prefixes behave like speaker labels (see `take_name_prefixes`); otherwise it stays text, so a
film line such as ``Digo: "..."`` is not turned into a speaker called Digo.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence

import webvtt

from observer.ingest.model import Cue

# 1-4 words starting with a letter, then ": " or the end of the text (e.g. "Dr. Anna Berg:").
_NAME_PREFIX = re.compile(r"([^\W\d_][\w.'()-]*(?: [\w.'()-]+){0,3}):(?:\s+|$)")
_MAX_NAME = 40
_QUOTES = "\"'“”„‟«»‹›‘’‚「『"
MAX_SPEAKERS = 20


def split_name_prefix(text: str) -> tuple[str, str]:
    """``("Anna", "Hello")`` for ``"Anna: Hello"``; ``("", text)`` when the text has no name prefix.

    A name is one word, or 2-4 words whose first word is capitalised and whose last word is
    capitalised or a number ("Speaker 2", "Maria de la Cruz"), at most 40 characters, and the
    text after the colon does not open with a quotation mark; so "And then I said: no" and
    'Digo: "ya"' are text, not speakers.
    """
    match = _NAME_PREFIX.match(text)
    if match is None or not _looks_like_name(match.group(1)) or text[match.end():].startswith(tuple(_QUOTES)):
        return "", text
    return match.group(1), text[match.end():]


def _looks_like_name(candidate: str) -> bool:
    """Whether a prefix before a colon reads as a speaker's name (see split_name_prefix)."""
    words = candidate.split(" ")
    if len(candidate) > _MAX_NAME:
        return False
    return len(words) == 1 or (words[0][0].isupper() and (words[-1][0].isupper() or words[-1].isdecimal()))


def take_name_prefixes(cues: Sequence[Cue]) -> list[Cue]:
    """The cues, with ``Name:`` prefixes made their speakers when the prefixes behave like speaker labels.

    Only cues without a speaker yet (no voice tag) count. Their prefixes are speakers when at least
    half of those cues have one, and the names are few and recur: at most MAX_SPEAKERS names, and
    no more than one name per two prefixed cues (two names are always enough). Otherwise every
    prefix stays part of its text.
    """
    unnamed = [index for index, cue in enumerate(cues) if not cue.speaker]
    split = {index: split_name_prefix(cues[index].text) for index in unnamed}
    prefixed = {index: parts for index, parts in split.items() if parts[0]}
    names = Counter(name for name, _ in prefixed.values())
    labels = (
        2 * len(prefixed) >= len(unnamed)
        and len(names) <= MAX_SPEAKERS
        and len(names) <= max(2, len(prefixed) // 2)
    )
    if not prefixed or not labels:
        return list(cues)
    return [
        cue._replace(speaker=prefixed[index][0], text=prefixed[index][1]) if index in prefixed else cue
        for index, cue in enumerate(cues)
    ]


def voice_and_lines(lines: list[str]) -> tuple[str, tuple[str, ...]]:
    """The speaker of a ``<v Name>`` voice tag (or empty) and a cue's lines as plain text.

    Tags (``<i>``, ``<c.x>``, ``</v>``, karaoke times ``<00:00:01.500>``) are removed, character
    references (``&amp;``) decoded, runs of whitespace made single spaces, and empty lines dropped.
    """
    caption = webvtt.Caption(text=lines)
    plain = (" ".join(html.unescape(line).split()) for line in caption.text.split("\n"))
    voice = caption.voice
    return " ".join(voice.split()) if voice else "", tuple(line for line in plain if line)
