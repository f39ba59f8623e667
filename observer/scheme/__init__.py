"""Coding schemes: the model and the strict YAML loader."""

from observer.scheme.describe import describe
from observer.scheme.loader import RESERVED_KEYS, load_scheme, load_scheme_text, shipped_schemes
from observer.scheme.model import Group, Item, Problem, RuptureType, Scale, ScaleValue, Scheme, SummarySettings

__all__ = [
    "Group",
    "Item",
    "Problem",
    "RESERVED_KEYS",
    "RuptureType",
    "Scale",
    "ScaleValue",
    "Scheme",
    "SummarySettings",
    "describe",
    "load_scheme",
    "load_scheme_text",
    "shipped_schemes",
]
