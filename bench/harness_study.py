"""The study the safety harnesses code in (3RS 2015, synthetic sessions), on either engine."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a source tree without installing

from observer.scheme import load_scheme  # noqa: E402
from observer.store import NewSession, SessionInfo, StoredUtterance, Study  # noqa: E402

SCHEME = "3rs-2015"
SEGMENT_SECONDS = 300.0


def synthetic_session(session_id: str, duration: float = 3000.0, step: float = 15.0) -> NewSession:
    """A session of ``duration`` seconds with an utterance every ``step`` seconds."""
    bounds = [(start, min(start + SEGMENT_SECONDS, duration))
              for start in (i * SEGMENT_SECONDS for i in range(int(-(-duration // SEGMENT_SECONDS))))]
    utterances = [StoredUtterance(i, i * step, i * step + step - 1, "Therapist" if i % 2 else "Client",
                                  f"utterance {i} of {session_id}", int(i * step // SEGMENT_SECONDS))
                  for i in range(int(duration // step))]
    return NewSession(SessionInfo(id=session_id, duration=duration), utterances, bounds)


def build_study(location: str | Path, n_sessions: int = 4) -> str | Path:
    """A study at ``location`` (a new file or an empty database) with sessions s1..sN of ten 5-minute segments."""
    with Study.create(location, load_scheme(SCHEME)) as study:
        study.add_sessions([synthetic_session(f"s{i}") for i in range(1, n_sessions + 1)])
    return location


class Places:
    """Where a harness keeps its studies: files in its folder, or databases of a throwaway PostgreSQL cluster."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend, self.folder, self.cluster = backend, folder, None
        if backend == "postgresql":
            from pg_cluster import ThrowawayCluster

            self.cluster = ThrowawayCluster(durable=True).__enter__()

    def __enter__(self) -> Places:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.cluster is not None:
            self.cluster.stop()

    def new(self, name: str) -> str | Path:
        """The location of a new, empty study."""
        if self.cluster is None:
            return self.folder / f"{name}.observer"
        return self.cluster.create_database(name)

    def duplicate(self, location: str | Path, name: str) -> str | Path:
        """A copy of a closed study, to try something on it."""
        if self.cluster is None:
            target = self.folder / f"{name}.observer"
            shutil.copyfile(location, target)
            return target
        import psycopg
        from psycopg import sql

        source = psycopg.conninfo.conninfo_to_dict(str(location))["dbname"]
        with psycopg.connect(self.cluster.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name),
                                                                         sql.Identifier(source)))
        return self.cluster.url(name)

    def integrity(self, location: str | Path) -> str:
        """'ok' when the study passes its engine's check and opens; else the problem."""
        if self.cluster is None:
            conn = sqlite3.connect(location)
            try:
                result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                conn.close()
            if result != "ok":
                return result
        try:
            with Study.open(location) as study:
                study.db.execute("SELECT count(*) FROM history").fetchone()
        except Exception as exc:  # the harness reports any failure to open as the problem found
            return f"{type(exc).__name__}: {exc}"
        return "ok"

    def write_marker(self, location: str | Path) -> Path | None:
        """A file that grows when a writer starts its transaction (SQLite's WAL); None for a server."""
        return Path(f"{location}-wal") if self.cluster is None else None


def add_backend_argument(parser) -> None:
    """The --backend option every harness takes."""
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                        help="the engine of the study (postgresql: a throwaway cluster, fsync on)")


def marker_cells(study: Study) -> list[tuple[str, int, str]]:
    """Every (session, segment, marker) of the study: the cells the harnesses toggle."""
    markers = [item.id for item in study.scheme.segment_items if item.is_presence]
    return [(s.id, g.index, m) for s in study.sessions() for g in study.segments(s.id) for m in markers]
