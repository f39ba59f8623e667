"""Peak moments' evidence utterances and transcript excerpts, worked out by hand on a small transcript."""

from __future__ import annotations

import pandas as pd

from observer.summary import peak_excerpts, summarise
from test_summary_support import codes_frame, segments_frame, sessions_frame, small_3rs

SCHEME = small_3rs()
SESSIONS = sessions_frame([("s1", "Anna", "C1", "2024-02-01")])


def utterances(speakers=("Therapist", "Client")) -> pd.DataFrame:
    """Two segments of 300 s, an utterance every 30 s (u0..u19), speakers taking turns."""
    rows = [("s1", i, i // 10, i * 30.0, i * 30.0 + 25, speakers[i % 2], f"u{i}") for i in range(20)]
    return pd.DataFrame(rows, columns=["session_id", "utterance_index", "segment_index", "start", "end",
                                       "speaker", "text"])


def coded(coding, evidence):
    """Codes with an evidence column: ``evidence`` maps (rater, segment, item) to "n;m"."""
    codes = codes_frame(SCHEME, coding)
    keys = zip(codes["rater"], codes["segment_index"].astype(int), codes["item"])
    codes["evidence"] = [evidence.get(key, "") for key in keys]
    return codes


def excerpts(coding, evidence, rater="ann", transcript=None):
    codes = coded(coding, evidence)
    result = summarise(codes, segments_frame({"s1": 2}), SESSIONS, SCHEME, rater=rater,
                       utterances=transcript if transcript is not None else utterances())
    return result.excerpts


def texts(frame, rank, part):
    rows = frame[(frame["rank"] == rank) & (frame["part"] == part)]
    return list(rows["text"])


# seg 1 (u10..u19) is the highest peak (withdrawal 5): wd_a cites u13 and u15, the clarify cites u12.
# seg 0 (u0..u9) is the second (withdrawal 2), without evidence.
CODING = {("s1", "ann"): {0: {"wd_a": 1, "wd_sig": 2},
                          1: {"wd_a": 1, "wd_sig": 5, "rs_clarify": 1, "rs_clarify_impact": 3}}}
EVIDENCE = {("ann", 1, "wd_a"): "13;15", ("ann", 1, "rs_clarify"): "12"}


def test_evidence_utterances_in_transcript_order_with_the_items_citing_them():
    frame = excerpts(CODING, EVIDENCE)
    evidence = frame[(frame["rank"] == 1) & (frame["part"] == "evidence")]
    assert list(evidence["text"]) == ["u12", "u13", "u15"]
    assert list(evidence["items"]) == [("rs_clarify",), ("wd_a",), ("wd_a",)]
    assert list(evidence["start"]) == [360.0, 390.0, 450.0]


def test_excerpt_starts_one_before_the_first_rupture_evidence():
    # anchor u13 (the marker's earliest evidence, not the strategy's u12): u12..u15
    frame = excerpts(CODING, EVIDENCE)
    assert texts(frame, 1, "excerpt") == ["u12", "u13", "u14", "u15"]
    excerpt = frame[(frame["rank"] == 1) & (frame["part"] == "excerpt")]
    assert list(excerpt["items"]) == [("rs_clarify",), ("wd_a",), (), ("wd_a",)]


def test_excerpt_anchors_on_strategy_evidence_when_no_rupture_item_has_any():
    frame = excerpts(CODING, {("ann", 1, "rs_clarify"): "17"})
    assert texts(frame, 1, "excerpt") == ["u16", "u17", "u18", "u19"]


def test_without_evidence_the_excerpt_opens_at_the_clients_first_turn_in_the_segment():
    # seg 0: u0 is the therapist's, u1 the client's first turn -> u0..u3 (one before, in the segment)
    frame = excerpts(CODING, EVIDENCE)
    assert texts(frame, 2, "excerpt") == ["u0", "u1", "u2", "u3"]
    assert texts(frame, 2, "evidence") == []


def opening_turns(therapist: str, client: str) -> pd.DataFrame:
    """The transcript with seg 1 opened by two therapist turns (u10, u11) before the client's u12."""
    transcript = utterances(speakers=(therapist, client))
    transcript.loc[transcript["utterance_index"] == 11, "speaker"] = therapist
    transcript.loc[transcript["utterance_index"] == 12, "speaker"] = client
    return transcript


PEAK_IN_SEG_1 = {("s1", "ann"): {1: {"wd_a": 1, "wd_sig": 4}}}


def test_the_sessions_therapist_is_told_from_the_client_by_name():
    # Anna is the session's therapist: the client's first turn is u12, so the excerpt is u11..u14
    frame = excerpts(PEAK_IN_SEG_1, {}, transcript=opening_turns("Anna", "Ben"))
    assert texts(frame, 1, "excerpt") == ["u11", "u12", "u13", "u14"]
    # a therapist the sessions frame does not name is not recognised: u10 is taken as the client's
    frame = excerpts(PEAK_IN_SEG_1, {}, transcript=opening_turns("Carla", "Ben"))
    assert texts(frame, 1, "excerpt") == ["u10", "u11", "u12", "u13"]


def test_clinician_names_count_as_the_therapists_side():
    frame = excerpts(PEAK_IN_SEG_1, {}, transcript=opening_turns("Physiotherapist", "Patient"))
    assert texts(frame, 1, "excerpt") == ["u11", "u12", "u13", "u14"]


def test_segment_of_therapist_turns_only_opens_at_its_first_utterance():
    frame = excerpts(PEAK_IN_SEG_1, {}, transcript=utterances(speakers=("Therapist", "Counsellor")))
    assert texts(frame, 1, "excerpt") == ["u10", "u11", "u12", "u13"]


def test_mean_of_raters_takes_every_raters_evidence_but_not_consensus():
    coding = {("s1", "ann"): {1: {"wd_a": 1, "wd_sig": 4}}, ("s1", "bob"): {1: {"wd_a": 1, "wd_sig": 4}},
              ("s1", "consensus"): {1: {"wd_a": 1, "wd_sig": 4}}}
    evidence = {("ann", 1, "wd_a"): "14", ("bob", 1, "wd_a"): "11;14", ("consensus", 1, "wd_a"): "19"}
    frame = excerpts(coding, evidence, rater="mean")
    assert texts(frame, 1, "evidence") == ["u11", "u14"]
    assert list(frame[frame["part"] == "evidence"]["items"]) == [("wd_a",), ("wd_a",)]
    only_bob = excerpts(coding, evidence, rater="bob")
    assert texts(only_bob, 1, "evidence") == ["u11", "u14"]
    only_consensus = excerpts(coding, evidence, rater="consensus")
    assert texts(only_consensus, 1, "evidence") == ["u19"]


def test_codes_without_an_evidence_column_give_excerpts_only():
    codes = codes_frame(SCHEME, CODING)
    result = summarise(codes, segments_frame({"s1": 2}), SESSIONS, SCHEME, rater="ann")
    assert result.excerpts is None
    frame = peak_excerpts(result.peaks, codes, utterances(), SESSIONS, SCHEME)
    assert set(frame["part"]) == {"excerpt"}
    assert texts(frame, 1, "excerpt") == ["u10", "u11", "u12", "u13"]
