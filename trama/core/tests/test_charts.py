"""The kit's charts (trama.core.charts): values become bars and points, every chart comes with
its table, labels are escaped, colours come only from CSS classes."""

import datetime
import re

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from trama.core.charts import (
    BAR_HEIGHT,
    LABEL_WIDTH,
    LINE_WIDTH,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    ChartTable,
    Series,
    bar_chart,
    bar_lengths,
    line_chart,
    stacked_bar_chart,
)

DAY = datetime.date(2026, 3, 1)


def _bar(rows, **options):
    return bar_chart(
        rows,
        chart_id="c",
        title="Bisogni",
        label_header="Bisogno",
        value_header="Persone",
        **options,
    )


def _render(chart) -> str:
    return Template("{% load trama_charts %}{% chart c %}").render(Context({"c": chart}))


def _widths(svg: str, css: str) -> list[float]:
    return [float(w) for w in re.findall(rf'<rect class="{css}[^"]*"[^>]* width="([\d.]+)"', svg)]


def _no_inline_colour(svg: str) -> None:
    assert "style=" not in svg
    assert not re.search(r'\b(fill|stroke)="#', svg)


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30))
def test_bar_lengths_are_proportional_and_the_longest_fills_the_room(values):
    lengths = bar_lengths(values, 300)
    if max(values) == 0:
        assert lengths == [0.0] * len(values)
        return
    assert max(lengths) == pytest.approx(300)
    for value, length in zip(values, lengths, strict=True):
        assert length == pytest.approx(300 * value / max(values))


def test_a_negative_value_draws_no_bar():
    assert bar_lengths([-4, 2], 100) == [0.0, 100.0]


def test_the_bar_chart_escapes_labels_and_draws_one_bar_per_row():
    svg = str(_bar([("<b>Casa</b>", 3), ("Cibo", 1)], labelledby="t").svg)
    assert svg.count("<rect") == 2
    assert "<b>" not in svg and "&lt;b&gt;Casa&lt;/b&gt;" in svg
    assert 'role="img"' in svg and 'aria-labelledby="t"' in svg
    assert _render(_bar([], labelledby="t")).count("<svg") == 0


def test_bars_are_as_long_as_their_values_and_say_them():
    chart = _bar([("Casa", 4), ("Cibo", 1), ("Lavoro", 2)])
    svg = str(chart.svg)
    longest, *others = _widths(svg, "trama-chart-bar")
    assert others == [pytest.approx(longest / 4), pytest.approx(longest / 2)]
    assert [float(x) for x in re.findall(r'<rect class="trama-chart-bar" x="([\d.]+)"', svg)] == [
        LABEL_WIDTH
    ] * 3
    assert re.findall(r'class="trama-chart-value"[^>]*>([^<]+)<', svg) == ["4", "1", "2"]
    assert 'aria-labelledby="c-title"' in svg and 'aria-describedby="c-desc"' in svg
    assert "Casa, 4" in chart.description  # the highest, named in the summary
    _no_inline_colour(svg)


def test_the_chart_tag_shows_the_svg_and_its_table_with_row_headers():
    html = _render(_bar([("Casa <script>", 4), ("Cibo", 1.5)]))
    assert html.count("<svg") == 1
    assert "<caption>Bisogni</caption>" in html
    assert '<th scope="row" class="fw-normal">Casa &lt;script&gt;</th>' in html
    assert "<script>" not in html
    assert '<th scope="col" class="text-end">Persone</th>' in html
    assert '<td class="text-end">1,5</td>' in html  # the reader's decimal comma
    assert 'tabindex="0" role="region" aria-label="Bisogni"' in html
    assert "<details" not in html


def test_the_table_can_fold_in_a_details_under_the_chart():
    html = _render(_bar([("Casa", 4)], table_in_details=True))
    assert html.index("<svg") < html.index("<details") < html.index("<table")
    assert "<summary>" in html


def test_empty_data_gives_no_drawing_but_a_sentence():
    for chart in (
        _bar([]),
        line_chart([], chart_id="l", title="Totali", y_min=0, y_max=10),
        stacked_bar_chart([], [], chart_id="s", title="Per mese", category_header="Mese"),
    ):
        assert chart.is_empty and str(chart.svg) == ""
        html = _render(chart)
        assert "<svg" not in html and "<table" not in html
        assert "Nessun dato da mostrare" in html


