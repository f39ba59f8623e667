"""The coding and review screens on a study in PostgreSQL: the same app, the database behind it."""

from __future__ import annotations

import pytest
from test_tui_support import pilot_test, session

from observer.scheme import load_scheme
from observer.store import Study
from observer.tui import ObserverApp
from observer.tui.review_app import ReviewApp
from observer.tui.screens.coding import CodingScreen

SIZE = (100, 40)


def _study(url: str) -> str:
    with Study.create(url, load_scheme("3rs-2015")) as study:
        study.add_sessions([session("s1"), session("s2")])
        study.add_account("ann", "rater", "ann-secret-1")
        study.for_rater("bob").set_value("s1", 0, "wd_denial", 1)
    return url


def test_a_rater_codes_through_their_own_database_role(new_database, tmp_path):
    url = _study(new_database("tui"))

    @pilot_test
    async def code() -> None:
        app = ObserverApp(f"{url}&options=-c%20role%3Dann", "ann", "s1", keys_file=tmp_path / "no-keys.yaml")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CodingScreen)
            await pilot.press("m")  # minimal response
            await pilot.pause()

    code()
    with Study.open(url) as study:
        codes = {(c.rater, c.segment, c.item): c.value for c in study.codes()}
    assert codes[("ann", 0, "wd_minimal_response")] == 1
    assert codes[("bob", 0, "wd_denial")] == 1  # bob's work is there, and never reached ann's screen


def test_the_review_screen_reads_a_database(new_database):
    url = _study(new_database("review"))
    with Study.open(url) as study:
        for rater in ("ann", "bob"):
            view = study.for_rater(rater)
            for segment in range(3):
                view.set_value("s1", segment, "wd_denial", 1 if segment != 2 or rater == "ann" else None)
                if segment != 2 or rater == "ann":
                    view.set_value("s1", segment, "wd_significance", 3)
                view.set_complete("s1", segment)

    @pilot_test
    async def review() -> None:
        app = ReviewApp(study=url, by=["item"], n_boot=0, seed=1)
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(100):
                await pilot.pause(0.05)
                if app.screen.report is not None:
                    break
            assert app.screen.report is not None and len(app.screen.report) > 0

    review()


def test_a_key_that_makes_two_changes_is_one_step_on_a_database_too(new_database):
    from observer.tui.coding_state import CodingState, UnitComplete

    url = _study(new_database("steps"))
    with Study.open(f"{url}&options=-c%20role%3Dann") as study:
        state = CodingState(study.for_rater("ann"), "s1")
        state.rate(0, "rs_redirect", 4)  # marks the strategy and rates its impact, in one batch
        assert state.undo().items == ("rs_redirect", "rs_redirect_impact")
        assert state.values(0) == {}
        state.complete(0)
        with pytest.raises(UnitComplete):
            state.toggle(0, "wd_denial")
        assert state.values(0) == {} and state.is_complete(0)
