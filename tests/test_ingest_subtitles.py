"""SubRip and WebVTT blocks: no text is glued onto another cue or dropped; untimed text stops the import."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer.errors import IngestError
from observer.ingest import Utterance, read_transcripts


def read(tmp_path: Path, name: str, content: str) -> list[Utterance]:
    """The utterances of a subtitle file `name` holding `content`."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (transcript,) = read_transcripts(path)
    return transcript.utterances


def error(tmp_path: Path, name: str, content: str) -> IngestError:
    """The IngestError for a subtitle file `name` holding `content`."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        read_transcripts(path)
    assert caught.value.file == str(path)
    return caught.value


def test_srt_subtitle_without_timing_line_stops_instead_of_being_glued_onto_the_one_before(tmp_path):
    # The srt library read this as one subtitle 'Caption text #1\n\n2\nCaption text #2'.
    content = ("1\n00:00:01,000 --> 00:00:02,000\nCaption text #1\n\n2\nCaption text #2\n\n"
               "3\n00:00:03,000 --> 00:00:04,000\nCaption text #3\n")
    failure = error(tmp_path, "glued.srt", content)
    assert failure.line == 5
    assert failure.message == "subtitle text without a timing line: '2 Caption text #2'."
    assert "timing line" in failure.hint


def test_srt_blank_line_inside_a_subtitle_stops_at_the_split_off_text(tmp_path):
    content = "1\n00:00:01,000 --> 00:00:04,000\nI said no.\n\nAnd I meant it.\n"
    failure = error(tmp_path, "split.srt", content)
    assert (failure.line, failure.message) == (5, "subtitle text without a timing line: 'And I meant it.'.")
    assert "remove the empty line" in failure.hint


def test_srt_text_where_the_number_belongs_stops(tmp_path):
    failure = error(tmp_path, "named.srt", "Scene one\n00:00:01,000 --> 00:00:02,000\nHello\n")
    assert failure.line == 1 and "'Scene one 00:00:01,000 --> 00:00:02,000'" in failure.message


def test_vtt_text_block_without_timing_line_stops_rather_than_being_dropped(tmp_path):
    content = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne\n\nthis block has no timing\nso players skip it\n\n"
               "00:00:03.000 --> 00:00:04.000\nThree\n")
    failure = error(tmp_path, "dropped.vtt", content)
    assert failure.line == 6
    assert failure.message == "text without a cue timing line: 'this block has no timing so players skip it'."
    assert "NOTE" in failure.hint and "no text is lost" in failure.hint


def test_vtt_identifier_without_timing_line_stops(tmp_path):
    failure = error(tmp_path, "id.vtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nOne\n\n2\nTwo\n")
    assert failure.line == 7


def test_vtt_note_style_and_region_blocks_are_not_text(tmp_path):
    content = ("WEBVTT - exported\nKind: captions\n\nSTYLE\n::cue { color: yellow }\n\nREGION\nid:left width:40%\n\n"
               "NOTE reviewed by the second rater\nstill part of the note\n\n00:00:01.000 --> 00:00:02.000\nOne\n\n"
               "NOTE\n\n00:00:03.000 --> 00:00:04.000\nTwo\n")
    assert [u.text for u in read(tmp_path, "blocks.vtt", content)] == ["One", "Two"]


def test_vtt_cue_right_after_the_header_is_read(tmp_path):
    assert read(tmp_path, "tight.vtt", "WEBVTT\n00:00:01.000 --> 00:00:02.000\nOne\n") == [
        Utterance(1.0, 2.0, "", "One", 2),
    ]


@pytest.mark.parametrize(("name", "content", "lines"), [
    ("tight.srt", "1\n00:00:01,000 --> 00:00:02,000\nOne\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n", [2, 5]),
    ("tight.vtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nOne\n2\n00:00:03.000 --> 00:00:04.000\nTwo\n", [4, 7]),
    ("spaces.srt", "1\n00:00:01,000 --> 00:00:02,000\nOne\n   \n2\n00:00:03,000 --> 00:00:04,000\nTwo\n", [2, 6]),
])
def test_cues_are_split_at_each_timing_line_without_an_empty_line_between_them(tmp_path, name, content, lines):
    utterances = read(tmp_path, name, content)
    assert [(u.text, u.line) for u in utterances] == [("One", lines[0]), ("Two", lines[1])]


def test_srt_without_numbers_and_with_settings_after_the_timing(tmp_path):
    content = "00:00:01,000 --> 00:00:02,500 X1:100 X2:600\nOne\n\n00:00:03.250 --> 00:00:04,000\nTwo\n"
    assert [(u.start, u.end, u.text) for u in read(tmp_path, "bare.srt", content)] == [
        (1.0, 2.5, "One"), (3.25, 4.0, "Two"),
    ]


def test_a_line_of_spaces_right_after_the_timing_belongs_to_the_cue(tmp_path):
    # YouTube's rolling captions start each cue with a line holding one space.
    content = "WEBVTT\n\n00:00:00.320 --> 00:00:02.869 align:start position:0%\n \nso<00:00:00.560><c> today</c>\n"
    assert read(tmp_path, "space.vtt", content) == [Utterance(0.32, 2.869, "", "so today", 3)]


def test_text_with_an_arrow_is_read_as_a_timing_line_and_refused(tmp_path):
    failure = error(tmp_path, "arrow.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfrom here --> to there\n")
    assert failure.line == 4 and "'from here' is not a time" in failure.message


def test_empty_cues_are_kept_as_empty_utterances(tmp_path):
    content = "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n"
    assert [(u.start, u.text) for u in read(tmp_path, "empty_cue.srt", content)] == [(1.0, ""), (3.0, "Two")]
