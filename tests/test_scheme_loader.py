"""The scheme loader: the model it builds, and one clear error per kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observer.errors import SchemeError
from observer.scheme import load_scheme, load_scheme_text, shipped_schemes

FIXTURES = Path(__file__).parent / "fixtures" / "schemes"


def error_of(name: str) -> SchemeError:
    """The SchemeError loading a fixture raises."""
    with pytest.raises(SchemeError) as caught:
        load_scheme(FIXTURES / name)
    return caught.value


# fixture, line, field path, words the message or hint must contain
MALFORMED = [
    ("syntax_error.yaml", 6, None, "YAML syntax error"),
    ("not_a_mapping.yaml", 2, None, "must be a mapping"),
    ("empty.yaml", 1, None, "the file is empty"),
    ("unknown_top_key.yaml", 2, "nmae", "unknown key 'nmae'. Did you mean 'name'?"),
    ("unknown_item_key.yaml", 20, "groups[0].items[1].lable", "Allowed keys here: id, label, description, key"),
    ("missing_label.yaml", 18, "groups[0].items[0].label", "is missing"),
    ("items_not_list.yaml", 18, "groups[0].items", "must be a list, not a mapping"),
    ("quoted_segment_seconds.yaml", 6, "unit.segment_seconds", "must be a number, not '300'"),
    ("zero_segment_seconds.yaml", 6, "unit.segment_seconds", "must be more than 0, not 0"),
    ("negative_segment_seconds.yaml", 5, "unit.segment_seconds", "must be more than 0, not -60"),
    ("bad_unit.yaml", 5, "unit", "must be 'session' or a mapping with segment_seconds"),
    ("repeated_mapping_key.yaml", 21, "groups[0].items[0].label", "'label' is given twice"),
    ("duplicate_item_id.yaml", 23, "groups[1].items[0].id",
     "'wd_denial' is already the id of the item at groups[0].items[0] (line 18)"),
    ("group_id_is_scale_id.yaml", 14, "groups[0].id", "already the id of the scale at scales.level"),
    ("duplicate_scale_id.yaml", 8, "scales.presence", "'presence' is given twice"),
    ("invalid_item_id.yaml", 18, "groups[0].items[0].id", "'WD Denial' is not a valid id"),
    ("duplicate_key.yaml", 24, "groups[1].items[0].key", "'d' is already used by wd_denial. Choose another key."),
    ("duplicate_session_key.yaml", 21, "session_items[1].key", "'t' is already used by gl_contribution"),
    ("key_too_long.yaml", 18, "groups[0].items[0].key", "not a single printable character"),
    ("key_reserved.yaml", 19, "groups[0].items[1].key", "'5' is reserved"),
    ("unknown_scale.yaml", 18, "groups[0].items[0].scale", "unknown scale 'presense'. Did you mean 'presence'?"),
    ("rating_on_rating_item.yaml", 21, "groups[0].items[0].rating", "must depend on a presence item"),
    ("group_rating_without_markers.yaml", 19, "groups[0].rating", "salience has none"),
    ("rating_with_presence_scale.yaml", 22, "groups[0].rating.scale", "'presence' is a presence scale"),
    ("summary_unknown_rating.yaml", 22, "summary.rupture_types[0].rating", "unknown item 'wd_levl'"),
    ("summary_unknown_group.yaml", 22, "summary.rupture_types[0].markers", "unknown group 'withdrawl'"),
    ("summary_presence_rating.yaml", 21, "summary.rupture_types[0].rating", "needs an ordinal or interval rating"),
    ("summary_session_rating.yaml", 23, "summary.rupture_types[0].rating", "'gl_contribution' is a session item"),
    ("summary_unknown_tag.yaml", 22, "summary.resolution.tags[1]", "has the tag 'exploratory'"),
    ("summary_threshold_off_scale.yaml", 23, "summary.significance_threshold", "outside the scale of wd_level (1-2)"),
    ("summary_min_impact_unrated.yaml", 24, "summary.resolution.min_impact", "rs_redirect has no impact rating"),
    ("summary_min_impact_off_scale.yaml", 25, "summary.resolution.min_impact",
     "3 is not on the ordinal scale of rs_clarify_impact"),
    ("ordinal_not_increasing.yaml", 12, "scales.level.values[2].value", "must increase"),
    ("ordinal_duplicate_value.yaml", 12, "scales.level.values[2].value", "2 is listed twice"),
    ("presence_scale_with_values.yaml", 10, "scales.presence.values", "fixed values 0 (absent) and 1 (present)"),
    ("empty_group.yaml", 17, "groups[0].items", "the group has no items"),
    ("group_kind_typo.yaml", 16, "groups[0].kind", "Did you mean 'rupture'?"),
    ("no_items.yaml", 1, "groups", "the scheme has no items"),
]


@pytest.mark.parametrize(("name", "line", "field", "words"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_fixture_names_line_and_field(name: str, line: int, field: str | None, words: str) -> None:
    error = error_of(name)
    assert (error.file, error.line, error.field) == (str(FIXTURES / name), line, field)
    assert words in str(error)
    assert error.hint


def test_error_prints_file_line_field_message_and_fix() -> None:
    assert str(error_of("duplicate_key.yaml")) == (
        f"{FIXTURES / 'duplicate_key.yaml'}:24: groups[1].items[0].key: "
        "'d' is already used by wd_denial. Choose another key."
    )


def minimal_text() -> str:
    return (FIXTURES / "minimal.yaml").read_text()


# replace one piece of the valid minimal fixture; the error must point at it
EDITS = [
    ("segment_seconds: 60", "segment_seconds: .inf", 5, "unit.segment_seconds", "must be a number"),
    ("segment_seconds: 60", "segment_seconds: true", 5, "unit.segment_seconds", "must be a number"),
    ("key: d, scale: presence}", "key: ' ', scale: presence}", 18, "groups[0].items[0].key", "is empty"),
    ("key: d, scale: presence}", 'key: "\\a", scale: presence}', 18, "groups[0].items[0].key", "single printable"),
    ("key: d, scale: presence}", "key: '?', scale: presence}", 18, "groups[0].items[0].key", "reserved"),
    ("key: d, scale: presence}", "key: q, scale: presence}", 18, "groups[0].items[0].key", "reserved"),
    ("key: d, scale: presence}", "key: [d], scale: presence}", 18, "groups[0].items[0].key", "must be text"),
    ("label: Denial,", "label: '',", 18, "groups[0].items[0].label", "is empty"),
    ("label: Denial,", "label: ~,", 18, "groups[0].items[0].label", "is missing"),
    ("id: mini", "id: Mini Scheme", 1, "id", "not a valid scheme id"),
    ("type: ordinal", "type: ordinall", 9, "scales.level.type", "Did you mean 'ordinal'?"),
    ("      - {value: 2, label: high}", "", 11, "scales.level.values", "at least two values"),
    ("  significance_threshold: 2", "  significance_threshold: two", 26,
     "summary.significance_threshold", "must be a number"),
    ("markers: withdrawal}", "markers: withdrawal}\n    - {id: withdrawal, label: Again, rating: wd_level}", 26,
     "summary.rupture_types[1].id", "listed twice"),
    ("session_items:", "session_items:\n  - {id: gl_x, label: X, scale: level, rating: {}}", 22,
     "session_items[0].rating", "unknown key 'rating'"),
]


@pytest.mark.parametrize(("old", "new", "line", "field", "words"), EDITS, ids=[f"{e[3]}: {e[4]}" for e in EDITS])
def test_edited_minimal_scheme_error(old: str, new: str, line: int, field: str, words: str) -> None:
    text = minimal_text()
    assert old in text
    with pytest.raises(SchemeError) as caught:
        load_scheme_text(text.replace(old, new, 1), "edited.yaml")
    assert (caught.value.file, caught.value.line, caught.value.field) == ("edited.yaml", line, field)
    assert words in str(caught.value)


def test_minimal_fixture_builds_roles_conditions_and_summary() -> None:
    scheme = load_scheme(FIXTURES / "minimal.yaml")
    group = scheme.group("withdrawal")
    assert [(item.id, item.role, item.key) for item in group.all_items] == [
        ("wd_denial", "marker", "d"),
        ("wd_minimal", "marker", "m"),
        ("wd_level", "rating", "L"),
    ]
    assert group.rating.depends_on == ("wd_denial", "wd_minimal")
    assert group.rating.group == "withdrawal"
    assert scheme.segment_seconds == 60
    session_item = scheme.session_items[0]
    assert (session_item.role, session_item.key, session_item.level) == ("global", "d", "session")
    assert scheme.summary.rupture_types[0].rating == "wd_level"
    assert scheme.summary.significance_threshold == 2
    assert scheme.scales["presence"].allowed == (0, 1)
    assert scheme.text == minimal_text()


def test_nominal_session_scheme_with_item_rating() -> None:
    scheme = load_scheme(FIXTURES / "nominal_scale.yaml")
    assert scheme.whole_session
    assert scheme.version == "2.10"  # read as written, not as the float 2.1
    clarify, focus = scheme.group("resolution").items
    assert (clarify.role, clarify.tags) == ("marker", ("immediate",))
    assert (focus.role, focus.depends_on, focus.scale.allowed) == ("rating", ("rs_clarify",), ("self", "other"))
    assert scheme.summary.resolution_group == "resolution"
    assert scheme.summary.resolution_window == 0
    assert scheme.summary.strategy_tags == ("immediate",)


def test_min_impact_needs_a_numeric_impact_scale() -> None:
    text = (FIXTURES / "nominal_scale.yaml").read_text().replace("window: 0,", "window: 0, min_impact: 1,")
    with pytest.raises(SchemeError, match="1 is not on the nominal scale of rs_clarify_focus"):
        load_scheme_text(text, "nominal.yaml")


def test_missing_file_lists_shipped_schemes(tmp_path: Path) -> None:
    with pytest.raises(SchemeError) as caught:
        load_scheme("3rs-2051")
    assert caught.value.file == "3rs-2051"
    assert "does not exist" in str(caught.value)
    assert all(name in caught.value.hint for name in shipped_schemes())


def test_directory_is_not_a_scheme(tmp_path: Path) -> None:
    with pytest.raises(SchemeError, match="cannot be read"):
        load_scheme(tmp_path)


def test_undecodable_bytes_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(minimal_text().replace("Denial", "D\xe9ni").encode("latin-1"))
    with pytest.raises(SchemeError) as caught:
        load_scheme(path)
    assert (caught.value.line, "not UTF-8" in str(caught.value)) == (18, True)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + minimal_text().encode())
    assert load_scheme(path).id == "mini"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("id: mini\nname: \x07\n", 2, "U+0007 is not allowed"),
    ("id: mini\nname: x\nsource: \ud800\n", 3, "U+D800 is not allowed"),
    ("id: mini\nname: [x\n", 3, "YAML syntax error: while parsing a flow sequence"),
    ("id: mini\n---\nid: other\n", 2, "expected a single document in the stream, but found another document"),
    ("groups: " + "[" * 5000 + "]" * 5000, None, "nested too deeply"),
])
def test_unreadable_yaml(text: str, line: int | None, words: str) -> None:
    with pytest.raises(SchemeError) as caught:
        load_scheme_text(text, "bad.yaml")
    assert (caught.value.file, caught.value.line) == ("bad.yaml", line)
    assert words in str(caught.value)


# --- robustness: any input gives a Scheme or a SchemeError, nothing else --------------------------------

VOCABULARY = [
    "id", "name", "version", "source", "description", "definitions", "unit", "segment_seconds", "session",
    "scales", "type", "label", "values", "value", "anchor", "presence", "ordinal", "interval", "nominal",
    "groups", "kind", "rupture", "resolution", "items", "key", "scale", "tags", "rating", "session_items",
    "summary", "rupture_types", "markers", "group", "window", "significance_threshold", "wd_denial",
]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 400), st.floats(), st.text(max_size=4), st.sampled_from(VOCABULARY)
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=3)), children, max_size=6),
    ),
    max_leaves=40,
)


def load_or_scheme_error(text: str) -> None:
    """Load text; a SchemeError must name its source, anything else fails the test."""
    try:
        load_scheme_text(text, "fuzz.yaml")
    except SchemeError as error:
        assert error.file == "fuzz.yaml"
        assert str(error).startswith("fuzz.yaml")


@settings(deadline=None)
@given(st.text())
def test_random_text_raises_only_scheme_errors(text: str) -> None:
    load_or_scheme_error(text)


@settings(deadline=None)
@given(documents)
def test_random_documents_raise_only_scheme_errors(document: object) -> None:
    load_or_scheme_error(yaml.safe_dump(document))


SHIPPED_DATA = {name: yaml.safe_load(entry.read_text(encoding="utf-8")) for name, entry in shipped_schemes().items()}


@st.composite
def mutated_schemes(draw: st.DrawFn) -> object:
    """A shipped scheme with one node deleted, replaced or repeated."""
    data = yaml.safe_load(yaml.safe_dump(SHIPPED_DATA[draw(st.sampled_from(sorted(SHIPPED_DATA)))]))
    parent: dict | list = data
    while True:
        slots = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
        slot = draw(st.sampled_from(slots))
        child = parent[slot]
        if not isinstance(child, (dict, list)) or not child or draw(st.booleans()):
            break
        parent = child
    action = draw(st.sampled_from(["delete", "replace", "repeat"]))
    if action == "delete":
        del parent[slot]
    elif action == "replace":
        parent[slot] = draw(documents)
    elif isinstance(parent, list):
        parent.append(parent[slot])
    else:
        parent[draw(st.sampled_from(VOCABULARY))] = parent[slot]
    return data


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_schemes())
def test_mutated_shipped_schemes_raise_only_scheme_errors(document: object) -> None:
    load_or_scheme_error(yaml.safe_dump(document))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SHIPPED_DATA)), st.data())
def test_text_edits_of_shipped_schemes_raise_only_scheme_errors(name: str, data: st.DataObject) -> None:
    text = shipped_schemes()[name].read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    load_or_scheme_error(text[:start] + data.draw(st.text(max_size=8)) + text[end:])
