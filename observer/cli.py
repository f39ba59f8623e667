"""The ``observer`` command line: parse arguments, call the layers, print clean errors."""

from __future__ import annotations

import argparse
import difflib
import sys
from typing import Callable, Sequence

from observer import __version__
from observer.errors import ObserverError

USER_ERROR = 2
Handler = Callable[[argparse.Namespace], int]


class UnknownArgument(ObserverError):
    """An option (or argument) the command does not have."""


class Parser(argparse.ArgumentParser):
    """argparse that refuses an unknown option with one message naming the closest real one."""

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            raise UnknownArgument(self._unknown(extras[0]), hint=f"See {self.prog} --help.")
        return namespace, extras

    def _unknown(self, given: str) -> str:
        """What is wrong with ``given``, with the closest option when it looks misspelt."""
        if not given.startswith("-") or given == "-":
            return f"unexpected argument {given!r} for {self.prog}"
        flag = given.split("=", 1)[0]
        close = difflib.get_close_matches(flag, list(self._option_string_actions), n=1, cutoff=0.6)
        suggestion = f"; did you mean {close[0]}?" if close else ""
        return f"unknown option {flag} for {self.prog}{suggestion}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; user errors (and failures of files or disks) print one line on stderr and return 2."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UnknownArgument as exc:
        print(f"observer: error: {exc}", file=sys.stderr)
        return USER_ERROR
    if not getattr(args, "handler", None):
        parser.print_help()
        return USER_ERROR
    try:
        return args.handler(args) or 0
    except ObserverError as exc:
        return _error(str(exc))
    except KeyboardInterrupt:
        print("observer: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        return _error(_os_message(exc))
    except MemoryError:
        return _error("ran out of memory, so the command stopped. Check that the files named on the command "
                      "line are the ones meant.")
    except Exception as exc:  # noqa: BLE001 - the command boundary: a library error the layers did not turn
        import csv
        import sqlite3

        if isinstance(exc, (sqlite3.Error, csv.Error, UnicodeError)):
            return _error(f"the command stopped: {exc} ({type(exc).__name__}). Check the files named on the "
                          "command line; if it keeps happening, report it with the command you ran.")
        raise


def _error(message: str) -> int:
    """Print one error line (control characters shown as escapes) and return the user-error status."""
    from observer.tables import terminal_text

    print(f"observer: error: {terminal_text(message)}", file=sys.stderr)
    return USER_ERROR


def _os_message(exc: OSError) -> str:
    """An operating-system failure in words: the file, what went wrong, what to do."""
    where = f"{exc.filename}: " if exc.filename else ""
    what = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        hint = "Check the permissions of the file and its folder."
    elif isinstance(exc, FileNotFoundError):
        hint = "Check the path."
    elif isinstance(exc, IsADirectoryError):
        hint = "Name a file, not a folder."
    else:
        hint = "Check the file, its folder and the free space."
    return f"{where}{what}. {hint}"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command (contract: DESIGN.md 4.1)."""
    from observer.commands import register_all

    parser = Parser(
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
