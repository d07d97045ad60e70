"""Report charts as PNG images for the Word document, drawn by matplotlib's Agg renderer: no browser, no
display, no global pyplot state. Same palette as the dashboard's charts, Dutch separators on the axis."""

from __future__ import annotations

import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from metrics.registry import Unit
from metrics.report_model import Chart, ChartKind
from ui.charts import PALETTE
from ui.format import number as dutch_number

WIDTH, HEIGHT, DPI = 6.4, 3.0, 110
HATCHES = ("", "//", "..", "xx", "--", "||", "++", "\\\\")
MARKERS = ("o", "s", "D", "^", "x", "*", "P", "h")


def _values(values: tuple[float | None, ...]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def _tick(unit: Unit) -> FuncFormatter:
    suffix = "%" if unit is Unit.PERCENT else ""
    return FuncFormatter(lambda y, _pos: f"{dutch_number(y, 0 if float(y).is_integer() else 1)}{suffix}")


def png(chart: Chart) -> bytes:
    """The chart as a PNG (gaps where a value is not shown)."""
    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    x = list(range(len(chart.categories)))
    count = max(len(chart.series), 1)
    for index, (name, values) in enumerate(chart.series):
        colour = PALETTE[index % len(PALETTE)]
        if chart.kind is ChartKind.BAR:
            width = 0.8 / count
            offsets = [p - 0.4 + width * (index + 0.5) for p in x]
            hatch = HATCHES[(index + index // len(PALETTE)) % len(HATCHES)]  # colour and hatch never both repeat
            axes.bar(offsets, _values(values), width, label=name, color=colour, hatch=hatch,
                     edgecolor="white", linewidth=0.5)  # fmt: skip
        else:
            axes.plot(x, _values(values), label=name, color=colour, marker=MARKERS[index % len(MARKERS)], linewidth=2)
    axes.set_xticks(x, list(chart.categories), fontsize=8)
    axes.yaxis.set_major_formatter(_tick(chart.unit))
    axes.tick_params(axis="y", labelsize=8)
    axes.set_ylim(bottom=0, top=105 if chart.unit is Unit.PERCENT else None)
    axes.grid(axis="y", color="#E3E6EA")
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_title(chart.title, loc="left", fontsize=10)
    rows = 0
    if len(chart.series) > 1:
        longest = max(len(name) for name, _ in chart.series)
        columns = min(len(chart.series), 3 if longest > 18 else 5)
        rows = -(-len(chart.series) // columns)
        axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(0.0, -0.1), ncol=columns)
    figure.subplots_adjust(left=0.09, right=0.97, top=0.88, bottom=0.12 + 0.08 * rows)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
