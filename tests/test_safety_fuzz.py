"""Property-based fuzzing of the scheme loader, the codes CSV reader and the upgrade map parser.

Only the project's own errors may escape. The inputs start from valid files and are mutated
(keys dropped, values swapped for other types, rows garbled), so they reach past the first checks.
"""

from __future__ import annotations

import copy
import csv
import io

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observer.codes_io import OPTIONAL, REQUIRED, read_codes_csv
from observer.errors import CodesError, SchemeError
from observer.scheme import load_scheme_text, shipped_schemes
from observer.store.upgrade import parse_map

SHIPPED = {name: yaml.safe_load(entry.read_text(encoding="utf-8")) for name, entry in shipped_schemes().items()}
ODD_VALUES = [None, "", " ", "x", "wd_minimal", "presence", 0, -1, 1, 2.5, 1e309, True, [], {}, [None], {"a": 1},
              "session", "ordinal", "rupture", "é\u200b", "1" * 200, {"value": "high", "label": 3}]

fuzz_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _paths(node, prefix=()):
    """Every path into a nested structure of dicts and lists."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


def _mutate(document, path, kind: str, replacement):
    """One mutation at ``path``: drop it, replace it, duplicate it (in a list) or rename it (in a mapping)."""
    if not path:
        return replacement
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if kind == "drop":
        del parent[last]
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    elif kind == "rename" and isinstance(parent, dict):
        parent[f"{last}_x" if isinstance(last, str) else "x"] = parent.pop(last)
    else:
        parent[last] = replacement
    return document


@st.composite
def mutated_schemes(draw):
    document = copy.deepcopy(SHIPPED[draw(st.sampled_from(sorted(SHIPPED)))])
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(document)) if isinstance(document, (dict, list)) else [()]
        path = draw(st.sampled_from(paths))
        # a copy: a later mutation inside the replacement must not change ODD_VALUES (Hypothesis replays draws)
        kind = draw(st.sampled_from(["drop", "replace", "duplicate", "rename"]))
        document = _mutate(document, path, kind, copy.deepcopy(draw(st.sampled_from(ODD_VALUES))))
        if not isinstance(document, (dict, list)):
            break
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@fuzz_settings
@given(mutated_schemes())
def test_a_mutated_scheme_loads_or_raises_a_scheme_error(text):
    try:
        scheme = load_scheme_text(text, "mutated.yaml")
    except SchemeError as exc:
        assert exc.file == "mutated.yaml"
    else:
        assert scheme.items and scheme.content_hash


@fuzz_settings
@given(st.binary(max_size=400))
def test_random_bytes_in_a_codes_file_raise_only_codes_errors(study, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("codes") / "codes.csv"
    path.write_bytes(data)
    try:
        read_codes_csv(path, study)
    except CodesError:
        pass


CELLS = {
    "session_id": ["s1", "s2", "s9", "", " s1"],
    "segment_index": ["0", "1", "2", "3", "", "-1", "1.0", "x", "1_0", "\u0663"],
    "segment": ["", "1", "2", "0"],
    "segment_start": ["0", "60", "0.001", "", "nan", "inf"],
    "segment_end": ["60", "120", "150", "", "1e400"],
    "rater": ["ann", "bob", "", "consensus", "ann,bob"],
    "item": ["wd_minimal", "wd_significance", "gl_resolved", "rs_clarify_impact", "nope", ""],
    "value": ["1", "0", "2", "3", "7", "", "1.0", "high", "-0", "1e0", "\uff13", "1_0"],
    "note": ["", "a note", '"quoted"', "line\nbreak"],
    "coded_at": ["", "2024-05-01T10:00:00+02:00", "2024-13-01", "yesterday", "2024-05-01T10:00:00",
                 "2999-01-01T00:00:00+00:00"],
    "evidence": ["", "1;2", "x", ";", "99999999999999999999", "999999;-1"],
}


@st.composite
def codes_files(draw):
    columns = draw(st.permutations(list(REQUIRED + OPTIONAL)))
    columns = columns[: draw(st.integers(len(REQUIRED) - 1, len(columns)))]
    rows = draw(st.lists(st.tuples(*[st.sampled_from(CELLS[c]) for c in columns]), max_size=8))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


@fuzz_settings
@given(codes_files())
def test_a_garbled_codes_file_is_refused_cleanly_or_imports_cleanly(study, tmp_path_factory, text):
    path = tmp_path_factory.mktemp("codes") / "codes.csv"
    path.write_text(text, encoding="utf-8")
    try:
        codes, complete = read_codes_csv(path, study)
    except CodesError as exc:
        assert exc.file == str(path)
        return
    study.import_codes(codes, complete)
    stored = {(c.session_id, c.segment, c.rater, c.item): (c.value, c.note, c.evidence) for c in study.codes()}
    for c in codes:  # every value is there (a 0 on an unmarked marker of a complete unit may stay implicit)
        if c.item and (c.value, c.note, c.evidence) != (0, "", ()):
            assert stored[(c.session_id, c.segment, c.rater, c.item)] == (c.value, c.note, c.evidence)
    again, complete_again = read_codes_csv(path, study)  # the same file again: accepted, and it changes nothing
    assert study.import_codes(again, complete_again) == 0


MAP_PIECES = ["rename:", "drop:", "values:", "  wd_shift: wd_avoid", "  - wd_minimal", "  wd_significance: {1: 2}",
              "  wd_significance: [1, 2]", "- x", "{", "}", "[", "]", ": :", "renames:", "  a: {b: c}", "\t", "null",
              "  ? complex key", "&a x", "*a", "!!python/name:os.system", "  1: 2", "'", "\x07"]


@fuzz_settings
@given(st.lists(st.sampled_from(MAP_PIECES), max_size=12).map("\n".join))
def test_a_garbled_upgrade_map_parses_or_raises_a_scheme_error(text):
    try:
        parse_map(text, "map.yaml")
    except SchemeError as exc:
        assert exc.file == "map.yaml"


@pytest.mark.parametrize("text", ["", "{}", "rename: {}\ndrop: []\nvalues: {}"])
def test_an_empty_map_is_the_identity(text):
    mapping = parse_map(text, "map.yaml")
    assert (mapping.rename, mapping.drop, mapping.values) == ({}, frozenset(), {})
