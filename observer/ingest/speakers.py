"""Speaker names written into cue text: WebVTT voice tags (``<v Name>``) and ``Name:`` prefixes."""

from __future__ import annotations

import html
import re

import webvtt

# 1-4 words starting with a letter, then ": " or the end of the text (e.g. "Dr. Anna Berg:").
_NAME_PREFIX = re.compile(r"([^\W\d_][\w.'()-]*(?: [\w.'()-]+){0,3}):(?:\s+|$)")
_MAX_NAME = 40


def split_name_prefix(text: str) -> tuple[str, str]:
    """``("Anna", "Hello")`` for ``"Anna: Hello"``; ``("", text)`` when the text has no name prefix.

    A name is one word, or 2-4 words whose first word is capitalised and whose last word is
    capitalised or a number ("Speaker 2", "Maria de la Cruz"), at most 40 characters; so
    "And then I said: no" is text, not a speaker.
    """
    match = _NAME_PREFIX.match(text)
    if match is None or not _looks_like_name(match.group(1)):
        return "", text
    return match.group(1), text[match.end():]


def _looks_like_name(candidate: str) -> bool:
    """Whether a prefix before a colon reads as a speaker's name (see split_name_prefix)."""
    words = candidate.split(" ")
    if len(candidate) > _MAX_NAME:
        return False
    return len(words) == 1 or (words[0][0].isupper() and (words[-1][0].isupper() or words[-1].isdecimal()))


def speaker_and_text(lines: list[str]) -> tuple[str, str]:
    """The speaker and the plain text of a cue's lines.

    The speaker comes from a ``<v Name>`` voice tag when there is one, else from a ``Name:``
    prefix, else it is empty. Other tags (``<i>``, ``<c.x>``, ``</v>``) are removed, character
    references (``&amp;``) decoded, and the lines joined with single spaces.
    """
    caption = webvtt.Caption(text=lines)
    text = " ".join(html.unescape(caption.text).split())
    voice = caption.voice
    if voice:
        return " ".join(voice.split()), text
    return split_name_prefix(text)
