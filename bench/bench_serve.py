"""The lab server in a real browser (Debian's Chromium driven by Playwright), JSON out.

Targets (issue 11):
- login to the coding screen painted in the page: at most 2x a bare textual-serve of a
  minimal Textual app (Header, Static, Footer) measured in the same run, rounds
  alternating. "Painted" is the first terminal frame the page receives that holds the
  screen's own text. Reported: the login to the rater's first screen (the session
  picker, which is what a login opens) and on to the coding screen (Enter pressed as
  soon as the picker is painted);
- 8 raters logged in at once, each pressing 200 marker keys (a key every ``--gap``
  ms): every change saved under the right rater, key-to-saved p95 under 100 ms.
  A key's latency runs from just before it is sent to the time stamp of its change in
  the study's history (written in the same transaction as the change). By default the
  raters' pages speak the page's own protocol from here (log in, load the page, keys
  as textual.js sends them on the terminal websocket), since in a lab each browser runs
  on its rater's machine; ``--clients browser`` runs 8 Chromium pages on this machine
  too, and then measures their rendering as well;
- memory per connected rater: resident and proportional set size of each app process,
  and the server's own.

Both servers run as processes of their own on loopback. The machine's load matters: run
it alone.

    python bench/bench_serve.py [--rounds N] [--raters N] [--keys N] [--gap MS] [--clients websocket|browser]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness_study import build_study  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MARKER_KEYS = "dmaspfh"  # the 3RS 2015 withdrawal markers: each press toggles one
PASSWORD = "bench-password"

MINIMAL_APP = r"""
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("BAREREADY: a minimal Textual app")
        yield Footer()

