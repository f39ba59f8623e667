"""`Name:` prefixes are speakers only when they behave like speaker labels across the whole file."""

from __future__ import annotations

from pathlib import Path

from observer.ingest import read_transcripts


def speakers_and_texts(tmp_path: Path, name: str, content: str) -> list[tuple[str, str]]:
    """Speaker and text of each utterance of a file `name` holding `content`."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return [(u.speaker, u.text) for u in read_transcripts(path)[0].utterances]


def srt(*texts: str) -> str:
    """A SubRip file with one half-second subtitle every two seconds per text."""
    return "".join(
        f"{n}\n00:{2 * n // 60:02d}:{2 * n % 60:02d},000 --> 00:{2 * n // 60:02d}:{2 * n % 60:02d},500\n{text}\n\n"
        for n, text in enumerate(texts, 1)
    )


def test_a_films_one_prefixed_line_stays_text(tmp_path):
    texts = ["Where were you?", "At the market.", 'Digo: "no vuelvas nunca."', "And then?", "Nothing.", "Come in."]
    assert speakers_and_texts(tmp_path, "film.srt", srt(*texts)) == [("", text) for text in texts]


def test_a_quote_after_the_colon_is_never_a_speaker_label(tmp_path):
    texts = ['Anna: "Hello," she said.', 'Tom: "Hi."', 'Anna: "Sit down."', 'Tom: "Thanks."']
    assert speakers_and_texts(tmp_path, "quotes.srt", srt(*texts)) == [("", text) for text in texts]


def test_labels_on_most_cues_are_speakers_and_unlabelled_cues_keep_no_speaker(tmp_path):
    texts = ["Therapist: How was the week?", "Client: Fine.", "(long pause)", "Therapist: Only fine?",
             "Client: I don't know: busy."]
    assert speakers_and_texts(tmp_path, "session.srt", srt(*texts)) == [
        ("Therapist", "How was the week?"), ("Client", "Fine."), ("", "(long pause)"),
        ("Therapist", "Only fine?"), ("Client", "I don't know: busy."),
    ]


def test_many_different_prefixes_are_not_a_small_set_of_speakers(tmp_path):
    # Every line starts with a different word and a colon: headings, not people talking.
    texts = ["Step one: stand up.", "Then: bend.", "Now: hold it.", "Breathe: slowly.", "Finally: relax."]
    assert speakers_and_texts(tmp_path, "steps.srt", srt(*texts)) == [("", text) for text in texts]


def test_two_speakers_in_a_short_file_are_speakers(tmp_path):
    assert speakers_and_texts(tmp_path, "short.txt", "[00:00:01] Ana: Hi.\n[00:00:03] Tom: Hello.\n") == [
        ("Ana", "Hi."), ("Tom", "Hello."),
    ]


def test_when_only_a_minority_of_lines_are_labelled_no_prefix_is_a_speaker(tmp_path):
    text = ("[00:00:01] So I said to him\n[00:00:04] Listen: it is not about you\n"
            "[00:00:08] and he left\n[00:00:10] just like that\n")
    assert speakers_and_texts(tmp_path, "story.txt", text)[1] == ("", "Listen: it is not about you")


def test_voice_tags_always_name_the_speaker(tmp_path):
    content = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Digo: \"no.\"\n\n"
               "00:00:03.000 --> 00:00:04.000\nWhere?\n")
    assert speakers_and_texts(tmp_path, "voice.vtt", content) == [("Ana", 'Digo: "no."'), ("", "Where?")]


def test_a_group_session_of_twenty_recurring_speakers_keeps_them_but_not_more(tmp_path):
    names = [f"Member {n}" for n in range(1, 22)]
    twenty = [f"{name}: turn {round}" for round in (1, 2) for name in names[:20]]
    assert {speaker for speaker, _ in speakers_and_texts(tmp_path, "group.srt", srt(*twenty))} == set(names[:20])
    twenty_one = [f"{name}: turn {round}" for round in (1, 2) for name in names]
    assert {speaker for speaker, _ in speakers_and_texts(tmp_path, "crowd.srt", srt(*twenty_one))} == {""}
