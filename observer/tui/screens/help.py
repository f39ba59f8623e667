"""Help: the keys that apply, and the scheme's items with their definitions and scale anchors."""

from __future__ import annotations

from typing import Callable, Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from observer.scheme.model import Item, Scheme
from observer.tui.commands import Command, commands, evidence_key


class HelpScreen(ModalScreen[None]):
    """Keys and definitions, scrollable; Esc, ? or F1 closes it."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "close", "Close", id="help.close")]

    def __init__(self, scheme: Scheme, key_of: Callable[[Command], str]) -> None:
        super().__init__()
        self.scheme = scheme
        self.key_of = key_of

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Markdown(help_markdown(self.scheme, self.key_of))

    def action_close(self) -> None:
        self.dismiss(None)


def help_markdown(scheme: Scheme, key_of: Callable[[Command], str]) -> str:
    """The help text: coding keys, then every group's items, then the session ratings."""
    lines = [
        "# Coding keys",
        "",
        "| Key | What it does |",
        "| --- | --- |",
        "| an item's key | mark or unmark a marker; focus a rating |",
        "| 1-9 (0) | rate the focused item (on a marker: its rating) |",
        "| alt + an item's key | anchor the item to the utterance under the cursor (again: lift it) |",
        "| tab | move between the transcript and the items |",
        "| ↑ ↓ | move the cursor in the transcript or the items |",
    ]
    shown = [c for scope in ("coding", "app") for c in commands(scope) if c.key]
    lines += [f"| {_cell(key_of(c))} | {_cell(c.help)} |" for c in shown]
    lines += ["", "Every change is saved at once. Remap keys in a keys file: see docs/coding.md.", ""]
    lines += [f"# {_cell(scheme.name)}", "", _cell(scheme.description), ""]
    for group in scheme.groups:
        lines += [f"## {_cell(group.label)}", "", _cell(group.description), ""]
        lines += _items_table(group.all_items)
    if scheme.session_items:
        lines += ["## Session ratings", "", "Given once per session (ctrl+o, or after the last segment).", ""]
        lines += _items_table(scheme.session_items, evidence=False)
    return "\n".join(lines)


def _items_table(items: Iterable[Item], *, evidence: bool = True) -> list[str]:
    rows = ["| Key | Item | Definition and values |", "| --- | --- | --- |"]
    for item in items:
        key = item.key or "(follows its marker)"
        if item.key and evidence:
            key += f" · evidence {evidence_key(item.key)}"
        text = item.description
        if not item.is_presence:
            text += " " + "; ".join(
                f"**{v.value}** {v.label}" + (f": {v.anchor}" if v.anchor else "") for v in item.scale.values)
        rows.append(f"| {_cell(key)} | {_cell(item.label)} | {_cell(text.strip())} |")
    return rows + [""]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
