"""Bad transcript files: each raises IngestError naming the file, the line and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer.errors import IngestError
from observer.ingest import FORMATS, read_transcripts

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"

EAF_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-01-01T00:00:00+00:00" FORMAT="3.0" VERSION="3.0" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">\n'
    '<HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>\n'
)


def eaf(time_order: str, annotations: str) -> str:
    """An ELAN document with the given TIME_ORDER content and one tier 'A' holding `annotations`."""
    return (
        f"{EAF_HEAD}<TIME_ORDER>\n{time_order}</TIME_ORDER>\n"
        f'<TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="A">\n{annotations}</TIER>\n'
        '<LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>\n'
        "</ANNOTATION_DOCUMENT>\n"
    )


def annotation(annotation_id: str, slot_start: str, slot_end: str, value: str = "hello") -> str:
    """One ALIGNABLE_ANNOTATION on its own three lines."""
    return (
        f'<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="{annotation_id}" '
        f'TIME_SLOT_REF1="{slot_start}" TIME_SLOT_REF2="{slot_end}">\n'
        f"<ANNOTATION_VALUE>{value}</ANNOTATION_VALUE>\n</ALIGNABLE_ANNOTATION></ANNOTATION>\n"
    )


def slots(*values: str | None) -> str:
    """TIME_SLOT lines ts1, ts2, ... (None: a slot without a time value)."""
    return "".join(
        f'<TIME_SLOT TIME_SLOT_ID="ts{n}"' + (f' TIME_VALUE="{v}"' if v is not None else "") + "/>\n"
        for n, v in enumerate(values, start=1)
    )


def read_error(tmp_path: Path, name: str, content: str | bytes, **options) -> IngestError:
    """The IngestError raised for a file `name` holding `content`."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        read_transcripts(path, **options)
    error = caught.value
    assert error.file == str(path)
    assert error.hint
    return error


def test_the_documented_end_before_start_message(tmp_path):
    content = (
        "WEBVTT\n\nNOTE exported by Zoom\n\n1\n00:00:01.000 --> 00:00:04.000\nA: one\n\n2\n00:00:30.000 --> 00:00:40.000\nB: two\n\n"
        "3\n00:01:05.000 --> 00:01:02.000\nA: three\n"
    )
    error = read_error(tmp_path, "session1.vtt", content)
    assert str(error) == (
        f"{tmp_path / 'session1.vtt'}:14: cue 3: end 00:01:02.000 is before start 00:01:05.000. "
        "Fix the cue times or remove the cue."
    )


@pytest.mark.parametrize("format", FORMATS)
def test_missing_file(tmp_path, format):
    with pytest.raises(IngestError, match="does not exist") as caught:
        read_transcripts(tmp_path / "nowhere.txt", format=format)
    assert caught.value.file == str(tmp_path / "nowhere.txt")


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path, format, content):
    error = read_error(tmp_path, "empty.dat", content, format=format)
    assert "empty" in error.message


@pytest.mark.parametrize(("format", "content", "line"), [
    ("vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: caf\xe9\n", 4),
    ("srt", b"1\n00:00:01,000 --> 00:00:02,000\n\xff\xfe oops\n", 3),
    ("csv", b"start,speaker,text\n1,A,ok\n2,B,na\xefve\n", 3),
    ("annomi", b"transcript_id,interlocutor,timestamp,utterance_text\n\x80\n", 2),
    ("txt", b"[00:00:01] A: fine\n[00:00:02] B: \xe9t\xe9\n", 2),
])
def test_undecodable_bytes_name_the_line_and_offset(tmp_path, format, content, line):
    error = read_error(tmp_path, f"latin1.{format}", content, format=format)
    assert error.line == line
    assert "not valid UTF-8" in error.message and "byte" in error.message
    assert "UTF-8" in error.hint


def test_undecodable_byte_offset_counts_the_bom(tmp_path):
    error = read_error(tmp_path, "bom.txt", b"\xef\xbb\xbf[00:00:01] A: ok\n[00:00:02] B: \xff\n")
    assert error.message.startswith("byte 34 (0xff) is not valid UTF-8")  # offsets count from 0
    assert error.line == 2


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("[00:00:01] Ana: olá\n".encode("utf-16"))
    assert read_transcripts(path)[0].utterances[0].text == "olá"


