"""A methods paragraph stating what a reliability report computed, ready to paste into a paper."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from observer.errors import AnalysisError
from observer.reliability._text import counted

PHRASES = {
    "percent_agreement": "percent agreement (mean agreement of rater pairs over units coded at least twice)",
    "cohen_kappa": "Cohen's (1960) kappa",
    "fleiss_kappa": "Fleiss' (1971) kappa (in Gwet's, 2014, generalisation for missing ratings)",
    "gwet_ac1": "Gwet's (2008) AC1",
    "alpha_nominal": "Krippendorff's alpha with the nominal metric",
    "alpha_ordinal": "Krippendorff's alpha with the ordinal metric",
    "alpha_interval": "Krippendorff's alpha with the interval metric",
    "alpha_ratio": "Krippendorff's alpha with the ratio metric",
    "ICC1": "ICC(1,1) (one-way random effects, single rater)",
    "ICC2": "ICC(2,1) (two-way random effects, absolute agreement, single rater; McGraw & Wong's ICC(A,1))",
    "ICC3": "ICC(3,1) (two-way mixed effects, consistency, single rater; McGraw & Wong's ICC(C,1))",
    "ICC1k": "ICC(1,k) (one-way random effects, mean of k raters)",
    "ICC2k": "ICC(2,k) (absolute agreement, mean of k raters; ICC(A,k))",
    "ICC3k": "ICC(3,k) (consistency, mean of k raters; ICC(C,k))",
}

LEVELS = {
    "presence": "Marker presence per segment (nominal: present or absent) was",
    "rating": "Segment ratings (at each scale's level of measurement) were",
    "session": "Session aggregates, counted per session and rater over the sessions in which the rater completed "
               "every segment, and the session-level ratings were",
}

SCOPES = {
    "item": "each item",
    "group": "each group of items (presence of any of its markers per segment; its ratings pooled)",
    "pair": "each pair of raters",
    "session": "each session (its decisions pooled)",
}


def methods_paragraph(report: pd.DataFrame, *, n_boot: int | None = None) -> str:
    """One paragraph: data, levels, statistics (ICC forms named), n, bootstrap settings, software versions.

    ``report`` is a :func:`study_report` result; its ``attrs["observer"]`` holds
    the settings (``n_boot`` overrides the recorded number of resamples).
    """
    facts = report.attrs.get("observer")
    if not facts:
        raise AnalysisError("this report carries no settings (attrs['observer'] is missing)",
                            hint="Pass the DataFrame study_report returned; pd.concat of reports drops them.")
    n_boot = facts["n_boot"] if n_boot is None else n_boot
    parts = [_data_sentence(facts), _completion_sentence(facts), *_level_sentences(report, facts)]
    if report["scope"].nunique():
        scopes = [SCOPES[s] for s in SCOPES if s in set(report["scope"])]
        parts.append(f"Statistics are reported for {_listing(scopes)}, each with its number of units and raters.")
    parts.append(_interval_sentence(report, facts, n_boot))
    parts.append(_n_sentence(report))
    if report["note"].str.contains("undefined:", regex=False).any():
        parts.append("Statistics whose ratings show no variation (or no overlap between raters) are reported as "
                     "undefined rather than as a number.")
    parts.append(_software_sentence())
    return " ".join(p for p in parts if p)


def _data_sentence(facts: dict) -> str:
    """What was coded, by how many raters, with which scheme."""
    raters = counted(len(facts.get("raters", [])), "rater")
    if facts.get("source") == "table":
        return (f"Inter-rater reliability was computed on {counted(facts['n_units'], 'unit')} rated by {raters} "
                f"at the {facts['level']} level of measurement.")
    scheme = facts["scheme"]
    hashed = f", content hash {scheme['hash'][:12]}" if scheme.get("hash") else ""
    return (f"Inter-rater reliability was computed on {counted(facts['n_sessions'], 'session')} "
            f"({counted(facts['n_segments'], 'segment')}, {facts['n_shared_segments']} of them coded by two or more "
            f"raters) coded by {raters} with the {scheme['name']} (observer scheme {scheme['id']}, version "
            f"{scheme['version']}{hashed}); consensus codes were excluded.")


def _level_sentences(report: pd.DataFrame, facts: dict) -> list[str]:
    """Per level present: which statistics were computed."""
    sentences = []
    weights = facts.get("kappa_weights", "quadratic")
    for level in dict.fromkeys(report["level"]):
        names = [_phrase(s, weights) for s in dict.fromkeys(report.loc[report["level"] == level, "statistic"])]
        subject = LEVELS.get(level, f"Ratings at the {level} level were")
        sentences.append(f"{subject} assessed with {_listing(names)}.")
    categories = ("the categories declared by each item's scale in the scheme" if facts.get("source") != "table"
                  else "the categories observed in the table")
    if report["statistic"].str.startswith(("cohen_kappa", "gwet_ac1", "fleiss_kappa")).any():
        sentences.append(f"Chance agreement of kappa and AC1 is computed over {categories}.")
    if report["statistic"].str.startswith("cohen_kappa").any():
        sentences.append("Cohen's kappa is computed for two raters only (for each pair of raters when there "
                         "are more); weights follow the order of those categories.")
    return sentences


def _phrase(statistic: str, weights: str) -> str:
    """How a statistic is named in the paragraph."""
    if statistic.startswith("cohen_kappa_"):
        return f"Cohen's (1968) weighted kappa with {weights} weights"
    return PHRASES.get(statistic, statistic)


def _completion_sentence(facts: dict) -> str:
    """Which units counted, and how many were left out as incomplete."""
    if facts.get("source") == "table":
        return ""
    how = ("the rater had marked it complete" if facts.get("completion") == "marked" else
           "the rater had coded every marker and kept the scheme's rules (as read from the codes file)")
    left = facts.get("left_out", [])
    counts = [(level, sum(r["level"] == level for r in left))
              for level in ("segment", "session ratings", "session aggregates")]
    nouns = {"segment": ("segment", "segments"), "session ratings": ("session's ratings", "sessions' ratings"),
             "session aggregates": ("session's aggregates", "sessions' aggregates")}
    listed = [f"{n} {nouns[level][n != 1]}" for level, n in counts if n]
    tail = (f"; {_listing(listed)} were left out as incomplete" if listed else "; no coded unit was incomplete")
    return (f"Only complete units entered: a rater's codes of a segment (or of a session's ratings) when {how}, "
            f"and a rater's session aggregates when the rater had completed every segment of the session{tail}.")


def _interval_sentence(report: pd.DataFrame, facts: dict, n_boot: int) -> str:
    """How the intervals of each family of statistics were made, and the thresholds."""
    coverage = f"{facts['ci'] * 100:g}%"
    used = report.loc[report["ci_method"].astype(str) != "", ["statistic", "ci_method"]]
    alpha = set(used.loc[used["statistic"].str.startswith("alpha"), "ci_method"])
    others = set(used.loc[~used["statistic"].str.startswith(("alpha", "ICC")), "ci_method"])
    seed = f" (random seed {facts['seed']})" if facts.get("seed") is not None else ""
    boot = {"bca", "percentile"} & (alpha | others)
    parts = []
    if boot:
        names = _listing([n for n, methods in (("alpha", alpha), ("kappa", others), ("AC1", others),
                                                ("percent agreement", others)) if methods & boot])
        limits = ("bias-corrected and accelerated limits (Efron, 1987) at the coverage Hesterberg (2015) widens for "
                  "small samples" if "bca" in boot else "percentile limits")
        parts.append(f"{coverage} confidence intervals for {names} come from {n_boot:,} bootstrap resamples of "
                     f"units, each unit drawn with all its ratings{seed}, with {limits}.")
    if "kalpha" in alpha:
        parts.append(f"{coverage} intervals for alpha come from {n_boot:,} bootstrap resamples of the observed "
                     f"coincidences following Hayes and Krippendorff (2007){seed}, which treat the pairs of values "
                     f"of a unit as independent.")
    if "gwet" in others:
        parts.append(f"{coverage} intervals for kappa, AC1 and percent agreement use Gwet's (2014) variance "
                     f"formulas and the t distribution with n - 1 degrees of freedom, as irrCAC computes them.")
    if alpha and facts["minimums"]:
        parts.append(f"The resampled alphas also give the probability that alpha falls below "
                     f"{_listing([_apa(m) for m in facts['minimums']])}.")
    if report["statistic"].str.startswith("alpha").any() and not alpha:
        parts.append("No bootstrap intervals were computed.")
    if report["statistic"].str.startswith("ICC").any():
        parts.append(f"ICCs follow Shrout and Fleiss (1979), with {coverage} intervals and F tests as McGraw and Wong "
                     f"(1996) give them and as R's psych::ICC and pingouin compute them (R's irr package builds the "
                     f"ICC(2,k) interval differently), after listwise deletion of units not rated by every rater.")
    thresholds = facts["thresholds"]
    parts.append(f"Values were flagged below alpha = {_apa(thresholds['alpha'])}, kappa or AC1 = "
                 f"{_apa(thresholds['kappa'])} and ICC = {_apa(thresholds['icc'])}.")
    return " ".join(parts)


def _n_sentence(report: pd.DataFrame) -> str:
    """The range of units behind the defined statistics."""
    n = report.loc[report["value"].notna(), "n_units"]
    if n.empty:
        return ""
    if n.min() == n.max():
        return f"Each defined statistic rests on {counted(int(n.min()), 'unit')}."
    return f"Defined statistics rest on {n.min()} to {n.max()} units (median {n.median():g})."


def _software_sentence() -> str:
    """Versions of observer and the libraries that computed the numbers."""
    packages = ["krippendorff", "numpy", "pandas", "scipy"]
    listed = ", ".join(f"{name} {_version(name)}" for name in packages)
    return f"Computations used observer {_version('observer')} ({listed})."


def _version(package: str) -> str:
    """An installed package's version, or observer's own when it runs from a checkout."""
    try:
        return version(package)
    except PackageNotFoundError:
        if package == "observer":
            from observer import __version__

            return __version__
        return "unknown"


def _listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _apa(number: float) -> str:
    """A coefficient without its leading zero: .60, .667, .80."""
    text = f"{number:.2f}" if round(number, 2) == number else f"{number:.3f}"
    return text.replace("0.", ".", 1) if text.startswith("0.") else text
