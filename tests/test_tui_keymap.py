"""The keys file: which entries are taken, and what is said about the others."""

from __future__ import annotations

import pytest

from observer.tui.commands import COMMANDS, binding_ids, evidence_bindings
from observer.tui.keymap import KEYS_ENV, keys_path, load_keymap, valid_key

KNOWN = {command.id for command in COMMANDS} | {"item.wd_denial", "rate.3"}


def write(tmp_path, text: str):
    path = tmp_path / "keys.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_entries_are_taken_with_their_keys(tmp_path):
    path = write(tmp_path, "segment.next: n\nsegment.previous: p, pageup\nitem.wd_denial: ctrl+x\n")
    keymap, problems = load_keymap(path, KNOWN)
    assert keymap == {"segment.next": "n", "segment.previous": "p,pageup", "item.wd_denial": "ctrl+x"}
    assert problems == []


def test_a_bad_entry_is_named_with_its_line_and_the_others_still_apply(tmp_path):
    path = write(tmp_path, "segment.next: n\nsegmnt.previous: p\nhistory.undo: ctrl+nokey\nrate.3:\n")
    keymap, problems = load_keymap(path, KNOWN)
    assert keymap == {"segment.next": "n"}
    assert problems[0].startswith(f"{path}:2: 'segmnt.previous' is not a binding id. Did you mean 'segment.previous'?")
    assert problems[1].startswith(f"{path}:3: history.undo: 'ctrl+nokey' is not a key")
    assert problems[2].startswith(f"{path}:4: rate.3: '(empty)' is not a key")


def test_ids_of_items_another_scheme_has_are_skipped_quietly(tmp_path):
    keymap, problems = load_keymap(write(tmp_path, "item.pw_salience: x\nevidence.pw_salience: alt+x\n"), KNOWN)
    assert keymap == {} and problems == []


@pytest.mark.parametrize(("text", "says"), [
    ("segment.next: [n\n", "cannot be read as YAML (line 2"),
    ("- n\n- p\n", "must map binding ids to keys"),
])
def test_an_unreadable_file_keeps_every_default(tmp_path, text, says):
    keymap, problems = load_keymap(write(tmp_path, text), KNOWN)
    assert keymap == {} and len(problems) == 1 and says in problems[0] and "default keys kept" in problems[0]


def test_a_missing_file_is_a_problem_only_when_named_explicitly(tmp_path):
    assert load_keymap(tmp_path / "none.yaml", KNOWN) == ({}, [])
    keymap, problems = load_keymap(tmp_path / "none.yaml", KNOWN, required=True)
    assert keymap == {} and "no such keys file" in problems[0]


@pytest.mark.parametrize(("key", "valid"), [
    ("n", True), ("N", True), ("ctrl+n", True), ("alt+shift+d", True), ("f5", True), ("pagedown", True),
    ("question_mark", True), ("left_square_bracket", True), ("", False), ("ctrl+", False),
    ("hyperctrl+n", False), ("pagedwn", False), (" ", False),
])
def test_key_names(key, valid):
    assert valid_key(key) is valid


def test_the_keys_file_location_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(KEYS_ENV, str(tmp_path / "mine.yaml"))
    assert keys_path() == tmp_path / "mine.yaml"
    monkeypatch.delenv(KEYS_ENV)
    assert keys_path().name == "keys.yaml" and "observer" in str(keys_path())


def test_every_scheme_item_with_a_key_gets_remappable_ids():
    from observer.scheme import load_scheme

    scheme = load_scheme("3rs-2015")
    ids = binding_ids(scheme.items)
    assert {"item.wd_denial", "evidence.wd_denial", "item.cf_defends_self", "rate.0", "rate.9"} <= ids


def test_the_evidence_prompt_takes_plain_item_keys_and_follows_their_remapping():
    from observer.scheme import load_scheme

    items = load_scheme("3rs-2015").segment_items
    keys = {binding.id: binding.key for binding in evidence_bindings(items, {"item.wd_denial": "ctrl+x"})}
    assert keys["evidence.wd_denial"] == "ctrl+x"  # the prompt takes the item's key as remapped
    # plain keys, no alt+: a terminal's ESC b is ctrl+left to Textual
    assert keys["evidence.cf_defends_self"] == "D" and keys["evidence.rs_redirect"] == "b"
    assert not any("alt+" in key for key in keys.values())