@pytest.mark.parametrize(("name", "content", "line", "fragment"), [
    ("bad_minutes.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: ok\n\n00:61:00.000 --> 00:61:01.000\nB: no\n",
     6, "the start time: '00:61:00.000' is not a time (61 minutes: minutes must be under 60)"),
    ("letters.vtt", "WEBVTT\n\n1\n00:00:0x.000 --> 00:00:02.000\nA: no\n", 4, "'00:00:0x.000' is not a time"),
    ("garbage.srt", "1\n00:00:01,000 --> 00:00:02,000\nA: ok\n\n2\n00:00:0x,000 --> 00:00:04,000\nB: no\n",
     6, "the start time: '00:00:0x,000' is not a time"),
    ("letters.csv", "start,end,speaker,text\n1,2,A,ok\nabc,4,B,no\n", 3, "'abc' is not a time"),
    ("empty_start.csv", "start,end,speaker,text\n1,2,A,ok\n,4,B,no\n", 3, "no time is given"),
    ("minutes.csv", "start,speaker,text\n00:75:00,A,no\n", 2, "'00:75:00' is not a time"),
    ("stamp.txt", "[00:00:01] A: ok\n[00:99:00] B: no\n", 2, "timestamp [00:99:00]: '00:99:00' is not a time"),
    ("stamp.annomi", "transcript_id,interlocutor,timestamp,utterance_text\n1,client,00:00:01,ok\n1,client,soon,no\n",
     3, "'soon' is not a time"),
    ("blank.annomi", "transcript_id,interlocutor,timestamp,utterance_text\n1,client,,no\n", 2, "no time is given"),
])
def test_missing_or_invalid_timestamps(tmp_path, name, content, line, fragment):
    format = {"annomi": "annomi"}.get(name.rsplit(".", 1)[1], "auto")
    error = read_error(tmp_path, name, content, format=format)
    assert error.line == line
    assert fragment in error.message


@pytest.mark.parametrize(("name", "content", "line", "field"), [
    ("back.srt", "1\n00:00:05,000 --> 00:00:01,000\nA: no\n", 2, "subtitle 1"),
    ("back.csv", "start,end,speaker,text\n1,2,A,ok\n00:00:09.500,00:00:09.250,B,no\n", 3, "row 2"),
    ("back.eaf", eaf(slots("4000", "1000"), annotation("a1", "ts1", "ts2")), 9, "annotation a1 on tier 'A'"),
])
def test_end_before_start(tmp_path, name, content, line, field):
    error = read_error(tmp_path, name, content)
    assert (error.line, error.field) == (line, field)
    assert "is before start" in error.message


@pytest.mark.parametrize(("name", "content", "line"), [
    ("order.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nA: a\n\n00:00:01.000 --> 00:00:02.000\nB: b\n", 6),
    ("order.srt", "1\n00:00:05,000 --> 00:00:06,000\nA\n\n2\n00:00:01,000 --> 00:00:02,000\nB\n", 6),
    ("order.csv", "start,speaker,text\n5,A,a\n9,B,b\n7,A,c\n", 4),
    ("order.txt", "[00:00:05] A: a\n[00:00:04] B: b\n", 2),
])
def test_unsorted_cues(tmp_path, name, content, line):
    error = read_error(tmp_path, name, content)
    assert error.line == line
    assert "must be in time order" in error.message


@pytest.mark.parametrize(("name", "content", "line", "who"), [
    ("same.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Ana>a\n\n00:00:04.000 --> 00:00:06.000\n<v Ana>b\n",
     6, "'Ana'"),
    ("nobody.srt", "1\n00:00:01,000 --> 00:00:05,000\na\n\n2\n00:00:04,999 --> 00:00:06,000\nb\n", 6, "unnamed"),
    ("same.csv", "start,end,speaker,text\n1,10,A,long\n2,3,B,short\n9,12,A,again\n", 4, "'A'"),
])
def test_overlapping_cues_of_one_speaker(tmp_path, name, content, line, who):
    error = read_error(tmp_path, name, content)
    assert error.line == line
    assert who in error.message and "ends at" in error.message


def test_touching_cues_of_one_speaker_are_fine(tmp_path):
    path = tmp_path / "touch.csv"
    path.write_text("start,end,speaker,text\n1,4,A,a\n4,6,A,b\n")
    assert len(read_transcripts(path)[0].utterances) == 2


@pytest.mark.parametrize(("content", "fragments"), [
    ("begin,speaker,text\n1,A,a\n", ["missing: start", "unknown: begin", "found: begin, speaker, text"]),
    ("start,speaker,text,notes\n1,A,a,x\n", ["unknown: notes"]),
    ("start,speaker,speaker,text\n1,A,A,a\n", ["repeated: speaker"]),
    ("0.5,1.2,A,hello\n", ["missing: start, speaker, text"]),
])
def test_unknown_or_missing_columns(tmp_path, content, fragments):
    error = read_error(tmp_path, "cols.csv", content)
    assert (error.line, error.field) == (1, "header")
    for fragment in fragments:
        assert fragment in str(error)
    assert "start, speaker, text" in error.hint


