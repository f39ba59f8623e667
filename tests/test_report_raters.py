"""Whose codes a report shows: the rater asked for, else consensus, else the only rater, else the mean."""

from __future__ import annotations

import pandas as pd
import pytest

from observer.errors import AnalysisError
from observer.report.raters import choose_rater, session_raters


def codes(*rows: tuple[str, str, float | None]) -> pd.DataFrame:
    """Codes of session s1 from (rater, item, segment) rows."""
    return pd.DataFrame([("s1", segment, rater, item, 1) for rater, item, segment in rows],
                        columns=["session_id", "segment_index", "rater", "item", "value"])


def test_consensus_codes_of_segments_come_first():
    frame = codes(("ann", "wd_a", 0), ("bob", "wd_a", 0), ("consensus", "wd_a", 0))
    choice = choose_rater(frame, "s1")
    assert (choice.rater, choice.coders, choice.label) == ("consensus", ("consensus",), "consensus")
    assert session_raters(frame, "s1") == ("ann", "bob", "consensus")


def test_consensus_with_only_session_ratings_gives_way_to_the_raters():
    frame = codes(("ann", "wd_a", 0), ("consensus", "gl_x", None))
    assert choose_rater(frame, "s1").rater == "ann"
    assert choose_rater(frame, "s1").reason == "the only rater of the session"
    assert choose_rater(codes(("consensus", "gl_x", None)), "s1").rater == "consensus"


def test_several_raters_without_consensus_are_combined():
    choice = choose_rater(codes(("bob", "wd_a", 0), ("ann", "wd_a", 0)), "s1")
    assert (choice.rater, choice.coders, choice.label) == ("mean", ("ann", "bob"), "mean of ann and bob")
    three = choose_rater(codes(("cat", "x", 0), ("bob", "x", 0), ("ann", "x", 0)), "s1")
    assert three.label == "mean of ann, bob and cat"


def test_asked_for_rater_and_its_errors():
    frame = codes(("ann", "wd_a", 0), ("consensus", "wd_a", 0))
    assert choose_rater(frame, "s1", "ann").reason == "as asked"
    assert choose_rater(frame, "s1", "mean").coders == ("ann",)
    with pytest.raises(AnalysisError, match="rater 'zoe' has no codes") as error:
        choose_rater(frame, "s1", "zoe")
    assert error.value.hint == "Choose one of: ann, consensus (or mean)."
    with pytest.raises(AnalysisError, match="only consensus codes"):
        choose_rater(codes(("consensus", "wd_a", 0)), "s1", "mean")
    with pytest.raises(AnalysisError, match="no codes yet"):
        choose_rater(frame, "s2")
