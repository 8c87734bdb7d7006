"""`{% load trama_charts %}{% chart c %}`: a `trama.core.charts.Chart` with its data table."""

from decimal import Decimal

from django import template

from trama.core.charts import Chart, display

register = template.Library()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.inclusion_tag("core/chart.html")
def chart(chart: Chart) -> dict:
    rows = chart.table.rows
    # A column of numbers is right-aligned, its header too; the first column heads the rows.
    numeric = [
        index > 0
        and any(_is_number(row[index]) for row in rows)
        and all(_is_number(row[index]) or row[index] is None for row in rows)
        for index in range(len(chart.table.columns))
    ]
    return {
        "chart": chart,
        "columns": list(zip(chart.table.columns, numeric, strict=True)),
        "rows": [
            [(display(cell), numeric[index]) for index, cell in enumerate(row)] for row in rows
        ],
    }
