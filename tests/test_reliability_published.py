"""Every published case of shared/reference/irr_cases.json that the API covers, with its source.

The values are transcribed below as literals (source first, then where the value
was found); ``expected`` is the published figure with a tolerance that fits its
rounding, ``computed`` the full-precision value, checked to 1e-8.

Not covered: ``artstein_poesio2008_p568_weighted_alpha`` (alpha with a custom
distance matrix; ``alpha`` takes the four levels of measurement only). Custom
disagreement weights for kappa (Cohen 1968; Artstein & Poesio 2008) are passed as
agreement weights ``1 - v / max(v)``, which gives the same kappa.
Contingency tables are expanded to two raters' ratings of ``N`` units; value
counts to anonymous raters; both use the table's categories in order.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest

from observer.reliability import alpha, cohen_kappa, fleiss_kappa, gwet_ac1, gwet_ac2, icc, percent_agreement


class Case(NamedTuple):
    """One published value and the data it was computed on."""

    id: str
    statistic: str
    form: str
    layout: str
    data: list
    expected: float
    tolerance: float
    computed: float
    categories: list | None = None
    weights: object = None
    mcgraw_wong: str | None = None


CASES = [
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. https://repository.upenn.edu/asc_papers/43 section A (binary, 2 observers, no missing)
    # TeamHeka/medkit tests/unit/text/metrics/test__irr_utils.py (0.095)
    # dkpro/dkpro-statistics Krippendorff2004Test.testDichotomy / Krippendorff1980Test (same coincidences, 0.095)
    # jmgirard/mReliability issue #6 quotes the paper's 0.095
    Case(
        'kripp2011_A_binary_2coders',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]],
        expected=0.095,
        tolerance=0.001,
        computed=0.0952380952,
    ),
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. https://repository.upenn.edu/asc_papers/43 section B (nominal, 2 observers Ben/Gerry, no missing)
    # TeamHeka/medkit tests/unit/text/metrics/test__irr_utils.py (0.692)
    # jmgirard/mReliability issue #6 quotes the paper's 0.692
    # irrCAC raw_ben_gerry is a Gwet variant of the same data with Gerry unit 10 missing (different values)
    Case(
        'kripp2011_B_nominal_2coders',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[['a', 'a', 'b', 'b', 'd', 'c', 'c', 'c', 'e', 'd', 'd', 'a'], ['b', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'e', 'd', 'd', 'd']],
        expected=0.692,
        tolerance=0.001,
        computed=0.6919642857,
    ),
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. https://repository.upenn.edu/asc_papers/43 sections C-F (4 observers x 12 units, missing data); same data Krippendorff (2004) p.230 / (2018) p.290
    # pln-fing-udelar/fast-krippendorff krippendorff/krippendorff.py doctest (ordinal 0.815, ratio 0.797, nominal 0.743 string version)
    # joon-e/tidycomm tests/testthat/test-icr_kripp_alpha.R (0.743/0.815/0.849/0.797)
    # dkpro/dkpro-statistics Krippendorff2004Test (nominal 0.743, interval 0.849; D_o=0.433, D_e=2.872 interval)
    # r-stata/tssc ssc/kalpha/kalpha.sthlp example uses the same matrix
    # kgwet/irrCAC README: krippen.alpha.raw(cac.raw4raters) = 0.74342 (unit 12 coded by rater 3 instead of 2; unpairable either way)
    Case(
        'kripp2011_C_4coders_missing_nominal',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3], [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]],
        expected=0.743,
        tolerance=0.001,
        computed=0.7434210526,
        categories=[1, 2, 3, 4, 5],
    ),
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. https://repository.upenn.edu/asc_papers/43 sections C-F (4 observers x 12 units, missing data); same data Krippendorff (2004) p.230 / (2018) p.290
    # pln-fing-udelar/fast-krippendorff krippendorff/krippendorff.py doctest (ordinal 0.815, ratio 0.797, nominal 0.743 string version)
    # joon-e/tidycomm tests/testthat/test-icr_kripp_alpha.R (0.743/0.815/0.849/0.797)
    # dkpro/dkpro-statistics Krippendorff2004Test (nominal 0.743, interval 0.849; D_o=0.433, D_e=2.872 interval)
    # r-stata/tssc ssc/kalpha/kalpha.sthlp example uses the same matrix
    # kgwet/irrCAC README: krippen.alpha.raw(cac.raw4raters) = 0.74342 (unit 12 coded by rater 3 instead of 2; unpairable either way)
    Case(
        'kripp2011_C_4coders_missing_ordinal',
        'krippendorff_alpha',
        'ordinal',
        'raters_x_units',
        data=[[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3], [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]],
        expected=0.815,
        tolerance=0.001,
        computed=0.8153875038,
        categories=[1, 2, 3, 4, 5],
    ),
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. https://repository.upenn.edu/asc_papers/43 sections C-F (4 observers x 12 units, missing data); same data Krippendorff (2004) p.230 / (2018) p.290
    # pln-fing-udelar/fast-krippendorff krippendorff/krippendorff.py doctest (ordinal 0.815, ratio 0.797, nominal 0.743 string version)
    # joon-e/tidycomm tests/testthat/test-icr_kripp_alpha.R (0.743/0.815/0.849/0.797)
    # dkpro/dkpro-statistics Krippendorff2004Test (nominal 0.743, interval 0.849; D_o=0.433, D_e=2.872 interval)
    # r-stata/tssc ssc/kalpha/kalpha.sthlp example uses the same matrix
    # kgwet/irrCAC README: krippen.alpha.raw(cac.raw4raters) = 0.74342 (unit 12 coded by rater 3 instead of 2; unpairable either way)
    Case(
        'kripp2011_C_4coders_missing_interval',
        'krippendorff_alpha',
        'interval',
        'raters_x_units',
        data=[[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3], [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]],
        expected=0.849,
        tolerance=0.001,
        computed=0.8491071429,
        categories=[1, 2, 3, 4, 5],
    ),
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. https://repository.upenn.edu/asc_papers/43 sections C-F (4 observers x 12 units, missing data); same data Krippendorff (2004) p.230 / (2018) p.290
    # pln-fing-udelar/fast-krippendorff krippendorff/krippendorff.py doctest (ordinal 0.815, ratio 0.797, nominal 0.743 string version)
    # joon-e/tidycomm tests/testthat/test-icr_kripp_alpha.R (0.743/0.815/0.849/0.797)
    # dkpro/dkpro-statistics Krippendorff2004Test (nominal 0.743, interval 0.849; D_o=0.433, D_e=2.872 interval)
    # r-stata/tssc ssc/kalpha/kalpha.sthlp example uses the same matrix
    # kgwet/irrCAC README: krippen.alpha.raw(cac.raw4raters) = 0.74342 (unit 12 coded by rater 3 instead of 2; unpairable either way)
    Case(
        'kripp2011_C_4coders_missing_ratio',
        'krippendorff_alpha',
        'ratio',
        'raters_x_units',
        data=[[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3], [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]],
        expected=0.797,
        tolerance=0.001,
        computed=0.7974027747,
        categories=[1, 2, 3, 4, 5],
    ),
    # Wikipedia 'Krippendorff's alpha' - A computational example (3 coders x 15 units)
    # pln-fing-udelar/fast-krippendorff sample.py + doctest (0.691358 / 0.810845)
    # choroba/statistics-krippendorff t/02-example.t (0.691 / 0.811)
    # joon-e/tidycomm tests/testdata/wiki.R + test-icr_kripp_alpha.R
    Case(
        'kripp_wikipedia_3coders_missing_nominal',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3], [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None], [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4]],
        expected=0.691,
        tolerance=0.001,
        computed=0.6913580247,
    ),
    # Wikipedia 'Krippendorff's alpha' - A computational example (3 coders x 15 units)
    # pln-fing-udelar/fast-krippendorff sample.py + doctest (0.691358 / 0.810845)
    # choroba/statistics-krippendorff t/02-example.t (0.691 / 0.811)
    # joon-e/tidycomm tests/testdata/wiki.R + test-icr_kripp_alpha.R
    Case(
        'kripp_wikipedia_3coders_missing_interval',
        'krippendorff_alpha',
        'interval',
        'raters_x_units',
        data=[[None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3], [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None], [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4]],
        expected=0.811,
        tolerance=0.001,
        computed=0.8108448928,
    ),
    # Wikipedia 'Krippendorff's alpha' example expressed as a values-by-units table
    # pln-fing-udelar/fast-krippendorff doctest: alpha(value_counts=..., level_of_measurement='nominal') = 0.691358
    Case(
        'kripp_wikipedia_value_counts_nominal',
        'krippendorff_alpha',
        'nominal',
        'units_x_categories_counts',
        data=[[1, 0, 0, 0], [0, 0, 0, 0], [0, 2, 0, 0], [2, 0, 0, 0], [0, 0, 2, 0], [0, 0, 2, 1], [0, 0, 0, 3], [1, 0, 1, 0], [0, 2, 0, 0], [2, 0, 0, 0], [2, 0, 0, 0], [0, 0, 2, 0], [0, 0, 2, 0], [0, 0, 0, 0], [0, 0, 1, 1]],
        expected=0.691,
        tolerance=0.001,
        computed=0.6913580247,
        categories=[1, 2, 3, 4],
    ),
    # Krippendorff, K. (2004). Content Analysis, 2nd ed., p.227
    # dkpro/dkpro-statistics Krippendorff2004Test.testMultipleCategories (alpha 0.734, D_o 0.1667, D_e 0.6268, pa 0.833)
    Case(
        'kripp2004_p227_nominal_2coders',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[['a', 'a', 'b', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c', 'c'], ['a', 'b', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c', 'c', 'c']],
        expected=0.734,
        tolerance=0.001,
        computed=0.7341040462,
    ),
    # Krippendorff, K. (1980). Content Analysis, p.139
    # dkpro/dkpro-statistics Krippendorff1980Test.testMultiCategoryMultiRater (0.642; D_o 0.259, D_e 0.724)
    Case(
        'kripp1980_p139_nominal_3coders',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 1, 2, 4, 1, 2, 1, 3, 2], [1, 2, 2, 4, 4, 2, 2, 3, 2], [1, 2, 2, 4, 4, 2, 3, 3, 2]],
        expected=0.642,
        tolerance=0.001,
        computed=0.6417322835,
    ),
    # data: Krippendorff (1980) p.139
    # dkpro/dkpro-statistics Krippendorff1980Test (interval 0.547) - library-computed, not printed in the book
    Case(
        'kripp1980_p139_interval_3coders',
        'krippendorff_alpha',
        'interval',
        'raters_x_units',
        data=[[1, 1, 2, 4, 1, 2, 1, 3, 2], [1, 2, 2, 4, 4, 2, 2, 3, 2], [1, 2, 2, 4, 4, 2, 3, 3, 2]],
        expected=0.547,
        tolerance=0.001,
        computed=0.5469168901,
    ),
    # data: Krippendorff (1980) p.139
    # dkpro/dkpro-statistics Krippendorff1980Test (ratio 0.483) - library-computed, not printed in the book
    Case(
        'kripp1980_p139_ratio_3coders',
        'krippendorff_alpha',
        'ratio',
        'raters_x_units',
        data=[[1, 1, 2, 4, 1, 2, 1, 3, 2], [1, 2, 2, 4, 4, 2, 2, 3, 2], [1, 2, 2, 4, 4, 2, 3, 3, 2]],
        expected=0.483,
        tolerance=0.001,
        computed=0.4832542916,
    ),
    # Krippendorff, K. (2018). Content Analysis, 4th ed., p.306
    # joon-e/tidycomm tests/testdata/krippendorff.R [[2]] + test-icr_kripp_alpha.R (0.2343)
    Case(
        'kripp2018_p306_binary_3coders',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1], [0, 1, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1], [0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0]],
        expected=0.2343,
        tolerance=0.0005,
        computed=0.234375,
    ),
    # Krippendorff, K. (2018). Content Analysis, 4th ed., p.310 (book prints 0.760, rounding)
    # joon-e/tidycomm tests/testdata/krippendorff.R [[3]] + test-icr_kripp_alpha.R (0.759)
    Case(
        'kripp2018_p310_nominal_2coders',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[['a', 'a', 'c', 'c', 'c', 'c', 'c', 'b', 'b', 'b', 'b', 'd'], ['a', 'c', 'c', 'c', 'c', 'c', 'b', 'b', 'b', 'b', 'b', 'd']],
        expected=0.759,
        tolerance=0.0015,
        computed=0.7591623037,
    ),
    # Hayes, A.F. & Krippendorff, K. (2007). Answering the call for a standard reliability measure for coding data. Communication Methods and Measures 1:77-89 (KALPHA macro output, p.84: 0.7598)
    # dkpro/dkpro-statistics HayesKrippendorff2007Test (0.7598)
    # joon-e/tidycomm tests/testdata/hayes.R + test-icr_kripp_alpha.R (0.7598)
    # raoulbia/nltk-krippendorff-validation README (paper 0.7598)
    Case(
        'hayes_krippendorff2007_ordinal_5obs',
        'krippendorff_alpha',
        'ordinal',
        'raters_x_units',
        data=[[1, 1, 2, None, 0, 0, 1, 1, 2, 2, None, 0, 1, 3, 1, 1, 2, 1, 1, 0, 0, 0, 2, 0, 1, 0, 0, 1, 1, 1, 1, 2, 2, 3, 2, 2, 2, 2, 2, 1], [1, 1, 3, 0, 0, 0, 0, None, 2, 1, 1, 0, 2, 3, 1, 1, 1, 2, 1, 0, 0, 0, 3, 0, 2, 1, 0, 2, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1], [2, 0, 3, 0, 0, 0, 2, 2, 2, 1, 0, 0, 2, 2, 1, 1, 2, 3, 0, 0, 1, None, 3, 0, None, 1, 0, 1, 2, 2, 0, 2, None, 2, 2, 3, 2, None, 2, 1], [None, 1, 3, None, None, None, None, 0, None, 1, 0, 0, 2, 2, None, None, None, 3, 1, None, 1, 0, 3, 0, 2, 1, 1, 2, 2, None, None, 1, 2, 2, None, None, None, 1, 2, None], [2, None, None, 0, 0, 0, 1, None, 2, None, None, None, None, 3, 1, 1, 2, None, None, 0, None, 0, None, None, 2, None, 0, None, None, 2, 0, None, 2, None, 2, 2, 2, 2, None, 1]],
        expected=0.7598,
        tolerance=0.0001,
        computed=0.7598291892,
        categories=[0, 1, 2, 3],
    ),
    # data: Hayes & Krippendorff (2007)
    # joon-e/tidycomm test-icr_kripp_alpha.R (0.4765); grrrr/krippendorff-alpha via raoulbia/nltk-krippendorff-validation (0.477)
    Case(
        'hayes_krippendorff2007_nominal_5obs',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 1, 2, None, 0, 0, 1, 1, 2, 2, None, 0, 1, 3, 1, 1, 2, 1, 1, 0, 0, 0, 2, 0, 1, 0, 0, 1, 1, 1, 1, 2, 2, 3, 2, 2, 2, 2, 2, 1], [1, 1, 3, 0, 0, 0, 0, None, 2, 1, 1, 0, 2, 3, 1, 1, 1, 2, 1, 0, 0, 0, 3, 0, 2, 1, 0, 2, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1], [2, 0, 3, 0, 0, 0, 2, 2, 2, 1, 0, 0, 2, 2, 1, 1, 2, 3, 0, 0, 1, None, 3, 0, None, 1, 0, 1, 2, 2, 0, 2, None, 2, 2, 3, 2, None, 2, 1], [None, 1, 3, None, None, None, None, 0, None, 1, 0, 0, 2, 2, None, None, None, 3, 1, None, 1, 0, 3, 0, 2, 1, 1, 2, 2, None, None, 1, 2, 2, None, None, None, 1, 2, None], [2, None, None, 0, 0, 0, 1, None, 2, None, None, None, None, 3, 1, 1, 2, None, None, 0, None, 0, None, None, 2, None, 0, None, None, 2, 0, None, 2, None, 2, 2, 2, 2, None, 1]],
        expected=0.4765,
        tolerance=0.0005,
        computed=0.4765095674,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_01',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 1, 2, 1, 1, 1, 1, 1, 1, 1], [1, 1, 2, 1, 1, 1, 1, 1, 1, 1]],
        expected=1,
        tolerance=0.0001,
        computed=1.0,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_02',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
        expected=0.1929,
        tolerance=0.0001,
        computed=0.1929347826,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_03',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[2, 2, 2, 4, 1, 1, 1, 4, 4, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 4, 1, 4, 1, 1, 3, 4, 1, 1, 4, 4, 1, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 4, 1, 1], [1, 2, 2, 4, 1, 1, 1, 4, 4, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 4, 1, 4, 1, 1, 1, 4, 1, 1, 4, 4, 1, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 1, 1]],
        expected=0.8334,
        tolerance=0.0001,
        computed=0.8334034497,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_04',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]],
        expected=0.807,
        tolerance=0.0001,
        computed=0.8070175439,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_05',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0]],
        expected=1,
        tolerance=0.0001,
        computed=1.0,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_06',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0]],
        expected=0.9023,
        tolerance=0.0001,
        computed=0.9022556391,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_07',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[0, 0, 0, 0, 4, 1, 1, 1, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 4, 1, 1, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]],
        expected=0.9144,
        tolerance=0.0001,
        computed=0.9143686502,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_08',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[0, 0, 0, 0, 1, 2, 2, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2, 1, 1, 0, 0, 1, 2, 1, 2, 1, 1, 3, 3, 3, 1, 0], [0, 0, 0, 0, 1, 3, 2, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 3, 1, 1, 0, 0, 1, 2, 2, 2, 2, 2, 3, 3, 3, 1, 0]],
        expected=0.7928,
        tolerance=0.0001,
        computed=0.792814789,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_09',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1]],
        expected=1,
        tolerance=0.0001,
        computed=1.0,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_10',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0], [1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0]],
        expected=0.8889,
        tolerance=0.0001,
        computed=0.8888888889,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_11',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 1, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 1, 0, 0, 0, 0, 0, 0, 0], [0, 1, 1, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]],
        expected=0.6354,
        tolerance=0.0001,
        computed=0.6354166667,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_12',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0], [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
        expected=0.341,
        tolerance=0.0001,
        computed=0.3409995577,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_13',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
        expected=0,
        tolerance=0.0001,
        computed=0.0,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_14',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[3, 4, 3, 4, 3], [4, 5, 3, 5, 5], [4, 5, 5, 5, 5]],
        expected=0.0278,
        tolerance=0.0001,
        computed=0.0277777778,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_15',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 1, 1, 2, 3, 3, 3, 1, 1, 1, 1, 2, 2, 3, 3], [1, 1, 1, 1, 1, 1, 1, 1, 3, 2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 2, 1, 1, 2, 2, 2, 1, 1, 2, 3, 3, 1, 1, 1, 1, 1, 2, 2, 3, 3], [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2, 2, 3, 2, 2, 2, 2, 2, 2, 1, 1, 2, 2, 2, 1, 1, 2, 3, 3, 3, 1, 1, 1, 1, 2, 2, 3, 3]],
        expected=0.8628,
        tolerance=0.0001,
        computed=0.8627543777,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_16',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0], [0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0], [0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0]],
        expected=0.7227,
        tolerance=0.0001,
        computed=0.7226792009,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_17',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[999, 999, 999, 2, 2, 2, 2, 2, 999, 999, 999, 999, 999, 999, 999, 999, 999, 999, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 999, 1, 1, 3, 999, 999, 3, 3, 3, 3, 3, 1, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1], [999, 999, 999, 3, 3, 3, 3, 3, 99, 999, 999, 999, 999, 999, 999, 999, 999, 999, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 999, 1, 1, 3, 999, 999, 3, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [999, 999, 999, 2, 2, 2, 2, 99, 999, 999, 999, 999, 999, 999, 999, 999, 999, 999, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 999, 1, 1, 3, 999, 999, 2, 2, 2, 2, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1]],
        expected=0.7002,
        tolerance=0.0001,
        computed=0.7001817474,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_18',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
        expected=0.7449,
        tolerance=0.0001,
        computed=0.7448630137,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_19',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 15, 0, 18, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
        expected=-0.0068,
        tolerance=0.0001,
        computed=-0.0067567568,
    ),
    # Freelon, D. (2010). ReCal: Intercoder reliability calculation as a web service. IJIS 5(1) (test files; reference values from Hayes' KALPHA macro)
    # joon-e/tidycomm tests/testdata/freelon.R + test-icr_kripp_alpha.R
    Case(
        'freelon2010_recal_20',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[1, 1, 1, 0, 10, 10, 2, 5, 4, 1, 0, 0, 3, 0, 2, 1, 0, 0, 2, 1, 0, 2, 3, 2, 1], [1, 1, 1, 0, 10, 10, 2, 5, 4, 1, 0, 0, 3, 0, 1, 1, 0, 0, 3, 0, 0, 2, 3, 2, 1], [1, 1, 1, 0, 10, 10, 2, 5, 4, 1, 0, 0, 2, 0, 1, 1, 1, 0, 1, 0, 2, 1, 3, 2, 1]],
        expected=0.7462,
        tolerance=0.0001,
        computed=0.7462277092,
    ),
    # gesistsa/oolong issue #96 (irr::kripp.alpha disagrees with hand calculation for complete data, 3 coders)
    # joon-e/tidycomm tests/testdata/chan.R + test-icr_kripp_alpha.R: 1 - 4/((5*25)/29)
    Case(
        'oolong_chan_3coders_binary_complete',
        'krippendorff_alpha',
        'nominal',
        'raters_x_units',
        data=[[2, 2, 2, 2, 2, 2, 2, 2, 2, 2], [1, 2, 2, 2, 2, 2, 2, 2, 2, 2], [1, 1, 1, 1, 2, 2, 2, 2, 2, 2]],
        expected=0.072,
        tolerance=1e-06,
        computed=0.072,
    ),
    # Fleiss, J.L. (1971). Measuring nominal scale agreement among many raters. Psychol. Bull. 76:378-382 (30 patients x 6 psychiatrists x 5 diagnoses; kappa = .430)
    # statsmodels/statsmodels statsmodels/stats/tests/test_inter_rater.py (diagnoses; R irr::kappam.fleiss 0.4302445)
    # dkpro/dkpro-statistics Fleiss1971Test (kappa 0.430, P_o 0.5556, P_e 0.2201)
    Case(
        'fleiss1971_30x6',
        'fleiss_kappa',
        'nominal',
        'units_x_raters',
        data=[[4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5], [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5]],
        expected=0.4302445,
        tolerance=1e-06,
        computed=0.4302445201,
        categories=[1, 2, 3, 4, 5],
    ),
    # Fleiss, J.L. (1971). Measuring nominal scale agreement among many raters. Psychol. Bull. 76:378-382 (30 patients x 6 psychiatrists x 5 diagnoses; kappa = .430)
    # statsmodels/statsmodels statsmodels/stats/tests/test_inter_rater.py (diagnoses; R irr::kappam.fleiss 0.4302445)
    # dkpro/dkpro-statistics Fleiss1971Test (kappa 0.430, P_o 0.5556, P_e 0.2201)
    Case(
        'fleiss1971_30x6_percent_agreement',
        'percent_agreement',
        'pairwise_mean_over_units',
        'units_x_raters',
        data=[[4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5], [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5]],
        expected=0.5556,
        tolerance=0.0001,
        computed=0.5555555556,
    ),
    # kgwet/irrCAC README: fleiss.kappa.dist(distrib.6raters) = 0.4139265 (distrib.6raters = first 15 subjects of Fleiss 1971)
    Case(
        'fleiss1971_first15_irrCAC_fleiss',
        'fleiss_kappa',
        'nominal',
        'units_x_raters',
        data=[[4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5]],
        expected=0.4139265,
        tolerance=1e-06,
        computed=0.413926499,
        categories=[1, 2, 3, 4, 5],
    ),
    # kgwet/irrCAC README: gwet.ac1.dist(distrib.6raters) = 0.4448007, pa 0.5511111, pe 0.1914815
    Case(
        'fleiss1971_first15_irrCAC_ac1',
        'gwet_ac1',
        'nominal',
        'units_x_raters',
        data=[[4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5]],
        expected=0.4448007,
        tolerance=1e-06,
        computed=0.4448007329,
        categories=[1, 2, 3, 4, 5],
    ),
    # kgwet/irrCAC README: krippen.alpha.dist(distrib.6raters) = 0.4204384
    Case(
        'fleiss1971_first15_irrCAC_alpha',
        'krippendorff_alpha',
        'nominal',
        'units_x_raters',
        data=[[4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5]],
        expected=0.4204384,
        tolerance=1e-06,
        computed=0.4204384268,
    ),
    # Wikipedia 'Fleiss' kappa' worked example (10 subjects, 14 raters, 5 categories): P_bar=0.378, P_e=0.213, kappa=0.210
    # statsmodels/statsmodels statsmodels/stats/tests/test_inter_rater.py test_fleiss_kappa (table1, 0.210)
    Case(
        'fleiss_wikipedia_10x14',
        'fleiss_kappa',
        'nominal',
        'units_x_categories_counts',
        data=[[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]],
        expected=0.21,
        tolerance=0.001,
        computed=0.2099307044,
    ),
    # Wikipedia 'Fleiss' kappa' worked example (10 subjects, 14 raters, 5 categories): P_bar=0.378, P_e=0.213, kappa=0.210
    # statsmodels/statsmodels statsmodels/stats/tests/test_inter_rater.py test_fleiss_kappa (table1, 0.210)
    Case(
        'fleiss_wikipedia_10x14_percent_agreement',
        'percent_agreement',
        'pairwise_mean_over_units',
        'units_x_categories_counts',
        data=[[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]],
        expected=0.378,
        tolerance=0.001,
        computed=0.378021978,
    ),
    # kgwet/irrCAC README.md (R irrCAC, Gwet 2014 Handbook 4th ed. dataset cac.raw4raters): AC1 0.77544, pa 0.8181818, pe 0.1903212
    # afergadis/irrCAC test/unit/irrCAC/raw/test_gwet.py / test_fleiss.py (python port, 3 dp): 0.775
    Case(
        'gwet_raw4raters_ac1',
        'gwet_ac1',
        'nominal (identity weights)',
        'units_x_raters',
        data=[[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None]],
        expected=0.77544,
        tolerance=1e-05,
        computed=0.7754440681,
        categories=[1, 2, 3, 4, 5],
    ),
    # afergadis/irrCAC test/unit/irrCAC/raw/test_gwet.py / test_fleiss.py (python port, 3 dp): AC2 quadratic 0.914 (pa 0.975, pe 0.714)
    # kgwet/irrCAC vignettes/weighting.Rmd / man gwet.ac1.raw.Rd (weights='quadratic' = AC2)
    Case(
        'gwet_raw4raters_ac2_quadratic',
        'gwet_ac2',
        'quadratic',
        'units_x_raters',
        data=[[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None]],
        expected=0.914,
        tolerance=0.0005,
        computed=0.9140007236,
        categories=[1, 2, 3, 4, 5],
        weights='quadratic',
    ),
    # afergadis/irrCAC test/unit/irrCAC/raw/test_gwet.py / test_fleiss.py (python port, 3 dp): AC2 linear 0.859 (pa 0.939, pe 0.571)
    # kgwet/irrCAC vignettes/weighting.Rmd / man gwet.ac1.raw.Rd (weights='quadratic' = AC2)
    Case(
        'gwet_raw4raters_ac2_linear',
        'gwet_ac2',
        'linear',
        'units_x_raters',
        data=[[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None]],
        expected=0.859,
        tolerance=0.0005,
        computed=0.8587391364,
        categories=[1, 2, 3, 4, 5],
        weights='linear',
    ),
    # afergadis/irrCAC test/unit/irrCAC/raw/test_gwet.py / test_fleiss.py (python port, 3 dp): AC2 ordinal 0.899 (pa 0.968, pe 0.685)
    # kgwet/irrCAC vignettes/weighting.Rmd / man gwet.ac1.raw.Rd (weights='quadratic' = AC2)
    Case(
        'gwet_raw4raters_ac2_ordinal',
        'gwet_ac2',
        'ordinal',
        'units_x_raters',
        data=[[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None]],
        expected=0.899,
        tolerance=0.0005,
        computed=0.8989397699,
        categories=[1, 2, 3, 4, 5],
        weights='ordinal',
    ),
    # kgwet/irrCAC README.md (R irrCAC, Gwet 2014 Handbook 4th ed. dataset cac.raw4raters): pa.coeff.raw = 0.8181818 (units with >=2 ratings only)
    Case(
        'gwet_raw4raters_percent_agreement',
        'percent_agreement',
        'pairwise_mean_over_units',
        'units_x_raters',
        data=[[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None]],
        expected=0.8181818,
        tolerance=1e-06,
        computed=0.8181818182,
    ),
    # kgwet/irrCAC README.md (R irrCAC, Gwet 2014 Handbook 4th ed. dataset cac.raw4raters): fleiss.kappa.raw = 0.76117 (pa 0.8181818, pe 0.2387153)
    # afergadis/irrCAC test/unit/irrCAC/raw/test_gwet.py / test_fleiss.py (python port, 3 dp): 0.761
    Case(
        'gwet_raw4raters_fleiss_missing',
        'fleiss_kappa',
        'nominal, Gwet missing-data generalisation',
        'units_x_raters',
        data=[[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None]],
        expected=0.76117,
        tolerance=1e-05,
        computed=0.7611692754,
        categories=[1, 2, 3, 4, 5],
    ),
    # Gwet, K.L. (2008). BJMSP 61:29-48 (AC1 definition); dkpro/dkpro-statistics Gwet2008Test.testHandExample (hand-verifiable: pa 0.9, pe 0.255, AC1 0.8658; Scott's pi 0.6078)
    Case(
        'gwet2008_hand_2x2',
        'gwet_ac1',
        'nominal',
        'contingency_table',
        data=[[8, 1], [0, 1]],
        expected=0.8658,
        tolerance=0.0001,
        computed=0.8657718121,
        categories=['y', 'n'],
    ),
    # kgwet/irrCAC README: kappa2.table(cont3x3abstractors) = 0.7964094
    # afergadis/irrCAC test/unit/irrCAC/table/test_cohen.py (0.796)
    Case(
        'irrCAC_cont3x3abstractors_cohen',
        'cohen_kappa',
        'unweighted',
        'contingency_table',
        data=[[13, 0, 0], [0, 20, 7], [0, 4, 56]],
        expected=0.7964094,
        tolerance=1e-06,
        computed=0.7964094022,
        categories=['Ectopic', 'AIU', 'NIU'],
    ),
    # kgwet/irrCAC README: gwet.ac1.table(cont3x3abstractors) = 0.8493305
    # afergadis/irrCAC table/test_gwet.py (0.849)
    Case(
        'irrCAC_cont3x3abstractors_ac1',
        'gwet_ac1',
        'nominal',
        'contingency_table',
        data=[[13, 0, 0], [0, 20, 7], [0, 4, 56]],
        expected=0.8493305,
        tolerance=1e-06,
        computed=0.8493305482,
        categories=['Ectopic', 'AIU', 'NIU'],
    ),
    # kgwet/irrCAC README: pa2.table(cont3x3abstractors) = 0.89
    Case(
        'irrCAC_cont3x3abstractors_percent',
        'percent_agreement',
        'two_rater_simple',
        'contingency_table',
        data=[[13, 0, 0], [0, 20, 7], [0, 4, 56]],
        expected=0.89,
        tolerance=1e-09,
        computed=0.89,
    ),
    # afergadis/irrCAC test/unit/irrCAC/table/test_cohen.py (linear 0.843)
    Case(
        'irrCAC_cont3x3abstractors_cohen_linear',
        'cohen_kappa',
        'linear',
        'contingency_table',
        data=[[13, 0, 0], [0, 20, 7], [0, 4, 56]],
        expected=0.843,
        tolerance=0.0005,
        computed=0.842902028,
        categories=['Ectopic', 'AIU', 'NIU'],
        weights='linear',
    ),
    # afergadis/irrCAC test/unit/irrCAC/table/test_gwet.py (linear 0.9)
    Case(
        'irrCAC_cont3x3abstractors_ac2_linear',
        'gwet_ac2',
        'linear',
        'contingency_table',
        data=[[13, 0, 0], [0, 20, 7], [0, 4, 56]],
        expected=0.9,
        tolerance=0.0005,
        computed=0.9000227221,
        categories=['Ectopic', 'AIU', 'NIU'],
        weights='linear',
    ),
    # afergadis/irrCAC test/unit/irrCAC/table/test_cohen.py (quadratic 0.892)
    Case(
        'irrCAC_cont3x3abstractors_cohen_quadratic',
        'cohen_kappa',
        'quadratic',
        'contingency_table',
        data=[[13, 0, 0], [0, 20, 7], [0, 4, 56]],
        expected=0.892,
        tolerance=0.0005,
        computed=0.8921568627,
        categories=['Ectopic', 'AIU', 'NIU'],
        weights='quadratic',
    ),
    # afergadis/irrCAC test/unit/irrCAC/table/test_gwet.py (quadratic 0.94)
    Case(
        'irrCAC_cont3x3abstractors_ac2_quadratic',
        'gwet_ac2',
        'quadratic',
        'contingency_table',
        data=[[13, 0, 0], [0, 20, 7], [0, 4, 56]],
        expected=0.94,
        tolerance=0.0005,
        computed=0.9402368793,
        categories=['Ectopic', 'AIU', 'NIU'],
        weights='quadratic',
    ),
    # afergadis/irrCAC test/unit/irrCAC/table/test_cohen.py (cont4x4diagnosis unweighted 0.432)
    Case(
        'irrCAC_cont4x4diagnosis_cohen_unweighted',
        'cohen_kappa',
        'unweighted',
        'contingency_table',
        data=[[40, 4, 4, 17], [6, 25, 2, 13], [4, 1, 21, 12], [15, 5, 9, 45]],
        expected=0.432,
        tolerance=0.0005,
        computed=0.4315007759,
        categories=['Schizophrenia', 'Bipolar', 'Depression', 'Other'],
    ),
    # afergadis/irrCAC test/unit/irrCAC/table/test_cohen.py (cont4x4diagnosis linear 0.407)
    Case(
        'irrCAC_cont4x4diagnosis_cohen_linear',
        'cohen_kappa',
        'linear',
        'contingency_table',
        data=[[40, 4, 4, 17], [6, 25, 2, 13], [4, 1, 21, 12], [15, 5, 9, 45]],
        expected=0.407,
        tolerance=0.0005,
        computed=0.406810874,
        categories=['Schizophrenia', 'Bipolar', 'Depression', 'Other'],
        weights='linear',
    ),
    # afergadis/irrCAC test/unit/irrCAC/table/test_cohen.py (cont4x4diagnosis quadratic 0.383)
    Case(
        'irrCAC_cont4x4diagnosis_cohen_quadratic',
        'cohen_kappa',
        'quadratic',
        'contingency_table',
        data=[[40, 4, 4, 17], [6, 25, 2, 13], [4, 1, 21, 12], [15, 5, 9, 45]],
        expected=0.383,
        tolerance=0.0005,
        computed=0.3831859441,
        categories=['Schizophrenia', 'Bipolar', 'Depression', 'Other'],
        weights='quadratic',
    ),
    # afergadis/irrCAC test/unit/irrCAC/table/test_gwet.py (0.456)
    Case(
        'irrCAC_cont4x4diagnosis_ac1',
        'gwet_ac1',
        'nominal',
        'contingency_table',
        data=[[40, 4, 4, 17], [6, 25, 2, 13], [4, 1, 21, 12], [15, 5, 9, 45]],
        expected=0.456,
        tolerance=0.0005,
        computed=0.4561576355,
    ),
    # data: Cohen (1960) p.37
    # dkpro/dkpro-statistics src/test/resources/gwet/fixture_02_cohen_ex1.json (generated with R irrCAC 1.4: AC1 -0.04797)
    Case(
        'cohen1960_p37_ac1',
        'gwet_ac1',
        'nominal',
        'contingency_table',
        data=[[25, 12, 3], [13, 2, 15], [12, 16, 2]],
        expected=-0.04797,
        tolerance=1e-05,
        computed=-0.0479704797,
    ),
    # dkpro/dkpro-statistics fixture_02_cohen_ex1.json (R irrCAC 1.4: AC2 quadratic 0.1831)
    Case(
        'cohen1960_p37_ac2_quadratic',
        'gwet_ac2',
        'quadratic',
        'contingency_table',
        data=[[25, 12, 3], [13, 2, 15], [12, 16, 2]],
        expected=0.1831,
        tolerance=0.0001,
        computed=0.1830985915,
        categories=[1, 2, 3],
        weights='quadratic',
    ),
    # Cohen, J. (1960). A coefficient of agreement for nominal scales. EPM 20:37-46, p.37 (p_o=.29, p_c=.35)
    # dkpro/dkpro-statistics Cohen1960Test.testExample1 (p_o 0.29, p_e 0.35)
    Case(
        'cohen1960_p37_kappa',
        'cohen_kappa',
        'unweighted',
        'contingency_table',
        data=[[25, 12, 3], [13, 2, 15], [12, 16, 2]],
        expected=-0.0923077,
        tolerance=0.0001,
        computed=-0.0923076923,
    ),
    # dkpro/dkpro-statistics fixture_04_likert_4x4.json (R irrCAC 1.4)
    Case(
        'dkpro_likert4x4_ac1',
        'gwet_ac1',
        'nominal',
        'contingency_table',
        data=[[20, 5, 1, 0], [4, 15, 6, 1], [0, 5, 18, 4], [0, 1, 3, 12]],
        expected=0.58046,
        tolerance=1e-05,
        computed=0.5804607571,
    ),
    # dkpro/dkpro-statistics fixture_04_likert_4x4.json (R irrCAC 1.4)
    Case(
        'dkpro_likert4x4_ac2_quadratic',
        'gwet_ac2',
        'quadratic',
        'contingency_table',
        data=[[20, 5, 1, 0], [4, 15, 6, 1], [0, 5, 18, 4], [0, 1, 3, 12]],
        expected=0.84028,
        tolerance=1e-05,
        computed=0.8402833659,
        categories=[1, 2, 3, 4],
        weights='quadratic',
    ),
    # Cohen, J. (1968). Weighted kappa. Psychol. Bull. 70:213-220, Table 1 (N=200; proportions .44 .07 .09/.05 .20 .05/.01 .03 .06); same table as Cohen (1960) p.45
    # psych::cohen.kappa docs example ('cohen reports .492 and .348')
    # dkpro/dkpro-statistics Cohen1960Test.testExample2 (kappa 0.492, p_o .70, p_e .41)
    Case(
        'cohen1968_table1_unweighted',
        'cohen_kappa',
        'unweighted',
        'contingency_table',
        data=[[88, 14, 18], [10, 40, 10], [2, 6, 12]],
        expected=0.492,
        tolerance=0.001,
        computed=0.4915254237,
    ),
    # Cohen, J. (1968). Weighted kappa. Psychol. Bull. 70:213-220, Table 1 (N=200; proportions .44 .07 .09/.05 .20 .05/.01 .03 .06); same table as Cohen (1960) p.45
    # psych::cohen.kappa docs example ('cohen reports .492 and .348')
    # dkpro/dkpro-statistics Cohen1960Test.testExample2 (kappa 0.492, p_o .70, p_e .41)
    Case(
        'cohen1968_table1_weighted_disagreement_136',
        'cohen_kappa',
        'custom disagreement weights',
        'contingency_table',
        data=[[88, 14, 18], [10, 40, 10], [2, 6, 12]],
        expected=0.348,
        tolerance=0.001,
        computed=0.347826087,
        weights=('disagreement', [[0, 1, 3], [1, 0, 6], [3, 6, 0]]),
    ),
    # Artstein, R. & Poesio, M. (2008). Inter-coder agreement for computational linguistics. CL 34(4), p.558 Table 1
    # scikit-learn sklearn/metrics/tests/test_classification.py test_cohen_kappa (0.348)
    # dkpro/dkpro-statistics ArtsteinPoesio2008Test.testExample1 (kappa 0.348, pi 0.341, S 0.4)
    Case(
        'artstein_poesio2008_table1_kappa',
        'cohen_kappa',
        'unweighted',
        'contingency_table',
        data=[[20, 10], [20, 50]],
        expected=0.348,
        tolerance=0.001,
        computed=0.347826087,
    ),
    # Artstein & Poesio (2008) Table 1 (A_o = 0.7)
    Case(
        'artstein_poesio2008_table1_percent',
        'percent_agreement',
        'two_rater_simple',
        'contingency_table',
        data=[[20, 10], [20, 50]],
        expected=0.7,
        tolerance=1e-09,
        computed=0.7,
    ),
    # Artstein & Poesio (2008) p.568 (STAT/IReq/Chck)
    # scikit-learn test_cohen_kappa 'Artstein and Poesio, Table 4' (0.8013)
    # dkpro/dkpro-statistics ArtsteinPoesio2008Test.testExample2 (kappa 0.801, pi 0.799)
    Case(
        'artstein_poesio2008_p568_kappa',
        'cohen_kappa',
        'unweighted',
        'contingency_table',
        data=[[46, 0, 0], [6, 32, 6], [0, 0, 10]],
        expected=0.8013,
        tolerance=0.0001,
        computed=0.8013245033,
        categories=['STAT', 'IReq', 'Chck'],
    ),
    # Artstein & Poesio (2008) weighted example (distance 0.5 for any Chck confusion)
    # dkpro/dkpro-statistics ArtsteinPoesio2008Test.testWeightedAgreement (kappa_w 0.8163, D_o 0.090, D_e 0.490)
    Case(
        'artstein_poesio2008_p568_weighted_kappa',
        'cohen_kappa',
        'custom disagreement weights',
        'contingency_table',
        data=[[46, 0, 0], [6, 32, 6], [0, 0, 10]],
        expected=0.8163,
        tolerance=0.0001,
        computed=0.8163265306,
        categories=['STAT', 'IReq', 'Chck'],
        weights=('disagreement', [[0, 1, 0.5], [1, 0, 0.5], [0.5, 0.5, 0]]),
    ),
    # scikit-learn sklearn/metrics/tests/test_classification.py test_cohen_kappa 'Weighting example' (y1=[0]*46+[1]*44+[2]*10, y2=[0]*50+[1]*40+[2]*10)
    Case(
        'sklearn_weighting_example_unweighted',
        'cohen_kappa',
        'unweighted',
        'contingency_table',
        data=[[46, 0, 0], [4, 40, 0], [0, 0, 10]],
        expected=0.9315,
        tolerance=0.0001,
        computed=0.9315068493,
        categories=[0, 1, 2],
    ),
    # scikit-learn sklearn/metrics/tests/test_classification.py test_cohen_kappa 'Weighting example' (y1=[0]*46+[1]*44+[2]*10, y2=[0]*50+[1]*40+[2]*10)
    Case(
        'sklearn_weighting_example_linear',
        'cohen_kappa',
        'linear',
        'contingency_table',
        data=[[46, 0, 0], [4, 40, 0], [0, 0, 10]],
        expected=0.9412,
        tolerance=0.0001,
        computed=0.9411764706,
        categories=[0, 1, 2],
        weights='linear',
    ),
    # scikit-learn sklearn/metrics/tests/test_classification.py test_cohen_kappa 'Weighting example' (y1=[0]*46+[1]*44+[2]*10, y2=[0]*50+[1]*40+[2]*10)
    Case(
        'sklearn_weighting_example_quadratic',
        'cohen_kappa',
        'quadratic',
        'contingency_table',
        data=[[46, 0, 0], [4, 40, 0], [0, 0, 10]],
        expected=0.9541,
        tolerance=0.0001,
        computed=0.9541284404,
        categories=[0, 1, 2],
        weights='quadratic',
    ),
    # SAS PROC FREQ agreement printout reproduced in statsmodels/statsmodels statsmodels/stats/tests/test_inter_rater.py (table10: Kappa 0.4842, ASE 0.1380)
    Case(
        'sas_example_statsmodels_kappa',
        'cohen_kappa',
        'unweighted',
        'contingency_table',
        data=[[0, 4, 1], [0, 8, 0], [0, 1, 5]],
        expected=0.4842,
        tolerance=0.0001,
        computed=0.4841628959,
    ),
    # SAS printout in statsmodels test_inter_rater.py (Weighted Kappa 0.4701, Cicchetti-Allison = linear weights)
    Case(
        'sas_example_statsmodels_weighted_linear',
        'cohen_kappa',
        'linear',
        'contingency_table',
        data=[[0, 4, 1], [0, 8, 0], [0, 1, 5]],
        expected=0.4701,
        tolerance=0.0001,
        computed=0.4701195219,
        categories=[0, 1, 2],
        weights='linear',
    ),
    # R irr::kappa2(anxiety[,2:3], ...) outputs recorded in statsmodels/statsmodels statsmodels/stats/tests/test_inter_rater.py test_cohens_kappa_irr (irr 'anxiety' data: 20 subjects x 3 raters)
    Case(
        'irr_anxiety_r2r3_unweighted',
        'cohen_kappa',
        'unweighted',
        'raters_x_units',
        data=[[3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4], [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]],
        expected=-0.006289308,
        tolerance=1e-06,
        computed=-0.0062893082,
        categories=[1, 2, 3, 4, 6],
    ),
    # R irr::kappa2(anxiety[,2:3], ...) outputs recorded in statsmodels/statsmodels statsmodels/stats/tests/test_inter_rater.py test_cohens_kappa_irr (irr 'anxiety' data: 20 subjects x 3 raters)
    Case(
        'irr_anxiety_r2r3_linear',
        'cohen_kappa',
        'linear',
        'raters_x_units',
        data=[[3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4], [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]],
        expected=0.1459075,
        tolerance=1e-06,
        computed=0.1459074733,
        categories=[1, 2, 3, 4, 6],
        weights='linear',
    ),
    # R irr::kappa2(anxiety[,2:3], ...) outputs recorded in statsmodels/statsmodels statsmodels/stats/tests/test_inter_rater.py test_cohens_kappa_irr (irr 'anxiety' data: 20 subjects x 3 raters)
    Case(
        'irr_anxiety_r2r3_quadratic',
        'cohen_kappa',
        'quadratic',
        'raters_x_units',
        data=[[3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4], [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]],
        expected=0.2520325,
        tolerance=1e-06,
        computed=0.2520325203,
        categories=[1, 2, 3, 4, 6],
        weights='quadratic',
    ),
    # joon-e/tidycomm tests/testthat/test-icr_kappa.R (0.633)
    Case(
        'tidycomm_cohen_2x9',
        'cohen_kappa',
        'unweighted',
        'raters_x_units',
        data=[[1, 2, 4, 1, 2, 1, 1, 1, 2], [1, 2, 3, 1, 2, 2, 1, 1, 2]],
        expected=0.633,
        tolerance=0.0006,
        computed=0.6326530612,
    ),
    # Shrout, P.E. & Fleiss, J.L. (1979). Intraclass correlations: uses in assessing rater reliability. Psychol. Bull. 86:420-428, Table 2 data / Table 4 results
    # raphaelvallat/pingouin tests/test_reliability.py test_intraclass_corr ('Example from the R package psych')
    # psych::ICC documentation (sf data)
    Case(
        'shrout_fleiss1979_ICC1_1',
        'icc',
        'ICC(1,1)',
        'units_x_raters',
        data=[[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
        expected=0.17,
        tolerance=0.005,
        computed=0.1657417684,
        mcgraw_wong='ICC(1)',
    ),
    # Shrout, P.E. & Fleiss, J.L. (1979). Intraclass correlations: uses in assessing rater reliability. Psychol. Bull. 86:420-428, Table 2 data / Table 4 results
    # raphaelvallat/pingouin tests/test_reliability.py test_intraclass_corr ('Example from the R package psych')
    # psych::ICC documentation (sf data)
    Case(
        'shrout_fleiss1979_ICC2_1',
        'icc',
        'ICC(2,1)',
        'units_x_raters',
        data=[[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
        expected=0.29,
        tolerance=0.005,
        computed=0.2897637795,
        mcgraw_wong='ICC(A,1)',
    ),
    # Shrout, P.E. & Fleiss, J.L. (1979). Intraclass correlations: uses in assessing rater reliability. Psychol. Bull. 86:420-428, Table 2 data / Table 4 results
    # raphaelvallat/pingouin tests/test_reliability.py test_intraclass_corr ('Example from the R package psych')
    # psych::ICC documentation (sf data)
    Case(
        'shrout_fleiss1979_ICC3_1',
        'icc',
        'ICC(3,1)',
        'units_x_raters',
        data=[[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
        expected=0.71,
        tolerance=0.005,
        computed=0.7148407148,
        mcgraw_wong='ICC(C,1)',
    ),
    # Shrout, P.E. & Fleiss, J.L. (1979). Intraclass correlations: uses in assessing rater reliability. Psychol. Bull. 86:420-428, Table 2 data / Table 4 results
    # raphaelvallat/pingouin tests/test_reliability.py test_intraclass_corr ('Example from the R package psych')
    # psych::ICC documentation (sf data)
    Case(
        'shrout_fleiss1979_ICC1_4',
        'icc',
        'ICC(1,4)',
        'units_x_raters',
        data=[[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
        expected=0.44,
        tolerance=0.005,
        computed=0.4427971337,
        mcgraw_wong='ICC(k)',
    ),
    # Shrout, P.E. & Fleiss, J.L. (1979). Intraclass correlations: uses in assessing rater reliability. Psychol. Bull. 86:420-428, Table 2 data / Table 4 results
    # raphaelvallat/pingouin tests/test_reliability.py test_intraclass_corr ('Example from the R package psych')
    # psych::ICC documentation (sf data)
    Case(
        'shrout_fleiss1979_ICC2_4',
        'icc',
        'ICC(2,4)',
        'units_x_raters',
        data=[[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
        expected=0.62,
        tolerance=0.005,
        computed=0.6200505476,
        mcgraw_wong='ICC(A,k)',
    ),
    # Shrout, P.E. & Fleiss, J.L. (1979). Intraclass correlations: uses in assessing rater reliability. Psychol. Bull. 86:420-428, Table 2 data / Table 4 results
    # raphaelvallat/pingouin tests/test_reliability.py test_intraclass_corr ('Example from the R package psych')
    # psych::ICC documentation (sf data)
    Case(
        'shrout_fleiss1979_ICC3_4',
        'icc',
        'ICC(3,4)',
        'units_x_raters',
        data=[[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
        expected=0.91,
        tolerance=0.005,
        computed=0.9093155424,
        mcgraw_wong='ICC(C,k)',
    ),
    # real-statistics.com ICC example (8 wines x 4 judges), as pingouin dataset 'icc'
    # raphaelvallat/pingouin intraclass_corr docstring (ICC 0.728/0.728/0.729/0.914/0.914/0.915)
    Case(
        'pingouin_wine_ICC1_1',
        'icc',
        'ICC(1,1)',
        'units_x_raters',
        data=[[1, 2, 0, 1], [1, 3, 3, 2], [3, 8, 1, 4], [6, 4, 3, 3], [6, 5, 5, 6], [7, 5, 6, 2], [8, 7, 7, 9], [9, 9, 9, 8]],
        expected=0.728,
        tolerance=0.0005,
        computed=0.7275209159,
        mcgraw_wong='ICC(1)',
    ),
    # real-statistics.com ICC example (8 wines x 4 judges), as pingouin dataset 'icc'
    # raphaelvallat/pingouin intraclass_corr docstring (ICC 0.728/0.728/0.729/0.914/0.914/0.915)
    Case(
        'pingouin_wine_ICC2_1',
        'icc',
        'ICC(2,1)',
        'units_x_raters',
        data=[[1, 2, 0, 1], [1, 3, 3, 2], [3, 8, 1, 4], [6, 4, 3, 3], [6, 5, 5, 6], [7, 5, 6, 2], [8, 7, 7, 9], [9, 9, 9, 8]],
        expected=0.728,
        tolerance=0.0005,
        computed=0.7276887872,
        mcgraw_wong='ICC(A,1)',
    ),
    # real-statistics.com ICC example (8 wines x 4 judges), as pingouin dataset 'icc'
    # raphaelvallat/pingouin intraclass_corr docstring (ICC 0.728/0.728/0.729/0.914/0.914/0.915)
    Case(
        'pingouin_wine_ICC3_1',
        'icc',
        'ICC(3,1)',
        'units_x_raters',
        data=[[1, 2, 0, 1], [1, 3, 3, 2], [3, 8, 1, 4], [6, 4, 3, 3], [6, 5, 5, 6], [7, 5, 6, 2], [8, 7, 7, 9], [9, 9, 9, 8]],
        expected=0.729,
        tolerance=0.0005,
        computed=0.7294865008,
        mcgraw_wong='ICC(C,1)',
    ),
    # real-statistics.com ICC example (8 wines x 4 judges), as pingouin dataset 'icc'
    # raphaelvallat/pingouin intraclass_corr docstring (ICC 0.728/0.728/0.729/0.914/0.914/0.915)
    Case(
        'pingouin_wine_ICC1_k',
        'icc',
        'ICC(1,k)',
        'units_x_raters',
        data=[[1, 2, 0, 1], [1, 3, 3, 2], [3, 8, 1, 4], [6, 4, 3, 3], [6, 5, 5, 6], [7, 5, 6, 2], [8, 7, 7, 9], [9, 9, 9, 8]],
        expected=0.914,
        tolerance=0.0005,
        computed=0.9143837512,
        mcgraw_wong='ICC(k)',
    ),
    # real-statistics.com ICC example (8 wines x 4 judges), as pingouin dataset 'icc'
    # raphaelvallat/pingouin intraclass_corr docstring (ICC 0.728/0.728/0.729/0.914/0.914/0.915)
    Case(
        'pingouin_wine_ICC2_k',
        'icc',
        'ICC(2,k)',
        'units_x_raters',
        data=[[1, 2, 0, 1], [1, 3, 3, 2], [3, 8, 1, 4], [6, 4, 3, 3], [6, 5, 5, 6], [7, 5, 6, 2], [8, 7, 7, 9], [9, 9, 9, 8]],
        expected=0.914,
        tolerance=0.0005,
        computed=0.9144500359,
        mcgraw_wong='ICC(A,k)',
    ),
    # real-statistics.com ICC example (8 wines x 4 judges), as pingouin dataset 'icc'
    # raphaelvallat/pingouin intraclass_corr docstring (ICC 0.728/0.728/0.729/0.914/0.914/0.915)
    Case(
        'pingouin_wine_ICC3_k',
        'icc',
        'ICC(3,k)',
        'units_x_raters',
        data=[[1, 2, 0, 1], [1, 3, 3, 2], [3, 8, 1, 4], [6, 4, 3, 3], [6, 5, 5, 6], [7, 5, 6, 2], [8, 7, 7, 9], [9, 9, 9, 8]],
        expected=0.915,
        tolerance=0.0005,
        computed=0.9151585589,
        mcgraw_wong='ICC(C,k)',
    ),
]


ICC_TYPES = {"ICC(1,1)": "ICC1", "ICC(2,1)": "ICC2", "ICC(3,1)": "ICC3",
             "ICC(1,4)": "ICC1k", "ICC(2,4)": "ICC2k", "ICC(3,4)": "ICC3k",
             "ICC(1,k)": "ICC1k", "ICC(2,k)": "ICC2k", "ICC(3,k)": "ICC3k"}


def long_format(case: Case) -> tuple[pd.DataFrame, list | None]:
    """The case's data as unit/rater/value rows, and the category set to declare."""
    if case.layout == "raters_x_units":
        rows = [(u, f"r{r}", v) for r, row in enumerate(case.data) for u, v in enumerate(row) if v is not None]
        return pd.DataFrame(rows, columns=["unit", "rater", "value"]), case.categories
    if case.layout == "units_x_raters":
        rows = [(u, f"r{r}", v) for u, row in enumerate(case.data) for r, v in enumerate(row) if v is not None]
        return pd.DataFrame(rows, columns=["unit", "rater", "value"]), case.categories
    categories = case.categories or list(range(len(case.data[0])))
    if case.layout == "units_x_categories_counts":
        rows = [(u, f"r{i}", value) for u, row in enumerate(case.data)
                for i, value in enumerate(v for v, n in zip(categories, row) for _ in range(n))]
        return pd.DataFrame(rows, columns=["unit", "rater", "value"]), categories
    assert case.layout == "contingency_table"
    pairs = [(a, b) for i, a in enumerate(categories) for j, b in enumerate(categories)
             for _ in range(case.data[i][j])]
    rows = [(u, rater, value) for u, pair in enumerate(pairs) for rater, value in zip("AB", pair)]
    return pd.DataFrame(rows, columns=["unit", "rater", "value"]), categories


