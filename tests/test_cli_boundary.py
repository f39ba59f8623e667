"""The command boundary answers cleanly: read-only studies, foreign files, bounded reads, unwritable outputs.

Each case runs the real command line and expects exit status 2, one ``observer: error:`` line
naming the file, no traceback, and every file involved byte-identical afterwards.
"""

from __future__ import annotations

import ctypes
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from observer.cli import main
from observer.store import Study

sys.path.insert(0, str(Path(__file__).parent / "bad_inputs"))
from make_studies import build_base_study, foreign_with_meta  # noqa: E402

ROOT = Path(__file__).parent.parent
DEMO = ROOT / "observer" / "data" / "demo"
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _obey_file_modes() -> None:
    """In the child: give up root's override of file permissions, so chmod 444 means read-only (Linux)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)


def cli(*args: object, cwd: Path, **options) -> subprocess.CompletedProcess:
    """``python -m observer ARGS`` in a child that obeys file modes even when the tests run as root."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "observer", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=60, preexec_fn=_obey_file_modes, **options)


def one_error(result: subprocess.CompletedProcess | tuple[int, str], *needles: str) -> str:
    status, err = (result.returncode, result.stderr) if not isinstance(result, tuple) else result
    assert status == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("observer: error:")]
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def snapshot(*paths: Path) -> dict[Path, bytes | None]:
    return {p: p.read_bytes() if p.is_file() else None for p in paths}


@pytest.fixture
def base(tmp_path) -> Path:
    path = tmp_path / "study.observer"
    build_base_study(path).close()
    return path


@pytest.fixture
def read_only(base) -> Path:
    """The base study made read-only (chmod 444), skipped where this process cannot be held to file modes."""
    base.chmod(0o444)
    probe = subprocess.run([sys.executable, "-c", f"open({str(base)!r}, 'r+b')"], capture_output=True,
                           preexec_fn=_obey_file_modes)
    if probe.returncode == 0:
        pytest.skip("this process can write a chmod 444 file (root without a way to drop the override)")
    return base


# -- a read-only study ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["code", "{study}", "--rater", "ann", "--media", "off"],
    ["code", "{study}", "--rater", "cy", "--new-rater", "--media", "off"],
    ["import", "{study}", str(DEMO / "s03-physio.csv"), "--session", "s9"],
    ["codes", "import", "{study}", str(ROOT / "tests" / "bad_inputs" / "base" / "codes.csv")],
    ["assign", "{study}", "--raters", "ann,bob"],
])
def test_a_read_only_study_refuses_writing_commands_cleanly(read_only, command):
    before = snapshot(read_only)
    result = cli(*[part.format(study=read_only) for part in command], cwd=read_only.parent)
    one_error(result, str(read_only.name), "cannot be written")
    assert snapshot(read_only) == before
    assert not Path(f"{read_only}.backups").exists()  # the coder stopped before its rolling backup


def test_a_read_only_study_can_still_be_read_and_exported(read_only, tmp_path):
    assert cli("sessions", read_only, cwd=tmp_path).returncode == 0
    result = cli("export", read_only, "-o", tmp_path / "codes.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "codes.csv").read_text().startswith("session_id,segment_index,segment,")


# -- files that are not studies ------------------------------------------------------------------------


def _foreign(path: Path) -> Path:
    """Another program's SQLite file that happens to have a meta table (and a scheme_hash key)."""
    foreign_with_meta(path)
    return path


@pytest.mark.parametrize("command", [["sessions", "{foreign}"], ["merge", "{study}", "{foreign}"],
                                     ["merge", "{foreign}", "{study}"], ["export", "{foreign}", "-o", "{out}"]])
def test_a_foreign_sqlite_file_with_a_meta_table_stays_byte_identical(base, tmp_path, command):
    foreign = _foreign(tmp_path / "other.db")
    before = snapshot(foreign, base)
    args = [part.format(foreign=foreign, study=base, out=tmp_path / "out.csv") for part in command]
    one_error(cli(*args, cwd=tmp_path), "other.db", "not an observer study")
    assert snapshot(foreign, base) == before
    assert not Path(f"{foreign}-wal").exists() and not Path(f"{foreign}-shm").exists()  # never switched to WAL


def test_a_negative_layout_version_is_refused_without_a_change(base, tmp_path):
    conn = sqlite3.connect(base)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA user_version = -3")
    conn.close()
    before = snapshot(base)
    for command in (["sessions", base], ["codes", "import", base, ROOT / "tests/bad_inputs/base/codes.csv"]):
        one_error(cli(*command, cwd=tmp_path), "study.observer", "not an observer study")
    assert snapshot(base) == before


def test_a_full_disk_names_the_study_and_keeps_it(base, tmp_path):
    import resource
    import signal

    Study.open(base).close()  # checkpointed and closed: the file stands alone
    limit = 8192  # no file may grow past 8 KiB: the write-ahead log of a whole session's import cannot

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    before = list(sqlite3.connect(base).iterdump())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "observer", "import", str(base), str(DEMO / "s01-withdrawal.vtt"),
                             "--session", "big"], capture_output=True, text=True, env=env, timeout=60,
                            preexec_fn=small_disk)
    one_error((result.returncode, result.stderr), "study.observer", "not written")
    assert list(sqlite3.connect(base).iterdump()) == before


