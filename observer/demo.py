"""The demo study: bundled synthetic sessions imported into a study in the user's data folder."""

from __future__ import annotations

import json
import shutil
from importlib.resources import as_file, files
from pathlib import Path

from observer.importing import SessionDetails, import_files
from observer.scheme import load_scheme
from observer.store import Study

DEMO_SCHEME = "3rs-2015"


def default_demo_path() -> Path:
    """Where ``observer demo`` keeps its study: the user's data folder."""
    from platformdirs import user_data_path

    return user_data_path("observer") / "demo" / "demo.observer"


def demo_manifest() -> list[dict]:
    """The bundled demo sessions: id, file, format, therapist, client, date, description."""
    return json.loads(files("observer.data").joinpath("demo", "manifest.json").read_text("utf-8"))


def build_demo(path: Path, *, reset: bool = False) -> tuple[Study, bool]:
    """Open the demo study at ``path``, building it first when missing (or when ``reset``).

    Returns the study and whether it was newly built. An existing demo study is
    kept so that codes entered in an earlier demo are never thrown away.
    """
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    if path.exists():
        return Study.open(path), False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    study = Study.create(tmp, load_scheme(DEMO_SCHEME))
    demo = files("observer.data").joinpath("demo")
    for entry in demo_manifest():
        details = SessionDetails(entry["id"], entry.get("therapist", ""), entry.get("client", ""),
                                 entry.get("date", ""), None, None)
        with as_file(demo.joinpath(entry["file"])) as source:
            import_files(study, [source], details, format=entry["format"])
        media = entry.get("media")
        if media:
            with as_file(demo.joinpath(media)) as recording:
                target = path.parent / Path(media).name
                shutil.copyfile(recording, target)
            study.set_media(entry["id"], target.name)
    study.db.checkpoint()
    study.close()
    tmp.rename(path)
    return Study.open(path), True
