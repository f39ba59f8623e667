"""Tidy pandas frames of a study, for exports and analysis (imports pandas when called)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from observer.store.records import Code
from observer.store.study import Study

if TYPE_CHECKING:
    import pandas as pd

CODE_COLUMNS = [
    "session_id", "segment_index", "segment_start", "segment_end",
    "rater", "item", "value", "note", "coded_at", "evidence",
]


def codes_frame(study: Study, *, session_id: str | None = None, rater: str | None = None) -> pd.DataFrame:
    """Codes in the long format of DESIGN.md 4.2, one row per recorded value.

    Presence markers a rater left unmarked in a unit they marked complete (and
    whose values keep the scheme's rules) are written as explicit 0: the rater
    saw the segment and found no such marker. Uncoded units have no rows.
    """
    import pandas as pd

    scheme = study.scheme
    bounds = {(s.session_id, s.index): (s.start, s.end) for sid in _session_ids(study, session_id)
              for s in study.segments(sid)}
    units: dict[tuple, dict[str, Code]] = defaultdict(dict)
    rows = []
    for c in study.codes(session_id, rater):
        units[(c.session_id, c.segment, c.rater)][c.item] = c
        rows.append((c.session_id, c.segment, c.rater, c.item, c.value, c.note, c.coded_at,
                     ";".join(map(str, c.evidence))))
    markers = [item.id for item in scheme.segment_items if item.is_presence]
    for (sid, who), segments in study.completed_units(session_id).items():
        if rater is not None and who != rater:
            continue
        for segment, completed_at in segments.items():
            unit = units.get((sid, segment, who), {})
            values = {item: c.value for item, c in unit.items() if c.value is not None}
            if segment is None or scheme.check_unit(values):
                continue
            rows.extend((sid, segment, who, item, 0, "", completed_at, "") for item in markers if item not in unit)
    frame = pd.DataFrame(rows, columns=["session_id", "segment_index", "rater", "item", "value", "note",
                                        "coded_at", "evidence"])
    frame["segment_index"] = frame["segment_index"].astype("Int64")
    frame["segment_start"] = [bounds.get((s, g), (None, None))[0] if pd.notna(g) else None
                              for s, g in zip(frame["session_id"], frame["segment_index"])]
    frame["segment_end"] = [bounds.get((s, g), (None, None))[1] if pd.notna(g) else None
                            for s, g in zip(frame["session_id"], frame["segment_index"])]
    order = {item.id: i for i, item in enumerate(scheme.items)}
    frame["_order"] = frame["item"].map(order)
    frame = frame.sort_values(["session_id", "segment_index", "rater", "_order"], na_position="last", kind="stable")
    return frame[CODE_COLUMNS].reset_index(drop=True)


def utterances_frame(study: Study, *, session_id: str | None = None) -> pd.DataFrame:
    """Every utterance with its session and segment."""
    import pandas as pd

    rows = [
        (sid, u.index, u.segment, u.start, u.end, u.speaker, u.text)
        for sid in _session_ids(study, session_id) for u in study.utterances(sid)
    ]
    return pd.DataFrame(rows, columns=["session_id", "utterance_index", "segment_index", "start", "end",
                                       "speaker", "text"])


def segments_frame(study: Study, *, session_id: str | None = None) -> pd.DataFrame:
    """Every segment, with each rater's completion and unit note (one row per segment and rater)."""
    import pandas as pd

    states = {(s, g, r): (c, n) for s, g, r, c, n in study.unit_notes(session_id)}
    rows = []
    for sid in _session_ids(study, session_id):
        counts: dict[int, int] = {}
        for u in study.utterances(sid):
            counts[u.segment] = counts.get(u.segment, 0) + 1
        for seg in study.segments(sid):
            raters = sorted(r for (s, g, r) in states if s == sid and g == seg.index)
            base = (sid, seg.index, seg.start, seg.end, counts.get(seg.index, 0))
            rows.extend(base + (r, *states[(sid, seg.index, r)]) for r in raters)
            if not raters:
                rows.append(base + ("", False, ""))
    return pd.DataFrame(rows, columns=["session_id", "segment_index", "start", "end", "n_utterances",
                                       "rater", "complete", "note"])


def sessions_frame(study: Study) -> pd.DataFrame:
    """Every session with its metadata, duration and counts."""
    import pandas as pd

    rows = [
        (s.id, s.therapist, s.client, s.date, s.duration, s.n_segments, s.n_utterances, s.media_path)
        for s in study.sessions()
    ]
    return pd.DataFrame(rows, columns=["session_id", "therapist", "client", "date", "duration", "n_segments",
                                       "n_utterances", "media_path"])


def study_frames(study: Study) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The codes, segments and sessions frames the analysis modules take."""
    return codes_frame(study), segments_frame(study), sessions_frame(study)


def _session_ids(study: Study, session_id: str | None) -> list[str]:
    if session_id is not None:
        study.session(session_id)
        return [session_id]
    return [s.id for s in study.sessions()]
