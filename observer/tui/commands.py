"""The command table: every command's id, default key, action and description, declared once.

The table yields the key bindings of each screen (each binding carries the
command's id, so users can remap it in their keys file) and the entries of the
command palette (``observer.tui.palette``). Scheme items bring their own keys: ``scheme_bindings`` turns
them into bindings with ids of their own, and ``evidence_bindings`` into the keys of the evidence
prompt (``ctrl+e`` then an item's key). The media player's commands (``media.*``) are in the
``coding`` scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping

from textual.binding import Binding

if TYPE_CHECKING:
    from observer.scheme.model import Item


@dataclass(frozen=True)
class Command:
    """One command: shown in the footer (when ``show``), in the palette and in the help."""

    id: str
    key: str | None
    action: str
    description: str
    help: str
    scopes: tuple[str, ...]
    show: bool = True
    key_display: str | None = None
    palette: bool = True


COMMANDS: tuple[Command, ...] = (
    Command("app.help", "question_mark,f1", "help", "Help",
            "Show the keys and the scheme's item definitions", ("app",)),
    Command("app.quit", "q,ctrl+q", "quit", "Quit",
            "Quit observer (every change is already saved)", ("app",), show=False),
    Command("segment.previous", "left,left_square_bracket", "previous_segment", "Prev",
            "Go to the previous segment", ("coding",), key_display="←"),
    Command("segment.next", "right,right_square_bracket", "next_segment", "Next",
            "Go to the next segment", ("coding",), key_display="→"),
    Command("segment.complete", "enter", "complete", "Complete",
            "Mark the segment complete and go on to the next one", ("coding",)),
    Command("segment.reopen", "ctrl+k", "reopen", "Reopen",
            "Reopen the complete segment so that its codes can change (complete ones are protected)", ("coding",),
            show=False),
    Command("segment.jump", "ctrl+g", "jump", "Go to",
            "Go to a segment by its number, or to a time typed as m:ss", ("coding",)),
    Command("segment.note", "ctrl+n", "unit_note", "Note",
            "Write a note on this segment", ("coding",)),
    Command("item.note", "ctrl+t", "item_note", "Item note",
            "Write a note on the focused item", ("coding", "ratings"), show=False),
    Command("item.clear", "delete,backspace", "clear_item", "Clear",
            "Clear the focused item's value", ("coding", "ratings"), show=False),
    Command("item.anchor", "ctrl+e", "anchor", "Evidence",
            "Anchor evidence at the utterance under the cursor: then the marker's key (this key again or enter: "
            "the focused marker); the same again lifts it", ("coding",), show=False),
    Command("evidence.focused", "ctrl+e,enter", "focused", "Focused item",
            "Anchor the focused marker (a rating's evidence goes to its marker)", ("evidence",)),
    Command("evidence.cancel", "escape", "cancel", "Cancel", "Anchor nothing", ("evidence",)),
    Command("history.undo", "ctrl+z", "undo", "Undo",
            "Undo your latest change in this session", ("coding", "ratings")),
    Command("history.redo", "ctrl+y", "redo", "Redo",
            "Redo the change you last undid", ("coding", "ratings"), show=False),
    Command("session.ratings", "ctrl+o", "session_ratings", "Session",
            "Give the session-level (global) ratings", ("coding",), show=False),
    Command("session.list", "ctrl+w", "sessions", "Sessions",
            "Back to the list of sessions", ("coding",), show=False),
    Command("media.toggle", "space", "media_toggle", "Play",
            "Play or pause the recording (from the segment's start when the playhead is elsewhere)", ("coding",),
            key_display="␣"),
    Command("media.segment", "ctrl+r,f5", "media_segment", "Replay",
            "Play the segment on screen from its start", ("coding",), show=False),
    Command("media.loop", "ctrl+l,f6", "media_loop", "Loop",
            "Loop the segment on screen, or stop looping", ("coding",), show=False),
    Command("media.back", "shift+left", "media_seek(-5)", "Back 5 s",
            "Move the playhead back 5 seconds", ("coding",), show=False),
    Command("media.forward", "shift+right", "media_seek(5)", "Forward 5 s",
            "Move the playhead forward 5 seconds", ("coding",), show=False),
    Command("media.back_long", "ctrl+left", "media_seek(-30)", "Back 30 s",
            "Move the playhead back 30 seconds", ("coding",), show=False),
    Command("media.forward_long", "ctrl+right", "media_seek(30)", "Forward 30 s",
            "Move the playhead forward 30 seconds", ("coding",), show=False),
    Command("media.slower", "f7", "media_speed(-1)", "Slower",
            "Play slower (down to 0.5x)", ("coding",), show=False),
    Command("media.faster", "f8", "media_speed(1)", "Faster",
            "Play faster (up to 2x)", ("coding",), show=False),
    Command("media.auto_stop", "f9", "media_auto_stop", "Auto-stop",
            "Pause automatically at the end of the segment, or play on (switch)", ("coding",), show=False),
    Command("media.follow", "ctrl+f", "media_follow", "Follow",
            "Show the next segment when playback runs on into it, or stay (switch)", ("coding",), show=False),
    Command("ratings.complete", "enter", "complete", "Complete",
            "Mark the session ratings complete and close", ("ratings",)),
    Command("ratings.close", "escape", "close", "Close",
            "Back to the segments", ("ratings",)),
    Command("ratings.reopen", "ctrl+k", "reopen", "Reopen",
            "Reopen the complete session ratings so that they can change", ("ratings",)),
    Command("picker.open", "enter", "open_session", "Open",
            "Open the highlighted session", ("picker",)),
    Command("app.summary", "ctrl+u", "session_summary", "Summary",
            "Show the session's summary: timeline by significance, peak moments, unresolved ruptures "
            "(again: close it)", ("app",), show=False),
    Command("app.export", None, "cli_hint('export')", "Export",
            "Export codes, segments or utterances (CSV, XLSX, Parquet): the shell command to run", ("app",),
            show=False),
    Command("app.report", None, "cli_hint('report')", "Report",
            "Write the therapist's feedback report (HTML): the shell command to run", ("app",), show=False),
    Command("app.reliability", None, "cli_hint('reliability')", "Reliability",
            "Inter-rater agreement of the study: the shell command to run", ("app",), show=False),
    Command("summary.rater", "r", "next_rater", "Rater",
            "Summarise the next rater's codes, the consensus or the mean of the raters", ("summary",)),
    Command("summary.close", "escape", "close", "Close", "Close the summary", ("summary",)),
    Command("review.disagreements", "enter", "disagreements", "Disagreements",
            "List the disagreements behind the highlighted row, largest first", ("review",)),
    Command("review.flagged", "f", "flagged", "Flagged only",
            "Show only the rows below their threshold (again: every row)", ("review",)),
    Command("disagreements.open", "enter", "open_segment", "Open",
            "Open the highlighted disagreement's segment read-only, every rater's codes side by side",
            ("disagreements",)),
    Command("disagreements.back", "escape", "back", "Back", "Back to the previous list",
            ("disagreements", "segment-review")),
    Command("segment-review.next", "n", "next_disagreement", "Next",
            "Open the next disagreement of the list", ("segment-review",)),
    Command("segment-review.previous", "p", "previous_disagreement", "Prev",
            "Open the previous disagreement of the list", ("segment-review",)),
    Command("consensus.next", "ctrl+n,pagedown", "next", "Next",
            "Go to the next disagreement", ("consensus",)),
    Command("consensus.previous", "ctrl+b,pageup", "previous", "Prev",
            "Go back to the previous disagreement", ("consensus",)),
    Command("consensus.decide", "ctrl+s", "decide", "Decide",
            "Record the consensus value with its reason", ("consensus",)),
    Command("consensus.transcript", "escape", "transcript", "Transcript",
            "Move the focus from the text fields to the transcript", ("consensus",)),
    Command("consensus.quit", "ctrl+q", "app.quit", "Quit",
            "Leave the consensus screen (every decision is already saved)", ("consensus",), palette=False),
    *(Command(f"{widget}.{name}", key, action, description, f"{description} in the {widget}", (widget,),
              show=False, palette=False)
      for widget in ("transcript", "panel")
      for name, key, action, description in (
          ("up", "up", "cursor_up", "Up"), ("down", "down", "cursor_down", "Down"),
          ("first", "home", "first", "First"), ("last", "end", "last", "Last"),
          ("page_up", "pageup", "page_up", "Page up"), ("page_down", "pagedown", "page_down", "Page down"))),
)
"""Every command of the app; ``scopes`` names the screens it applies to."""

RATE_PREFIX = "rate."
ITEM_PREFIX = "item."
EVIDENCE_PREFIX = "evidence."


def command(command_id: str) -> Command:
    """The command with this id."""
    return next(c for c in COMMANDS if c.id == command_id)


def commands(scope: str) -> tuple[Command, ...]:
    """The commands of one scope, in table order."""
    return tuple(command for command in COMMANDS if scope in command.scopes)


def bindings(scope: str) -> list[Binding]:
    """The key bindings of one scope, each with its command's id."""
    return [
        Binding(command.key, command.action, command.description, show=command.show,
                key_display=command.key_display, tooltip=command.help, id=command.id)
        for command in commands(scope) if command.key
    ]


