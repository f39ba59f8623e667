"""The three shipped schemes: contents, keys, conditional rules, content hash and listing."""

from __future__ import annotations

import pytest
import yaml

from observer.scheme import RESERVED_KEYS, Scheme, describe, load_scheme, load_scheme_text, shipped_schemes

NAMES = ["3rs-2015", "3rs-2022-dyadic", "wai-o-s"]


@pytest.fixture(scope="module")
def schemes() -> dict[str, Scheme]:
    return {name: load_scheme(name) for name in NAMES}


def test_the_three_schemes_are_shipped() -> None:
    assert sorted(shipped_schemes()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_ids_keys_and_source_notes(name: str, schemes: dict[str, Scheme]) -> None:
    scheme = schemes[name]
    assert scheme.id == name
    ids = [item.id for item in scheme.items] + [group.id for group in scheme.groups] + list(scheme.scales)
    assert len(ids) == len(set(ids))
    for items in (scheme.segment_items, scheme.session_items):
        keys = [item.key for item in items if item.key]
        assert len(keys) == len(set(keys))
        assert not set(keys) & RESERVED_KEYS
    assert "follows" in scheme.text and "assumption" in scheme.text
    assert scheme.definitions is None


def test_3rs_2015_markers_ratings_strategies_and_globals(schemes: dict[str, Scheme]) -> None:
    scheme = schemes["3rs-2015"]
    assert scheme.segment_seconds == 300
    withdrawal, confrontation, resolution = scheme.groups
    for group in (withdrawal, confrontation):
        assert group.kind == "rupture"
        assert [item.role for item in group.items] == ["marker"] * 7
        assert group.rating.scale.allowed == (1, 2, 3, 4, 5)
        assert group.rating.depends_on == tuple(item.id for item in group.items)
    strategies = [item for item in resolution.items if item.role == "marker"]
    ratings = [item for item in resolution.items if item.role == "rating"]
    assert len(strategies) == len(ratings) == 10
    for strategy, rating in zip(strategies, ratings):
        assert rating.depends_on == (strategy.id,)
        assert rating.scale.allowed == (1, 2, 3, 4, 5)
    immediate = {item.id for item in strategies if item.tags == ("immediate",)}
    exploratory = {item.id for item in strategies if item.tags == ("exploratory",)}
    assert immediate == {"rs_clarify", "rs_change_task", "rs_rationale", "rs_redirect"}
    assert len(exploratory) == 6
    assert [(item.role, item.scale.allowed) for item in scheme.session_items] == [("global", (1, 2, 3, 4, 5))] * 2
    summary = scheme.summary
    assert [(t.rating, t.markers) for t in summary.rupture_types] == [
        ("wd_significance", "withdrawal"),
        ("cf_significance", "confrontation"),
    ]
    assert (summary.resolution_group, summary.resolution_window, summary.significance_threshold) == (
        "resolution", 1, 3)
    assert set(summary.strategy_tags) == {"immediate", "exploratory"}
    assert summary.resolution_min_impact == 2


def test_3rs_2015_significance_required_with_a_marker_and_forbidden_without(schemes: dict[str, Scheme]) -> None:
    scheme = schemes["3rs-2015"]
    missing = scheme.check_unit({"wd_denial": 1})
    assert [(p.item, p.kind) for p in missing] == [("wd_significance", "missing")]
    forbidden = scheme.check_unit({"wd_denial": 0, "cf_significance": 2})
    assert [(p.item, p.kind) for p in forbidden] == [("cf_significance", "forbidden")]
    assert scheme.check_unit({"wd_denial": 1, "wd_significance": 4, "cf_defends_self": 0}) == []
    strategy = scheme.check_unit({"rs_clarify": 1, "rs_redirect_impact": 3})
    assert [(p.item, p.kind) for p in strategy] == [("rs_clarify_impact", "missing"),
                                                    ("rs_redirect_impact", "forbidden")]
    invalid = scheme.check_unit({"cf_control_pressure": 1, "cf_significance": 6})
    assert [(p.item, p.kind) for p in invalid] == [("cf_significance", "invalid")]


def test_3rs_2022_dyadic_salience_and_forms(schemes: dict[str, Scheme]) -> None:
    scheme = schemes["3rs-2022-dyadic"]
    assert scheme.segment_seconds == 300
    salience = [item for item in scheme.segment_items if item.role == "rating"]
    assert [item.id for item in salience] == ["pw_salience", "pc_salience", "tw_salience", "tc_salience"]
    scale = salience[0].scale
    assert scale.allowed == (1, 2, 3, 4, 5)
    assert [scale.label_of(v) for v in (1, 3, 5)] == ["not salient", "somewhat salient", "very salient"]
    assert all(not item.depends_on for item in salience)
    forms = [item for item in scheme.segment_items if item.role == "marker"]
    assert len(forms) == 12 and all(item.is_presence for item in forms)
    assert [t.rating for t in scheme.summary.rupture_types] == [item.id for item in salience]
    ratings = {"pw_salience": 3, "pc_salience": 1, "tw_salience": 1, "tc_salience": 2}
    assert scheme.check_unit(ratings) == []
    assert [p.item for p in scheme.check_unit({"pw_salience": 3, "pw_masking": 1})] == [
        "pc_salience", "tw_salience", "tc_salience"]


def test_wai_o_s_twelve_session_items_in_two_groups(schemes: dict[str, Scheme]) -> None:
    scheme = schemes["wai-o-s"]
    assert scheme.whole_session
    assert [(group.id, group.kind, len(group.items)) for group in scheme.groups] == [
        ("bond", "rating", 4), ("agreement", "rating", 8)]
    scale = scheme.scales["wai7"]
    assert scale.allowed == tuple(range(1, 8))
    assert scale.label_of(4) == "no evidence"
    assert all(item.role == "rating" and item.scale is scale for item in scheme.segment_items)
    assert scheme.summary.rupture_types == ()
    assert "definitions:" in scheme.description


@pytest.mark.parametrize("name", NAMES)
def test_content_hash_ignores_formatting_and_comments(name: str, schemes: dict[str, Scheme]) -> None:
    scheme = schemes[name]
    data = yaml.safe_load(scheme.text)
    flow = yaml.safe_dump(data, default_flow_style=True, sort_keys=True, width=60)
    block = "# my lab's copy\n" + yaml.safe_dump(data, default_flow_style=False, sort_keys=False, indent=4)
    assert len(scheme.content_hash) == 64
    assert load_scheme_text(flow, "flow.yaml").content_hash == scheme.content_hash
    assert load_scheme_text(block, "block.yaml").content_hash == scheme.content_hash
    assert load_scheme(shipped_schemes()[name]).content_hash == scheme.content_hash


@pytest.mark.parametrize("name", NAMES)
def test_content_hash_changes_with_content(name: str, schemes: dict[str, Scheme]) -> None:
    scheme = schemes[name]
    data = yaml.safe_load(scheme.text)
    data["groups"][0]["items"][0]["label"] += " (lab wording)"
    assert load_scheme_text(yaml.safe_dump(data), "edited.yaml").content_hash != scheme.content_hash
    data = yaml.safe_load(scheme.text)
    data["version"] += "-lab"
    assert load_scheme_text(yaml.safe_dump(data), "edited.yaml").content_hash != scheme.content_hash


@pytest.mark.parametrize("name", NAMES)
def test_describe_lists_every_item_key_and_scale_value(name: str, schemes: dict[str, Scheme]) -> None:
    scheme = schemes[name]
    listing = describe(scheme)
    for item in scheme.items:
        key = f"[{item.key}]" if item.key else "[ ]"
        assert f"{key} {item.id}: {item.label}" in listing
    for scale in scheme.scales.values():
        for value in scale.values:
            assert f"{value.value} = {value.label}" in listing
    assert scheme.content_hash in listing


def test_describe_states_units_conditions_and_summary(schemes: dict[str, Scheme]) -> None:
    listing = describe(schemes["3rs-2015"])
    assert "Coding unit: segments of 300 seconds" in listing
    assert "rated only when any withdrawal marker is present" in listing
    assert "rated only when rs_clarify is present" in listing
    assert "Session items (rated once per session)" in listing
    assert ("resolution: group resolution, within 1 following segment(s), impact 2 or more, "
            "tags immediate, exploratory") in listing
    assert "Coding unit: whole session" in describe(schemes["wai-o-s"])
