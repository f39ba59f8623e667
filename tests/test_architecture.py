"""Import hygiene: the headless layers never load Textual; the TUI never loads pandas at start."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = [
    "observer",
    "observer.errors",
    "observer.scheme",
    "observer.ingest",
    "observer.store",
    "observer.store.frames",
    "observer.importing",
    "observer.codes_io",
    "observer.export",
    "observer.cli",
    "observer.reliability",
    "observer.summary",
    "observer.media",
    "observer.report",
    "observer.supervision",
]


def _loaded_after_import(module: str, statement: str = "") -> set[str]:
    code = f"import sys, {module}\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_modules_do_not_import_textual(module: str) -> None:
    loaded = _loaded_after_import(module)
    assert "textual" not in loaded, f"{module} imports textual"


@pytest.mark.parametrize("module", ["observer", "observer.cli", "observer.store", "observer.scheme"])
def test_core_modules_do_not_import_pandas(module: str) -> None:
    loaded = _loaded_after_import(module)
    assert "pandas" not in loaded, f"{module} imports pandas at import time"


def test_starting_the_coder_does_not_import_pandas_or_krippendorff() -> None:
    loaded = _loaded_after_import("observer.tui", "from observer.tui import ObserverApp")
    assert "textual" in loaded
    assert "pandas" not in loaded
    assert "krippendorff" not in loaded


def test_command_line_parser_builds_without_heavy_imports() -> None:
    loaded = _loaded_after_import("observer.cli", "observer.cli.build_parser()")
    assert not {"pandas", "textual", "krippendorff", "matplotlib"} & loaded


def test_a_study_file_never_loads_the_postgresql_driver(tmp_path) -> None:
    study = tmp_path / "s.observer"
    statement = (f"from observer.scheme import load_scheme\nfrom observer.store import Study\n"
                 f"Study.create({str(study)!r}, load_scheme('3rs-2015')).close()\n"
                 f"from observer.tui import ObserverApp\napp = ObserverApp({str(study)!r}, 'ann')\n"
                 f"app.study.close()")
    loaded = _loaded_after_import("observer.store", statement)
    assert not {"psycopg", "argon2"} & loaded


def test_engine_specific_sql_stays_in_the_engine_modules() -> None:
    from pathlib import Path

    store = Path(__file__).parents[1] / "observer" / "store"
    dialect = ("PRAGMA", "INSERT OR", "WITHOUT ROWID", "AUTOINCREMENT", "rowid", "last_insert_rowid", "%s",
               "psycopg", "sqlite3", "JSONB", "ROW LEVEL")
    for module in store.glob("*.py"):
        if module.name in ("sqlite.py", "postgresql.py"):
            continue
        text = module.read_text()
        found = [word for word in dialect if word in text]
        assert not found, f"{module.name} holds engine-specific code: {found}"
