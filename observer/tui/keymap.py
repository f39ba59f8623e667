"""The user's keys file: binding ids remapped to other keys, checked entry by entry."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Iterable

import yaml
from textual.keys import Keys, key_to_character

from observer.tui.commands import EVIDENCE_PREFIX, ITEM_PREFIX

KEYS_ENV = "OBSERVER_KEYS"
MODIFIERS = frozenset({"ctrl", "alt", "shift", "super", "meta", "hyper"})
_NAMED_KEYS = frozenset(key.value for key in Keys if not key.value.startswith("<"))


def keys_path() -> Path:
    """Where the keys file is: ``$OBSERVER_KEYS``, else ``keys.yaml`` in the user's config folder."""
    if os.environ.get(KEYS_ENV):
        return Path(os.environ[KEYS_ENV]).expanduser()
    from platformdirs import user_config_path

    return user_config_path("observer") / "keys.yaml"


def install_keymap(app, known_ids: Iterable[str], keys_file: Path | None = None) -> dict[str, str]:
    """Load the user's keys file into ``app`` (a Textual App); each bad entry becomes a notification."""
    path = keys_file or keys_path()
    required = keys_file is None and bool(os.environ.get(KEYS_ENV))
    keymap, problems = load_keymap(path, known_ids, required=required)
    for problem in problems:
        app.notify(problem, title="Keys file", severity="error")
    if keymap:
        app.set_keymap(keymap)
    return keymap


def load_keymap(path: Path, known_ids: Iterable[str], *, required: bool = False) -> tuple[dict[str, str], list[str]]:
    """The valid entries of a keys file and one message per bad entry (its defaults are kept).

    A missing file is no keymap (a problem only when ``required``, i.e. named by
    ``$OBSERVER_KEYS``). Ids of scheme items this study's scheme lacks are
    skipped quietly: one keys file serves studies with different schemes.
    """
    if not path.is_file():
        return {}, [f"{path}: no such keys file; default keys kept."] if required else []
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return {}, [f"{path}: cannot be read as YAML ({_reason(exc)}); default keys kept."]
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, [f"{path}: must map binding ids to keys (e.g. `segment.next: n`); default keys kept."]
    known = set(known_ids)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for key_node, value_node in root.value:
        where = f"{path}:{key_node.start_mark.line + 1}"
        binding_id = str(key_node.value)
        if binding_id not in known:
            if not binding_id.startswith((ITEM_PREFIX, EVIDENCE_PREFIX)):
                problems.append(f"{where}: {binding_id!r} is not a binding id.{_suggest(binding_id, known)}")
            continue
        keys = str(value_node.value).strip() if isinstance(value_node, yaml.ScalarNode) else ""
        bad = [key for key in keys.split(",") if not valid_key(key.strip())] if keys else ["(empty)"]
        if bad:
            problems.append(f"{where}: {binding_id}: {', '.join(map(repr, bad))} is not a key "
                            "(write e.g. n, ctrl+n, f5, pagedown, alt+x); default kept.")
            continue
        keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap, problems


def valid_key(key: str) -> bool:
    """Whether a key string names a key Textual can bind (``n``, ``ctrl+n``, ``f5``, ``question_mark``)."""
    if not key:
        return False
    *modifiers, base = key.split("+")
    if any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    return base in _NAMED_KEYS or key_to_character(base) is not None


def _suggest(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" Did you mean {close[0]!r}?" if close else " See the ids with ? (help)."


def _reason(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or type(exc).__name__
    return f"line {mark.line + 1}: {problem}" if mark else str(problem)
