"""The bundled demo sessions: the manifest, each transcript read by its real parser, timing and length."""

from __future__ import annotations

import csv
import datetime
import json
import math
from pathlib import Path
from typing import NamedTuple

import pytest
import srt
import webvtt

DEMO = Path(__file__).resolve().parents[1] / "observer" / "data" / "demo"
SEGMENT_SECONDS = 300
MANIFEST_KEYS = {"id", "file", "format", "therapist", "client", "date", "setting", "description"}
OPTIONAL_KEYS = {"media"}  # a recording the demo builder copies next to the study

# Per session: the number of 5-minute segments it must give, and the utterance count range it was written to.
EXPECTED = {
    "s01": {"segments": 4, "utterances": range(70, 101)},
    "s02": {"segments": 3, "utterances": range(60, 91)},
    "s03": {"segments": 3, "utterances": range(50, 71)},
}


class Turn(NamedTuple):
    """One utterance as the demo test reads it."""

    start: float
    end: float
    speaker: str
    text: str


def _manifest() -> list[dict]:
    return json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))


def _read_vtt(path: Path) -> list[Turn]:
    return [
        Turn(c.start_time.in_milliseconds() / 1000, c.end_time.in_milliseconds() / 1000, c.voice or "", c.text)
        for c in webvtt.read(str(path))
    ]


def _read_srt(path: Path) -> list[Turn]:
    turns = []
    for subtitle in srt.parse(path.read_text(encoding="utf-8")):
        speaker, _, text = subtitle.content.partition(": ")
        turns.append(Turn(subtitle.start.total_seconds(), subtitle.end.total_seconds(), speaker, text))
    return turns


def _read_csv(path: Path) -> list[Turn]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["start", "end", "speaker", "text"]
        return [Turn(float(row["start"]), float(row["end"]), row["speaker"], row["text"]) for row in reader]


READERS = {"vtt": _read_vtt, "srt": _read_srt, "csv": _read_csv}


def _sessions() -> list[dict]:
    return [pytest.param(entry, id=entry["id"]) for entry in _manifest()]


def _turns(entry: dict) -> list[Turn]:
    return READERS[entry["format"]](DEMO / entry["file"])


def test_manifest_lists_existing_files_with_complete_fields():
    manifest = _manifest()
    assert [entry["id"] for entry in manifest] == sorted(EXPECTED)
    for entry in manifest:
        assert MANIFEST_KEYS <= set(entry) <= MANIFEST_KEYS | OPTIONAL_KEYS, entry["id"]
        assert entry["format"] in READERS
        assert Path(entry["file"]).suffix == "." + entry["format"]
        assert (DEMO / entry["file"]).is_file(), entry["file"]
        assert datetime.date.fromisoformat(entry["date"]).isoformat() == entry["date"]
        assert all(isinstance(entry[key], str) and entry[key].strip() for key in MANIFEST_KEYS)
        assert "media" not in entry or (DEMO / entry["media"]).is_file(), entry["media"]


def test_demo_folder_holds_only_listed_files():
    listed = {entry[key] for entry in _manifest() for key in ("file", "media") if key in entry}
    listed |= {"manifest.json", "README.md"}
    assert {path.name for path in DEMO.iterdir()} == listed


@pytest.mark.parametrize("entry", _sessions())
def test_every_utterance_has_one_of_two_speakers_and_text(entry):
    turns = _turns(entry)
    assert len(turns) in EXPECTED[entry["id"]]["utterances"]
    assert all(turn.text.strip() for turn in turns)
    speakers = {turn.speaker for turn in turns}
    assert len(speakers) == 2 and "" not in speakers, speakers


@pytest.mark.parametrize("entry", _sessions())
def test_starts_increase_strictly_and_every_utterance_ends_after_it_starts(entry):
    turns = _turns(entry)
    assert all(later.start > earlier.start for earlier, later in zip(turns, turns[1:]))
    assert all(turn.end > turn.start for turn in turns)


@pytest.mark.parametrize("entry", _sessions())
def test_no_speaker_overlaps_themselves(entry):
    last_end: dict[str, float] = {}
    for turn in _turns(entry):
        assert turn.start >= last_end.get(turn.speaker, 0.0), turn
        last_end[turn.speaker] = turn.end


@pytest.mark.parametrize("entry", _sessions())
def test_session_length_gives_the_stated_number_of_segments(entry):
    length = max(turn.end for turn in _turns(entry))
    assert math.ceil(length / SEGMENT_SECONDS) == EXPECTED[entry["id"]]["segments"]


@pytest.mark.parametrize("entry", _sessions())
def test_answer_key_covers_the_session(entry):
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    assert f"`{entry['file']}`" in readme
