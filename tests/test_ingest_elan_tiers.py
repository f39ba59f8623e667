"""ELAN: every tier type imports with the right times, and repeated ids are refused instead of losing annotations.

tests/fixtures/transcripts/tier_types.eaf is laid out as ELAN 6 writes an EAF 3.0 file: two
independent tiers, a Time_Subdivision tier whose inner boundaries are unaligned slots (no
TIME_VALUE), an Included_In tier, a Symbolic_Association tier, a Symbolic_Subdivision tier with
PREVIOUS_ANNOTATION, and a Symbolic_Association tier under the Time_Subdivision tier (which
pympi-ling's get_parent_aligned_annotation cannot follow).
"""

from __future__ import annotations

import re
from pathlib import Path

import pympi
import pytest

from observer.errors import IngestError
from observer.ingest import read_transcripts

FIXTURE = Path(__file__).parent / "fixtures" / "transcripts" / "tier_types.eaf"


def tier(name: str | None, path: Path = FIXTURE):
    """The transcript of one tier of `path` (all independent tiers for None)."""
    (transcript,) = read_transcripts(path, tier=name)
    return transcript


def spans(name: str | None, path: Path = FIXTURE) -> list[tuple[float, float, str, str]]:
    """Start, end, speaker and text of each utterance of a tier."""
    return [(u.start, u.end, u.speaker, u.text) for u in tier(name, path).utterances]


def test_independent_tiers_by_default():
    assert spans(None) == [
        (1.0, 4.0, "Therapist", "How did it go?"),
        (4.5, 9.0, "Client", "I didn't do them. They make my back worse."),
        (9.5, 12.0, "Therapist", "OK. What got in the way?"),
    ]
    assert tier(None).notes == []


def test_time_subdivision_tier_spreads_unaligned_boundaries_evenly_and_says_so():
    # ts3 and ts4 have no TIME_VALUE; they lie between ts2 (1600 ms) and ts5 (4000 ms).
    assert spans("words@Therapist") == [
        (1.0, 1.6, "words@Therapist", "How"), (1.6, 2.4, "words@Therapist", "did"),
        (2.4, 3.2, "words@Therapist", "it"), (3.2, 4.0, "words@Therapist", "go?"),
    ]
    assert tier("words@Therapist").notes == [
        "tier 'words@Therapist': 2 annotation boundaries have no time in the file; they were spread evenly "
        "between the aligned times around them."
    ]


def test_included_in_tier_keeps_its_own_times():
    assert spans("gesture@Client") == [(5.0, 6.2, "gesture@Client", "shakes head")]
    assert tier("gesture@Client").notes == []


def test_symbolic_association_tier_takes_its_parents_span_and_says_so():
    assert spans("notes@Client") == [(4.5, 9.0, "notes@Client", "withdrawal: denial")]
    assert tier("notes@Client").notes == [
        "tier 'notes@Client' (Symbolic_Association) has no times of its own: its annotations take the span of "
        "the annotation they belong to on tier 'Client'."
    ]


def test_symbolic_subdivision_tier_joins_the_parts_of_one_parent_in_order():
    assert spans("clauses@Client") == [(4.5, 9.0, "clauses@Client", "I didn't do them. They make my back worse.")]
    assert "joined, in order, into one utterance" in tier("clauses@Client").notes[0]


def test_symbolic_tier_under_a_time_subdivision_tier_reaches_the_word_times():
    with pytest.raises(KeyError):  # the library alone cannot follow this chain
        pympi.Elan.Eaf(str(FIXTURE)).get_parent_aligned_annotation("a12")
    assert spans("pos@Therapist") == [
        (1.0, 1.6, "pos@Therapist", "ADV"), (1.6, 2.4, "pos@Therapist", "V"),
        (2.4, 3.2, "pos@Therapist", "PRON"), (3.2, 4.0, "pos@Therapist", "V"),
    ]
    notes = tier("pos@Therapist").notes
    assert "on tier 'words@Therapist'" in notes[0] and "2 annotation boundaries" in notes[1]


def test_previous_annotation_decides_the_order_not_the_file(tmp_path):
    parts = re.compile(r'(<ANNOTATION>\s*<REF_ANNOTATION ANNOTATION_ID="a10".*?</ANNOTATION>)(\s*)'
                       r'(<ANNOTATION>\s*<REF_ANNOTATION ANNOTATION_ID="a11".*?</ANNOTATION>)', re.DOTALL)
    swapped = tmp_path / "swapped.eaf"
    swapped.write_text(parts.sub(r"\3\2\1", FIXTURE.read_text(encoding="utf-8")))
    assert swapped.read_text().index('"a11"') < swapped.read_text().index('"a10"')
    assert spans("clauses@Client", swapped) == [
        (4.5, 9.0, "clauses@Client", "I didn't do them. They make my back worse."),
    ]


def test_unaligned_slot_at_the_edge_of_a_chain_still_stops(tmp_path):
    broken = tmp_path / "edge.eaf"
    broken.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        '<TIME_SLOT TIME_SLOT_ID="ts5" TIME_VALUE="4000"/>', '<TIME_SLOT TIME_SLOT_ID="ts5"/>'))
    with pytest.raises(IngestError) as caught:
        read_transcripts(broken)
    assert caught.value.line == 23
    assert "uses time slot 'ts5' (line 13), which has no time value" in caught.value.message


@pytest.mark.parametrize(("old", "new", "line", "fragment"), [
    ('ANNOTATION_ID="a3"', 'ANNOTATION_ID="a1"', 28, "the annotation id 'a1' appears twice (first on line 23)"),
    ('ANNOTATION_ID="a15"', 'ANNOTATION_ID="a2"', 105, "the annotation id 'a2' appears twice (first on line 35)"),
    ('TIME_SLOT_ID="ts11"', 'TIME_SLOT_ID="ts1"', 19, "the time slot id 'ts1' appears twice (first on line 9)"),
    ('TIER_ID="Client"', 'TIER_ID="Therapist"', 33, "the tier id 'Therapist' appears twice (first on line 21)"),
])
def test_repeated_ids_are_refused_with_both_lines(tmp_path, old, new, line, fragment):
    # pympi-ling keeps only the last annotation, slot or tier of each id: real converted files lost most of their text.
    path = tmp_path / "repeated.eaf"
    path.write_text(FIXTURE.read_text(encoding="utf-8").replace(old, new, 1))
    with pytest.raises(IngestError) as caught:
        read_transcripts(path)
    assert caught.value.line == line
    assert fragment in caught.value.message
    assert "renumber" in caught.value.hint


def test_reference_to_a_missing_annotation(tmp_path):
    path = tmp_path / "dangling.eaf"
    path.write_text(FIXTURE.read_text(encoding="utf-8").replace('ANNOTATION_REF="a2">', 'ANNOTATION_REF="a99">', 1))
    with pytest.raises(IngestError) as caught:
        read_transcripts(path, tier="notes@Client")
    assert caught.value.line == 71
    assert caught.value.message == "annotation a9 refers to annotation a99, which is not in the file."
