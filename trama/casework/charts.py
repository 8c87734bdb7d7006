"""Server-side SVG charts (no JavaScript: the Content Security Policy forbids inline scripts).

`line_chart` draws values over dates with an optional threshold line. The SVG is an image
with a title and a description; the page shows the same data in a table beside it.
Colours come from CSS classes (trama.css, "screening" block), not from inline styles.
"""

import datetime
from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 600
HEIGHT = 240
MARGIN_LEFT = 48
MARGIN_RIGHT = 16
MARGIN_TOP = 24
MARGIN_BOTTOM = 40


def _ticks(low: int, high: int, most: int = 6) -> list[int]:
    step = max(1, -(-(high - low) // (most - 1)))
    ticks = list(range(low, high + 1, step))
    if ticks[-1] != high:
        ticks.append(high)
    return ticks


def line_chart(
    points: Sequence[tuple[datetime.date, float]],
    *,
    chart_id: str,
    title: str,
    description: str,
    y_min: int,
    y_max: int,
    threshold: float | None = None,
    threshold_label: str = "",
) -> SafeString:
    """An SVG line chart of `points` (date, value), oldest to newest, x proportional to time,
    y from `y_min` to `y_max`; `threshold` draws a dashed horizontal line. `chart_id` makes
    the ids of the title and description unique on the page."""
    points = sorted(points)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    span_y = max(1, y_max - y_min)

    def y_of(value: float) -> float:
        return round(MARGIN_TOP + plot_h * (1 - (value - y_min) / span_y), 1)

    first = points[0][0] if points else None
    days = (points[-1][0] - first).days if points else 0

    def x_of(day: datetime.date) -> float:
        if not days:
            return round(MARGIN_LEFT + plot_w / 2, 1)
        return round(MARGIN_LEFT + plot_w * (day - first).days / days, 1)

    bottom = MARGIN_TOP + plot_h
    grid = format_html_join(
        "",
        '<line class="trama-chart-grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="trama-chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (MARGIN_LEFT, y_of(t), WIDTH - MARGIN_RIGHT, y_of(t), MARGIN_LEFT - 8, y_of(t) + 5, t)
            for t in _ticks(y_min, y_max)
        ),
    )
    x_labels = format_html_join(
        "",
        '<text class="trama-chart-label" x="{}" y="{}" text-anchor="{}">{}</text>',
        (
            (x_of(day), bottom + 24, anchor, date_format(day, "SHORT_DATE_FORMAT"))
            for day, anchor in (
                [(points[0][0], "middle")]
                if len(points) == 1 or not days
                else [(points[0][0], "start"), (points[-1][0], "end")]
            )
        ),
    )
    threshold_line = ""
    if threshold is not None:
        threshold_line = format_html(
            '<line class="trama-chart-threshold" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<text class="trama-chart-label trama-chart-threshold-label" x="{}" y="{}" '
            'text-anchor="start">{}</text>',
            MARGIN_LEFT,
            y_of(threshold),
            WIDTH - MARGIN_RIGHT,
            y_of(threshold),
            MARGIN_LEFT + 6,
            y_of(threshold) - 6,
            threshold_label,
        )
    line = ""
    if len(points) > 1:
        line = format_html(
            '<polyline class="trama-chart-line" points="{}"/>',
            " ".join(f"{x_of(day)},{y_of(value)}" for day, value in points),
        )
    markers = format_html_join(
        "",
        '<circle class="trama-chart-point" cx="{}" cy="{}" r="4"><title>{}: {}</title></circle>',
        (
            (x_of(day), y_of(value), date_format(day, "SHORT_DATE_FORMAT"), value)
            for day, value in points
        ),
    )
    return format_html(
        '<svg class="trama-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<line class="trama-chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        "{}{}{}{}{}</svg>",
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        MARGIN_LEFT,
        bottom,
        WIDTH - MARGIN_RIGHT,
        bottom,
        grid,
        threshold_line,
        line,
        markers,
        x_labels,
    )
