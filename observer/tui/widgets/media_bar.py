"""The media line of the coding screen: play state, playhead, speed and the playback switches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.content import Content
from textual.widget import Widget

from observer.tui.timefmt import clock
from observer.tui.widgets.styling import SpanStyles


@dataclass
class PlayerState:
    """What the screen knows of the player: mpv's reports, and the switches the rater set."""

    status: str = "starting"  # "starting", "ready" or "closed"
    position: float | None = None
    duration: float | None = None
    paused: bool = True
    speed: float = 1.0
    loop: bool = False
    auto_stop: bool = True
    follow: bool = True


def playhead(seconds: float) -> str:
    """A playhead time to the tenth of a second: 12:03.4."""
    tenths = round(max(seconds, 0.0) * 10)
    return f"{clock(tenths // 10)}.{tenths % 10}"


class MediaBar(Widget):
    """One line: ▶ or ⏸, the playhead over the recording's length, the speed, and loop, auto-stop and follow."""

    DEFAULT_CSS = """
    MediaBar { height: 1; background: $surface; }
    MediaBar > .media-bar--time { text-style: bold; }
    MediaBar > .media-bar--on { color: $text-accent; }
    MediaBar > .media-bar--off { color: $text-disabled; }
    MediaBar > .media-bar--status { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"media-bar--time", "media-bar--on", "media-bar--off",
                                             "media-bar--status"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = PlayerState()
        self.spans = SpanStyles(self)

    def show(self, state: PlayerState) -> None:
        """Show the player's state."""
        self.state = state
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.spans.clear()

    def render(self) -> Content:
        state = self.state
        if state.status != "ready":
            words = "starting the player…" if state.status == "starting" else "player closed: a media key restarts it"
            return Content.styled(f" ♪ {words}", self.spans("media-bar--status"))
        length = f" / {clock(state.duration)}" if state.duration else ""
        time = playhead(state.position) if state.position is not None else "-:--"
        switches = [(name, self.spans("media-bar--on" if on else "media-bar--off"))
                    for name, on in (("loop", state.loop), ("auto-stop", state.auto_stop), ("follow", state.follow))]
        return Content.assemble(
            " ", "⏸ " if state.paused else "▶ ", (time, self.spans("media-bar--time")), length,
            f"  {state.speed:g}×  ", *_joined(switches, " · "))


def _joined(parts: list[tuple[str, object]], separator: str) -> list:
    """The parts with a separator between each two."""
    joined: list = []
    for part in parts:
        if joined:
            joined.append(separator)
        joined.append(part)
    return joined
