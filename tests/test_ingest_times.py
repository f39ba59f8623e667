"""One time check for every reader: the same impossible times are refused everywhere, with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer.errors import IngestError
from observer.ingest import read_transcripts
from observer.ingest.timecode import TimeError, parse_cue_time

# The same impossible time written into each format; the line it is on.
NINES = [
    ("nines.srt", "1\n00:00:01,000 --> 00:00:02,000\nA: ok\n\n2\n99:99:99,999 --> 99:99:99,999\nB: no\n", 6),
    ("nines.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n99:99:99.999 --> 99:99:99.999\nno\n", 6),
    ("nines.csv", "start,end,speaker,text\n1,2,A,ok\n99:99:99.999,99:99:99.999,B,no\n", 3),
    ("nines.txt", "[00:00:01] A: ok\n[99:99:99.999] B: no\n", 2),
    ("nines.annomi",
     "transcript_id,interlocutor,timestamp,utterance_text\n1,client,00:00:01,ok\n1,client,99:99:99,no\n", 3),
]


def read_error(tmp_path: Path, name: str, content: str) -> IngestError:
    """The IngestError for a file `name` holding `content` (``.annomi`` read as AnnoMI)."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    format = "annomi" if name.endswith(".annomi") else "auto"
    with pytest.raises(IngestError) as caught:
        read_transcripts(path, format=format)
    assert caught.value.file == str(path)
    return caught.value


@pytest.mark.parametrize(("name", "content", "line"), NINES)
def test_99_minutes_is_refused_by_every_reader(tmp_path, name, content, line):
    error = read_error(tmp_path, name, content)
    assert error.line == line
    assert "is not a time (99 minutes: minutes must be under 60)" in error.message


@pytest.mark.parametrize(("name", "content", "line"), [
    ("late.srt", "1\n24:00:00,001 --> 24:00:01,000\nno\n", 2),
    ("late.vtt", "WEBVTT\n\n25:00:00.000 --> 25:00:01.000\nno\n", 3),
    ("late.csv", "start,speaker,text\n1,A,ok\n90000,B,no\n", 3),
    ("late.txt", "[00:00:01] A: ok\n[100:00:00] B: no\n", 2),
    ("late.annomi", "transcript_id,interlocutor,timestamp,utterance_text\n1,client,36:00:00,no\n", 2),
])
def test_times_past_24_hours_are_refused_by_every_reader(tmp_path, name, content, line):
    error = read_error(tmp_path, name, content)
    assert error.line == line
    assert "is more than 24 hours" in error.message


@pytest.mark.parametrize(("name", "content", "line", "fragment"), [
    ("negative.csv", "start,speaker,text\n-1.5,A,no\n", 2, "'-1.5' is negative"),
    ("nan.csv", "start,speaker,text\nnan,A,no\n", 2, "'nan' is not a time"),
    ("inf.csv", "start,end,speaker,text\n1,inf,A,no\n", 2, "'inf' is not a time"),
    ("negative.vtt", "WEBVTT\n\n-00:00:01.000 --> 00:00:02.000\nno\n", 3, "'-00:00:01.000' is negative"),
    ("seconds.srt", "1\n00:00:61,000 --> 00:00:62,000\nno\n", 2, "61 seconds: seconds must be under 60"),
])
def test_negative_and_unreadable_times(tmp_path, name, content, line, fragment):
    error = read_error(tmp_path, name, content)
    assert error.line == line
    assert fragment in error.message


def eaf_with_slots(*values: str) -> str:
    """An ELAN file whose one annotation spans slots ts1 and ts2 with the given TIME_VALUEs."""
    slots = "".join(f'<TIME_SLOT TIME_SLOT_ID="ts{n}" TIME_VALUE="{v}"/>\n' for n, v in enumerate(values, start=1))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT FORMAT="3.0" VERSION="3.0" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="x">\n'
        f'<HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>\n<TIME_ORDER>\n{slots}</TIME_ORDER>\n'
        '<TIER LINGUISTIC_TYPE_REF="lt" TIER_ID="A"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" '
        'TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>x</ANNOTATION_VALUE>'
        '</ALIGNABLE_ANNOTATION></ANNOTATION></TIER>\n'
        '<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="lt" TIME_ALIGNABLE="true"/>\n'
        "</ANNOTATION_DOCUMENT>\n"
    )


@pytest.mark.parametrize(("values", "line", "fragment"), [
    (("0", "99999999999"), 6, "'99999999999' is more than 24 hours"),
    (("-40", "100"), 5, "'-40' is negative"),
    (("0", "1.5e3"), 6, "'1.5e3' is not a whole number of milliseconds"),
])
def test_elan_time_values_get_the_same_check(tmp_path, values, line, fragment):
    error = read_error(tmp_path, "times.eaf", eaf_with_slots(*values))
    assert (error.line, error.field) == (line, "TIME_VALUE")
    assert fragment in error.message


@pytest.mark.parametrize(("text", "milliseconds"), [
    ("00:00:01,000", 1000), ("00:00:01.000", 1000), ("01:02.5", 62500), ("1:00:00,04", 3_600_040),
])
def test_cue_times(text, milliseconds):
    assert parse_cue_time(text) == milliseconds


@pytest.mark.parametrize("text", ["5.000", "00:00:05", "00:0x:05.000", "00:00:05;000"])
def test_cue_times_need_minutes_seconds_and_a_fraction(text):
    with pytest.raises(TimeError, match="is not a time"):
        parse_cue_time(text)
