"""Help in the review app: its keys, then the scheme's items with their definitions and scale values."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from observer.scheme.model import Scheme
from observer.tui.commands import Command, commands
from observer.tui.screens.help import Entry, HelpScreen, HelpText

SCOPES = ("review", "disagreements", "segment-review", "summary", "app")
"""The command scopes of the review app, in the order a supervisor meets them."""


class ReviewHelpScreen(HelpScreen):
    """The review's keys and the scheme's definitions; Esc, ? or F1 closes it."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield HelpText(review_help_entries(self.scheme, self.key_of))


def review_help_entries(scheme: Scheme, key_of: Callable[[Command], str]) -> list[Entry]:
    """The help: each command of the review's screens once, then every item of the scheme."""
    seen: set[str] = set()
    entries = [Entry("heading", "", "Review keys"),
               Entry("text", "", "Read-only: the review never changes a code. Statistics come from "
                                 "observer.reliability (see docs/reliability-statistics.md).")]
    for scope in SCOPES:
        for c in commands(scope):
            if c.key and c.id not in seen:
                seen.add(c.id)
                entries.append(Entry("key", key_of(c), c.help))
    entries += [Entry("heading", "", scheme.name), Entry("text", "", scheme.description)]
    for group in scheme.groups:
        entries += [Entry("heading", "", group.label), Entry("text", "", group.description)]
        entries += [Entry("key", item.id, f"{item.label}: {item.description}") for item in group.all_items]
    if scheme.session_items:
        entries.append(Entry("heading", "", "Session ratings"))
        entries += [Entry("key", item.id, f"{item.label}: {item.description}") for item in scheme.session_items]
    return entries
