"""The coder in a real terminal: `observer code` runs in tmux at 80x24 and gets the bytes a terminal sends.

Pilot hands Textual key names; a terminal sends bytes, and some of them mean something else
to Textual (ESC b and ESC f, i.e. alt+b and alt+f, are read as ctrl+left and ctrl+right). So
these tests type through tmux and read the study file afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_tui_support import build_study, codes_of

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")

CTRL_E, ESC, DOWN = "05", "1b", "1b 5b 42"


class Terminal:
    """A tmux server of its own running one command in an 80x24 window."""

    def __init__(self, folder: Path, command: list[str], size: tuple[int, int] = (80, 24)) -> None:
        self.socket = str(folder / "tmux.socket")
        env = {**os.environ, "XDG_CONFIG_HOME": str(folder / "config"), "TERM": "xterm-256color"}
        env.pop("OBSERVER_KEYS", None)
        self.env = env
        self._tmux("new-session", "-d", "-s", "coder", "-x", str(size[0]), "-y", str(size[1]), *command)

    def _tmux(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([TMUX, "-f", os.devnull, "-S", self.socket, *args], env=self.env,
                              capture_output=True, text=True, timeout=30)

    def send(self, *hex_bytes: str) -> None:
        """Type bytes given in hex, as a terminal sends them (``"1b 62"`` is ESC b)."""
        self._tmux("send-keys", "-t", "coder", "-H", *" ".join(hex_bytes).split())

    def type(self, text: str) -> None:
        """Type plain characters."""
        self.send(*(f"{byte:02x}" for byte in text.encode()))

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "coder").stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """The screen once it shows ``text``; fails with the screen as it is after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        pytest.fail(f"the terminal never showed {text!r}; it shows:\n{self.screen()}")

    def wait_until_gone(self, timeout: float = 20.0) -> None:
        """Wait for the command to end (its tmux session ends with it)."""
        deadline = time.monotonic() + timeout
        while self._tmux("has-session", "-t", "coder").returncode == 0:
            if time.monotonic() > deadline:
                pytest.fail(f"the coder did not quit; it shows:\n{self.screen()}")
            time.sleep(0.1)

    def close(self) -> None:
        self._tmux("kill-server")


@pytest.fixture
def coder(tmp_path):
    """The coder on a fresh study (s1: three segments, utterances every 20 s), in tmux."""
    path = build_study(tmp_path)
    terminal = Terminal(tmp_path, [sys.executable, "-m", "observer", "code", str(path), "--rater", "ann",
                                   "--session", "s1", "--media", "off"])
    terminal.wait_for("Segment 1/3")
    yield terminal, path
    terminal.close()


def test_evidence_keys_reach_the_marker_from_a_real_terminal(coder):
    terminal, path = coder
    terminal.send(DOWN)
    terminal.type("f")  # marks Content/affect split; the focus moves on to Withdrawal significance
    terminal.wait_for("f ■ Content/affect split")
    terminal.send(CTRL_E)
    terminal.wait_for("Evidence at 0:20")
    terminal.send(CTRL_E)  # the focused item: its marker takes the evidence, not the rating
    terminal.wait_for("◆f")
    terminal.send(ESC, "62")  # alt+b, which Textual reads as ctrl+left: anchors nothing
    terminal.send(ESC, "66")  # alt+f, ctrl+right
    terminal.send(DOWN, CTRL_E)
    terminal.wait_for("Evidence at 0:40")
    terminal.type("b")  # Redirects: the key of alt+b
    terminal.wait_for("◆b")
    terminal.send(DOWN, CTRL_E)
    terminal.wait_for("Evidence at 1:00")
    terminal.type("D")  # an upper-case key (Defends self)
    terminal.wait_for("◆D")
    terminal.type("q")
    terminal.wait_until_gone()
    anchored = {key[2]: value for key, value in codes_of(path).items() if value[2]}
    assert anchored == {"wd_content_affect_split": (1, "", (1,)), "rs_redirect": (1, "", (2,)),
                        "cf_defends_self": (1, "", (3,))}
    assert ("s1", 0, "wd_significance") not in codes_of(path)


def test_a_stray_key_on_a_complete_segment_changes_nothing_in_a_real_terminal(coder):
    terminal, path = coder
    terminal.send("0d")  # Enter: the empty segment is complete, the coder goes on to segment 2
    terminal.wait_for("Segment 2/3")
    terminal.type("[T")  # back to segment 1 and a confrontation marker's key
    terminal.wait_for("codes are protected")
    terminal.type("q")
    terminal.wait_until_gone()
    assert codes_of(path) == {}
