"""Help: the keys that apply, and the scheme's items with their definitions and scale anchors."""

from __future__ import annotations

from typing import Callable, ClassVar, Iterable, NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget

from observer.scheme.model import Item, Scheme
from observer.tui.commands import Command, command, commands
from observer.tui.wrapping import wrap
from observer.tui.widgets.styling import span_style

KEY_WIDTH = 12


class Entry(NamedTuple):
    """One help line: a heading, a paragraph, a key and what it does, or a scale value."""

    kind: str  # "heading", "text", "key" or "value"
    key: str
    text: str


class HelpScreen(ModalScreen[None]):
    """Keys and definitions, scrollable; Esc, ? or F1 closes it."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "close", "Close", id="help.close")]

    def __init__(self, scheme: Scheme, key_of: Callable[[Command], str]) -> None:
        super().__init__()
        self.scheme = scheme
        self.key_of = key_of

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield HelpText(help_entries(self.scheme, self.key_of))

    def on_mount(self) -> None:
        self.query_one("#help-dialog").focus()

    def action_close(self) -> None:
        self.dismiss(None)


class HelpText(Widget):
    """Help entries laid out with keys in a column and text wrapped under a hanging indent."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"help--heading", "help--key", "help--value"}

    def __init__(self, entries: list[Entry]) -> None:
        super().__init__()
        self.entries = entries

    def render(self) -> Content:
        width = max(self.content_size.width, 30)
        lines: list[Content] = []
        for kind, key, text in self.entries:
            if kind == "heading":
                lines += [Content(""), Content.styled(text, span_style(self, "help--heading"))]
            elif kind == "text":
                lines += [Content(line) for line in wrap(text, width)] if text else []
            else:
                indent = 4 if kind == "value" else 0
                column = KEY_WIDTH if kind == "key" else 3
                name = "help--key" if kind == "key" else "help--value"
                head = Content.styled(key.ljust(column), span_style(self, name))
                for n, line in enumerate(wrap(text, width - indent - column - 1)):
                    lines.append(Content.assemble(" " * indent, head if n == 0 else " " * column, " ", line))
        return Content("\n").join(lines)


def help_entries(scheme: Scheme, key_of: Callable[[Command], str]) -> list[Entry]:
    """The help: coding keys, then every group's items with definitions and values, then the session ratings."""
    entries = [
        Entry("heading", "", "Coding keys"),
        Entry("key", "item key", "mark or unmark a marker; focus a rating (the keys are listed below)"),
        Entry("key", "1-9 (0)", "rate the focused item; on a marker, its rating (marking the marker)"),
        Entry("key", f"{key_of(command('item.anchor'))} item key",
              "anchor the item (a marker or strategy) to the utterance under the cursor; the same again lifts it"),
        Entry("key", f"{key_of(command('item.anchor'))} {key_of(command('evidence.focused'))}",
              "anchor the focused marker (on a rating: the marker you last pressed)"),
        Entry("key", "tab", "move between the transcript and the items"),
        Entry("key", "↑ ↓", "move the cursor in the transcript or the items"),
    ]
    entries += [Entry("key", key_of(c), c.help) for scope in ("coding", "app") for c in commands(scope) if c.key]
    entries += [Entry("text", "", ""),
                Entry("text", "", "Every change is saved at once. A complete segment is protected: its codes "
                                  f"change only after {key_of(command('segment.reopen'))} reopens it. Keys can be "
                                  "remapped in a keys file (see docs/coding.md)."),
                Entry("heading", "", scheme.name), Entry("text", "", scheme.description)]
    anchor = key_of(command("item.anchor"))
    for group in scheme.groups:
        entries += [Entry("heading", "", group.label), Entry("text", "", group.description)]
        entries += _items(group.all_items, anchor)
    if scheme.session_items:
        entries += [Entry("heading", "", "Session ratings"),
                    Entry("text", "", f"Given once per session: {key_of(command('session.ratings'))}, or after "
                                      "the last segment.")]
        entries += _items(scheme.session_items, "")
    return entries


def _items(items: Iterable[Item], anchor: str) -> list[Entry]:
    """Each item with its key, definition, scale values and (with ``anchor``) its evidence keys."""
    entries = []
    for item in items:
        evidence = anchor and item.key and (item.is_presence or not item.depends_on)
        anchor_text = f" Evidence: {anchor} {item.key}." if evidence else ""
        follows = "" if item.key else " (digits rate it once its marker is marked)"
        entries.append(Entry("key", item.key or "", f"{item.label}{follows}: {item.description}{anchor_text}"))
        if not item.is_presence:
            entries += [Entry("value", str(v.value), v.label + (f": {v.anchor}" if v.anchor else ""))
                        for v in item.scale.values]
    return entries
