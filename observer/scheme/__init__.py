"""Coding schemes: the model and the strict YAML loader.

The loader (and PyYAML) is imported on first use, so that commands which only
read a study stay quick to start.
"""

from observer.scheme.model import Group, Item, Problem, RuptureType, Scale, ScaleValue, Scheme, SummarySettings

_LAZY = {
    "RESERVED_KEYS": "observer.scheme.loader",
    "load_scheme": "observer.scheme.loader",
    "load_scheme_text": "observer.scheme.loader",
    "shipped_schemes": "observer.scheme.loader",
    "describe": "observer.scheme.listing",
}

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


def __getattr__(name: str):
    """Import the loader's names when first asked for."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'observer.scheme' has no attribute {name!r}")
