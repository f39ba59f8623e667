"""Rater names: normalised and checked by the store, and ``observer code`` never splits a rater's work by a typo."""

from __future__ import annotations

import unicodedata

import pytest

from observer.cli import main
from observer.errors import StudyError
from observer.store import Study
from observer.store.names import MAX_LENGTH, clean_name


@pytest.mark.parametrize("raw, stored", [
    ("ann", "ann"),
    ("  ann  ", "ann"),
    ("Zoe\u0308", "Zo\u00eb"),  # e + combining diaeresis becomes the one character ë (NFC)
    ("Ann-Marie O'Neil", "Ann-Marie O'Neil"),
    ("李明", "李明"),
])
def test_a_name_is_kept_in_nfc_without_surrounding_spaces(raw, stored):
    assert clean_name(raw) == stored
    assert unicodedata.is_normalized("NFC", clean_name(raw))


@pytest.mark.parametrize("raw, code", [
    ("ann\x1b[31m", "U+001B"),       # a terminal escape
    ("ann\u200b", "U+200B"),         # zero-width space
    ("ann\u202eevil", "U+202E"),     # right-to-left override
    ("an\u00adn", "U+00AD"),         # soft hyphen (format character)
    ("ann\nbob", "U+000A"),
    ("an\u2028n", "U+2028"),         # line separator (inside: surrounding ones are stripped as spaces)
])
def test_invisible_and_control_characters_are_refused_by_code_point(raw, code):
    with pytest.raises(StudyError) as info:
        clean_name(raw)
    assert code in str(info.value) and info.value.field == "--rater"


@pytest.mark.parametrize("raw", ["consensus", "Consensus", "MEAN", " mean "])
def test_the_names_the_tool_gives_meaning_to_are_reserved(raw):
    with pytest.raises(StudyError, match="cannot be a rater name"):
        clean_name(raw)


def test_empty_and_overlong_names_are_refused():
    for raw in ("", "   "):
        with pytest.raises(StudyError, match="needs a name"):
            clean_name(raw)
    assert clean_name("a" * MAX_LENGTH) == "a" * MAX_LENGTH
    with pytest.raises(StudyError, match=f"at most {MAX_LENGTH}"):
        clean_name("a" * (MAX_LENGTH + 1))


def test_the_store_registers_the_clean_name(study):
    study.for_rater("Zoe\u0308 ").set_value("s1", 0, "wd_minimal", 1)
    assert study.raters() == ["Zo\u00eb"]
    with pytest.raises(StudyError):
        study.for_rater("consensus")


# -- observer code -------------------------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch):
    """The coder's constructor arguments instead of a running coder."""
    from observer.tui import ObserverApp

    seen: list[dict] = []
    real_init = ObserverApp.__init__

    def init(self, **kwargs):
        seen.append(kwargs)
        real_init(self, **kwargs)

    monkeypatch.setattr(ObserverApp, "__init__", init)
    monkeypatch.setattr(ObserverApp, "run", lambda self: None)
    return seen


def test_an_unknown_rater_is_refused_with_the_close_match(study, opened, capsys):
    study.for_rater("ann").set_value("s1", 0, "wd_minimal", 1)
    study.for_rater("bob").set_value("s1", 0, "wd_minimal", 1)
    path = study.location
    before = study.raters()
    for typed, suggested in (("Ann", "'ann'"), ("ANN", "'ann'"), ("bobb", "'bob'")):
        assert main(["code", path, "--rater", typed, "--media", "off"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"the study has no rater {typed!r}" in err
        assert f"Did you mean {suggested}?" in err and "--new-rater" in err
    assert main(["code", path, "--rater", "zed", "--media", "off"]) == 2
    assert "Did you mean" not in capsys.readouterr().err
    assert study.raters() == before and opened == []


def test_the_exact_name_or_new_rater_opens_the_coder(study, opened, capsys):
    study.for_rater("ann").set_value("s1", 0, "wd_minimal", 1)
    assert main(["code", study.location, "--rater", "ann", "--media", "off"]) == 0
    assert main(["code", study.location, "--rater", "Ann", "--new-rater", "--media", "off"]) == 0
    assert "starting rater Ann" in capsys.readouterr().err
    assert [o["rater"] for o in opened] == ["ann", "Ann"]
    assert study.raters() == ["Ann", "ann"]


def test_the_first_rater_of_a_study_needs_no_flag(study, opened, capsys):
    assert study.raters() == []
    assert main(["code", study.location, "--rater", "ann", "--media", "off"]) == 0
    assert opened[0]["rater"] == "ann" and study.raters() == ["ann"]


def test_a_session_assigned_to_someone_else_warns_and_opens(study, opened, capsys):
    from observer.supervision import assign

    assign(study, ["ann", "bob"], double=0, seed=1)
    owner = next(a.rater for a in study.assignments() if a.session_id == "s1")
    other = {"ann": "bob", "bob": "ann"}[owner]
    assert main(["code", study.location, "--rater", other, "--session", "s1", "--media", "off"]) == 0
    err = capsys.readouterr().err
    assert f"warning: session s1 is assigned to {owner}, not to {other}" in err
    assert main(["code", study.location, "--rater", owner, "--session", "s1", "--media", "off"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert len(opened) == 2


def test_the_demo_opens_for_a_first_time_user_without_flags(tmp_path, opened, monkeypatch, capsys):
    monkeypatch.setattr("getpass.getuser", lambda: "newcomer")
    assert main(["demo", "--study", str(tmp_path / "demo.observer"), "--media", "off"]) == 0
    assert main(["demo", "--study", str(tmp_path / "demo.observer"), "--media", "off"]) == 0  # and again
    assert [o["rater"] for o in opened] == ["newcomer", "newcomer"]
    with Study.open(tmp_path / "demo.observer") as demo:
        assert "newcomer" in demo.raters()
