"""A study a lab shares on one server: every backup follows the study's group and mode; a private study stays private.

docs/sharing.md describes the set-up (a group, a setgid folder, umask 007) that these tests mimic.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from observer.cli import main
from observer.store import Study
from observer.store.backup import backups_folder


def _other_group() -> int | None:
    """A group to give the study that is not simply ours (any id as root, else one of our other groups)."""
    if os.geteuid() == 0:
        return 4242
    others = [g for g in os.getgroups() if g != os.getegid()]
    return others[0] if others else None


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def side_files(study: Path) -> list[Path]:
    """Every backup the commands left: rolling ones, observer backup's, merge's and upgrade's."""
    return sorted(backups_folder(study).glob("*.observer"))


def _every_backup_maker(study: Path, tmp_path: Path, monkeypatch) -> None:
    """Run each command that backs a study up: the coder (rolling), backup, merge, scheme upgrade."""
    from observer.tui import ObserverApp

    monkeypatch.setattr(ObserverApp, "run", lambda self: None)
    assert main(["code", str(study), "--rater", "ann", "--media", "off"]) == 0
    assert main(["backup", str(study)]) == 0
    laptop = tmp_path / "laptop.observer"
    assert main(["backup", str(study), str(laptop)]) == 0
    with Study.open(laptop) as copy:
        copy.for_rater("cy").set_value("s1", 1, "wd_shift", 1)
    assert main(["merge", str(study), str(laptop)]) == 0
    scheme = Path(__file__).parent / "fixtures" / "mini-scheme.yaml"
    newer = tmp_path / "mini-2.yaml"
    newer.write_text(scheme.read_text().replace('version: "1"', 'version: "2"'))
    (tmp_path / "map.yaml").write_text("{}\n")
    assert main(["scheme", "upgrade", str(study), str(newer), "--map", str(tmp_path / "map.yaml")]) == 0


@pytest.mark.sqlite_only
def test_a_group_shared_study_gets_group_backups(study, tmp_path, monkeypatch, capsys):
    group = _other_group()
    if group is None:
        pytest.skip("no second group to share the study with")
    path = study.path
    study.for_rater("ann").set_value("s1", 0, "wd_minimal", 1)
    study.close()
    os.chown(path, -1, group)
    path.chmod(0o660)
    _every_backup_maker(path, tmp_path, monkeypatch)
    folder = backups_folder(path)
    assert folder.stat().st_gid == group
    assert mode(folder) == 0o2770  # group rwx, and setgid: files made in it inherit the group
    copies = side_files(path)
    assert len(copies) >= 4  # rolling, backup, merge, upgrade
    for copy in copies:
        assert copy.stat().st_gid == group, copy
        assert mode(copy) == 0o660, copy
    assert mode(path) == 0o660 and path.stat().st_gid == group  # the study itself keeps its access


@pytest.mark.sqlite_only
def test_an_owner_only_study_keeps_every_backup_owner_only(study, tmp_path, monkeypatch, capsys):
    path = study.path
    study.for_rater("ann").set_value("s1", 0, "wd_minimal", 1)
    study.close()
    assert mode(path) == 0o600
    _every_backup_maker(path, tmp_path, monkeypatch)
    assert mode(backups_folder(path)) == 0o700
    copies = side_files(path)
    assert len(copies) >= 4 and all(mode(copy) == 0o600 for copy in copies)


@pytest.mark.sqlite_only
def test_exports_and_reports_stay_private_even_from_a_shared_study(study, tmp_path, capsys):
    path = study.path
    study.for_rater("ann").set_value("s1", 0, "wd_minimal", 1)
    study.close()
    path.chmod(0o660)
    out = tmp_path / "codes.csv"
    assert main(["export", str(path), "-o", str(out)]) == 0
    assert main(["report", str(path), "--session", "s1", "-o", str(tmp_path / "r.html")]) == 0
    assert mode(out) == 0o600 and mode(tmp_path / "r.html") == 0o600  # shared only when someone means to
