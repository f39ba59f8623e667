"""Coding schemes: the model and the strict YAML loader."""

from observer.scheme.model import Group, Item, Problem, RuptureType, Scale, ScaleValue, Scheme, SummarySettings

__all__ = ["Group", "Item", "Problem", "RuptureType", "Scale", "ScaleValue", "Scheme", "SummarySettings"]
