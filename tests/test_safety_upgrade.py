"""Scheme drift: codes of another scheme version are refused on open; `scheme upgrade` migrates explicitly."""

from __future__ import annotations

import pytest

from observer.cli import main
from observer.errors import SchemeError, StudyError
from observer.scheme import load_scheme_text
from observer.store import Study
from observer.store.upgrade import canonical, parse_map, upgrade_scheme

from conftest import study_rows


def _v2(study: Study, *edits: tuple[str, str]):
    """The study's scheme as version 2, with text replacements applied."""
    text = study.scheme.text.replace('version: "1"', 'version: "2"')
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    return load_scheme_text(text, "mini-v2.yaml")


RENAME_SHIFT = ("id: wd_shift, label: Shifting topic", "id: wd_avoid, label: Avoiding")


@pytest.fixture
def coded(study):
    ann = study.for_rater("ann")
    ann.set_value("s1", 0, "wd_minimal", 1)
    ann.set_value("s1", 0, "wd_significance", 3)
    ann.set_complete("s1", 0)
    ann.set_value("s1", 1, "wd_shift", 1)
    ann.set_note("s1", 1, "wd_shift", "talks about the weather")
    ann.set_value("s1", 1, "wd_significance", 1)
    ann.set_value("s1", 2, "rs_clarify", 1)
    ann.set_value("s1", 2, "rs_clarify_impact", 2)
    return study


def test_renames_drops_and_value_maps_are_applied_and_recorded(coded):
    new = _v2(coded, RENAME_SHIFT)
    mapping = parse_map("rename: {wd_shift: wd_avoid}\nvalues:\n  wd_significance: {3: 2, 2: 1}\n", "map.yaml")
    report = upgrade_scheme(coded, new, mapping, backup=False)
    codes = {(c.segment, c.item): c for c in coded.codes()}
    assert codes[(1, "wd_avoid")].value == 1 and codes[(1, "wd_avoid")].note == "talks about the weather"
    assert (1, "wd_shift") not in codes
    assert codes[(0, "wd_significance")].value == 2 and codes[(1, "wd_significance")].value == 1
    assert coded.scheme_hash == new.content_hash and coded.scheme.version == "2"
    assert {h for (h,) in coded.db.execute("SELECT DISTINCT scheme_hash FROM codes")} == {new.content_hash}
    assert (report.renamed, report.revalued, report.dropped, report.reopened) == (1, 1, 0, 0)
    upgrades = [(e.item, e.old.get("value"), e.new.get("value")) for e in coded.history() if e.action == "upgrade"]
    assert ("wd_shift", 1, None) in upgrades and ("wd_avoid", None, 1) in upgrades
    assert ("wd_significance", 3, 2) in upgrades
    assert len(upgrades) == len(coded.codes()) + 1  # every code rewritten, the renamed one also removed
    coded.close()
    Study.open(coded.target).close()  # no drift left


def test_dropped_items_lose_their_codes_but_keep_their_history(coded):
    new = _v2(coded, ("        rating: {id: rs_clarify_impact, label: Clarify impact, scale: significance}\n", ""))
    report = upgrade_scheme(coded, new, parse_map("drop: [rs_clarify_impact]\n", "map.yaml"), backup=False)
    assert report.dropped == 1
    assert all(c.item != "rs_clarify_impact" for c in coded.codes())
    assert [e.new for e in coded.history() if e.item == "rs_clarify_impact"][-1] == {}


def test_an_unmapped_item_is_refused_and_nothing_changes(coded):
    before = study_rows(coded)
    with pytest.raises(SchemeError) as info:
        upgrade_scheme(coded, _v2(coded, RENAME_SHIFT), parse_map("{}", "map.yaml"), backup=False)
    assert "lacks item(s) wd_shift" in str(info.value) and "Nothing was changed" in str(info.value)
    assert study_rows(coded) == before


def test_a_value_with_no_place_on_the_new_scale_is_refused(coded):
    new = _v2(coded, RENAME_SHIFT, ("      - {value: 3, label: high}\n", ""))
    before = study_rows(coded)
    with pytest.raises(SchemeError, match="wd_significance = 3 .* is not on the scale"):
        upgrade_scheme(coded, new, parse_map("rename: {wd_shift: wd_avoid}", "map.yaml"), backup=False)
    assert study_rows(coded) == before


