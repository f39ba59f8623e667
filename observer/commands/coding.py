"""observer demo and observer code: open the coding screen."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from observer.cli import add_command, study_argument


def register(sub) -> None:
    """Add the commands that open the coder."""
    demo = add_command(sub, "demo", _demo, "build the demo study from bundled sessions and open the coder")
    demo.add_argument("--rater", default=None, metavar="NAME", help="your rater name (default: your login)")
    demo.add_argument("--study", type=Path, metavar="PATH", help="where to keep the demo study")
    demo.add_argument("--reset", action="store_true", help="rebuild the demo study, discarding its codes")
    demo.add_argument("--no-open", action="store_true", help="build the study but do not open the coder")
    _media_argument(demo)

    code = add_command(sub, "code", _code, "open the coding screen for a rater")
    study_argument(code)
    code.add_argument("--rater", required=True, metavar="NAME")
    code.add_argument("--session", metavar="ID", help="open this session directly")
    _media_argument(code)


def _media_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--media", default="auto", metavar="auto|video|audio|off",
                        help="play each session's recording in mpv: video in its own window, audio only, or off "
                             "(auto, the default: video when there is a display, else audio; off on a plain "
                             "SSH terminal without sound)")


def _demo(args: argparse.Namespace) -> int:
    from observer.demo import build_demo, default_demo_path

    path = args.study or default_demo_path()
    study, built = build_demo(path, reset=args.reset)
    sessions = study.sessions()
    study.close()
    print(("built" if built else "opened") + f" the demo study {path}: "
          + ", ".join(f"{s.id} ({s.n_segments} segments)" for s in sessions))
    if args.no_open:
        return 0
    return _open_coder(path, args.rater or _login(), None, args.media)


def _code(args: argparse.Namespace) -> int:
    from observer.store import Study

    with Study.open(args.study) as study:
        if args.session:
            study.session(args.session)
    return _open_coder(args.study, args.rater, args.session, args.media)


def _open_coder(path: Path, rater: str, session: str | None, media: str) -> int:
    from observer.store.backup import rolling_backup
    from observer.tui import ObserverApp
    from observer.tui.media_settings import media_settings

    mode = media_settings(media).mode  # a bad --media stops here, before anything is opened
    rolling_backup(path)  # keeps the last OBSERVER_BACKUPS (default 10) copies in STUDY.backups/
    ObserverApp(study=path, rater=rater, session=session, media=mode).run()
    return 0


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "rater"
