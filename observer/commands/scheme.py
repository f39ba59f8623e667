"""observer scheme check|show: validate and describe coding schemes."""

from __future__ import annotations

import argparse

from observer.cli import add_command
from observer.commands.safety import register_upgrade


def register(sub) -> None:
    """Add the ``scheme`` command group."""
    parser = sub.add_parser("scheme", help="check or show a coding scheme",
                            description="Check or show a coding scheme.")
    actions = parser.add_subparsers(title="scheme commands", metavar="ACTION", required=True)
    check = add_command(actions, "check", _check, "validate a scheme file; exit 0 or print a clear error")
    check.add_argument("file", metavar="FILE")
    show = add_command(actions, "show", _show, "print a scheme's items, keys and scales (or its YAML)")
    show.add_argument("scheme", metavar="NAME|PATH",
                      help="a shipped scheme (3rs-2015, 3rs-2022-dyadic, wai-o-s) or a file")
    show.add_argument("--yaml", action="store_true",
                      help="print the scheme file itself, comments included, to start your own: "
                           "observer scheme show 3rs-2015 --yaml > my-scheme.yaml")
    register_upgrade(actions)


def _check(args: argparse.Namespace) -> int:
    from observer.scheme import load_scheme

    scheme = load_scheme(args.file)
    n_items = len(scheme.items)
    print(f"{args.file}: ok: {scheme.name} {scheme.version}, {len(scheme.groups)} groups, {n_items} items")
    return 0


def _show(args: argparse.Namespace) -> int:
    import sys

    from observer.scheme import describe, load_scheme

    scheme = load_scheme(args.scheme)
    if args.yaml:
        sys.stdout.write(scheme.text if scheme.text.endswith("\n") else scheme.text + "\n")
    else:
        print(describe(scheme))
    return 0
