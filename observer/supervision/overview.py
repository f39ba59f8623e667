"""The study at a glance, as ``observer sessions`` prints it: each session's plan and progress, each rater's load."""

from __future__ import annotations

from typing import TYPE_CHECKING

from observer.tables import format_duration, format_table

if TYPE_CHECKING:
    from observer.store import Study


def sessions_overview(study: Study) -> str | None:
    """The sessions table (and, with assignments, the workload table) as text; None when there are no sessions."""
    sessions = study.sessions()
    done = study.completed_units()
    raters = study.raters()
    assignments = study.assignments()
    assigned: dict[str, dict[str, str]] = {}
    for a in assignments:
        assigned.setdefault(a.session_id, {})[a.role] = a.rater
    masters = study.master_sessions()
    rows = []
    for s in sessions:
        progress = []
        for rater in raters:
            units = done.get((s.id, rater), set())
            segs = sum(1 for u in units if u is not None)
            if units:
                progress.append(f"{rater} {segs}/{s.n_segments}" + (" +globals" if None in units else ""))
        coders = assigned.get(s.id, {})
        plan = [" + ".join(coders[r] for r in ("primary", "second") if r in coders) or "-",
                "yes" if "second" in coders else ""] if assigned else []
        training = [f"master ({masters[s.id]})" if s.id in masters else ""] if masters else []
        rows.append([s.id, s.therapist, s.client, s.date, format_duration(s.duration), s.n_segments,
                     s.n_utterances, *plan, *training, ", ".join(progress) or "-"])
    if not rows:
        return None
    workload = []
    if assignments:  # the scheme is read only here: loading it costs a quick listing its speed
        has_globals = bool(study.scheme.session_items)
        n_segments = {s.id: s.n_segments for s in sessions}
        finished = {key for key, units in done.items()
                    if len([u for u in units if u is not None]) == n_segments[key[0]]
                    and (None in units or not has_globals)}
        workload = _workload(assignments, finished)
    plan_headers = (["assigned", "double"] if assigned else []) + (["training"] if masters else [])
    text = format_table(["session", "therapist", "client", "date", "duration", "segments", "utterances",
                         *plan_headers, "progress"], rows)
    if workload:
        text += "\n\n" + format_table(["rater", "assigned", "as second", "finished", "to do"], workload)
    return text


def _workload(assignments, finished: set[tuple[str, str]]) -> list[list]:
    """Per rater: sessions assigned, those as second coder, finished (every unit complete), left to do."""
    per_rater: dict[str, list[str]] = {}
    seconds: dict[str, int] = {}
    for a in assignments:
        per_rater.setdefault(a.rater, []).append(a.session_id)
        seconds[a.rater] = seconds.get(a.rater, 0) + (a.role == "second")
    rows = []
    for rater, ids in sorted(per_rater.items()):
        complete = sum((s, rater) in finished for s in ids)
        rows.append([rater, len(ids), seconds[rater], complete, len(ids) - complete])
    return rows
