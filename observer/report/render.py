"""HTML from the report's content: Jinja2 templates with autoescaping (transcripts and notes are user text)."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from observer import __version__


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment: package templates, every value escaped, undefined names an error."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("observer.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(context: dict) -> str:
    """One session's report as a self-contained HTML page (see :func:`observer.report.build.report_context`)."""
    return environment().get_template("report.html").render(**context, version=__version__)


def render_index(entries: list[dict], *, study: str, scheme: str) -> str:
    """The index page of ``--all``: one row per session, linking to its report when it has one."""
    return environment().get_template("index.html").render(entries=entries, study=study, scheme=scheme,
                                                           version=__version__)
