"""Crash safety: SIGKILL a process at random moments while it writes a study (JSON out).

Modes (each ``--trials`` times, on one study that lives through every kill of its mode):

- ``store``: a child codes through RaterView (marker toggles, some undos), printing each
  change once the call returned (committed). Afterwards the rater's history must begin with
  exactly the printed changes, in order, with at most one more (committed, killed before
  printing), and the stored codes must equal the history's last state of each cell.
- ``tui``: the same through the coding screen, driven by Pilot in the child: a change counts
  as saved when the screen shows it and its bar says "saved".
- ``import``: ``observer import STUDY FILE...`` of many transcripts: afterwards all of its
  sessions are in the study, complete, or none is.
- ``codes-import``: ``observer codes import STUDY CODES.csv``: all of its codes or none.

Every trial ends with the engine's check (SQLite's ``PRAGMA integrity_check``) and ``Study.open``.
On PostgreSQL (``--backend postgresql``, a throwaway cluster with fsync on) the children
are killed at random moments of their run; on SQLite half the import kills aim at the
first bytes written to the WAL.

    python bench/kill_harness.py --trials 100
    python bench/kill_harness.py --trials 100 --backend postgresql

Exit status 1 when a saved change is lost, an import is partial, or a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness_study import Places, add_backend_argument, build_study, marker_cells, synthetic_session

from observer.store import Study
from observer.store.engine import study_target

MODES = ("store", "tui", "import", "codes-import")
ROOT = Path(__file__).resolve().parents[1]
IMPORT_FILES = 20
IMPORT_SESSION_SECONDS = 3600.0


# -- children -----------------------------------------------------------------------------


def child_store(study_path: str | Path, rater: str, seed: int) -> None:
    """Toggle markers (and now and then undo) as ``rater`` until killed, printing each committed change."""
    rng = random.Random(seed)
    with Study.open(study_path) as study:
        view = study.for_rater(rater)
        cells = marker_cells(study)
        values: dict[tuple, int | None] = {}
        _say("ready")
        while True:
            session_id, segment, item = rng.choice(cells)
            if values and rng.random() < 0.1:
                for entry in view.undo(session_id):
                    values[(entry.session_id, entry.segment, entry.item)] = entry.old.get("value")
                    _say(json.dumps(["undo", entry.session_id, entry.segment, entry.item, entry.old.get("value")]))
                continue
            value = None if values.get((session_id, segment, item)) == 1 else 1
            view.set_value(session_id, segment, item, value)
            values[(session_id, segment, item)] = value
            _say(json.dumps(["set", session_id, segment, item, value]))


def child_tui(study_path: str | Path, rater: str, seed: int) -> None:
    """Code through the coding screen with Pilot until killed, printing each change the screen shows saved."""
    from observer.tui import ObserverApp
    from observer.tui.widgets.coding_panel import CodingPanel
    from observer.tui.widgets.session_bar import SessionBar

    rng = random.Random(seed)

    async def drive() -> None:
        app = ObserverApp(study_path, rater, "s1", keys_file=Path(tempfile.gettempdir()) / "observer-no-keys.yaml")
        markers = {item.key: item.id for item in app.view.scheme.groups[0].items if item.is_presence and item.key}
        async with app.run_test(size=(100, 40)) as pilot:
            _say("ready")
            while True:
                key = rng.choice([*markers, "right", "left"])
                await pilot.press(key)
                if key in markers:
                    shown = app.screen.query_one(CodingPanel).rows[markers[key]].value
                    if app.screen.query_one(SessionBar).saved.startswith("✓ saved"):
                        _say(json.dumps(["set", "s1", app.screen.segment, markers[key], shown]))

    asyncio.run(drive())


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# -- trials -------------------------------------------------------------------------------


def _kill_at_random(command: list[str], log: Path, delay: float, *, wait_ready: bool = False,
                    wait_for_write: Path | None = None) -> tuple[bool, float]:
    """Run ``command`` with stdout to ``log``; SIGKILL it ``delay`` s after it is ready.

    Ready means: it printed "ready" (``wait_ready``), or it began writing ``wait_for_write``
    (a WAL file), or else it started. Returns whether it was killed, and how long it ran.
    """
    with log.open("w") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT,
                                 env={**os.environ, "PYTHONPATH": str(ROOT), "OBSERVER_BACKUPS": "0"})
    started = time.perf_counter()
    try:
        deadline = time.monotonic() + 60
        while child.poll() is None and time.monotonic() < deadline and not (
                (wait_ready and "ready" in log.read_text())
                or (wait_for_write and _size(wait_for_write) > 0)
                or (not wait_ready and not wait_for_write)):
            time.sleep(0.001)
        child.wait(timeout=delay)
        return False, time.perf_counter() - started
    except subprocess.TimeoutExpired:
        return True, time.perf_counter() - started
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            child.wait()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _reported(log: Path) -> list[list]:
    """The complete lines a child printed (a line cut by the kill does not count)."""
    text = log.read_text()
    lines = text.split("\n")[:-1]  # the last piece has no newline yet: cut off, or empty
    return [json.loads(line) for line in lines if line.startswith("[")]


def coding_trial(mode: str, study_path: str | Path, trial: int, rng: random.Random, log: Path,
                 places: Places) -> dict:
    """One killed coding child; compares what it reported saved with the study."""
    rater = f"{mode}{trial}"
    window = 0.4 if mode == "store" else 3.0
    killed, _ = _kill_at_random([sys.executable, __file__, "--child", mode, str(study_path), rater, str(trial)],
                                log, rng.uniform(0, window), wait_ready=True)
    reported = _reported(log)
    with Study.open(study_path) as study:
        entries = [[e.action, e.session_id, e.segment, e.item, e.new.get("value")]
                   for e in study.history(rater=rater)]
        last = {(e[1], e[2], e[3]): e[4] for e in entries}
        stored = {(c.session_id, c.segment, c.item): c.value for c in study.codes(rater=rater)}
    lost = sum(1 for i, change in enumerate(reported) if i >= len(entries) or entries[i] != change)
    consistent = {k: v for k, v in last.items() if v is not None} == stored
    return {"killed": killed, "reported": len(reported), "lost": lost,
            "unreported_commits": max(0, len(entries) - len(reported)),
            "consistent": consistent, "integrity": places.integrity(study_path)}


def import_trial(mode: str, study_path: str | Path, trial: int, rng: random.Random, log: Path, duration: float,
                 places: Places) -> dict:
    """One killed ``observer import`` or ``codes import``; all of its data must be there, or none."""
    folder = places.folder / f"{mode}-{trial}"
    folder.mkdir()
    if mode == "import":
        files = _transcripts(folder, f"t{trial}-")
        args = ["import", str(study_path), *map(str, files)]
    else:
        args = ["codes", "import", str(study_path), str(_codes_csv(folder, study_path, f"imp{trial}"))]
    # the transaction comes at the end of the run: aim most kills at the second half
    wal = places.write_marker(study_path)
    if trial % 2 and wal is not None:  # aim at the write itself: kill within 5 ms of the first bytes in the WAL
        killed, seconds = _kill_at_random([sys.executable, "-m", "observer", *args], log, rng.uniform(0, 0.005),
                                          wait_for_write=wal)
    else:  # anywhere in the run, mostly its second half, where the transaction is
        killed, seconds = _kill_at_random([sys.executable, "-m", "observer", *args], log,
                                          duration * rng.uniform(0.3, 1.1))
    wrote = wal is not None and _size(wal) > 0  # the study is closed between trials: no WAL is left
    with Study.open(study_path) as study:
        if mode == "import":
            sessions = [s for s in study.sessions() if s.id.startswith(f"t{trial}-")]
            expected = len(synthetic_session("x", IMPORT_SESSION_SECONDS).utterances)
            whole = all(s.n_utterances == expected for s in sessions)
            found, total = len(sessions), IMPORT_FILES
        else:
            found = len(study.codes(rater=f"imp{trial}"))
            whole, total = True, len(_read_rows(folder / "codes.csv"))
    outcome = "none" if found == 0 else "all" if found == total and whole else "partial"
    return {"killed": killed, "outcome": outcome, "integrity": places.integrity(study_path), "seconds": seconds,
            "killed_while_writing": killed and wrote and outcome == "none"}


def _transcripts(folder: Path, prefix: str) -> list[Path]:
    """IMPORT_FILES long SRT transcripts named so their session ids start with ``prefix``."""
    utterances = synthetic_session("x", IMPORT_SESSION_SECONDS).utterances
    text = "".join(f"{u.index + 1}\n{_srt_time(u.start)} --> {_srt_time(u.end)}\n{u.speaker}: {u.text}\n\n"
                   for u in utterances)
    files = []
    for i in range(IMPORT_FILES):
        path = folder / f"{prefix}{i}.srt"
        path.write_text(text)
        files.append(path)
    return files


def _srt_time(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def _codes_csv(folder: Path, study_path: str | Path, rater: str) -> Path:
    """A codes file marking every marker of every segment present for ``rater``."""
    with Study.open(study_path) as study:
        rows = [(s, g, rater, item, 1) for s, g, item in marker_cells(study) if s.startswith("s")]
    path = folder / "codes.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["session_id", "segment_index", "rater", "item", "value"])
        writer.writerows(rows)
    return path


def _read_rows(path: Path) -> list[list[str]]:
    with path.open(newline="") as f:
        return list(csv.reader(f))[1:]


def _uncut_duration(mode: str, study_path: str | Path, places: Places) -> float:
    """How long one import of this mode takes when not killed (on a scratch copy of the study)."""
    scratch = places.duplicate(study_path, f"calibrate_{mode.replace('-', '_')}")
    log = places.folder / f"calibrate-{mode}.log"
    return import_trial(mode, scratch, -1, random.Random(0), log, 1e6, places)["seconds"]


def run(modes: list[str], trials: int, places: Places, seed: int) -> dict:
    """Every trial of every mode; the figures for docs/reliability.md."""
    rng = random.Random(seed)
    result: dict = {"backend": places.backend, "trials_per_mode": trials, "seed": seed, "modes": {}}
    started = time.perf_counter()
    for mode in modes:
        study_path = build_study(places.new(mode.replace("-", "_")))
        duration = _uncut_duration(mode, study_path, places) if mode in ("import", "codes-import") else 0.0
        outcomes = []
        for trial in range(trials):
            log = places.folder / f"{mode}-{trial}.log"
            if mode in ("store", "tui"):
                outcomes.append(coding_trial(mode, study_path, trial, rng, log, places))
            else:
                outcomes.append(import_trial(mode, study_path, trial, rng, log, duration, places))
        summary = {"trials": trials, "killed": sum(o["killed"] for o in outcomes),
                   "integrity_failures": sum(o["integrity"] != "ok" for o in outcomes)}
        if mode in ("store", "tui"):
            summary.update(changes_reported_saved=sum(o["reported"] for o in outcomes),
                           changes_lost=sum(o["lost"] for o in outcomes),
                           committed_not_yet_reported=sum(o["unreported_commits"] for o in outcomes),
                           most_unreported_in_a_trial=max(o["unreported_commits"] for o in outcomes),
                           inconsistent_codes=sum(not o["consistent"] for o in outcomes))
        else:
            summary.update({key: sum(o["outcome"] == key for o in outcomes) for key in ("all", "none", "partial")},
                           killed_while_writing=sum(o["killed_while_writing"] for o in outcomes),
                           uncut_seconds=round(duration, 2))
        result["modes"][mode] = summary
    result["seconds"] = round(time.perf_counter() - started, 1)
    coding = [m for m in result["modes"].values() if "changes_lost" in m]
    result["changes_reported_saved"] = sum(m["changes_reported_saved"] for m in coding)
    result["changes_lost"] = sum(m["changes_lost"] + m["inconsistent_codes"] for m in coding)
    result["partial_imports"] = sum(m.get("partial", 0) for m in result["modes"].values())
    result["integrity_failures"] = sum(m["integrity_failures"] for m in result["modes"].values())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100, help="trials per mode")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of: {', '.join(MODES)}")
    parser.add_argument("--seed", type=int, default=7)
    add_backend_argument(parser)
    parser.add_argument("--child", nargs=4, metavar=("MODE", "STUDY", "RATER", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, study, rater, seed = args.child
        (child_store if mode == "store" else child_tui)(study_target(study), rater, int(seed))
        return
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown mode(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="observer-kill-") as folder, Places(args.backend, Path(folder)) as places:
        result = run(modes, args.trials, places, args.seed)
    print(json.dumps(result, indent=1))
    bad = result["changes_lost"] or result["partial_imports"] or result["integrity_failures"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
