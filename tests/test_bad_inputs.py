"""The bad-input corpus: each malformed file gets one clear error, exit status 2, and leaves the study as it was."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).parent / "bad_inputs"
ROOT = Path(__file__).parent.parent
MANIFEST = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
CASES = MANIFEST["cases"]
GENERATED = {"make_studies.py", "cases.yaml", "README.md"}

sys.path.insert(0, str(CORPUS))
from make_studies import build_base_study  # noqa: E402

_LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


def _corpus_files() -> set[str]:
    return {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
            if p.is_file() and p.parent != CORPUS / "base" and p.name not in GENERATED
            and "__pycache__" not in p.parts}


def test_the_corpus_is_large_and_every_file_has_a_case():
    listed = {case["file"] for case in CASES}
    assert listed == _corpus_files()
    assert len(listed) >= 60
    folders = {name.split("/")[0] for name in listed}
    assert folders == {"schemes", "maps", "transcripts", "codes", "studies", "others"}
    extensions = {Path(name).suffix for name in listed if name.startswith("transcripts/")}
    assert {".srt", ".vtt", ".eaf", ".csv", ".txt"} <= extensions


@contextmanager
def _locked(path: Path):
    """Another process holding an exclusive lock on the study for the duration of the block."""
    holder = subprocess.Popen([sys.executable, "-c", _LOCK_HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "observer", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def _state(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize("case", CASES, ids=[c.get("id", c["file"]) for c in CASES])
def test_bad_input_gives_one_clear_error_and_leaves_the_study_unchanged(case, tmp_path):
    folder = case["file"].split("/")[0]
    file = CORPUS / case["file"]
    study = tmp_path / "study.observer"
    build_base_study(study).close()
    if folder in ("studies", "others"):  # commands may open these files: work on copies
        file = shutil.copy(file, tmp_path / file.name)
        if folder == "studies":
            study = Path(file)
    command = case.get("command", MANIFEST["commands"][folder])
    args = [part.format(file=file, study=study, base=CORPUS / "base") for part in shlex.split(command, comments=True)]
    before = _state(study)

    if case.get("setup") == "lock":
        with _locked(study):
            result = _run(args, tmp_path)
    else:
        result = _run(args, tmp_path)

    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("observer: error:")]
    assert len(errors) == 1, result.stderr
    named = case.get("names", Path(case["file"]).name)
    assert named in errors[0]
    if "line" in case:
        assert f"{named}:{case['line']}:" in errors[0]
    assert _state(study) == before
    assert not Path(f"{study}-wal").exists() or Path(f"{study}-wal").stat().st_size == 0
