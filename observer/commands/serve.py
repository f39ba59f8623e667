"""observer serve: the lab server, so raters and supervisors work in a browser, logged in."""

from __future__ import annotations

import argparse
from pathlib import Path

from observer.cli import add_command, study_argument


def register(sub) -> None:
    """Add the serve command."""
    from observer.web.config import DEFAULT_HOST, DEFAULT_PORT, SESSION_HOURS

    serve = add_command(sub, "serve", _serve, "serve the study to browsers: logins, coding, review, recordings")
    study_argument(serve)
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help=f"address to listen on (default {DEFAULT_HOST}; another address needs TLS or a proxy)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    serve.add_argument("--certfile", type=Path, metavar="FILE", help="TLS certificate chain (PEM), with --keyfile")
    serve.add_argument("--keyfile", type=Path, metavar="FILE", help="TLS private key (PEM), with --certfile")
    serve.add_argument("--trust-proxy-header", metavar="HEADER",
                       help="take the account from this header, set by an authenticating reverse proxy on this "
                            "machine (the server then listens on loopback only)")
    serve.add_argument("--session-hours", type=float, default=SESSION_HOURS, metavar="H",
                       help=f"how long a login lasts (default {SESSION_HOURS:g} hours)")


def _serve(args: argparse.Namespace) -> int:
    from observer.store import Study
    from observer.store.engine import shown
    from observer.web.config import ServeConfig, check_config, tls_context

    config = ServeConfig(args.study, host=args.host, port=args.port, certfile=args.certfile, keyfile=args.keyfile,
                         trust_proxy_header=args.trust_proxy_header, session_seconds=args.session_hours * 3600)
    check_config(config)
    tls_context(config)  # certificate files that do not load stop here, before anything listens
    with Study.open(args.study) as study:  # a bad study is a one-line error before the server starts
        if not study.accounts():
            print(f"no accounts yet: nobody can log in. Add one with: observer users add {shown(args.study)} "
                  "NAME --role rater")
    from observer.errors import ServeError
    from observer.web.server import LabServer

    try:
        LabServer(config).serve()
    except OSError as exc:  # the port is taken, or below 1024 without the right
        raise ServeError(f"cannot listen on {config.host}:{config.port} ({exc.strerror or exc})", field="--port",
                         hint="Choose another --port, or stop the program that uses this one.") from None
    return 0
