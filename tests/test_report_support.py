"""The demo study coded through the store API following its answer key (builders only; no tests here).

``observer/data/demo/README.md`` is the answer key; segments there are numbered
from 1, here from 0. Each entry maps an item to its value, or to (value,
evidence times), where a time "mm:ss" names the utterance starting in that second.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from observer.demo import build_demo
from observer.store import Study

S01 = {
    0: {},
    1: {
        "wd_minimal_response": (1, ["05:16", "05:38"]), "wd_deferential": (1, ["06:07", "07:11"]),
        "wd_avoidant_storytelling": (1, ["06:20"]), "wd_abstract": (1, ["06:53"]), "wd_denial": (1, ["07:41"]),
        "wd_significance": 4,
        "cf_complaints_activities": (1, ["09:25"]), "cf_significance": 1,
        "rs_redirect": (1, ["06:33"]), "rs_redirect_impact": 1,
        "rs_invite_discussion": (1, ["07:19"]), "rs_invite_discussion_impact": 3,
        "rs_acknowledge_contribution": (1, ["07:45"]), "rs_acknowledge_contribution_impact": 4,
        "rs_link_therapy_pattern": (1, ["08:22"]), "rs_link_therapy_pattern_impact": 4,
        "rs_link_other_pattern": (1, ["08:55"]), "rs_link_other_pattern_impact": 4,
        "rs_change_task": (1, ["09:36"]), "rs_change_task_impact": 3,
    },
    2: {
        "wd_content_affect_split": (1, ["10:18"]), "wd_denial": (1, ["10:44"]), "wd_self_criticism": (1, ["11:07"]),
        "wd_minimal_response": (1, ["11:43", "12:13", "13:55", "14:58"]), "wd_deferential": (1, ["13:33"]),
        "wd_significance": 4,
    },
    3: {},
}
S02 = {
    0: {
        "cf_complaints_therapist": (1, ["00:24"]), "cf_rejects_intervention": (1, ["02:34"]),
        "cf_complaints_activities": (1, ["02:34"]), "cf_significance": 3,
        "rs_clarify": (1, ["01:06", "01:16"]), "rs_clarify_impact": 4,
        "rs_acknowledge_contribution": (1, ["01:47"]), "rs_acknowledge_contribution_impact": 3,
        "rs_rationale": (1, ["03:06"]), "rs_rationale_impact": 4,
        "rs_change_task": (1, ["03:42"]), "rs_change_task_impact": 5,
    },
    1: {
        "cf_defends_self": (1, ["06:39"]), "cf_significance": 2,
        "rs_validate_defense": (1, ["06:50"]), "rs_validate_defense_impact": 4,
        "rs_redirect": (1, ["06:50"]), "rs_redirect_impact": 4,
    },
    2: {
        "cf_complaints_progress": (1, ["10:01"]), "cf_complaints_parameters": (1, ["10:49", "11:22"]),
        "cf_control_pressure": (1, ["11:53", "12:55"]), "cf_complaints_therapist": (1, ["13:25"]),
        "cf_rejects_intervention": (1, ["13:40"]), "cf_significance": 5,
        "rs_acknowledge_contribution": (1, ["11:35"]), "rs_acknowledge_contribution_impact": 1,
        "rs_rationale": (1, ["12:11", "12:33"]), "rs_rationale_impact": 1,
    },
}
KEY = {"s01": S01, "s02": S02}
GLOBALS = {"s01": {"gl_therapist_contribution": 3, "gl_resolution_extent": 3},
           "s02": {"gl_therapist_contribution": 3, "gl_resolution_extent": 2}}

# A second rater on s01: misses the abstract communication and the complaint in segment 2 (index 1), the
# deference in segment 3 and sees a minimal response in segment 4. Hand-worked agreement on the 14 rupture
# markers x 4 segments = 56 decisions: 52 agree (92.9 %); trainer marks 11, this rater 9, both 8, so
# p_o = 52/56, p_e = (11*9 + 45*47)/56^2 = 2214/3136, Cohen's kappa = (2912 - 2214)/(3136 - 2214) = 698/922.
SECOND = {
    0: {},
    1: {k: v for k, v in S01[1].items() if k not in ("wd_abstract", "cf_complaints_activities", "cf_significance")},
    2: {k: v for k, v in S01[2].items() if k != "wd_deferential"},
    3: {"wd_minimal_response": 1, "wd_significance": 1},
}
SECOND_KAPPA = 698 / 922
SECOND_PERCENT = 52 / 56


def utterance_at(study: Study, session_id: str, mmss: str) -> int:
    """The number of the utterance that starts in the second ``mmss`` of a session."""
    minutes, seconds = (int(part) for part in mmss.split(":"))
    second = minutes * 60 + seconds
    matches = [u.index for u in study.utterances(session_id) if int(u.start) == second]
    assert len(matches) == 1, f"{session_id} {mmss}: {matches}"
    return matches[0]


def code_session(study: Study, rater: str, session_id: str, segments: dict, globals_: dict | None = None) -> None:
    """Code a session as ``rater``: values, evidence, completed segments, and the session ratings."""
    view = study.for_rater(rater)
    for segment, values in segments.items():
        for item, entry in values.items():
            value, times = entry if isinstance(entry, tuple) else (entry, [])
            view.set_value(session_id, segment, item, value)
            if times:
                view.set_evidence(session_id, segment, item, [utterance_at(study, session_id, t) for t in times])
        view.set_complete(session_id, segment)
    for item, value in (globals_ or {}).items():
        view.set_value(session_id, None, item, value)
    if globals_:
        view.set_complete(session_id, None)


def coded_demo(folder: Path, *, second_rater: bool = False) -> Path:
    """The demo study with s01 and s02 coded by "trainer" as the answer key says (s03 left uncoded)."""
    study, _ = build_demo(folder / "demo.observer")
    with study:
        for session_id, segments in KEY.items():
            code_session(study, "trainer", session_id, segments, GLOBALS[session_id])
        if second_rater:
            code_session(study, "ana", "s01", SECOND)
    return folder / "demo.observer"


class Page(HTMLParser):
    """A parsed HTML page: the elements seen, the text of each section (by id), attributes and text nodes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.sections: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        self.attributes.append((tag, attributes))
        if tag not in VOID:
            self._open.append((tag, attributes.get("id")))
            if attributes.get("id"):
                self.sections.setdefault(attributes["id"], "")

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, _ in self._open):
            while self._open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        self.texts.append(data)
        for _, element_id in self._open:
            if element_id:
                self.sections[element_id] += " " + data

    def text(self, section: str) -> str:
        """A section's text, text nodes separated by spaces, whitespace collapsed."""
        return " ".join(self.sections[section].split())


VOID = {"meta", "br", "img", "link", "input", "hr"}
