"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb + pg_ctl in a temporary folder.

The server listens only on a Unix socket in that folder. Its superuser logs in without a
password (``local all <superuser> trust``); every other role needs its password (SCRAM),
as on a lab's server. Run as root, the cluster runs as the ``postgres`` user (initdb refuses
root). ``python bench/pg_cluster.py`` starts one, prints its superuser URL as JSON, and
stops it at Enter.

    with ThrowawayCluster() as cluster:
        url = cluster.create_database("study1")
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote


class ClusterUnavailable(Exception):
    """PostgreSQL's server programs are not installed, or the cluster would not start."""


def server_bin() -> Path:
    """The folder of initdb and pg_ctl (Debian keeps them out of PATH)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise ClusterUnavailable("PostgreSQL's server (initdb, pg_ctl) is not installed; "
                                 "on Debian: apt-get install postgresql")
    return Path(candidates[-1]).parent


class ThrowawayCluster:
    """Start a private cluster on enter, stop it and remove its files on exit."""

    def __init__(self, *, durable: bool = False) -> None:
        self.bin = server_bin()
        self.durable = durable  # fsync on, as a real server (for benchmarks); off is faster for tests
        self.folder = Path(tempfile.mkdtemp(prefix="observer-pg-"))
        self.socket_dir = self.folder
        self.data = self.folder / "data"
        self.as_postgres = os.geteuid() == 0
        self.superuser = "postgres" if self.as_postgres else pwd.getpwuid(os.geteuid()).pw_name

    def __enter__(self) -> ThrowawayCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """initdb (UTF-8, C locale), then pg_ctl start on the socket only."""
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
            self.folder.chmod(0o700)
        self._run(self.bin / "initdb", "-D", self.data, "-U", self.superuser, "--encoding=UTF8",
                  "--locale=C", "--auth=trust")  # pg_hba.conf is written next
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"local all {self.superuser} trust\nlocal all all scram-sha-256\n")
        options = f"-k {self.socket_dir} -c listen_addresses='' -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(self.bin / "pg_ctl", "-D", self.data, "-w", "-t", "30", "-l", self.folder / "server.log",
                  "-o", options, "start")

    def stop(self) -> None:
        """Stop the server at once and remove every file of the cluster."""
        if (self.data / "postmaster.pid").exists():
            try:
                self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
            except ClusterUnavailable:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        """A libpq URL for a database of this cluster, over its socket."""
        who = quote(user or self.superuser) + (f":{quote(password)}" if password else "")
        return f"postgresql://{who}@/{quote(database)}?host={quote(str(self.socket_dir))}"

    def create_database(self, name: str) -> str:
        """Create an empty database; returns the superuser's URL for it."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def _run(self, *command: object) -> None:
        args = [str(part) for part in command]
        if self.as_postgres:
            args = ["runuser", "-u", "postgres", "--", *args]
        result = subprocess.run(args, capture_output=True, text=True, cwd=self.folder)
        if result.returncode != 0:
            raise ClusterUnavailable(f"{Path(str(command[0])).name} failed: "
                                     f"{(result.stderr or result.stdout).strip()[-500:]}")


if __name__ == "__main__":
    with ThrowawayCluster() as running:
        print(json.dumps({"url": running.url(), "socket": str(running.socket_dir)}), flush=True)
        input()
