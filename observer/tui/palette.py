"""The command palette's entries: the command table's commands for the active screen, and what it adds."""

from __future__ import annotations

from functools import partial

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider

from observer.tui.commands import COMMANDS


class CommandTableProvider(Provider):
    """The command palette's entries: the active screen's commands, then what the screen adds."""

    def _entries(self) -> list[tuple[str, str, object, str]]:
        """(title, help line, callback, name) of each entry; the name (e.g. "Reopen") is searched too."""
        screen = self.screen
        scopes = ("app",) + tuple(getattr(screen, "COMMAND_SCOPES", ()))
        entries: list[tuple[str, str, object, str]] = []
        for command in COMMANDS:
            if not command.palette or not set(command.scopes) & set(scopes):
                continue
            target = self.app if "app" in command.scopes else screen
            _, name, parameters = parse(command.action)
            if not hasattr(target, f"action_{name}") or not target.check_action(name, parameters):
                continue  # e.g. media keys in a session without media, reopen on an open segment
            key = self.app.key_of(command)
            entries.append((command.help, f"key: {key}" if key else "", partial(target.run_action, command.action),
                            command.description))
        extra = getattr(screen, "palette_entries", None)
        if extra is not None:
            entries.extend((title, help_text, callback, "") for title, help_text, callback in extra())
        return entries

    async def discover(self) -> Hits:
        """Everything the palette offers before the user types."""
        for title, help_text, callback, _ in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Entries whose title or name matches the query (a name match counts as much as a title match)."""
        matcher = self.matcher(query)
        for title, help_text, callback, name in self._entries():
            score = max(matcher.match(title), matcher.match(name) if name else 0)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)

