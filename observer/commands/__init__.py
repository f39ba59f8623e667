"""The subcommands of ``observer``, one module per area; each registers its parsers."""

from __future__ import annotations


def register_all(sub) -> None:
    """Register every subcommand on the argparse subparsers object."""
    from observer.commands import (analysis, coding, data, report, review, safety, scheme, serve, study, supervise,
                                   team)

    for module in (study, data, coding, scheme, analysis, report, safety, supervise, review, team, serve):
        module.register(sub)
