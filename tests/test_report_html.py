"""The feedback report on the demo study coded by its answer key: sections, figures, wording, escaping, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from observer.cli import main
from observer.errors import AnalysisError
from observer.report import StudyFrames, report_context, session_report, write_all, write_report
from observer.store import Study
from test_report_support import SECOND_KAPPA, SECOND_PERCENT, Page, coded_demo

SECTIONS = ["session", "about", "at-a-glance", "timeline", "peaks", "unresolved", "profiles", "ratings", "trend",
            "coding", "glossary"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo study: s01 coded by trainer and ana, s02 by trainer, s03 uncoded."""
    return coded_demo(tmp_path_factory.mktemp("demo"), second_rater=True)


@pytest.fixture(scope="module")
def frames(demo) -> StudyFrames:
    with Study.open(demo) as study:
        return StudyFrames.from_study(study)


@pytest.fixture(scope="module")
def s02(frames) -> Page:
    return Page(session_report(frames, "s02"))


def test_every_section_is_there_in_order(s02):
    ids = [attributes["id"] for tag, attributes in s02.attributes
           if tag in ("section", "header") and "id" in attributes]
    assert ids == SECTIONS


def test_self_contained_no_script_no_external_resources(frames):
    html = session_report(frames, "s02")
    page = Page(html)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert page.tags.count("style") == 1 + page.tags.count("svg")  # the page's and one per matplotlib SVG
    for _, attributes in page.attributes:
        for name in ("src", "href"):
            assert not str(attributes.get(name, "")).startswith(("http:", "https:", "//"))
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html


def test_header_names_session_people_scheme_and_coding(s02, frames):
    header = s02.text("session")
    for fact in ("Session s02", "2024-04-11", "T. Okafor", "C-022", "14:12", "Coded by one observer",
                 "Codes shown one observer's codes", "no, single-coded",
                 "Rupture Resolution Rating System (3RS), 2015 manual, version 2015.1"):
        assert fact in header
    assert "trainer" not in header  # the therapist's copy names no rater
    supervisor = Page(session_report(frames, "s02", audience="supervisor")).text("session")
    assert "Coded by trainer" in supervisor and "trainer (the only rater of the session)" in supervisor


def test_at_a_glance_figures_follow_the_answer_key(s02):
    # 3 segments, all confrontation; seg 1 and 2 repaired; seg 3 (5) not: strategies at impact 1
    glance = s02.text("at-a-glance")
    assert "3 of 3 segments coded." in glance
    assert "Ruptures were coded in 3 of 3 segments (confrontation in 3)." in glance
    assert "2 of 3 rupture segments had a repair strategy in the same or the next segment." in glance
    assert "1 rupture of significance 3 or more was not repaired in time" in glance
    assert "8 resolution strategies marked (5 immediate, 3 exploratory)." in glance


def test_timeline_has_the_plot_and_a_row_per_segment(s02):
    svgs = [a for tag, a in s02.attributes if tag == "svg"]
    assert len(svgs) == 2  # the timeline and the trend
    assert all("viewBox" in a or "viewbox" in a for a in svgs)
    timeline = s02.text("timeline")
    # SVG text stays text (svg.fonttype none): the legend and axis are readable in the page
    for label in ("Withdrawal", "Confrontation", "threshold (3)", "not repaired in time", "Immediate", "Exploratory"):
        assert label in timeline
    rows = re.findall(r"(\d) (\d+:\d\d–\d+:\d\d)", timeline)
    assert rows == [("1", "0:00–5:00"), ("2", "5:00–10:00"), ("3", "10:00–14:12")]
    assert "Confrontation 5 (very high)" in timeline


def test_peak_moments_with_time_markers_excerpt_and_evidence(s02):
    peaks = s02.text("peaks")
    first = peaks.split("2. 0:00–5:00")[0]
    assert "1. 10:00–14:12 · segment 3" in first
    assert "Confrontation: significance 5 (very high)" in first
    assert "Complaints about progress" in first and "Efforts to control / pressure" in first
    assert "Illustrates task / gives rationale: impact 1 (none)" in first
    assert "not repaired in the same or the next segment" in first
    # the excerpt opens one turn before the first evidence of a marker (10:01, complaints about progress)
    assert "Transcript, around the first utterance marked as evidence" in first
    assert re.search(r"9:45 Therapist .*10:01 Client But look\. This is the thing\.", first)
    assert "for: Complaints about parameters" in first
    assert "2. 0:00–5:00 · segment 1" in peaks and "3. 5:00–10:00 · segment 2" in peaks
    assert "repaired in the same or the next segment" in peaks.split("2. 0:00–5:00")[1]


