"""Word wrapping of plain text, quick enough to lay out a segment's transcript on every change."""

from __future__ import annotations

from rich.cells import cell_len


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap to ``width`` cells; words longer than a line are cut."""
    measure = len if text.isascii() else cell_len
    lines: list[str] = []
    line, used = [], 0
    for word in text.split():
        size = measure(word)
        while size > width:  # fold a word longer than the line
            if line:
                lines.append(" ".join(line))
                line, used = [], 0
            lines.append(word[:width])
            word = word[width:]
            size = measure(word)
        if line and used + 1 + size > width:
            lines.append(" ".join(line))
            line, used = [], 0
        if word:
            used += size + (1 if line else 0)
            line.append(word)
    if line or not lines:
        lines.append(" ".join(line))
    return lines
