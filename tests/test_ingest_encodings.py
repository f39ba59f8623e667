"""Encodings and control characters: UTF-32 is told from UTF-16; no message or stored text holds raw control codes."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from observer.errors import IngestError
from observer.ingest import Utterance, read_transcripts

LINE = "[00:00:01] Ana: olá, 你好 🙂\n"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def read_error(path: Path, content: bytes, **options) -> IngestError:
    """The IngestError for `path` holding `content`; its message and hint hold no raw control character."""
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        read_transcripts(path, **options)
    assert caught.value.file == str(path)
    assert not RAW_CONTROL.search(str(caught.value))
    return caught.value


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be", "utf-8"])
def test_every_unicode_encoding_with_a_byte_order_mark_is_read(tmp_path, encoding):
    bom = {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE, "utf-16-le": codecs.BOM_UTF16_LE,
           "utf-16-be": codecs.BOM_UTF16_BE, "utf-8": codecs.BOM_UTF8}.get(encoding, b"")
    path = tmp_path / "session.txt"
    path.write_bytes(bom + LINE.encode(encoding))
    assert read_transcripts(path)[0].utterances == [Utterance(1.0, 3.0, "Ana", "olá, 你好 🙂", 1)]


def test_utf32_little_endian_is_not_read_as_utf16(tmp_path):
    # Its byte-order mark FF FE 00 00 starts with UTF-16's FF FE; read as UTF-16 the text was full of NULs.
    path = tmp_path / "session.vtt"
    path.write_bytes("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>olá\n".encode("utf-32"))
    assert read_transcripts(path)[0].utterances == [Utterance(1.0, 2.0, "Ana", "olá", 3)]


def test_broken_utf32_names_the_byte_and_line_without_showing_it(tmp_path):
    content = "[00:00:01] A: ok\n[00:00:02] B: ".encode("utf-32") + b"\x00\x00\x11\x00"  # beyond U+10FFFF
    error = read_error(tmp_path / "broken.txt", content)
    assert error.message == "byte 128 (0x00) is not valid UTF-32 text."  # 4 bytes of mark + 31 characters
    assert error.line == 2


def test_utf16_without_byte_order_mark_is_refused_for_its_nul_characters(tmp_path):
    error = read_error(tmp_path / "notepad.srt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n".encode("utf-16-le"))
    assert error.line == 1
    assert "NUL characters" in error.message and "UTF-16 saved without a byte-order mark" in error.message


@pytest.mark.parametrize(("name", "content", "line", "what"), [
    ("nul.csv", "start,speaker,text\n1,A,fine\n2,B,bad\x00byte\n", 3, "NUL characters (the first at character 36"),
    ("bell.srt", "1\n00:00:01,000 --> 00:00:02,000\nring \x07 ring\n", 2, "the text has the control character U+0007"),
    ("escape.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v \x1b[31mAna>hi\n", 3,
     "the speaker name has the control character U+001B"),
    ("escape.txt", "[00:00:01] \x1b[2JAna: hi\n", 1, "the text has the control character U+001B"),
    ("c1.csv", "start,speaker,text\n1,Ana\x9b,hi\n", 2, "the speaker name has the control character U+009B"),
    ("del.annomi", "transcript_id,interlocutor,timestamp,utterance_text\n1,client,00:00:01,x\x7fy\n", 2,
     "the text has the control character U+007F"),
    ("id.annomi", "transcript_id,interlocutor,timestamp,utterance_text\n1\x1b,client,00:00:01,hi\n", 2,
     "the transcript_id has the control character U+001B"),
    ("topic.annomi", "transcript_id,interlocutor,timestamp,utterance_text,topic\n1,client,00:00:01,hi,\"a\x08b\"\n", 2,
     "the topic has the control character U+0008"),
])
def test_control_characters_are_refused_with_file_and_line(tmp_path, name, content, line, what):
    format = "annomi" if name.endswith(".annomi") else "auto"
    error = read_error(tmp_path / name, content.encode("utf-8"), format=format)
    assert error.line == line
    assert what in error.message


def test_tabs_and_line_breaks_in_names_become_spaces(tmp_path):
    path = tmp_path / "tabs.csv"
    path.write_text('start,speaker,text\n1,"Dr.\tAnna\nBerg",hello\n', encoding="utf-8")
    assert read_transcripts(path)[0].utterances[0].speaker == "Dr. Anna Berg"


def test_elan_refuses_control_characters_as_xml_does(tmp_path):
    content = ('<?xml version="1.0"?>\n<ANNOTATION_DOCUMENT>\n<TIER TIER_ID="A&#27;[31m"/>\n'
               "</ANNOTATION_DOCUMENT>\n").encode()
    error = read_error(tmp_path / "escape.eaf", content)
    assert error.line == 3 and "not well-formed XML" in error.message