def test_unresolved_ruptures_list_the_last_segment(s02):
    unresolved = s02.text("unresolved")
    assert "with an impact of 2 or more" in unresolved
    assert re.search(r"3 10:00–14:12 Confrontation 5 \(very high\)", unresolved)
    assert "Acknowledges own contribution: impact 1 (none)" in unresolved


def test_profiles_count_markers_and_strategies(s02):
    profiles = s02.text("profiles")
    assert "In how many of the 3 coded segments" in profiles
    assert re.search(r"Complaints about the therapist 2 ", profiles)
    assert re.search(r"Denial 0 ", profiles)
    # rationale marked twice, impacts 4 and 1 -> mean 2.5 (between scale values: no label)
    assert re.search(r"Illustrates task / gives rationale immediate 2 2\.5 ", profiles)
    assert re.search(r"Changes tasks or goals immediate 1 5 \(full\)", profiles)


def test_session_ratings_with_scale_labels(s02):
    ratings = s02.text("ratings")
    assert "Therapist contribution to ruptures 3 (somewhat)" in ratings
    assert "Ruptures resolved 2 (slightly)" in ratings


def test_trend_over_the_therapists_sessions(s02, frames):
    trend = s02.text("trend")
    assert "T. Okafor's coded sessions up to this one (1 earlier)" in trend
    # s01 is shown with trainer's codes like this report (not the mean of its two raters), named without a name
    assert re.search(r"1 2024-03-07 s01 C-014 one observer's codes 4 of 4 2 1 50% 1 6", trend)
    assert re.search(r"2 2024-04-11 s02 C-022 one observer's codes 3 of 3 0 3 67% 1 8", trend)
    supervisor = Page(session_report(frames, "s02", audience="supervisor")).text("trend")
    assert re.search(r"1 2024-03-07 s01 C-014 trainer 4 of 4 2 1 50% 1 6", supervisor)
    first = Page(session_report(frames, "s01", rater="trainer")).text("trend")
    assert "This is the first coded session of T. Okafor" in first


def test_glossary_explains_markers_strategies_and_scales(s02):
    glossary = s02.text("glossary")
    assert "Minimal response Short, clipped answers" in glossary
    assert "Validates defensive posture exploratory Affirms the sense" in glossary
    assert "5: very high Dominates the segment" in glossary
    assert "Impact on resolving the rupture" in glossary


def test_double_coded_session_reports_agreement_on_marker_presence(frames):
    page = Page(session_report(frames, "s01", rater="trainer"))
    assert "yes: two observers, independently" in page.text("session")
    assert "coded independently by two observers" in page.text("coding")
    supervisor = Page(session_report(frames, "s01", rater="trainer", audience="supervisor"))
    assert "yes: ana and trainer, independently" in supervisor.text("session")
    coding = page.text("coding")
    assert "level: marker presence per segment; statistics: percent agreement and Cohen's kappa" in coding
    # 14 markers x 4 segments: 52 of 56 agree; kappa 698/922 worked by hand in test_report_support
    assert f"Rupture markers 56 {SECOND_PERCENT:.0%} {SECOND_KAPPA:.2f}" in coding
    assert "Resolution strategies 40 100% 1.00" in coding
    context = report_context(frames, "s01", rater="trainer")
    markers = context["agreement"].rows[0]
    assert markers.kappa == pytest.approx(SECOND_KAPPA)
    assert markers.percent == pytest.approx(SECOND_PERCENT)


def test_default_codes_of_a_double_coded_session_are_the_mean(frames):
    page = Page(session_report(frames, "s01"))
    assert "Codes shown the combined codes of two observers Double-coded" in page.text("session")
    supervisor = Page(session_report(frames, "s01", audience="supervisor"))
    assert "mean of ana and trainer (no consensus codes yet, so the raters are combined)" in supervisor.text("session")
    # ana did not see the confrontation in segment 2, so the mean (both must agree) has withdrawal only
    assert "Ruptures were coded in 2 of 4 segments (withdrawal in 2)." in page.text("at-a-glance")


def test_script_and_ampersand_in_user_text_stay_text(frames):
    utterances = frames.utterances.copy()
    hostile = "<script>alert('x')</script> Tom & Jerry <b>bold</b>"
    utterances.loc[(utterances["session_id"] == "s02") & (utterances["utterance_index"] == 60), "text"] = hostile
    codes = frames.codes.copy()
    note = (codes["session_id"] == "s02") & (codes["item"] == "cf_significance") & (codes["segment_index"] == 2)
    codes.loc[note, "note"] = "<img src=x onerror=alert(1)> fees & times"
    hostile_frames = StudyFrames(codes, frames.segments, frames.sessions, utterances, frames.scheme)
    html = session_report(hostile_frames, "s02", audience="supervisor")  # the copy that shows coders' notes
    page = Page(html)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert hostile in "".join(page.texts)
    assert "<img src=x onerror=alert(1)> fees & times" in page.text("peaks")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Tom &amp; Jerry" in html