def test_annomi_missing_column(tmp_path):
    error = read_error(tmp_path, "a.csv", "transcript_id,interlocutor,timestamp\n1,client,00:00:01\n", format="annomi")
    assert "missing: utterance_text" in error.message


@pytest.mark.parametrize(("content", "line", "fragment"), [
    ("start,speaker,text\n1,A,a\n2,B\n", 3, "has 2 fields but the header has 3"),
    ('start,speaker,text\n1,A,"unclosed\n2,B,b\n', 2, "cannot be read"),
    ('start,speaker,text\n1,A,"quoted"text\n', 2, "cannot be read"),
    ("start,speaker,text\n", None, "no rows"),
    (",,\n,,\n", None, "only empty cells"),
])
def test_malformed_csv(tmp_path, content, line, fragment):
    error = read_error(tmp_path, "x.csv", content)
    assert error.line == line
    assert fragment in error.message


@pytest.mark.parametrize(("content", "line", "fragment"), [
    ("transcript_id,utterance_id,interlocutor,timestamp,utterance_text\n1,0,client,00:00:01,a\n1,0,therapist,00:00:02,b\n",
     3, "utterance_id 0 appears twice in transcript 1"),
    ("transcript_id,utterance_id,interlocutor,timestamp,utterance_text\n1,first,client,00:00:01,a\n",
     2, "'first' is not a whole number"),
    ("transcript_id,interlocutor,timestamp,utterance_text\n,client,00:00:01,a\n", 2, "transcript_id is empty"),
])
def test_malformed_annomi(tmp_path, content, line, fragment):
    error = read_error(tmp_path, "x.csv", content, format="annomi")
    assert error.line == line
    assert fragment in error.message


@pytest.mark.parametrize(("content", "line", "fragment"), [
    ("hello\nworld\n", 1, "not a WebVTT file"),
    ("WEBVTT\n\nNOTE nothing here\n", None, "no cues"),
    ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nA: ok\n\n2\n00:00:03.000 -->\nB: no end\n", 8,
     "the end time: no time is given"),
])
def test_malformed_vtt(tmp_path, content, line, fragment):
    error = read_error(tmp_path, "x.vtt", content)
    assert error.line == line
    assert fragment in error.message


def test_srt_without_subtitles(tmp_path):
    error = read_error(tmp_path, "x.srt", "just some words\n")
    assert error.line == 1
    assert error.message == "subtitle text without a timing line: 'just some words'."


def test_plain_text_before_the_first_timestamp(tmp_path):
    error = read_error(tmp_path, "x.txt", "Session 4 transcript\n[00:00:01] A: hi\n")
    assert error.line == 1
    assert "before the first timestamp" in error.message


@pytest.mark.parametrize(("content", "line", "fragment"), [
    ("this is not xml at all", 1, "not well-formed XML"),
    ('<?xml version="1.0"?>\n<ANNOTATION_DOCUMENT>\n<TIER>\n</ANNOTATION_DOCUMENT>\n', 4, "not well-formed XML"),
    ('<?xml version="1.0"?>\n<html><body/></html>\n', 1, "root element is html"),
    (eaf("", annotation("a1", "ts1", "ts2")), 4, "no time slots"),
    (eaf(slots("0", None), annotation("a1", "ts1", "ts2")), 9, "'ts2' (line 6), which has no time value"),
    (eaf(slots("0", "10"), annotation("a1", "ts1", "ts9")), 9, "'ts9', which is not in TIME_ORDER"),
    (eaf(slots("0"), ""), None, "no independent tier has annotations"),
    (eaf(slots("0", "10"), annotation("a1", "ts1", "ts2")).replace(" xsi:noNamespaceSchemaLocation=", " x="),
     None, "pympi-ling cannot read"),
])
def test_malformed_elan(tmp_path, content, line, fragment):
    error = read_error(tmp_path, "x.eaf", content)
    assert error.line == line
    assert fragment in error.message


def test_tier_is_only_for_elan():
    with pytest.raises(IngestError, match="only be chosen in ELAN"):
        read_transcripts(FIXTURES / "session.srt", tier="Therapist")


def test_unknown_format_name():
    with pytest.raises(IngestError, match="unknown format 'docx'") as caught:
        read_transcripts(FIXTURES / "session.srt", format="docx")
    assert "annomi" in caught.value.hint
