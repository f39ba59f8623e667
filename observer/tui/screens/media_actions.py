"""The coding screen's media side: its media commands, and the transcript following the playhead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from observer.tui.widgets.media_bar import MediaBar, PlayerState
from observer.tui.widgets.transcript import TranscriptView

if TYPE_CHECKING:
    from observer.tui.media_control import MediaChanged, MediaControl, MediaFailed, MediaSource

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
"""The playback speeds the slower and faster keys step through."""

MEDIA_ACTIONS = frozenset({"media_toggle", "media_segment", "media_loop", "media_seek", "media_speed",
                           "media_auto_stop", "media_follow"})


class MediaActions:
    """Mixed into the coding screen: plays its session's recording and moves the transcript with the playhead.

    The host provides ``state`` (CodingState), ``segment``, ``cursor``,
    ``current_range`` and ``go_to_time``, and composes a ``MediaBar``. The player
    starts after the first frame; while it is absent or has failed, the media
    commands do not apply (they leave the footer).
    """

    media: MediaControl | None = None
    media_unavailable = True
    player_state: PlayerState
    _media_source: MediaSource | None = None
    _played: tuple[int, int | None] | None = None  # (segment, utterance) the cursor last followed

    def setup_media(self) -> None:
        """Decide, before the first frame, whether this session plays media (the player starts later)."""
        if self.app.media.mode != "off":
            from observer.tui.media_control import media_source  # the player's side only when media is on

            self._media_source = media_source(self.app.study.path, self.app.study.location, self.state.info)
        self.media_unavailable = self._media_source is None
        self.player_state = PlayerState()
        bar = self.query_one(MediaBar)
        bar.display = not self.media_unavailable
        bar.show(self.player_state)

    def start_media(self) -> None:
        """Start mpv on the session's recording in the background (again, after it has quit)."""
        if self.media is not None or self._media_source is None or self.media_unavailable:
            return
        from observer.tui.media_control import MediaControl

        self.player_state = PlayerState()
        self.media = MediaControl(self, self._media_source, self.app.media.mode,
                                  [segment.end for segment in self.state.segments],
                                  extra_args=self.app.media.extra_args)
        self._show_player()
        self.media.start()

    def stop_media(self) -> None:
        """Quit the player (on leaving the session or the app)."""
        if self.media is not None:
            self.media.close()
            self.media = None

    def media_segment_shown(self) -> None:
        """A looping player moves its loop to the segment now on screen."""
        if self.media is not None and self.player_state.loop:
            self.media.set_loop(self.current_range)

    # -- the commands ---------------------------------------------------------------------

    def _control(self) -> MediaControl | None:
        """The player, started first when it has not yet (or has quit since); None when media is unavailable."""
        self.start_media()
        return self.media

    def action_media_toggle(self) -> None:
        """Play or pause (from the segment's start when the playhead is outside the segment on screen)."""
        if control := self._control():
            control.toggle(self.current_range)
            if self.player_state.paused:
                self._take_as_playing()

    def action_media_segment(self) -> None:
        """Play the segment on screen from its start."""
        if control := self._control():
            control.play_segment(self.current_range)
            self._take_as_playing()

    def action_media_seek(self, seconds: float) -> None:
        """Move the playhead by ``seconds``; the screen follows it to another segment when following."""
        if control := self._control():
            control.seek_by(seconds)

    def action_media_speed(self, step: int) -> None:
        """Step the speed down (-1) or up (+1) through SPEEDS, staying within 0.5-2x."""
        if control := self._control():
            current = self.player_state.speed
            slower = [speed for speed in SPEEDS if speed < current - 1e-9]
            faster = [speed for speed in SPEEDS if speed > current + 1e-9]
            speed = (slower[-1] if slower else SPEEDS[0]) if step < 0 else (faster[0] if faster else SPEEDS[-1])
            self.player_state.speed = speed
            control.set_speed(speed)
            self._show_player()

    def action_media_loop(self) -> None:
        """Loop the segment on screen, or stop looping."""
        if control := self._control():
            self.player_state.loop = not self.player_state.loop
            control.set_loop(self.current_range if self.player_state.loop else None)
            self._show_player()

    def action_media_auto_stop(self) -> None:
        """Switch the automatic stop at the segment's end on or off."""
        if control := self._control():
            self.player_state.auto_stop = not self.player_state.auto_stop
            control.set_auto_stop(self.player_state.auto_stop)
            self._show_player()

    def action_media_follow(self) -> None:
        """Switch whether the screen follows the playhead into the next segment."""
        if self._control():
            self.player_state.follow = not self.player_state.follow
            self._show_player()

    # -- what the player reports ------------------------------------------------------------

    def on_media_changed(self, event: MediaChanged) -> None:
        state = self.player_state
        if event.name == "time-pos":
            if event.value is not None:
                self._follow(state.position, event.value)
            state.position = event.value
        elif event.name == "seeked":
            if event.value is not None:
                self._follow(state.position, event.value, seeked=True)
            state.position = event.value
        elif event.name == "pause":
            state.paused = bool(event.value)
        elif event.name == "stopped":
            state.paused = True  # before mpv says so, so that the report past the end is not followed
        elif event.name == "speed":
            state.speed = float(event.value)
        elif event.name == "duration":
            state.duration = event.value
        elif event.name == "ready":
            state.duration = event.value
            state.status = "ready"
        elif event.name == "closed":
            self.media = None
            state.status = "closed"
            self.notify("The media player has quit (was its window closed?). A media key starts it again.",
                        title="Media", severity="warning")
        self._show_player()

    def on_media_failed(self, event: MediaFailed) -> None:
        if event.fatal:
            self.media = None
            self.media_unavailable = True
            self.query_one(MediaBar).display = False
            self.refresh_bindings()
            self.notify(f"{event.error}\nCoding goes on without media.", title="No media", severity="error")
        else:
            self.notify(str(event.error), title="Media", severity="warning")

    def _follow(self, previous: float | None, position: float, *, seeked: bool = False) -> None:
        """Put the transcript cursor on the utterance at the playhead, and show another segment when following
        a seek there or playback running on into it."""
        if self.state.segment_at(position) != self.segment:
            start, end = self.current_range
            running_on = not self.player_state.paused and previous is not None and start <= previous <= end
            if self.player_state.follow and (seeked or running_on):
                self.go_to_time(position)
                self._played = (self.segment, self.state.utterance_at(position))
            return
        utterance = self.state.utterance_at(position)
        if (self.segment, utterance) != self._played:
            self._played = (self.segment, utterance)
            row = self.query_one(TranscriptView).row_of(utterance) if utterance is not None else None
            if row is not None:
                self.cursor = row

    def _take_as_playing(self) -> None:
        """Take playback as running from now: mpv's first report of it can come before its news of the resume."""
        self.player_state.paused = False
        self._show_player()

    def _show_player(self) -> None:
        self.query_one(MediaBar).show(self.player_state)
