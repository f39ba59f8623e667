"""The mpv JSON IPC protocol: requests matched to replies by id, events to a callback, one reader thread."""

from __future__ import annotations

import itertools
import json
import logging
import socket
import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from typing import Any

from observer.errors import MediaError

log = logging.getLogger(__name__)

STUCK_HINT = "The player may be stuck: close the media and open it again (or restart observer)."

Command = list[Any] | dict[str, Any]


def settle(future: Future[Any], result: Any = None, error: BaseException | None = None) -> None:
    """Complete a future unless its waiter already gave up (cancelled it)."""
    try:
        if error is None:
            future.set_result(result)
        else:
            future.set_exception(error)
    except InvalidStateError:
        pass


def _command_name(command: Command) -> str:
    """The mpv command's name, for messages."""
    return str(command["name"] if isinstance(command, dict) else command[0])


class IpcConnection:
    """Requests and events over one connected mpv IPC socket, read on a daemon thread."""

    def __init__(
        self,
        sock: socket.socket,
        on_event: Callable[[dict[str, Any]], None],
        on_close: Callable[[], None] | None = None,
        *,
        timeout: float = 2.0,
    ) -> None:
        self.timeout = timeout
        self._sock = sock
        self._sock.settimeout(timeout)  # bounds sends; the reader just retries its recv
        self._on_event = on_event
        self._on_close = on_close
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Future[Any], str]] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._reader = threading.Thread(target=self._read_loop, name="mpv-ipc-reader", daemon=True)
        self._reader.start()

    @property
    def closed(self) -> bool:
        """Whether the connection has ended (closed by us or by mpv)."""
        return self._closed.is_set()

    def send(self, command: Command) -> Future[Any]:
        """Send a command without waiting; the future resolves to mpv's ``data`` or fails with MediaError."""
        future: Future[Any] = Future()
        name = _command_name(command)
        with self._lock:
            if self._closed.is_set():
                raise MediaError(f"cannot send {name!r}: the media player has closed", hint=STUCK_HINT)
            request_id = next(self._ids)
            self._pending[request_id] = (future, name)
            line = json.dumps({"command": command, "request_id": request_id}) + "\n"
            try:
                self._sock.sendall(line.encode("utf-8"))
            except OSError as exc:
                del self._pending[request_id]
                raise MediaError(f"lost the connection to the media player ({exc})", hint=STUCK_HINT) from exc
        return future

    def request(self, command: Command, timeout: float | None = None) -> Any:
        """Send a command and wait for its reply; MediaError on refusal or after ``timeout`` seconds."""
        if threading.current_thread() is self._reader:
            raise RuntimeError("a listener must not wait for mpv (it runs on the reader thread); use send()")
        future = self.send(command)
        return wait_for(future, timeout if timeout is not None else self.timeout, f"answer {_command_name(command)!r}")

    def close(self) -> None:
        """End the connection, stop the reader thread and fail the requests still waiting."""
        self._closed.set()
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        if threading.current_thread() is not self._reader:
            self._reader.join(self.timeout)
        self._sock.close()

    def _read_loop(self) -> None:
        """Split the byte stream into lines and dispatch each until EOF or close."""
        buffer = b""
        while not self._closed.is_set():
            try:
                chunk = self._sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                self._dispatch(line)
        self._finish()

    def _dispatch(self, line: bytes) -> None:
        """Route one line: replies resolve their request, events go to the callback, junk is ignored."""
        try:
            message = json.loads(line)
        except ValueError:
            log.debug("ignoring a malformed line from mpv: %r", line[:200])
            return
        if not isinstance(message, dict):
            return
        if "event" in message:
            try:
                self._on_event(message)
            except Exception:  # a faulty listener must not stop the reader
                log.exception("error while handling mpv event %r", message.get("event"))
        elif "request_id" in message:
            self._resolve(message)

    def _resolve(self, message: dict[str, Any]) -> None:
        """Complete the request a reply answers (late replies to timed-out requests are dropped)."""
        with self._lock:
            entry = self._pending.pop(message["request_id"], None)
        if entry is None:
            return
        future, name = entry
        if message.get("error") == "success":
            settle(future, message.get("data"))
        else:
            settle(future, error=MediaError(f"the media player refused {name!r}: {message.get('error')}"))

    def _finish(self) -> None:
        """Mark the connection closed, fail pending requests and tell the owner once."""
        self._closed.set()
        with self._lock:
            pending, self._pending = self._pending, {}
        for future, name in pending.values():
            settle(future, error=MediaError(f"the media player closed before answering {name!r}", hint=STUCK_HINT))
        if self._on_close is not None:
            self._on_close()


def wait_for(future: Future[Any], timeout: float, what: str) -> Any:
    """The future's result, or MediaError when mpv did not ``what`` within ``timeout`` seconds."""
    try:
        return future.result(timeout)
    except TimeoutError:
        future.cancel()
        raise MediaError(f"the media player did not {what} within {timeout:g} s", hint=STUCK_HINT) from None