def test_complete_units_are_reopened_when_the_new_scheme_asks_more(coded):
    new = _v2(coded, ("      - {id: wd_shift, label: Shifting topic, key: s, scale: presence}\n",
                      "      - {id: wd_shift, label: Shifting topic, key: s, scale: presence}\n"
                      "      - {id: wd_silence, label: Silence, key: z, scale: presence}\n"))
    report = upgrade_scheme(coded, new, parse_map("{}", "map.yaml"), backup=False)
    assert report.reopened == 1
    assert not coded.for_rater("ann").unit_states("s1")[0].complete


def test_complete_units_stay_complete_when_nothing_new_is_asked(coded):
    report = upgrade_scheme(coded, _v2(coded, RENAME_SHIFT), parse_map("rename: {wd_shift: wd_avoid}", "m"),
                            backup=False)
    assert report.reopened == 0 and coded.for_rater("ann").unit_states("s1")[0].complete


def test_a_new_segment_length_is_refused(coded):
    with pytest.raises(StudyError, match="cannot be re-cut"):
        upgrade_scheme(coded, _v2(coded, ("segment_seconds: 60", "segment_seconds: 30")), parse_map("{}", "m"),
                       backup=False)


def test_codes_of_another_scheme_version_are_refused_on_open(coded):
    new = _v2(coded, ("name: Mini test scheme", "name: Mini test scheme, edited"))
    coded.add_scheme(new)
    coded.db.execute("UPDATE codes SET scheme_hash = ? WHERE item = 'wd_minimal'", (new.content_hash,))
    coded.close()
    with pytest.raises(StudyError) as info:
        Study.open(coded.target)
    message = str(info.value)
    assert "another version of its scheme" in message and new.content_hash[:12] in message
    assert "observer scheme upgrade" in message


def test_upgrading_to_the_current_scheme_repairs_drifted_codes(coded, tmp_path, capsys):
    current_file = tmp_path / "current.yaml"
    current_file.write_text(coded.scheme.text)
    other = _v2(coded, ("name: Mini test scheme", "name: Mini test scheme, edited"))
    coded.add_scheme(other)
    coded.db.execute("UPDATE codes SET scheme_hash = ? WHERE item = 'wd_minimal'", (other.content_hash,))
    coded.close()
    (tmp_path / "map.yaml").write_text("{}\n")
    assert main(["scheme", "upgrade", str(coded.target), str(current_file), "--map", str(tmp_path / "map.yaml")]) == 0
    assert "1 code(s) kept" in capsys.readouterr().out
    with Study.open(coded.target) as repaired:
        assert len(repaired.codes()) == 6


def test_the_same_scheme_is_nothing_to_upgrade(coded, tmp_path, capsys):
    (tmp_path / "same.yaml").write_text(coded.scheme.text)
    (tmp_path / "map.yaml").write_text("{}\n")
    before = study_rows(coded)
    assert main(["scheme", "upgrade", str(coded.target), str(tmp_path / "same.yaml"), "--map",
                 str(tmp_path / "map.yaml")]) == 0
    assert "nothing to upgrade" in capsys.readouterr().out
    assert study_rows(coded) == before


def test_the_upgrade_command_backs_up_first_and_reports(coded, tmp_path, capsys):
    (tmp_path / "v2.yaml").write_text(_v2(coded, RENAME_SHIFT).text)
    (tmp_path / "map.yaml").write_text("rename:\n  wd_shift: wd_avoid\n")
    assert main(["scheme", "upgrade", str(coded.target), str(tmp_path / "v2.yaml"), "--map",
                 str(tmp_path / "map.yaml")]) == 0
    out = capsys.readouterr().out
    assert "1 renamed" in out and "the study as it was before is in" in out
    backup = out.rsplit("is in ", 1)[1].strip()
    with Study.open(backup) as before:
        assert before.scheme.version == "1"


@pytest.mark.parametrize(("a", "b"), [(2, "2"), (2.0, "2"), ("2.0", "2"), (2.5, "2.5"), ("low", "low")])
def test_values_compare_by_what_they_denote(a, b):
    assert canonical(a) == canonical(b)