Minimal().run()
"""
BARE_SERVER = r"""
import sys
from textual_serve.server import Server
Server(sys.executable + " " + sys.argv[1], host="127.0.0.1", port=int(sys.argv[2])).serve()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_listening(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode}): {process.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listened on port {port}")


def start(argv: list[str], port: int, folder: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(folder / "data")}
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    wait_listening(port, process)
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Frames:
    """What a page's terminal websocket received, with the time each marker text first arrived."""

    def __init__(self, page) -> None:
        self.data = bytearray()
        self.seen: dict[bytes, float] = {}
        self.watch: list[bytes] = []
        page.on("websocket", self._socket)

    def _socket(self, socket) -> None:
        if "/ws" in socket.url:
            socket.on("framereceived", self._frame)


    def _frame(self, data) -> None:
        self.data.extend(data if isinstance(data, bytes) else data.encode())
        for text in self.watch:
            if text not in self.seen and text in self.data:
                self.seen[text] = time.perf_counter()

    async def arrival(self, text: str, timeout: float = 30.0) -> float:
        """When ``text`` first reached the page (waits for it)."""
        key = text.encode()
        if key not in self.watch:
            self.watch.append(key)
            if key in self.data:
                self.seen[key] = time.perf_counter()
        deadline = time.perf_counter() + timeout
        while key not in self.seen:
            if time.perf_counter() > deadline:
                raise SystemExit(f"the page never showed {text!r}")
            await asyncio.sleep(0.005)
        return self.seen[key]


async def log_in(page, base: str, name: str) -> float:
    """Fill and send the login form; the moment it was sent."""
    await page.goto(base + "/login")
    await page.fill("#username", name)
    await page.fill("#password", PASSWORD)
    sent = time.perf_counter()
    await page.click("button[type=submit]")
    return sent


async def bare_round(browser, base: str) -> float:
    context = await browser.new_context()
    page = await context.new_page()
    frames = Frames(page)
    begin = time.perf_counter()
    await page.goto(base + "/")
    painted = await frames.arrival("BAREREADY")
    await context.close()
    return painted - begin


async def observer_round(browser, base: str) -> tuple[float, float]:
    context = await browser.new_context()
    page = await context.new_page()
    frames = Frames(page)
    sent = await log_in(page, base, "r1")
    picker = await frames.arrival("rater r1")
    await page.keyboard.press("Enter")
    coding = await frames.arrival("Segment 1/")
    await context.close()
    return picker - sent, coding - sent


async def browser_rater(browser, base: str, name: str, keys: int, gap: float, ready: asyncio.Barrier):
    """A rater in a Chromium page: log in, open the first session, press ``keys`` marker keys ``gap`` s apart.
    When each key was sent (epoch seconds), and how to close the page."""
    context = await browser.new_context()
    page = await context.new_page()
    frames = Frames(page)
    await log_in(page, base, name)
    await frames.arrival(f"rater {name}")
    await page.keyboard.press("Enter")
    await frames.arrival("Segment 1/")
    await ready.wait()
    sent = []
    next_at = time.perf_counter()
    for n in range(keys):
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        sent.append(time.time())
        await page.keyboard.press(MARKER_KEYS[n % len(MARKER_KEYS)])
        next_at += gap
    await asyncio.sleep(1.0)
    return sent, context.close


async def socket_rater(browser, base: str, name: str, keys: int, gap: float, ready: asyncio.Barrier):
    """A rater's page without a browser here: log in, load the page, and speak the page's protocol on its
    terminal websocket (``["stdin", key]``, what textual.js sends), as a browser on the rater's own machine
    does. When each key was sent (epoch seconds), and how to close the page."""
    import aiohttp

    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # cookies of 127.0.0.1 too
    await session.post(base + "/login", data={"username": name, "password": PASSWORD}, allow_redirects=False)
    page = await (await session.get(base + "/")).text()
    page_id = page.split('data-channel="/channel/', 1)[1].split('"', 1)[0]
    socket = await session.ws_connect(f"{base}/ws/{page_id}?width=120&height=40", origin=base)
    received = bytearray()

    async def read() -> None:
        async for message in socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                received.extend(message.data)

    async def shown(text: str) -> None:
        deadline = time.perf_counter() + 30
        while text.encode() not in received:
            if time.perf_counter() > deadline:
                raise SystemExit(f"{name}'s page never showed {text!r}")
            await asyncio.sleep(0.005)

    reader = asyncio.create_task(read())
    await shown(f"rater {name}")
    await socket.send_str(json.dumps(["stdin", "\r"]))
    await shown("Segment 1/")
    await ready.wait()
    sent = []
    next_at = time.perf_counter()
    for n in range(keys):
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        sent.append(time.time())
        await socket.send_str(json.dumps(["stdin", MARKER_KEYS[n % len(MARKER_KEYS)]]))
        next_at += gap
    await asyncio.sleep(1.0)

    async def close() -> None:
        await socket.close()
        reader.cancel()
        await session.close()

    return sent, close


def children(pid: int) -> list[int]:
    """Every descendant process of ``pid``."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found.append(int(child))
            found += children(int(child))
    return found


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident and proportional set size of a process, in MB."""
    rss = pss = 0.0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == "Rss":
            rss = int(value.split()[0]) / 1024
        elif name == "Pss":
            pss = int(value.split()[0]) / 1024
    return rss, pss


def app_processes(server_pid: int) -> list[int]:
    return [pid for pid in children(server_pid)
            if "observer.web.launch" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")]


def saved_latencies(study: Path, sent: dict[str, list[float]]) -> dict:
    """Match each rater's keys to their history entries, in order: latencies in ms from the key to the change's
    time stamp, and what was saved where."""
    from observer.store import Study

    with Study.open(study) as opened:
        history = {name: [e for e in opened.history(rater=name)] for name in sent}
        codes = {name: {(c.segment, c.item): c.value for c in opened.codes(rater=name)} for name in sent}
        markers = {item.key: item.id for item in opened.scheme.segment_items if item.key}
    latencies, problems = [], []
    for name, times in sent.items():
        entries = history[name]
        if len(entries) != len(times):
            problems.append(f"{name}: {len(times)} keys, {len(entries)} changes saved")
        if any(entry.rater != name for entry in entries):
            problems.append(f"{name}: a change saved under another rater")
        latencies += [(datetime.fromisoformat(entry.at).timestamp() - key) * 1000
                      for key, entry in zip(times, entries)]
        presses = {key: sum(1 for n in range(len(times)) if MARKER_KEYS[n % len(MARKER_KEYS)] == key)
                   for key in MARKER_KEYS}
        expected = {(0, markers[key]): count % 2 for key, count in presses.items()}
        found = {cell: int(bool(value)) for cell, value in codes[name].items()}
        if {cell: value for cell, value in found.items() if value} != \
                {cell: value for cell, value in expected.items() if value}:
            problems.append(f"{name}: the saved codes are not what the keys made")
    return {"latencies": latencies, "problems": problems}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def main_async(args: argparse.Namespace, folder: Path) -> dict:
    from playwright.async_api import async_playwright

    from observer.store import Study

    load_before = round(os.getloadavg()[0], 2)
    study = build_study(folder / "bench.observer", n_sessions=args.raters)
    with Study.open(study) as opened:
        for n in range(1, args.raters + 1):
            opened.add_account(f"r{n}", "rater", PASSWORD)
    app_file = folder / "minimal_app.py"
    app_file.write_text(MINIMAL_APP)
    bare_port, observer_port = free_port(), free_port()
    bare = start([sys.executable, "-c", BARE_SERVER, str(app_file), str(bare_port)], bare_port, folder)
    served = start([sys.executable, "-m", "observer", "serve", str(study), "--port", str(observer_port)],
                   observer_port, folder)
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Chromium is not installed (Debian: apt-get install chromium)")
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            bare_times, picker_times, coding_times = [], [], []
            await bare_round(browser, f"http://127.0.0.1:{bare_port}")  # warm the bytecode caches of both
            await observer_round(browser, f"http://127.0.0.1:{observer_port}")
            for _ in range(args.rounds):
                bare_times.append(await bare_round(browser, f"http://127.0.0.1:{bare_port}"))
                picker, coding = await observer_round(browser, f"http://127.0.0.1:{observer_port}")
                picker_times.append(picker)
                coding_times.append(coding)
            stop(bare)
            with Study.open(study) as opened:  # the start rounds' login entries aside, history starts empty
                assert not opened.history()
            barrier = asyncio.Barrier(args.raters)
            names = [f"r{n}" for n in range(1, args.raters + 1)]
            rater = browser_rater if args.clients == "browser" else socket_rater
            results = await asyncio.gather(*(rater(browser, f"http://127.0.0.1:{observer_port}", name, args.keys,
                                                   args.gap / 1000, barrier) for name in names))
            apps = app_processes(served.pid)
            per_app = [memory_mb(pid) for pid in apps]
            server_memory = memory_mb(served.pid)
            for _, close in results:
                await close()
            await browser.close()
    finally:
        stop(served)
        if bare.poll() is None:
            stop(bare)
    saved = saved_latencies(study, {name: sent for name, (sent, _) in zip(names, results)})
    latencies = saved["latencies"]
    bare_ms = statistics.median(bare_times) * 1000
    picker_ms = statistics.median(picker_times) * 1000
    coding_ms = statistics.median(coding_times) * 1000
    return {
        "rounds": args.rounds,
        "bare_textual_serve_ms": round(bare_ms, 1),
        "login_to_first_screen_ms": round(picker_ms, 1),
        "login_to_coding_screen_ms": round(coding_ms, 1),
        "ratio_first_screen": round(picker_ms / bare_ms, 2),
        "ratio_coding_screen": round(coding_ms / bare_ms, 2),
        "target_ratio": 2.0,
        "met_start": coding_ms / bare_ms <= 2.0,
        "raters": args.raters,
        "rater_clients": args.clients,
        "keys_per_rater": args.keys,
        "key_gap_ms": args.gap,
        "changes_saved": len(latencies),
        "every_change_saved_under_its_rater": not saved["problems"],
        "problems": saved["problems"],
        "key_to_saved_median_ms": round(statistics.median(latencies), 1),
        "key_to_saved_p95_ms": round(percentile(latencies, 0.95), 1),
        "key_to_saved_max_ms": round(max(latencies), 1),
        "target_p95_ms": 100,
        "met_keys": not saved["problems"] and percentile(latencies, 0.95) < 100,
        "load_average_1min_before": load_before,
        "app_processes": len(per_app),
        "memory_per_rater_rss_mb": round(statistics.mean(rss for rss, _ in per_app), 1),
        "memory_per_rater_pss_mb": round(statistics.mean(pss for _, pss in per_app), 1),
        "server_rss_mb": round(server_memory[0], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="start-time rounds of each server (median)")
    parser.add_argument("--raters", type=int, default=8)
    parser.add_argument("--keys", type=int, default=200, help="marker keys each rater presses")
    parser.add_argument("--gap", type=float, default=150.0, help="ms between one rater's keys")
    parser.add_argument("--clients", choices=["websocket", "browser"], default="websocket",
                        help="the 8 raters' pages: the page's protocol spoken from here (their browsers are "
                             "elsewhere, default), or Chromium pages on this machine too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        print(json.dumps(asyncio.run(main_async(args, Path(folder))), indent=1))


if __name__ == "__main__":
    main()
