"""Styles for spans of text drawn by hand, taken from a widget's component classes in the app's CSS."""

from __future__ import annotations

from dataclasses import replace

from textual.style import Style
from textual.widget import Widget


def span_style(widget: Widget, component: str) -> Style:
    """A component's style for a span: its text colour made solid over the widget, its own background only.

    Theme colours such as ``$text-muted`` carry transparency; a partial style
    would blend them over nothing, which washes them out in light themes.
    """
    partial = widget.get_visual_style(component, partial=True)
    solid = widget.get_visual_style(component).foreground
    background = partial.background if partial.background is not None and partial.background.a > 0 else None
    return replace(partial, foreground=solid, background=background)


class SpanStyles:
    """A widget's span styles by component class, looked up once per theme and style change."""

    def __init__(self, widget: Widget) -> None:
        self.widget = widget
        self._styles: dict[str, Style] = {}
        self._theme = ""

    def __call__(self, component: str) -> Style:
        """The span style of a component class."""
        theme = self.widget.app.theme
        if theme != self._theme:
            self._styles.clear()
            self._theme = theme
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = span_style(self.widget, component)
        return style

    def clear(self) -> None:
        """Forget the styles (the widget's CSS changed)."""
        self._styles.clear()
