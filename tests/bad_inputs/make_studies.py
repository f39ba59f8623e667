"""Build the bad study files of the corpus, and the base study every case runs against.

Run from the repository root to regenerate the checked-in files after a layout change:

    PYTHONPATH=. python tests/bad_inputs/make_studies.py
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from observer.scheme import load_scheme
from observer.store import NewSession, SessionInfo, StoredUtterance, Study

HERE = Path(__file__).resolve().parent
BASE_SCHEME = HERE / "base" / "scheme.yaml"
NEWER_SCHEME = HERE / "base" / "scheme-v2.yaml"


def session(session_id: str, duration: float = 150.0) -> NewSession:
    """A session cut into 60-second segments, with an utterance every 10 seconds."""
    bounds = [(start, min(start + 60.0, duration)) for start in range(0, int(duration), 60)]
    utterances = [StoredUtterance(i, t, t + 8.0, "Therapist" if i % 2 == 0 else "Client", f"utterance {i}",
                                  int(t // 60)) for i, t in enumerate(range(0, int(duration) - 8, 10))]
    return NewSession(SessionInfo(id=session_id, duration=duration), utterances, bounds)


def build_base_study(path: Path, scheme: Path = BASE_SCHEME, sessions=("s1", "s2")) -> Study:
    """The study the cases run against: sessions s1 and s2 (3 segments each), a few codes by ann."""
    study = Study.create(path, load_scheme(scheme))
    study.add_sessions([session(s) for s in sessions])
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    ann.set_value("s1", 0, "wd_significance", 2)
    ann.set_complete("s1", 0)
    ann.set_value("s2", None, "gl_resolved", 3)
    return study


def _compact(study: Study) -> None:
    """Shrink a study to small pages (small files in git) and close it, still in WAL mode."""
    conn = study.db.connection
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA page_size = 512")
    conn.execute("VACUUM")
    conn.execute("PRAGMA journal_mode = WAL")
    study.close()


def _fresh(name: str) -> Path:
    path = HERE / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def _edited(name: str, *statements: str) -> None:
    """A base study changed by raw SQL, as another tool or a hand edit would leave it."""
    study = build_base_study(_fresh(name))
    for statement in statements:
        study.db.connection.execute(statement)
    _compact(study)


def foreign_with_meta(path: Path) -> None:
    """Another program's SQLite file (rollback journal, not WAL) that has a meta table with a scheme_hash key."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('scheme_hash', 'not a scheme'), ('owner', 'another program')")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()


def make_studies() -> None:
    """Write every generated study file of the corpus."""
    _fresh("studies/not_sqlite.observer").write_text("Session notes, typed into a file named like a study.\n" * 20)
    _fresh("studies/empty.observer").write_bytes(b"")
    _fresh("studies/sqlite_header_only.observer").write_bytes(b"SQLite format 3\x00" + bytes(84))
    _fresh("studies/png_renamed.observer").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)

    _compact(build_base_study(_fresh("studies/locked.observer")))
    whole = (HERE / "studies/locked.observer").read_bytes()
    _fresh("studies/truncated_header.observer").write_bytes(whole[:60])
    _fresh("studies/truncated_half.observer").write_bytes(whole[: len(whole) // 2])

    _edited("studies/newer_version.observer", "PRAGMA user_version = 99")
    _edited("studies/missing_scheme_hash.observer", "DELETE FROM meta WHERE key = 'scheme_hash'")
    newer = load_scheme(NEWER_SCHEME)
    _edited("studies/scheme_drift.observer",
            f"INSERT INTO schemes VALUES ('{newer.content_hash}', 'bad-inputs-base', '2', "
            f"'{newer.text.replace(chr(39), chr(39) * 2)}', '2024-05-01T10:00:00+02:00')",
            f"UPDATE codes SET scheme_hash = '{newer.content_hash}' WHERE item = 'wd_minimal'")

    unrelated = sqlite3.connect(_fresh("studies/unrelated_sqlite.observer"))
    unrelated.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    unrelated.commit()
    unrelated.close()
    for name in ("studies/foreign_with_meta.observer", "others/foreign_with_meta.observer"):
        foreign_with_meta(_fresh(name))
    _edited("studies/negative_version.observer", "PRAGMA user_version = -3")

    other = build_base_study(_fresh("others/other_scheme_version.observer"), NEWER_SCHEME)
    _compact(other)
    other = build_base_study(_fresh("others/unknown_session.observer"), sessions=("s1", "s2", "s3"))
    other.for_rater("ann").set_value("s3", 0, "wd_shift", 1)
    _compact(other)
    other = build_base_study(_fresh("others/conflicting.observer"))
    other.for_rater("ann").set_note("s1", 0, "wd_minimal", "coded on the laptop")
    _compact(other)
    other = Study.create(_fresh("others/segments_differ.observer"), load_scheme(BASE_SCHEME))
    other.add_sessions([session("s1", duration=200.0), session("s2")])
    other.for_rater("cy").set_value("s1", 3, "wd_shift", 1)
    _compact(other)


if __name__ == "__main__":
    make_studies()
