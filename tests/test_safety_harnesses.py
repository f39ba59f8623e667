"""The crash and concurrency harnesses, run with small counts (the full counts: docs/reliability.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parent.parent / "bench"


def _harness(script: str, *args: str) -> tuple[int, dict]:
    env = {**os.environ, "PYTHONPATH": str(BENCH.parent)}
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                            env=env, timeout=600)
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout)


def _engine(backend: str, request) -> tuple[str, ...]:
    """The harness's --backend option; a PostgreSQL run is skipped (with the reason) where no cluster can start."""
    if backend == "postgresql":
        request.getfixturevalue("pg_cluster")
    return ("--backend", backend)


def test_four_raters_coding_at_once_lose_nothing_and_never_see_a_lock(backend, request):
    status, figures = _harness("concurrency_harness.py", "--processes", "4", "--changes", "50",
                               *_engine(backend, request))
    assert figures["changes_made"] == 200
    assert figures["changes_lost"] == 0
    assert figures["errors_reaching_caller"] == 0 and figures["locked_errors"] == 0
    assert figures["integrity_check"] == "ok"
    assert status == 0


def test_killed_coding_and_imports_keep_every_saved_change_and_all_or_nothing(backend, request):
    status, figures = _harness("kill_harness.py", "--trials", "5", "--seed", "3", *_engine(backend, request))
    modes = figures["modes"]
    assert set(modes) == {"store", "tui", "import", "codes-import"}
    assert modes["store"]["killed"] == 5 and modes["store"]["changes_reported_saved"] > 0
    assert modes["tui"]["trials"] == 5
    assert all(modes[m]["most_unreported_in_a_trial"] <= 1 for m in ("store", "tui"))  # the kill lands after one commit
    assert figures["changes_lost"] == 0
    assert figures["partial_imports"] == 0
    assert figures["integrity_failures"] == 0
    for mode in ("import", "codes-import"):
        assert modes[mode]["all"] + modes[mode]["none"] == 5
    assert status == 0