def test_line_points_are_placed_by_date_and_value():
    points = [
        (DAY + datetime.timedelta(days=30), 10),
        (DAY, 0),
        (DAY + datetime.timedelta(days=10), 5),
    ]
    chart = line_chart(
        points, chart_id="l", title="Totali", y_min=0, y_max=10, value_label="Totale"
    )
    svg = str(chart.svg)
    circles = [(float(x), float(y)) for x, y in re.findall(r'cx="([\d.]+)" cy="([\d.]+)"', svg)]
    plot_w = LINE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    assert [x for x, _y in circles] == pytest.approx(
        [MARGIN_LEFT, MARGIN_LEFT + plot_w / 3, MARGIN_LEFT + plot_w], abs=0.1
    )  # oldest first, x proportional to time
    ys = [y for _x, y in circles]
    assert ys[0] > ys[1] > ys[2]  # higher values are higher up
    assert ys[1] == pytest.approx((ys[0] + ys[2]) / 2, abs=0.1)
    assert svg.count("<polyline") == 1 and svg.startswith('<svg class="trama-chart"')
    assert "trama-chart-threshold" not in svg
    assert chart.table.rows == ((DAY, 0), (points[2][0], 5), (points[0][0], 10))
    assert "01/03/2026" in chart.description and "più alto 10" in chart.description
    html = _render(chart)
    assert '<th scope="row" class="fw-normal">01/03/2026</th>' in html
    _no_inline_colour(svg)


def test_a_single_point_has_no_line_and_a_threshold_has_its_label():
    chart = line_chart(
        [(DAY, 7)], chart_id="l", title="T", y_min=0, y_max=14, threshold=5,
        threshold_label="Fragile da 5 <i>",
    )  # fmt: skip
    svg = str(chart.svg)
    assert "<polyline" not in svg and svg.count("<circle") == 1
    assert svg.count('class="trama-chart-threshold"') == 1
    assert "Fragile da 5 &lt;i&gt;" in svg


def test_a_line_chart_takes_a_fuller_table_of_the_caller():
    table = ChartTable(caption="TFI", columns=("Data", "Totale", "Fisico"), rows=((DAY, 5, None),))
    html = _render(line_chart([(DAY, 5)], chart_id="l", title="T", y_min=0, y_max=15, table=table))
    assert "<caption>TFI</caption>" in html and "<td>—</td>" in html


def test_stacked_bars_split_each_total_into_its_series():
    chart = stacked_bar_chart(
        ["Gennaio", "Febbraio <b>"],
        [Series("Pasti", (2, 1)), Series("Spesa", (2, 0))],
        chart_id="s",
        title="Aiuti per mese",
        category_header="Mese",
    )
    svg = str(chart.svg)
    segments = _widths(svg, "trama-chart-segment")
    assert len(segments) == 3  # the zero of February draws nothing
    assert segments[0] == pytest.approx(segments[1])
    assert segments[2] == pytest.approx(segments[0] / 2)  # 1 of a largest total of 4
    assert re.findall(r'class="trama-chart-segment (trama-chart-series-\d)"', svg) == [
        "trama-chart-series-0",
        "trama-chart-series-1",
        "trama-chart-series-0",
    ]
    assert svg.count("trama-chart-swatch") == 2  # the legend names each series
    assert re.findall(r'class="trama-chart-value"[^>]*>([^<]+)<', svg) == ["4", "1"]
    assert "Febbraio &lt;b&gt;" in svg and "<b>" not in svg
    assert f'height="{BAR_HEIGHT}"' in svg
    assert chart.table.columns == ("Mese", "Pasti", "Spesa", "Totale")
    assert chart.table.rows[1] == ("Febbraio <b>", 1, 0, 1)
    assert "Gennaio, 4" in chart.description
    _no_inline_colour(svg)


def test_a_series_needs_one_value_per_category():
    with pytest.raises(ValueError):
        stacked_bar_chart(
            ["a", "b"], [Series("x", (1,))], chart_id="s", title="T", category_header="C"
        )
