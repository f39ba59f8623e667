"""Cross-checks against independent implementations on seeded random data with missing ratings.

krippendorff (the raw package, called the documented way), statsmodels
(fleiss_kappa, cohens_kappa), scikit-learn (cohen_kappa_score), pingouin
(intraclass_corr) and irrCAC (Gwet's AC1/AC2, Fleiss with missing data, alpha,
percent agreement). irrCAC 0.4.4 pins scipy==1.12; its tests skip when it is absent.
"""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pandas as pd
import pingouin
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from observer.reliability import (
    alpha,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    icc,
    percent_agreement,
)

SEEDS = range(12)
FIVE = [1, 2, 3, 4, 5]


def random_ratings(seed: int, *, units: int = 40, raters: int = 4, missing: float = 0.2,
                   categories: list = FIVE) -> pd.DataFrame:
    """Units x raters: each rater copies a latent category with probability .7, else guesses; some cells empty."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, len(categories), units)
    picks = np.where(rng.random((units, raters)) < 0.7, truth[:, None], rng.integers(0, len(categories),
                                                                                      (units, raters)))
    wide = pd.DataFrame(np.asarray(categories, dtype=object)[picks], columns=[f"r{r}" for r in range(raters)])
    return wide.mask(rng.random((units, raters)) < missing)


def long(wide: pd.DataFrame) -> pd.DataFrame:
    """Units x raters -> unit, rater, value rows (empty cells dropped)."""
    frame = wide.stack().rename("value").reset_index()
    frame.columns = ["unit", "rater", "value"]
    return frame


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_equals_the_krippendorff_package_called_with_raters_as_rows(seed: int, level: str) -> None:
    wide = random_ratings(seed).astype(float)
    expected = krippendorff.alpha(reliability_data=wide.to_numpy().T, level_of_measurement=level)
    assert alpha(long(wide), level=level) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_nominal_alpha_does_not_depend_on_how_categories_are_labelled(seed: int) -> None:
    numbers = random_ratings(seed)
    labels = numbers.replace({1: "one", 2: "two", 3: "three", 4: "four", 5: "five"})
    assert alpha(long(labels), level="nominal") == pytest.approx(alpha(long(numbers), level="nominal"), abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_ordinal_alpha_ignores_declared_categories_nobody_used(seed: int) -> None:
    data = long(random_ratings(seed))
    assert alpha(data, level="ordinal", categories=range(0, 9)) == pytest.approx(alpha(data, level="ordinal"))


@pytest.mark.parametrize("seed", SEEDS)
def test_fleiss_kappa_equals_statsmodels_on_complete_data(seed: int) -> None:
    wide = random_ratings(seed, raters=5, missing=0.0)
    counts, _ = aggregate_raters(wide.to_numpy(dtype=int), n_cat=None)
    assert fleiss_kappa(long(wide)) == pytest.approx(statsmodels_fleiss(counts, method="fleiss"), abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_kappa_equals_scikit_learn_over_the_declared_scale(seed: int, weights: str | None) -> None:
    wide = random_ratings(seed, raters=2, categories=[1, 2, 3, 4, 5, 6, 7])
    both = wide.dropna()
    expected = cohen_kappa_score(both["r0"].astype(int), both["r1"].astype(int), labels=[1, 2, 3, 4, 5, 6, 7, 8, 9],
                                 weights=weights)
    actual = cohen_kappa(long(wide), weights=weights, categories=[1, 2, 3, 4, 5, 6, 7, 8, 9])
    assert actual == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("weights", "wt"), [(None, None), ("linear", "linear"), ("quadratic", "quadratic")])
def test_cohen_kappa_equals_statsmodels_on_the_contingency_table(seed: int, weights: str | None, wt: str) -> None:
    wide = random_ratings(seed, raters=2, missing=0.1)
    both = wide.dropna().astype(int)
    table = pd.crosstab(both["r0"], both["r1"]).reindex(index=FIVE, columns=FIVE, fill_value=0).to_numpy()
    expected = cohens_kappa(table, wt=wt).kappa
    assert cohen_kappa(long(wide), weights=weights, categories=FIVE) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_icc_equals_pingouin_after_listwise_deletion(seed: int) -> None:
    wide = random_ratings(seed, units=30, raters=3, missing=0.05).astype(float)
    data = long(wide)
    ours = icc(data).set_index("type")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pingouin.intraclass_corr(data, targets="unit", raters="rater", ratings="value",
                                          nan_policy="omit").set_index("Type")
    names = dict(zip(["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"], theirs.index))
    for form, name in names.items():
        assert ours.at[form, "icc"] == pytest.approx(theirs.at[name, "ICC"], abs=1e-12)
        assert ours.at[form, "F"] == pytest.approx(theirs.at[name, "F"], rel=1e-9)
        assert ours.at[form, "pval"] == pytest.approx(theirs.at[name, "pval"], abs=1e-12)
        # pingouin rounds its CI95 to two decimals
        assert ours.at[form, "ci_low"] == pytest.approx(theirs.at[name, "CI95"][0], abs=0.0051)
        assert ours.at[form, "ci_high"] == pytest.approx(theirs.at[name, "CI95"][1], abs=0.0051)
    assert ours["n_units"].iloc[0] == len(wide.dropna())


def irrcac(wide: pd.DataFrame, weights: str = "identity") -> dict:
    """irrCAC's estimates for units x raters, or skip when irrCAC is not installed."""
    raw = pytest.importorskip("irrCAC.raw")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cac = raw.CAC(wide.astype(float), weights=weights, categories=[float(c) for c in FIVE], digits=14)
        return {"gwet": cac.gwet()["est"], "fleiss": cac.fleiss()["est"], "krippendorff": cac.krippendorff()["est"]}


@pytest.mark.parametrize("seed", SEEDS)
def test_ac1_fleiss_alpha_and_percent_agreement_equal_irrcac_with_missing_ratings(seed: int) -> None:
    wide = random_ratings(seed, missing=0.25)
    data = long(wide)
    reference = irrcac(wide)
    assert gwet_ac1(data, categories=FIVE) == pytest.approx(reference["gwet"]["coefficient_value"], abs=1e-10)
    assert fleiss_kappa(data, categories=FIVE) == pytest.approx(reference["fleiss"]["coefficient_value"], abs=1e-10)
    assert alpha(data, level="nominal") == pytest.approx(reference["krippendorff"]["coefficient_value"], abs=1e-10)
    assert percent_agreement(data) == pytest.approx(reference["gwet"]["pa"], abs=1e-10)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("weights", ["linear", "quadratic", "ordinal"])
def test_ac2_equals_irrcac_with_missing_ratings(seed: int, weights: str) -> None:
    wide = random_ratings(seed, missing=0.25)
    expected = irrcac(wide, weights)["gwet"]["coefficient_value"]
    assert gwet_ac2(long(wide), weights=weights, categories=FIVE) == pytest.approx(expected, abs=1e-10)
