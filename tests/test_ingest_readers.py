"""Each transcript reader on realistic files: times to the millisecond, speakers, text, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer.errors import IngestError
from observer.ingest import Utterance, read_transcripts
from observer.ingest.speakers import split_name_prefix
from observer.ingest.timecode import TimeError, parse_time

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def read_one(name: str, **options) -> list[Utterance]:
    """The utterances of the single transcript in a fixture."""
    (transcript,) = read_transcripts(FIXTURES / name, **options)
    return transcript.utterances


def test_srt_reads_name_prefixes_voice_tags_and_milliseconds():
    utterances = read_one("session.srt")
    assert utterances[0] == Utterance(1.2, 1.999, "Therapist", "Good morning. How was your week?", 2)
    assert utterances[1] == Utterance(2.5, 6.75, "Client", "It was fine, I guess. Nothing much happened.", 6)
    assert utterances[2].speaker == "Therapist"
    assert utterances[2].text == "You said last time that the homework felt pointless."
    assert (utterances[4].speaker, utterances[4].text) == ("", "(long pause)")


def test_teams_vtt_takes_speakers_from_voice_tags():
    utterances = read_one("teams.vtt")
    assert [u.speaker for u in utterances] == [
        "Dr. Maria Lopez", "Sam Carter", "Dr. Maria Lopez", "Sam Carter", "Dr. Maria Lopez",
    ]
    assert utterances[3] == Utterance(
        12.3, 18.999, "Sam Carter",
        "Honestly these sessions haven't been helping & I'm not sure why I keep coming.", 16,
    )


def test_teams_vtt_allows_overlap_between_different_speakers():
    first, second, third = read_one("teams.vtt")[1:4]
    assert second.start < first.end
    assert third.start >= first.end


def test_zoom_vtt_takes_speakers_from_name_prefixes_and_keeps_later_colons():
    utterances = read_one("zoom.vtt")
    assert [(u.start, u.end, u.speaker, u.line) for u in utterances] == [
        (0.78, 4.26, "Anna Berg", 4), (4.26, 5.01, "Tom", 8), (5.89, 11.34, "Tom", 12),
        (11.7, 16.125, "Anna Berg", 16), (300.0, 303.5, "Tom", 20),
    ]
    assert utterances[-1].text == "Fine: I'll try it again."


def test_vtt_with_bom_header_metadata_notes_styles_and_cue_settings():
    utterances = read_one("captions.vtt")
    assert utterances == [
        Utterance(0.0, 2.5, "Physio", "Let's try the stretch once more.", 13),
        Utterance(3.0, 6.25, "Patient", "Again? It hurts every time <sigh>.", 16),
        Utterance(7.0, 9.5, "Physio", "OK, we can change the exercise.", 21),
    ]


def test_elan_reads_independent_tiers_as_speakers_in_time_order():
    (transcript,) = read_transcripts(FIXTURES / "session.eaf")
    assert [(u.start, u.end, u.speaker, u.line) for u in transcript.utterances] == [
        (1.2, 4.85, "Therapist", 19), (5.1, 8.999, "Patient", 36),
        (8.4, 12.01, "Therapist", 24), (301.5, 305.0, "Therapist", 29),
    ]
    assert transcript.utterances[1].text == "I didn't do them. They make my back worse."
    assert transcript.metadata == {"media_url": "file:///data/sessions/s12.mp4"}


def test_elan_reads_one_chosen_tier_including_a_reference_tier():
    assert [(u.start, u.speaker) for u in read_one("session.eaf", tier="Therapist")] == [
        (1.2, "Therapist"), (8.4, "Therapist"), (301.5, "Therapist"),
    ]
    assert read_one("session.eaf", tier="Patient-notes") == [
        Utterance(5.1, 8.999, "Patient-notes", "complaint about the activities of therapy", 43),
    ]


def test_elan_unknown_tier_lists_the_tiers():
    with pytest.raises(IngestError) as caught:
        read_transcripts(FIXTURES / "session.eaf", tier="Client")
    message = str(caught.value)
    assert "'Client'" in message
    for tier in ("'Therapist'", "'Patient'", "'Patient-notes'", "'Observer remarks'"):
        assert tier in message


def test_csv_with_end_column_in_seconds():
    assert read_one("with_end.csv") == [
        Utterance(0.5, 4.25, "Therapist", "Welcome back. Shall we look at your diary, or is there something else first?", 2),
        Utterance(4.8, 9.0, "Client", "The diary, I suppose.", 3),
        Utterance(9.0, 14.999, "Therapist", "You don't sound sure.", 4),
        Utterance(15.2, 21.6, "Client", 'I\'m sure. It\'s just, "the diary" again, every week.', 5),
    ]


def test_csv_without_end_uses_clock_times_and_next_starts():
    utterances = read_one("clock_no_end.csv")
    assert [(u.start, u.end) for u in utterances[:3]] == [(1.25, 4.0), (4.0, 12.0), (12.0, 16.5)]
    last = utterances[3]
    assert (last.start, last.end) == (16.5, 20.1)  # 9 words at 0.4 s


def test_last_utterance_without_end_lasts_at_least_two_seconds(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("start,speaker,text\n3,Client,Fine.\n")
    assert read_transcripts(path)[0].utterances == [Utterance(3.0, 5.0, "Client", "Fine.", 2)]


def test_csv_header_ignores_case_and_spaces_and_column_order(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(" Text , SPEAKER,End,start\nhello,A,2.5,1\n")
    assert read_transcripts(path)[0].utterances == [Utterance(1.0, 2.5, "A", "hello", 2)]


def test_csv_empty_end_cell_takes_the_next_start(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("start,end,speaker,text\n1,,A,one\n4,5,B,two\n")
    assert [(u.start, u.end) for u in read_transcripts(path)[0].utterances] == [(1.0, 4.0), (4.0, 5.0)]


def test_annomi_splits_sessions_and_keeps_their_metadata():
    first, second = read_transcripts(FIXTURES / "annomi_small.csv")
    assert (first.session_id, second.session_id) == ("annomi-7", "annomi-12")
    assert first.format == second.format == "annomi"
    assert first.metadata == {
        "topic": "reducing alcohol consumption", "mi_quality": "high",
        "video_title": 'Brief intervention: "Dana"', "video_url": "https://example.org/video/7",
        "therapist_speaker": "therapist", "client_speaker": "client",
    }
    assert len(first.utterances) == 6 and len(second.utterances) == 5


def test_annomi_utterance_ends_where_the_next_begins():
    first = read_transcripts(FIXTURES / "annomi_small.csv")[0].utterances
    assert [(u.start, u.end) for u in first] == [
        (13.0, 24.0), (24.0, 25.0), (25.0, 34.0), (34.0, 34.0), (34.0, 39.0), (39.0, 41.0),
    ]


def test_annomi_orders_by_utterance_id_and_keeps_overlapping_turns():
    second = read_transcripts(FIXTURES / "annomi_small.csv")[1].utterances
    assert [(u.start, u.end, u.speaker, u.line) for u in second] == [
        (2.0, 6.0, "therapist", 8),
        (6.0, 8.0, "client", 10),
        (8.0, 8.0, "therapist", 9),  # the next turn is stamped earlier: it ends where it starts
        (7.0, 15.0, "client", 12),
        (15.0, 19.0, "therapist", 13),
    ]
    assert second[1].text == "Everyone keeps telling me that. I've heard it a hundred times."


def test_plain_text_joins_continuation_lines_and_skips_blank_lines():
    utterances = read_one("session.txt")
    assert utterances[1] == Utterance(9.0, 15.5, "Client", "Busy. Work has been a lot. It's fine though, really.", 2)
    assert utterances[2].start == 15.5
    assert utterances[3].text == "Nothing. [laughs] Can we just do the worksheet?"
    assert [u.speaker for u in utterances] == ["Therapist", "Client", "Therapist", "Client", "Therapist"]


def test_plain_text_line_without_speaker(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("[00:00:01] (inaudible, both talking at once)\n[00:00:04.250] A: yes\n")
    assert read_transcripts(path)[0].utterances[0] == Utterance(1.0, 4.25, "", "(inaudible, both talking at once)", 1)


@pytest.mark.parametrize(("text", "speaker", "rest"), [
    ("Speaker 1: hello", "Speaker 1", "hello"),
    ("Dr. O'Neil-Smith: ok", "Dr. O'Neil-Smith", "ok"),
    ("Maria de la Cruz: right", "Maria de la Cruz", "right"),
    ("tom: ok", "tom", "ok"),
    ("And then I said: no", "", "And then I said: no"),
    ("Okay so: what now", "", "Okay so: what now"),
    ("At 10:30 we met", "", "At 10:30 we met"),
    ("Anna:", "Anna", ""),
])
def test_name_prefixes(text, speaker, rest):
    assert split_name_prefix(text) == (speaker, rest)


@pytest.mark.parametrize(("text", "milliseconds"), [
    ("00:00:01.999", 1999), ("1.999", 1999), ("95", 95000), ("01:35", 95000), ("1:02:03.5", 3723500),
    ("00:09:025", 565000), ("0.0004", 0), ("0.0005", 1), ("10:00:00", 36_000_000), ("24:00:00", 86_400_000),
])
def test_parse_time(text, milliseconds):
    assert parse_time(text) == milliseconds


@pytest.mark.parametrize(("text", "reason"), [
    ("00:60:00", "'00:60:00' is not a time (60 minutes: minutes must be under 60)"),
    ("01:60", "'01:60' is not a time (60 seconds: seconds must be under 60)"),
    ("99:99:99.999", "'99:99:99.999' is not a time (99 minutes: minutes must be under 60)"),
    ("-1", "'-1' is negative"), ("1e3", "'1e3' is not a time"), ("", "no time is given"),
    ("1:2:3:4", "'1:2:3:4' is not a time"), ("nan", "'nan' is not a time"), ("inf", "'inf' is not a time"),
    ("24:00:00.001", "'24:00:00.001' is more than 24 hours"), ("86401", "'86401' is more than 24 hours"),
])
def test_impossible_times_say_why(text, reason):
    with pytest.raises(TimeError) as caught:
        parse_time(text)
    assert str(caught.value).startswith(reason)
