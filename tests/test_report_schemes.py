"""Reports for the other shipped schemes: 3RS 2022 dyadic (salience per segment) and WAI-O-S (subscale means)."""

from __future__ import annotations

import re

import pytest

from conftest import make_session
from observer.report import StudyFrames, session_report
from observer.scheme import load_scheme
from observer.store import Study
from test_report_support import Page


def report(tmp_path, scheme_name: str, coding: dict, duration: float, seconds: float) -> Page:
    """The report of session s1 of a new study with the shipped scheme, coded by ann as given."""
    with Study.create(tmp_path / "study.observer", load_scheme(scheme_name)) as study:
        study.add_sessions([make_session("s1", duration=duration, segment_seconds=seconds)])
        view = study.for_rater("ann")
        for segment, values in coding.items():
            for item, value in values.items():
                view.set_value("s1", segment, item, value)
            view.set_complete("s1", segment)
        frames = StudyFrames.from_study(study)
    return Page(session_report(frames, "s1"))


SALIENCE = {"pw_salience": 1, "pc_salience": 1, "tw_salience": 1, "tc_salience": 1}


@pytest.fixture
def dyadic(tmp_path) -> Page:
    # seg 1: patient withdrawal 4 (shutting down), seg 2: therapist confrontation 3 (pushing back)
    coding = {0: SALIENCE, 1: {**SALIENCE, "pw_salience": 4, "pw_shutting_down": 1},
              2: {**SALIENCE, "tc_salience": 3, "tc_pushing_back": 1}}
    return report(tmp_path, "3rs-2022-dyadic", coding, duration=900.0, seconds=300.0)


def test_dyadic_report_plots_salience_of_the_four_constructs(dyadic):
    assert [a for tag, a in dyadic.attributes if tag == "svg"]
    timeline = dyadic.text("timeline")
    for label in ("Patient withdrawal", "Patient confrontation", "Therapist withdrawal", "Therapist confrontation",
                  "Salience"):
        assert label in timeline
    assert "threshold" not in timeline and "Immediate" not in timeline
    assert re.search(r"2 5:00–10:00 Patient withdrawal 4 \(quite salient\)", timeline)
    assert "Therapist confrontation 3 (somewhat salient)" in timeline


def test_dyadic_report_peaks_and_no_repair_judgement(dyadic):
    peaks = dyadic.text("peaks")
    assert "1. 5:00–10:00 · segment 2" in peaks and "Shutting down" in peaks
    assert "Strategies" not in peaks
    assert "does not code resolution strategies" in dyadic.text("unresolved")
    assert "Why repair matters" not in dyadic.text("about")
    assert "Pushing back" in dyadic.text("glossary")


def test_wai_o_s_report_gives_subscale_means(tmp_path):
    values = {f"wai_b{i}": 6 for i in range(1, 5)} | {f"wai_a{i}": 5 for i in range(1, 9)}
    values["wai_a8"] = 1  # agreement mean (7 x 5 + 1) / 8 = 4.5
    page = report(tmp_path, "wai-o-s", {0: values}, duration=3000.0, seconds=3000.0)
    assert "timeline" not in page.sections and "peaks" not in page.sections
    assert not [a for tag, a in page.attributes if tag == "svg"]
    assert "Alliance feedback" in page.text("session")
    ratings = page.text("ratings")
    assert "Bond (mean of 4 items) 6.00 on 1–7" in ratings
    assert "Agreement on tasks and goals (mean of 8 items) 4.50 on 1–7" in ratings
    assert "Bond 1" in page.text("glossary")
    assert "first coded session of T1" in page.text("trend")
