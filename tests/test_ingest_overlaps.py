"""Overlapping and rolling captions without speakers: refused by default, folded by an explicit --overlaps merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer.errors import IngestError
from observer.ingest import Utterance, read_transcripts

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def merged(path: Path):
    """The one transcript of `path` read with --overlaps merge."""
    (transcript,) = read_transcripts(path, overlaps="merge")
    return transcript


def refused(path: Path, **options) -> IngestError:
    """The IngestError for `path`."""
    with pytest.raises(IngestError) as caught:
        read_transcripts(path, **options)
    return caught.value


def test_rolling_captions_are_refused_by_default_naming_the_way_through():
    error = refused(FIXTURES / "ytdlp_rolling.vtt")
    assert (error.line, error.field) == (9, "cue 2")
    assert "starts with the last line of cue 1 (line 5) again" in error.message
    assert "--overlaps merge" in error.hint


def test_merge_keeps_each_rolling_line_once_from_when_it_is_typed():
    transcript = merged(FIXTURES / "ytdlp_rolling.vtt")
    assert transcript.utterances == [
        Utterance(0.32, 2.879, "", "so today we're going to look at", 5),
        Utterance(2.879, 5.52, "", "what happens when a client pushes back", 13),
        Utterance(5.52, 8.16, "", "on the homework you've set together", 21),
        Utterance(8.16, 11.43, "", "and how you can respond without arguing", 29),
    ]
    assert transcript.notes == [
        "--overlaps merge removed 6 repeated caption line(s) and dropped 3 cue(s) that had no new line.",
    ]


def test_overlaps_of_a_few_milliseconds_are_refused_by_default():
    error = refused(FIXTURES / "overlap_ms.srt")
    assert (error.line, error.field) == (6, "subtitle 2")
    assert "before subtitle 1 (line 2) of the same (unnamed) speaker ends at 00:00:03.520" in error.message
    assert "--overlaps merge" in error.hint and "1000 ms" in error.hint


def test_merge_trims_small_overlaps_to_the_next_start():
    transcript = merged(FIXTURES / "overlap_ms.srt")
    assert [(u.start, u.end, u.text) for u in transcript.utterances] == [
        (1.0, 3.5, "Let's try the stretch once more."), (3.5, 6.24, "Again? It hurts every time."),
        (6.24, 9.0, "OK, we can change the exercise."), (9.0, 12.48, "I just don't see the point of it."),
    ]
    assert transcript.notes == [
        "--overlaps merge trimmed 2 overlap(s) between cues of one speaker (the largest 20 ms).",
    ]


def test_roll_up_captions_that_overlap_are_folded_and_trimmed(tmp_path):
    # Broadcast roll-up (CEA-608 style): each cue keeps the lines above it on screen, so cues overlap by seconds.
    path = tmp_path / "rollup.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nI tried the exercises\n\n"
                    "00:00:02.500 --> 00:00:06.000\nI tried the exercises\nbut my back got worse\n\n"
                    "00:00:04.000 --> 00:00:08.000\nI tried the exercises\nbut my back got worse\nso I stopped\n")
    transcript = merged(path)
    assert [(u.start, u.end, u.text) for u in transcript.utterances] == [
        (1.0, 2.5, "I tried the exercises"), (2.5, 4.0, "but my back got worse"), (4.0, 8.0, "so I stopped"),
    ]
    assert refused(path).field == "cue 2"


def test_merge_still_refuses_a_large_overlap_that_is_not_a_repeat(tmp_path):
    path = tmp_path / "large.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:05,000\nfirst\n\n2\n00:00:02,000 --> 00:00:06,000\nsecond\n")
    error = refused(path, overlaps="merge")
    assert error.line == 6
    assert error.hint == ("--overlaps merge trims overlaps of up to 1000 ms; this one is 3000 ms: "
                          "fix the subtitle times.")


def test_merge_keeps_a_repeated_line_after_a_pause(tmp_path):
    path = tmp_path / "pause.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nNo.\n\n2\n00:00:05,000 --> 00:00:06,000\nNo.\n")
    assert [u.text for u in merged(path).utterances] == ["No.", "No."]
    assert [u.text for u in read_transcripts(path)[0].utterances] == ["No.", "No."]


def test_merge_works_per_speaker(tmp_path):
    path = tmp_path / "speakers.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.010\n<v Ana>Shall we start?\n\n"
                    "00:00:02.000 --> 00:00:04.000\n<v Tom>Shall we start?\n\n"
                    "00:00:03.000 --> 00:00:05.000\n<v Ana>Good.\n")
    transcript = merged(path)
    assert [(u.start, u.end, u.speaker, u.text) for u in transcript.utterances] == [
        (1.0, 3.0, "Ana", "Shall we start?"), (2.0, 4.0, "Tom", "Shall we start?"), (3.0, 5.0, "Ana", "Good."),
    ]


def test_rows_are_never_folded_as_repeats(tmp_path):
    path = tmp_path / "backchannel.csv"
    path.write_text("start,speaker,text\n1,Client,Mm-hmm.\n2,Client,Mm-hmm.\n")
    assert [u.text for u in merged(path).utterances] == ["Mm-hmm.", "Mm-hmm."]


def test_merge_does_not_apply_to_annomi(tmp_path):
    path = tmp_path / "annomi.csv"
    path.write_text("transcript_id,interlocutor,timestamp,utterance_text\n1,client,00:00:01,hi\n")
    assert refused(path, overlaps="merge").field == "overlaps"
