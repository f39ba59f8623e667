"""Cutting sessions into coding segments and placing utterances in them."""

from __future__ import annotations

import math

import pytest

from observer.errors import IngestError
from observer.ingest import segment_bounds, segment_of


def test_windows_from_zero_with_a_shorter_last_one():
    assert segment_bounds(660.0, 300) == [(0, 300), (300, 600), (600, 660.0)]


def test_exact_multiple_has_no_empty_tail():
    assert segment_bounds(600.0, 300) == [(0, 300), (300, 600)]


def test_a_final_sliver_is_still_a_segment():
    assert segment_bounds(600.001, 300) == [(0, 300), (300, 600), (600, 600.001)]


def test_session_shorter_than_one_segment():
    assert segment_bounds(42.5, 300) == [(0, 42.5)]


def test_whole_session_unit():
    assert segment_bounds(3125.25, None) == [(0.0, 3125.25)]


def test_zero_length_session_has_one_empty_segment():
    assert segment_bounds(0.0, 300) == [(0.0, 0.0)]
    assert segment_of(0.0, segment_bounds(0.0, 300)) == 0


def test_float_division_rounding_up_adds_no_empty_window():
    bounds = segment_bounds(1.1, 0.1)
    assert len(bounds) == 11
    assert all(start < end for start, end in bounds)
    assert bounds[-1][1] == 1.1


@pytest.mark.parametrize(("duration", "seconds"), [(-1.0, 300), (math.nan, 300), (math.inf, 300),
                                                   (600, 0), (600, -5), (600, math.nan)])
def test_invalid_lengths(duration, seconds):
    with pytest.raises(IngestError):
        segment_bounds(duration, seconds)


@pytest.mark.parametrize(("start", "segment"), [
    (0.0, 0), (299.999, 0), (300.0, 1), (300.001, 1), (599.0, 1), (600.0, 2), (659.0, 2), (660.0, 2),
])
def test_an_utterance_belongs_to_the_segment_it_starts_in(start, segment):
    assert segment_of(start, segment_bounds(660.0, 300)) == segment


@pytest.mark.parametrize("start", [-0.001, 660.001])
def test_start_outside_the_session(start):
    with pytest.raises(IngestError, match="outside the session"):
        segment_of(start, segment_bounds(660.0, 300))