def weights_of(case: Case) -> object:
    """Named weights, or agreement weights from a published disagreement matrix."""
    if isinstance(case.weights, tuple):
        disagreement = np.asarray(case.weights[1], dtype=float)
        return 1 - disagreement / disagreement.max()
    return case.weights


def compute(case: Case) -> float:
    """The statistic of the case, through the public API."""
    data, categories = long_format(case)
    if case.statistic == "krippendorff_alpha":
        return alpha(data, level=case.form, categories=categories)
    if case.statistic == "cohen_kappa":
        return cohen_kappa(data, weights=weights_of(case), categories=categories)
    if case.statistic == "fleiss_kappa":
        return fleiss_kappa(data, categories=categories)
    if case.statistic == "gwet_ac1":
        return gwet_ac1(data, categories=categories)
    if case.statistic == "gwet_ac2":
        return gwet_ac2(data, weights=weights_of(case), categories=categories)
    if case.statistic == "percent_agreement":
        return percent_agreement(data, categories=categories)
    assert case.statistic == "icc"
    table = icc(data).set_index("type")
    return float(table.at[ICC_TYPES[case.form], "icc"])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_published_value(case: Case) -> None:
    value = compute(case)
    assert value == pytest.approx(case.expected, abs=case.tolerance)
    assert value == pytest.approx(case.computed, abs=1e-8)


@pytest.mark.parametrize("case", [c for c in CASES if c.mcgraw_wong], ids=lambda c: c.id)
def test_icc_forms_carry_their_mcgraw_wong_names(case: Case) -> None:
    data, _ = long_format(case)
    table = icc(data).set_index("type")
    assert table.at[ICC_TYPES[case.form], "mcgraw_wong"] == case.mcgraw_wong
    assert table.at[ICC_TYPES[case.form], "description"].startswith(case.form.replace(",4)", ",k)"))


def test_every_statistic_of_the_reference_file_is_exercised() -> None:
    assert {c.statistic for c in CASES} == {"krippendorff_alpha", "cohen_kappa", "fleiss_kappa", "gwet_ac1",
                                            "gwet_ac2", "percent_agreement", "icc"}
    assert len(CASES) == 95
