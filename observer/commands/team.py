"""observer users and copy: the accounts of a team, and moving a study between a file and PostgreSQL."""

from __future__ import annotations

import argparse
import getpass
import sys

from observer.cli import add_command, study_argument
from observer.errors import StudyError
from observer.store.engine import shown, study_target

MAX_PASSWORD_BYTES = 4096


def register(sub) -> None:
    """Add the account and copy commands."""
    users = sub.add_parser("users", help="accounts for the lab server (and, on PostgreSQL, the database)",
                           description="Accounts: who may log in to observer serve, as rater or supervisor.")
    actions = users.add_subparsers(title="users commands", metavar="ACTION", required=True)
    add = add_command(actions, "add", _add, "add an account")
    study_argument(add)
    add.add_argument("name", metavar="NAME", help="the account name (a rater's name is their rater name)")
    add.add_argument("--role", required=True, choices=["rater", "supervisor"])
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    password = add_command(actions, "password", _password, "set a new password for an account")
    study_argument(password)
    password.add_argument("name", metavar="NAME")
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    listing = add_command(actions, "list", _list, "list the accounts")
    study_argument(listing)
    remove = add_command(actions, "remove", _remove, "remove an account (its codes and history stay)")
    study_argument(remove)
    remove.add_argument("name", metavar="NAME")

    copy = add_command(sub, "copy", _copy, "copy a study to a new file or an empty PostgreSQL database")
    copy.add_argument("source", type=study_target, metavar="SRC", help="the study to copy (a file or a URL)")
    copy.add_argument("dest", type=study_target, metavar="DEST", help="a new file, or an empty database's URL")


def _add(args: argparse.Namespace) -> int:
    from observer.store import Study

    with Study.open(args.study) as study:
        account = study.add_account(args.name, args.role, _read_password(args.password_stdin))
    print(f"added {account.role} {account.name!r} to {shown(args.study)}")
    return 0


def _password(args: argparse.Namespace) -> int:
    from observer.store import Study

    with Study.open(args.study) as study:
        study.set_password(args.name, _read_password(args.password_stdin))
    print(f"set a new password for {args.name!r}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from observer.store import Study
    from observer.tables import format_table

    with Study.open(args.study) as study:
        accounts = study.accounts()
    if not accounts:
        print(f"no accounts yet; add one with: observer users add {shown(args.study)} NAME --role rater")
        return 0
    print(format_table(["account", "role", "created"], [[a.name, a.role, a.created_at[:19]] for a in accounts]))
    return 0


def _remove(args: argparse.Namespace) -> int:
    from observer.store import Study

    with Study.open(args.study) as study:
        study.remove_account(args.name)
    print(f"removed the account {args.name!r}; its codes and history stay in the study")
    return 0


def _copy(args: argparse.Namespace) -> int:
    from observer.store.copying import copy_study, describe

    report = copy_study(args.source, args.dest)
    print(describe(report, args.source, args.dest))
    return 0


def _read_password(from_stdin: bool) -> str:
    """The new password: the first line of standard input, or typed twice at a prompt."""
    if from_stdin:
        line = sys.stdin.readline(MAX_PASSWORD_BYTES + 1)
        if len(line) > MAX_PASSWORD_BYTES:
            raise StudyError("the password on standard input is too long", field="--password-stdin",
                             hint=f"Use at most {MAX_PASSWORD_BYTES} characters.")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise StudyError("no terminal to ask for the password", field="--password-stdin",
                         hint="Pass --password-stdin and give the password on standard input.")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise StudyError("the two passwords differ", hint="Run the command again.")
    return first