def rating_bindings() -> list[Binding]:
    """Digit keys 0-9: rate the focused item (only ``1`` is shown, as 1-9)."""
    return [
        Binding(str(digit), f"rate({digit})", "Rate", show=digit == 1, key_display="1-9",
                id=f"{RATE_PREFIX}{digit}")
        for digit in range(10)
    ]


def scheme_bindings(items: Iterable[Item]) -> list[Binding]:
    """An item's key marks or focuses it."""
    return [Binding(item.key, f"item({item.id!r})", item.label, show=False, id=f"{ITEM_PREFIX}{item.id}")
            for item in items if item.key]


def evidence_bindings(items: Iterable[Item], keymap: Mapping[str, str] | None = None) -> list[Binding]:
    """The evidence prompt's keys: an item's key (as the keys file remaps ``item.ID``) anchors that item.

    Plain keys, so they reach the app alike from every terminal (alt+letter does not:
    terminals send ESC and the letter, and Textual reads ESC b and ESC f as ctrl+left/right).
    """
    keymap = keymap or {}
    return [Binding(keymap.get(f"{ITEM_PREFIX}{item.id}", item.key), f"anchor_item({item.id!r})",
                    f"{item.label}: evidence", show=False, id=f"{EVIDENCE_PREFIX}{item.id}")
            for item in items if item.key]


def binding_ids(items: Iterable[Item]) -> set[str]:
    """Every binding id a keys file may remap for a scheme."""
    items = tuple(items)
    ids = {command.id for command in COMMANDS}
    ids |= {binding.id for binding in rating_bindings() + scheme_bindings(items) + evidence_bindings(items)
            if binding.id}
    return ids
