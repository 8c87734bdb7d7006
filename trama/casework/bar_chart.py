"""A horizontal bar chart drawn on the server as SVG: no script, no inline style (the CSP
forbids both), readable in print and in PDFs. The page shows the data table beside it; the
SVG is labelled by the table's caption (`labelledby`)."""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LABEL_WIDTH = 230
VALUE_GAP = 6
VALUE_WIDTH = 48
BAR_HEIGHT = 22
ROW_GAP = 10
MAX_LABEL_CHARS = 30
BAR_COLOUR = "#0066cc"  # Bootstrap Italia's primary blue
TEXT_COLOUR = "#1a1a1a"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def bar_lengths(values: Sequence[int], room: float) -> list[float]:
    """Each value's bar length in `room` units, proportional to the largest (0 when all are 0)."""
    top = max(values, default=0)
    if top <= 0:
        return [0.0 for _ in values]
    return [room * max(value, 0) / top for value in values]


def horizontal_bar_chart(rows: Sequence[tuple[str, int]], *, labelledby: str) -> SafeString:
    """`rows` are (label, value) pairs, drawn top to bottom. Empty `rows` give an empty string
    (the page says there is nothing to show)."""
    if not rows:
        return mark_safe("")
    room = WIDTH - LABEL_WIDTH - VALUE_GAP - VALUE_WIDTH
    lengths = bar_lengths([value for _label, value in rows], room)
    height = len(rows) * (BAR_HEIGHT + ROW_GAP) + ROW_GAP
    parts = []
    for index, ((label, value), length) in enumerate(zip(rows, lengths, strict=True)):
        y = ROW_GAP + index * (BAR_HEIGHT + ROW_GAP)
        middle = y + BAR_HEIGHT / 2
        parts.append(
            (
                label,
                LABEL_WIDTH - VALUE_GAP,
                middle,
                TEXT_COLOUR,
                _short(label),
                LABEL_WIDTH,
                y,
                f"{length:.1f}",
                BAR_HEIGHT,
                BAR_COLOUR,
                LABEL_WIDTH + length + VALUE_GAP,
                middle,
                TEXT_COLOUR,
                value,
            )
        )
    bars = format_html_join(
        "",
        '<g><title>{}</title><text x="{}" y="{}" fill="{}" text-anchor="end" '
        'dominant-baseline="middle" font-size="14">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" fill="{}" dominant-baseline="middle" font-size="14">{}</text></g>',
        parts,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="trama-bar-chart" role="img" '
        'aria-labelledby="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" focusable="false">{}</svg>',
        labelledby,
        WIDTH,
        height,
        bars,
    )
