"""A line-drawn scrolling widget whose length changes without laying out the whole screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


class LineView(ScrollView):
    """A ScrollView drawn line by line; its vertical scrollbar always shows (``overflow-y: scroll``).

    Changing ``virtual_size`` the ordinary way lays out the whole screen (tens of
    milliseconds on a large terminal). With the scrollbar always there, a new
    length only needs the scrollbar redrawn, which ``set_line_count`` does.
    """

    def set_line_count(self, count: int) -> None:
        """Set how many lines the content has."""
        size = Size(self.scrollable_content_region.width, count)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
