"""The ``observer`` command line: parse arguments, call the layers, print clean errors."""

from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from observer import __version__
from observer.errors import ObserverError

USER_ERROR = 2
Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; user errors print one line on stderr and return 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return USER_ERROR
    try:
        return args.handler(args) or 0
    except ObserverError as exc:
        print(f"observer: error: {exc}", file=sys.stderr)
        return USER_ERROR
    except KeyboardInterrupt:
        print("observer: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command (contract: DESIGN.md 4.1)."""
    from observer.commands import register_all

    parser = argparse.ArgumentParser(
        prog="observer",
        description="Code alliance ruptures and their resolution in recorded sessions.",
    )
    parser.add_argument("--version", action="version", version=f"observer {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    register_all(sub)
    return parser


def add_command(sub, name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
    """Add a subcommand whose handler receives the parsed arguments."""
    command = sub.add_parser(name, help=help, description=help)
    command.set_defaults(handler=handler)
    return command


def study_argument(parser: argparse.ArgumentParser) -> None:
    """The STUDY positional argument shared by most commands: a file path or a PostgreSQL URL."""
    from observer.store.engine import study_target

    parser.add_argument("study", type=study_target, metavar="STUDY",
                        help="the study: a file (.observer) or a postgresql://USER@HOST/DB URL")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
