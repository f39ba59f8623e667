"""observer demo and observer code: open the coding screen."""

from __future__ import annotations

import argparse
import difflib
import getpass
import sys
from pathlib import Path

from observer.cli import add_command, study_argument
from observer.errors import StudyError
from observer.tables import terminal_text


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
    code.add_argument("--rater", required=True, metavar="NAME",
                      help="your rater name, exactly as the study knows it (observer sessions lists them)")
    code.add_argument("--new-rater", action="store_true",
                      help="start coding as a rater the study does not know yet (refused without it)")
    code.add_argument("--session", metavar="ID", help="open this session directly")
    _media_argument(code)


def _media_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--media", default="auto", metavar="auto|video|audio|off",
                        help="play each session's recording in mpv: video in its own window, audio only, or off "
                             "(auto, the default: video when there is a display, else audio; off on a plain "
                             "SSH terminal without sound)")


def _demo(args: argparse.Namespace) -> int:
    from observer.demo import build_demo, default_demo_path

    mode = _media_mode(args.media)  # a bad --media stops here, before anything is built or opened
    path = args.study or default_demo_path()
    study, built = build_demo(path, reset=args.reset)
    sessions = study.sessions()
    study.close()
    print(("built" if built else "opened") + f" the demo study {path}: "
          + ", ".join(f"{s.id} ({s.n_segments} segments)" for s in sessions))
    if args.no_open:
        return 0
    return _open_coder(path, args.rater or _login(), None, mode)


def _code(args: argparse.Namespace) -> int:
    from observer.store import Study

    mode = _media_mode(args.media)  # a bad --media stops here, before anything is opened
    with Study.open(args.study) as study:
        if args.session:
            study.session(args.session)
        rater = known_rater(study.raters(), args.rater, new=args.new_rater)
        if args.session:
            _warn_if_assigned_elsewhere(study, args.session, rater)
        study.ensure_rater(rater)  # a write: a read-only study stops here, before the screen opens
    return _open_coder(args.study, rater, args.session, mode)


def known_rater(raters: list[str], raw: str, *, new: bool = False) -> str:
    """The rater name as stored; a StudyError for a name the study lacks (suggesting a close one) unless ``new``.

    A study without raters takes its first one without ``new``: there is nobody to confuse it with.
    """
    from observer.store.names import clean_name

    name = clean_name(raw)
    if name in raters or new or not raters:
        if name not in raters:
            print(f"observer: starting rater {terminal_text(name)} in this study", file=sys.stderr)
        return name
    close = [r for r in raters if r.casefold() == name.casefold()]
    folded = {r.casefold(): r for r in raters}
    close += [folded[m] for m in difflib.get_close_matches(name.casefold(), list(folded), n=3, cutoff=0.6)
              if folded[m] not in close]
    suggestion = f"Did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    raise StudyError(f"the study has no rater {name!r}", field="--rater",
                     hint=f"{suggestion}Known raters: {_listed(raters)}. To start coding as a new rater, "
                          "add --new-rater.")


def _warn_if_assigned_elsewhere(study, session_id: str, rater: str) -> None:
    """A warning on stderr when the session is assigned, but not to this rater."""
    coders = [a.rater for a in study.assignments() if a.session_id == session_id]
    if coders and rater not in coders:
        print(terminal_text(f"observer: warning: session {session_id} is assigned to {' and '.join(coders)}, "
                            f"not to {rater}; opening it anyway"), file=sys.stderr)


def _listed(names: list[str], limit: int = 8) -> str:
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _media_mode(media: str) -> str:
    from observer.tui.media_settings import media_settings

    return media_settings(media).mode


def _open_coder(path: Path, rater: str, session: str | None, mode: str) -> int:
    from observer.store.backup import rolling_backup
    from observer.tui import ObserverApp

    rolling_backup(path)  # keeps the last OBSERVER_BACKUPS (default 10) copies in STUDY.backups/
    ObserverApp(study=path, rater=rater, session=session, media=mode).run()
    return 0


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "rater"
