"""Screens of the coding TUI."""
