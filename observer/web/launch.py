"""The app process of one browser connection: ``python -m observer.web.launch KIND [SESSION]``.

The server starts it with the study and the account in the environment
(``observer.web.apps``); it runs that account's app under textual-serve's web
driver. A study that cannot be opened shows its message in the page instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from observer.errors import ObserverError
from observer.store.engine import study_target
from observer.web.apps import ACCOUNT_VARIABLE, CODE, CONSENSUS, REVIEW, START, STUDY_VARIABLE


def build_app(kind: str, target: str, account: str, session: str | None):
    """The Textual app for one kind of connection, as ``account`` on the study at ``target``."""
    study = study_target(target)
    if kind == CODE:
        from observer.tui import ObserverApp

        return ObserverApp(study=study, rater=account, media="browser")
    if kind == START:
        from observer.tui.supervisor_app import SupervisorApp

        return SupervisorApp(study=study, supervisor=account)
    if kind == REVIEW:
        from observer.tui.review_app import ReviewApp

        return ReviewApp(study=study)
    if kind == CONSENSUS and session:
        from observer.tui.consensus_app import ConsensusApp

        return ConsensusApp(study=study, session=session, supervisor=account)
    raise ObserverError(f"the server asked for an unknown app {kind!r}", hint="Restart observer serve.")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app the server chose; a problem opening it is shown in the page."""
    kind, *rest = list(sys.argv[1:] if argv is None else argv) or [""]
    try:
        app = build_app(kind, os.environ[STUDY_VARIABLE], os.environ[ACCOUNT_VARIABLE], rest[0] if rest else None)
    except ObserverError as exc:
        from observer.tui.problem_app import ProblemApp

        app = ProblemApp(str(exc))
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
