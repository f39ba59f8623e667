"""Small schemes and study frames for the summary tests (builders only; no tests here)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from observer.scheme.model import Group, Item, RuptureType, Scale, ScaleValue, Scheme, SummarySettings

PRESENCE = Scale("presence", "presence", (ScaleValue(0, "absent"), ScaleValue(1, "present")))
FIVE = Scale("five", "ordinal", tuple(ScaleValue(v, str(v)) for v in range(1, 6)))
SEVEN = Scale("seven", "ordinal", tuple(ScaleValue(v, str(v)) for v in range(1, 8)))


def _marker(item_id: str, group: str, tags: tuple[str, ...] = ()) -> Item:
    return Item(item_id, item_id.replace("_", " "), PRESENCE, "marker", group=group, tags=tags)


def _rating(item_id: str, group: str, scale: Scale = FIVE, depends_on: tuple[str, ...] = ()) -> Item:
    return Item(item_id, item_id.replace("_", " "), scale, "rating", group=group, depends_on=depends_on)


def small_3rs(window: int = 1, threshold: float = 3) -> Scheme:
    """A 3RS-2015-shaped scheme with 2 markers per rupture type and 3 strategies."""
    withdrawal = Group(
        "withdrawal", "Withdrawal", "rupture",
        (_marker("wd_a", "withdrawal"), _marker("wd_b", "withdrawal")),
        rating=_rating("wd_sig", "withdrawal", depends_on=("wd_a", "wd_b")),
    )
    confrontation = Group(
        "confrontation", "Confrontation", "rupture",
        (_marker("cf_a", "confrontation"), _marker("cf_b", "confrontation")),
        rating=_rating("cf_sig", "confrontation", depends_on=("cf_a", "cf_b")),
    )
    resolution = Group(
        "resolution", "Resolution", "resolution",
        (
            _marker("rs_clarify", "resolution", ("immediate",)),
            _rating("rs_clarify_impact", "resolution", depends_on=("rs_clarify",)),
            _marker("rs_redirect", "resolution", ("immediate",)),
            _marker("rs_invite", "resolution", ("exploratory",)),
        ),
    )
    session_items = (
        Item("gl_contribution", "therapist contribution", FIVE, "global"),
        Item("gl_resolved", "ruptures resolved", FIVE, "global"),
    )
    summary = SummarySettings(
        rupture_types=(
            RuptureType("withdrawal", "Withdrawal", "wd_sig", "withdrawal"),
            RuptureType("confrontation", "Confrontation", "cf_sig", "confrontation"),
        ),
        resolution_group="resolution",
        resolution_window=window,
        significance_threshold=threshold,
        strategy_tags=("immediate", "exploratory"),
    )
    return Scheme(
        "small-3rs", "small 3RS", "1", "test", 300.0, {"presence": PRESENCE, "five": FIVE},
        (withdrawal, confrontation, resolution), session_items, summary,
    )


def rated_3rs(min_impact: float = 2, window: int = 1) -> Scheme:
    """``small_3rs`` with an impact rating for every strategy and ``resolution.min_impact`` set."""
    base = small_3rs(window=window)
    resolution = base.group("resolution")
    items = []
    for item in resolution.items:
        items.append(item)
        if item.is_presence and item.id != "rs_clarify":
            items.append(_rating(f"{item.id}_impact", "resolution", depends_on=(item.id,)))
    groups = tuple(replace(g, items=tuple(items)) if g.id == "resolution" else g for g in base.groups)
    return replace(base, groups=groups, summary=replace(base.summary, resolution_min_impact=min_impact))


def dyadic_2022() -> Scheme:
    """A 3RS-2022-shaped scheme: four unconditional 1-5 salience ratings, marker forms for patient withdrawal."""
    groups = (
        Group("patient_withdrawal", "Patient withdrawal", "rupture",
              (_rating("pw_salience", "patient_withdrawal"), _marker("pw_shutting_down", "patient_withdrawal"),
               _marker("pw_avoiding", "patient_withdrawal"))),
        Group("patient_confrontation", "Patient confrontation", "rupture",
              (_rating("pc_salience", "patient_confrontation"),)),
        Group("therapist_withdrawal", "Therapist withdrawal", "rupture",
              (_rating("tw_salience", "therapist_withdrawal"),)),
        Group("therapist_confrontation", "Therapist confrontation", "rupture",
              (_rating("tc_salience", "therapist_confrontation"),)),
    )
    summary = SummarySettings(
        rupture_types=tuple(
            RuptureType(g.id, g.label, g.items[0].id, g.id) for g in groups
        ),
        significance_threshold=3,
    )
    return Scheme("dyadic", "3RS 2022 dyadic", "1", "test", 300.0, {"presence": PRESENCE, "five": FIVE},
                  groups, (), summary)


def wai_os() -> Scheme:
    """A WAI-O-S-shaped scheme: whole-session unit, 2 bond and 3 agreement items rated 1-7, no rupture types."""
    bond = Group("bond", "Bond", "rating", tuple(_rating(f"wai_b{i}", "bond", SEVEN) for i in (1, 2)))
    agreement = Group("agreement", "Agreement", "rating",
                      tuple(_rating(f"wai_a{i}", "agreement", SEVEN) for i in (1, 2, 3)))
    return Scheme("wai", "WAI-O-S", "1", "test", None, {"seven": SEVEN}, (bond, agreement))


def codes_frame(
    scheme: Scheme,
    coding: dict[tuple[str, str], dict[int, dict[str, int]]],
    session_values: dict[tuple[str, str], dict[str, int]] | None = None,
    seconds: float = 300.0,
) -> pd.DataFrame:
    """Long-format codes: per (session, rater), per completed segment, the values given.

    Presence items not given in a coded segment are written as explicit 0, as
    the study store exports completed segments; ratings only when given.
    """
    presence = [item.id for item in scheme.segment_items if item.is_presence]
    rows = []
    for (session, rater), segments in coding.items():
        for index, values in segments.items():
            full = {**{p: 0 for p in presence}, **values}
            for item, value in full.items():
                rows.append((session, index, index * seconds, (index + 1) * seconds, rater, item, value))
    for (session, rater), values in (session_values or {}).items():
        for item, value in values.items():
            rows.append((session, None, None, None, rater, item, value))
    frame = pd.DataFrame(
        rows, columns=["session_id", "segment_index", "segment_start", "segment_end", "rater", "item", "value"]
    )
    frame["segment_index"] = frame["segment_index"].astype("Int64")
    frame["note"] = ""
    frame["coded_at"] = "2024-01-01T00:00:00+00:00"
    return frame


def segments_frame(counts: dict[str, int], seconds: float = 300.0) -> pd.DataFrame:
    """Every segment of each session: ``counts`` maps session id to its number of segments."""
    rows = [(s, i, i * seconds, (i + 1) * seconds) for s, n in counts.items() for i in range(n)]
    return pd.DataFrame(rows, columns=["session_id", "segment_index", "start", "end"])


def sessions_frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Sessions from (session_id, therapist, client, date) tuples."""
    frame = pd.DataFrame(rows, columns=["session_id", "therapist", "client", "date"])
    frame["duration"] = 3600.0
    return frame
