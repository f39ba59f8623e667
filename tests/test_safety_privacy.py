"""Privacy: study files, their journals and backups are owner-only; the command line opens no network connection."""

from __future__ import annotations

import ipaddress
import socket
import stat
from pathlib import Path

import pytest

from observer.cli import main
from observer.store import Study

FIXTURES = Path(__file__).parent / "fixtures"


class NetworkAttempt(AssertionError):
    """Raised when code under test tries to reach a non-local address."""


def _local(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail the test if anything connects to, or looks up, a non-local address."""
    real_getaddrinfo = socket.getaddrinfo

    def guarded(real):
        def connect(sock, address):
            if sock.family != socket.AF_UNIX and not _local(address[0]):
                raise NetworkAttempt(f"network connection attempted to {address!r}")
            return real(sock, address)
        return connect

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _local(host):
            raise NetworkAttempt(f"name lookup attempted for {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(socket.socket.connect_ex))
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_the_guard_catches_a_connection_and_a_lookup():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkAttempt):
        sock.connect(("192.0.2.1", 80))
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("example.org", 443), timeout=1)


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def test_the_command_line_workflows_stay_offline_and_keep_files_private(tmp_path, capsys):
    study = tmp_path / "lab.observer"
    copy = tmp_path / "laptop.observer"
    run = lambda *args: main([str(a) for a in args])  # noqa: E731
    assert run("init", study, "--scheme", FIXTURES / "mini-scheme.yaml") == 0
    assert run("import", study, FIXTURES / "transcripts" / "session.srt", "--session", "s1", "--duration", 200) == 0
    codes = tmp_path / "codes.csv"
    codes.write_text("session_id,segment_index,rater,item,value\n"
                     "s1,0,ann,wd_minimal,1\ns1,0,bob,wd_minimal,1\ns1,0,bob,wd_significance,2\n")
    assert run("codes", "import", study, codes) == 0
    assert run("backup", study, tmp_path / "copy-for-laptop.observer") == 0
    (tmp_path / "copy-for-laptop.observer").rename(copy)
    with Study.open(copy) as laptop:
        laptop.for_rater("cy").set_value("s1", 1, "wd_shift", 1)
    assert run("merge", study, copy) == 0
    assert run("history", study, "--format", "json") == 0
    assert run("sessions", study) == 0
    assert run("export", study, "-o", tmp_path / "codes-out.csv") == 0
    assert run("reliability", study) == 0
    assert run("summary", study) == 0
    assert run("report", study, "--session", "s1", "-o", tmp_path / "report.html") == 0
    upgraded = tmp_path / "mini-2.yaml"
    upgraded.write_text((FIXTURES / "mini-scheme.yaml").read_text().replace('version: "1"', 'version: "2"'))
    (tmp_path / "map.yaml").write_text("{}\n")
    assert run("scheme", "upgrade", study, upgraded, "--map", tmp_path / "map.yaml") == 0
    capsys.readouterr()
    private = [study, copy, *backups(study)]
    assert len(private) >= 4  # the merge and the upgrade each backed the study up first
    assert all(_private(p) for p in private)


def backups(study: Path) -> list[Path]:
    return sorted(study.with_name(study.name + ".backups").glob("*.observer"))


@pytest.mark.sqlite_only
def test_journal_files_are_private_too(study):
    study.for_rater("ann").set_value("s1", 0, "wd_minimal", 1)
    journals = [Path(f"{study.path}-wal"), Path(f"{study.path}-shm")]
    assert all(p.exists() and _private(p) for p in journals)
