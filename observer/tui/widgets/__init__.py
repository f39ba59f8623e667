"""Widgets of the coding TUI."""
