"""Random and near-valid input to every reader: only IngestError may escape."""

from __future__ import annotations

import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observer.errors import IngestError
from observer.ingest import FORMATS, Transcript, read_transcripts

# Pieces of the formats, so that random text reaches past the first checks of each parser.
TOKENS = [
    "WEBVTT", "NOTE", "STYLE", "REGION", "1", "2", "-->", " --> ", "00:00:01.000", "00:00:00,500", "00:01:02.5",
    "99:59:59.999", "00:61:00.000", "align:start", "<v Ana>", "</v>", "<i>", "Ana: ", "Tom: ", "\n", "\n\n", ",", ";",
    '"', "\ufeff", "start", "end", "speaker", "text", "transcript_id", "interlocutor", "timestamp", "utterance_text",
    "utterance_id", "[00:00:05]", "[", "]", "<?xml version='1.0'?>", "<ANNOTATION_DOCUMENT>", "</ANNOTATION_DOCUMENT>",
    "<TIME_ORDER>", "<TIME_SLOT TIME_SLOT_ID='ts1' TIME_VALUE='5'/>", "<TIER TIER_ID='A'>", "</TIER>",
    "<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID='a1' TIME_SLOT_REF1='ts1' TIME_SLOT_REF2='ts2'>",
    "<ANNOTATION_VALUE>x</ANNOTATION_VALUE>", "</ALIGNABLE_ANNOTATION></ANNOTATION>", "é", "\x00", "\r",
]

near_valid = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)

# Well-formed files with random times, speakers and text: the time checks decide, not the parsers.
cue = st.builds(
    lambda start, length, speaker, text: (start, max(0, start + length), speaker, text),
    st.integers(0, 10**7), st.integers(-2000, 10**5), st.sampled_from(["", "Ana", "Dr. Tom Lee", "speaker 2"]),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
)
cue_lists = st.one_of(st.lists(cue, max_size=8), st.lists(cue, max_size=8).map(sorted))


def clock(ms: int, separator: str = ".") -> str:
    """hh:mm:ss.mmm for milliseconds."""
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{separator}{ms % 1000:03d}"


def render(format: str, cues: list[tuple[int, int, str, str]]) -> str:
    """`cues` written as a file of `format` (AnnoMI and plain text keep only the starts)."""
    if format == "vtt":
        return "WEBVTT\n\n" + "".join(f"{clock(a)} --> {clock(b)}\n<v {who}>{text}\n\n" for a, b, who, text in cues)
    if format == "srt":
        return "".join(
            f"{n}\n{clock(a, ',')} --> {clock(b, ',')}\n{who}: {text}\n\n" for n, (a, b, who, text) in enumerate(cues, 1)
        )
    if format == "csv":
        return "start,end,speaker,text\n" + "".join(f'{a / 1000},{clock(b)},{who},"{text}"\n' for a, b, who, text in cues)
    if format == "annomi":
        return "transcript_id,utterance_id,interlocutor,timestamp,utterance_text\n" + "".join(
            f'{n % 3},{n},{who},{clock(a)[:8]},"{text}"\n' for n, (a, _, who, text) in enumerate(cues)
        )
    if format == "txt":
        return "".join(f"[{clock(a)}] {who}: {text}\n" for a, _, who, text in cues)
    slots = "".join(
        f'<TIME_SLOT TIME_SLOT_ID="ts{2 * n}" TIME_VALUE="{a}"/><TIME_SLOT TIME_SLOT_ID="ts{2 * n + 1}" TIME_VALUE="{b}"/>'
        for n, (a, b, _, _) in enumerate(cues)
    )
    annotations = "".join(
        f'<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a{n}" TIME_SLOT_REF1="ts{2 * n}" TIME_SLOT_REF2="ts{2 * n + 1}">'
        f"<ANNOTATION_VALUE>{escape(text)}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>"
        for n, (_, _, _, text) in enumerate(cues)
    )
    return (
        '<ANNOTATION_DOCUMENT VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:noNamespaceSchemaLocation="x"><TIME_ORDER>{slots}</TIME_ORDER>'
        f'<TIER TIER_ID="A">{annotations}</TIER></ANNOTATION_DOCUMENT>'
    )


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def read_or_ingest_error(path: Path, format: str) -> None:
    """Read `path`; the result must be transcripts, or the failure an IngestError."""
    try:
        transcripts = read_transcripts(path, format=format)
    except IngestError as error:
        assert error.message and error.hint
        return
    assert transcripts and all(isinstance(t, Transcript) for t in transcripts)


@pytest.mark.parametrize("format", [*FORMATS, "auto"])
@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes(folder, format, data):
    path = folder / f"random.{format}"
    path.write_bytes(data)
    read_or_ingest_error(path, format)


@pytest.mark.parametrize("format", [*FORMATS, "auto"])
@settings(max_examples=300, deadline=None)
@given(text=st.one_of(near_valid, st.text(max_size=300)))
def test_random_text(folder, format, text):
    path = folder / f"random.{format}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    read_or_ingest_error(path, format)


@pytest.mark.parametrize("format", FORMATS)
@settings(max_examples=200, deadline=None)
@given(cues=cue_lists)
def test_well_formed_files_with_random_times(folder, format, cues):
    path = folder / f"cues.{format}"
    path.write_text(render(format, cues), encoding="utf-8")
    read_or_ingest_error(path, format)
