"""Format detection by extension and content."""

from __future__ import annotations

from pathlib import Path

import pytest

from observer.errors import IngestError
from observer.ingest import detect_format, read_transcripts

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


@pytest.mark.parametrize(("name", "format"), [
    ("session.srt", "srt"), ("teams.vtt", "vtt"), ("zoom.vtt", "vtt"), ("captions.vtt", "vtt"),
    ("session.eaf", "eaf"), ("session.txt", "txt"), ("with_end.csv", "csv"), ("clock_no_end.csv", "csv"),
    ("annomi_small.csv", "annomi"),
])
def test_fixtures_by_extension_and_header(name, format):
    assert detect_format(FIXTURES / name) == format


def test_extension_is_case_insensitive(tmp_path):
    path = tmp_path / "SESSION.VTT"
    path.write_text("WEBVTT\n")
    assert detect_format(path) == "vtt"


def test_csv_with_unknown_header_is_csv_so_the_column_error_is_shown(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("when,who,what\n1,A,hi\n")
    assert detect_format(path) == "csv"
    with pytest.raises(IngestError, match="missing: start, speaker, text"):
        read_transcripts(path)


@pytest.mark.parametrize("fixture", [
    "session.srt", "teams.vtt", "captions.vtt", "session.eaf", "session.txt", "with_end.csv", "annomi_small.csv",
])
def test_unknown_extension_is_sniffed_from_content(tmp_path, fixture):
    copy = tmp_path / "download.dat"
    copy.write_bytes((FIXTURES / fixture).read_bytes())
    assert detect_format(copy) == detect_format(FIXTURES / fixture)


def test_semicolon_annomi_header_without_extension(tmp_path):
    path = tmp_path / "export"
    path.write_text("transcript_id;utterance_id;interlocutor;timestamp;utterance_text\n")
    assert detect_format(path) == "annomi"


@pytest.mark.parametrize("content", [b"%PDF-1.7\n", b"\x00\x01\x02", "Ärztebrief\n".encode("latin-1")])
def test_unknown_content_asks_for_format(tmp_path, content):
    path = tmp_path / "session.docx"
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        detect_format(path)
    assert "--format" in caught.value.hint


def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match="does not exist"):
        detect_format(tmp_path / "gone.vtt")


def test_empty_file(tmp_path):
    path = tmp_path / "blank.dat"
    path.write_bytes(b"\xef\xbb\xbf\n")
    with pytest.raises(IngestError, match="empty"):
        detect_format(path)