def test_unknown_session_and_missing_codes_are_errors_with_hints(frames):
    with pytest.raises(AnalysisError) as unknown:
        session_report(frames, "s99")
    assert unknown.value.field == "session" and "s01, s02, s03" in unknown.value.hint
    with pytest.raises(AnalysisError) as uncoded:
        session_report(frames, "s03")
    assert "no codes yet" in str(uncoded.value) and "observer code" in uncoded.value.hint
    with pytest.raises(AnalysisError) as stranger:
        session_report(frames, "s02", rater="ana")
    assert stranger.value.field == "rater" and "trainer" in stranger.value.hint


def test_write_report_replaces_the_file_atomically(frames, tmp_path):
    target = tmp_path / "s02.html"
    target.write_text("old")
    write_report(frames, "s02", target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["s02.html"]
    with pytest.raises(AnalysisError):
        write_report(frames, "s03", target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_all_writes_a_report_per_coded_session_and_an_index(frames, tmp_path):
    folder = tmp_path / "reports"
    files = write_all(frames, folder, title="demo")
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "report-s01.html", "report-s02.html"]
    assert files[-1] == folder / "index.html"
    index = Page((folder / "index.html").read_text(encoding="utf-8"))
    links = [a["href"] for tag, a in index.attributes if tag == "a"]
    assert links == ["report-s01.html", "report-s02.html"]
    rows = index.text("sessions")
    assert "s01 2024-03-07 T. Okafor C-014 the combined codes of two observers 2 1" in rows
    assert "s03 2024-04-12 M. Lindqvist P-031 no codes yet" in rows


def test_command_line(demo, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", str(demo), "--session", "s02", "-o", str(out)]) == 0
    assert "wrote the report of session s02" in capsys.readouterr().out
    assert Page(out.read_text(encoding="utf-8")).text("session").startswith("Rupture and repair feedback Session s02")
    assert main(["report", str(demo), "--all", "-o", str(tmp_path / "all")]) == 0
    assert (tmp_path / "all" / "index.html").exists()
    for argv, message in [
        (["--session", "nope"], "no session 'nope'"),
        (["--session", "s03"], "has no codes yet"),
        (["--session", "s01", "--rater", "bob"], "rater 'bob' has no codes in session 's01'"),
        (["--all"], "--all needs a folder"),
        (["--session", "s02", "-o", str(tmp_path / "missing" / "r.html")], "folder to write into does not exist"),
    ]:
        assert main(["report", str(demo), *argv]) == 2
        assert message in capsys.readouterr().err


def test_partly_coded_session_says_what_cannot_be_judged(tmp_path):
    # bob codes only segment 2 of s01: withdrawal 5 and a clarify whose impact is not rated yet
    with Study.open(coded_demo(tmp_path)) as study:
        view = study.for_rater("bob")
        for item, value in (("wd_denial", 1), ("wd_significance", 5), ("rs_clarify", 1)):
            view.set_value("s01", 1, item, value)
        frames = StudyFrames.from_study(study)
    page = Page(session_report(frames, "s01", rater="bob"))
    assert "1 of 4 segments coded." in page.text("at-a-glance")
    assert re.findall(r"\d \d+:\d\d–\d+:\d\d not coded", page.text("timeline")) == [
        "1 0:00–5:00 not coded", "3 10:00–15:00 not coded", "4 15:00–16:05 not coded"]
    assert page.text("timeline").count("not coded") == 6  # in the table and on the plot
    assert re.search(r"unclear ?: a segment in the window is not coded", page.text("peaks"))
    unresolved = page.text("unresolved")
    assert "No rupture of significance 3 or more is known to have been left without a repair strategy" in unresolved
    assert "1 rupture segment could not be judged" in unresolved


def test_reading_only_the_therapists_sessions_gives_the_same_report(demo, frames):
    with Study.open(demo) as study:
        narrow = StudyFrames.for_session(study, "s02")
    assert set(narrow.codes["session_id"]) == {"s01", "s02"}  # T. Okafor's sessions, not s03
    assert len(narrow.sessions) == 3
    assert session_report(narrow, "s02") == session_report(frames, "s02")