# -- bounded reads of codes files ----------------------------------------------------------------------


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "codes.fifo"
    os.mkfifo(fifo)
    return fifo


@pytest.mark.parametrize("source, needle", [
    (lambda tmp: tmp, "is a folder"),
    (_fifo, "not a regular file"),
    (lambda tmp: Path("/dev/zero"), "not a regular file"),
    (lambda tmp: tmp / "missing.csv", "no such file"),
])
def test_codes_import_reads_only_regular_files_and_never_hangs(base, tmp_path, source, needle):
    path = source(tmp_path)
    before = snapshot(base)
    done = threading.Event()
    result: list = []

    def run() -> None:
        result.append(main(["codes", "import", str(base), str(path)]))
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert done.wait(20), "codes import hung"
    assert result == [2]
    assert snapshot(base) == before


def test_codes_import_of_an_unreadable_file_names_it(base, tmp_path):
    codes = tmp_path / "codes.csv"
    codes.write_text("session_id,segment_index,rater,item,value\ns1,0,bob,wd_minimal,1\n")
    codes.chmod(0o000)
    probe = subprocess.run([sys.executable, "-c", f"open({str(codes)!r})"], capture_output=True,
                           preexec_fn=_obey_file_modes)
    if probe.returncode == 0:
        pytest.skip("this process can read a chmod 000 file")
    before = snapshot(base)
    one_error(cli("codes", "import", base, codes, cwd=tmp_path), "codes.csv", "Permission denied")
    assert snapshot(base) == before


def test_a_file_over_the_size_cap_is_refused_before_reading(base, tmp_path, monkeypatch, capsys):
    from observer import codes_io

    codes = tmp_path / "codes.csv"
    codes.write_text("session_id,segment_index,rater,item,value\n" + "s1,0,bob,wd_minimal,1\n" * 50)
    monkeypatch.setattr(codes_io, "MAX_BYTES", 200)
    before = snapshot(base)
    status = main(["codes", "import", str(base), str(codes)])
    one_error((status, capsys.readouterr().err), "codes.csv", "at most 200")
    assert snapshot(base) == before


def test_a_note_longer_than_the_csv_field_limit_is_a_note(base, tmp_path, capsys):
    note = "the client talks about her week; " * 5000  # 165,000 characters: above csv's default 131,072
    codes = tmp_path / "codes.csv"
    codes.write_text(f'session_id,segment_index,rater,item,value,note\ns1,0,bob,wd_minimal,1,"{note}"\n')
    assert main(["codes", "import", str(base), str(codes)]) == 0, capsys.readouterr().err
    with Study.open(base) as study:
        assert [c.note for c in study.codes("s1", "bob")] == [note]


# -- outputs that cannot be written --------------------------------------------------------------------


def test_export_into_a_missing_or_unwritable_folder_or_as_a_study_name(base, tmp_path, capsys):
    status = main(["export", str(base), "-o", str(tmp_path / "missing" / "codes.csv")])
    one_error((status, capsys.readouterr().err), "missing/codes.csv", "does not exist")
    status = main(["export", str(base), "--format", "xlsx", "-o", str(tmp_path / "codes.observer")])
    one_error((status, capsys.readouterr().err), "codes.observer", "study files")
    assert not (tmp_path / "codes.observer").exists()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    one_error(cli("export", base, "-o", locked / "codes.csv", cwd=tmp_path), "locked/codes.csv", "Permission denied")
    one_error(cli("report", base, "--session", "s1", "-o", locked / "r.html", cwd=tmp_path), "locked/r.html")
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("target", ["{study}", "{study}-wal", "{other}", "{dir}"])
def test_export_never_replaces_the_study_an_sqlite_file_or_a_folder(base, tmp_path, capsys, target):
    other = tmp_path / "another.sqlite"
    _foreign(other)
    Study.open(base).close()
    out = Path(target.format(study=base, other=other, dir=tmp_path))
    before = snapshot(base, other, out)
    status = main(["export", str(base), "--format", "csv", "-o", str(out)])
    one_error((status, capsys.readouterr().err), str(out))
    assert snapshot(base, other, out) == before
