"""Chart builders: pure functions from tidy data to a plotly figure, testable without Streamlit.

Every chart uses the same colour-blind-safe palette (each colour at least 3:1 against white, the WCAG AA
contrast for graphics; a test checks it), Dutch separators (``1.234,5``), norms and targets as dashed
lines, and annotations of registration changes as dotted vertical lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from ui.format import PLOTLY_SEPARATORS, number

# Okabe & Ito / Paul Tol colours, darkened where needed for 3:1 against white.
PALETTE = ("#0072B2", "#C84A00", "#117733", "#882255", "#332288", "#6B6B6B", "#AA3377", "#005F5F")
NORM_COLOUR = "#B00020"  # legal norm
TARGET_COLOUR = "#1B5E20"  # SMART target
ANNOTATION_COLOUR = "#4D4D4D"
FONT = "Source Sans Pro, Arial, sans-serif"


@dataclass(frozen=True)
class Line:
    """A horizontal reference: a legal norm, a target, a national figure."""

    value: float
    label: str
    colour: str = NORM_COLOUR
    dash: str = "dash"


@dataclass(frozen=True)
class Mark:
    """A registration change on the x axis (the category it falls in)."""

    x: str
    text: str


def _layout(fig: go.Figure, title: str, y_title: str, *, percent: bool = False) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        separators=PLOTLY_SEPARATORS,
        font={"family": FONT, "color": "#1C2430", "size": 13},
        colorway=list(PALETTE),
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        hovermode="x unified",
    )
    fig.update_yaxes(title=y_title, gridcolor="#E3E6EA", zerolinecolor="#BFC5CC", rangemode="tozero")
    fig.update_xaxes(type="category", gridcolor="#FFFFFF", linecolor="#BFC5CC")
    if percent:
        fig.update_yaxes(ticksuffix="%", range=[0, 105])
    return fig


def _reference_lines(fig: go.Figure, lines: Sequence[Line]) -> None:
    for line in lines:
        fig.add_hline(
            y=line.value,
            line={"color": line.colour, "dash": line.dash, "width": 2},
            annotation={"text": line.label, "font": {"color": line.colour}, "bgcolor": "rgba(255,255,255,0.8)"},
            annotation_position="top left",
        )


def _marks(fig: go.Figure, marks: Sequence[Mark], categories: Sequence[str]) -> None:
    for mark in marks:
        if mark.x not in categories:
            continue
        fig.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=mark.x,
            x1=mark.x,
            y0=0,
            y1=1,
            line={"color": ANNOTATION_COLOUR, "dash": "dot", "width": 1.5},
        )
        fig.add_annotation(
            x=mark.x,
            y=1,
            xref="x",
            yref="paper",
            text=f"ⓘ {mark.text}",
            showarrow=False,
            yanchor="bottom",
            font={"size": 11, "color": ANNOTATION_COLOUR},
            bgcolor="rgba(255,255,255,0.85)",
        )


def trend(
    x: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    y_title: str,
    percent: bool = False,
    lines: Sequence[Line] = (),
    marks: Sequence[Mark] = (),
    value_format: str = ",.1f",
) -> go.Figure:
    """One line per series over the periods ``x`` (labels, oldest first); gaps where a value is missing."""
    fig = go.Figure()
    suffix = "%" if percent else ""
    for index, (name, values) in enumerate(series.items()):
        fig.add_trace(
            go.Scatter(
                x=list(x),
                y=list(values),
                name=name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": PALETTE[index % len(PALETTE)], "width": 2.5},
                marker={"size": 7, "symbol": _SYMBOLS[index % len(_SYMBOLS)]},
                hovertemplate=f"%{{y:{value_format}}}{suffix}<extra>{name}</extra>",
            )
        )
    _layout(fig, title, y_title, percent=percent)
    _reference_lines(fig, lines)
    _marks(fig, marks, list(x))
    return fig


# Marker shapes differ per series, so the series stay apart without colour too.
_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "hexagon")


def bars(
    x: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    y_title: str,
    stacked: bool = False,
    horizontal: bool = False,
    lines: Sequence[Line] = (),
    marks: Sequence[Mark] = (),
    percent: bool = False,
    value_format: str = ",.0f",
) -> go.Figure:
    """Grouped (or stacked) bars per category; horizontal for long category names."""
    fig = go.Figure()
    suffix = "%" if percent else ""
    for index, (name, values) in enumerate(series.items()):
        kwargs = (
            {"y": list(x), "x": list(values), "orientation": "h"} if horizontal else {"x": list(x), "y": list(values)}
        )
        fig.add_trace(
            go.Bar(
                name=name,
                marker={
                    "color": PALETTE[index % len(PALETTE)],
                    "pattern": {"shape": _PATTERNS[index % len(_PATTERNS)]},
                },
                hovertemplate=f"%{{{'x' if horizontal else 'y'}:{value_format}}}{suffix}<extra>{name}</extra>",
                **kwargs,
            )
        )
    _layout(fig, title, y_title, percent=percent and not horizontal)
    fig.update_layout(barmode="stack" if stacked else "group")
    if horizontal:
        fig.update_yaxes(type="category", autorange="reversed", title=None)
        fig.update_xaxes(type="linear", title=y_title, gridcolor="#E3E6EA")
    _reference_lines(fig, lines)
    if not horizontal:
        _marks(fig, marks, list(x))
    return fig


_PATTERNS = ("", "/", ".", "x", "-", "|", "+", "\\")


def funnel(
    stages: Sequence[str], values: Sequence[float], *, title: str, textinfo: str = "value+percent initial"
) -> go.Figure:
    """A funnel from the first stage to the last, each with its share of the first (``textinfo="value"``
    for flows of one period, where a share of the first stage would read as a conversion rate)."""
    fig = go.Figure(
        go.Funnel(
            y=list(stages),
            x=list(values),
            textinfo=textinfo,
            texttemplate="%{x:,.0f}" if textinfo == "value" else None,  # Dutch thousands: 1.133
            marker={"color": [PALETTE[i % len(PALETTE)] for i in range(len(stages))]},
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        separators=PLOTLY_SEPARATORS,
        font={"family": FONT, "color": "#1C2430", "size": 13},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig


def with_band(
    fig: go.Figure, x: Sequence[str], low: Sequence[float | None], high: Sequence[float | None], name: str
) -> go.Figure:
    """A shaded band (a confidence interval) behind the first series."""
    fig.add_trace(
        go.Scatter(
            x=list(x) + list(x)[::-1],
            y=list(high) + list(low)[::-1],
            fill="toself",
            name=name,
            fillcolor="rgba(0,114,178,0.15)",
            line={"width": 0},
            hoverinfo="skip",
        )
    )
    return fig


# --- Reference figures, grouped stacks and estimates with intervals (Instroom, Vroegsignalering, KTO) -----
REFERENCE_COLOUR = "#5E4FA2"  # national figures: context, not a norm (so not the norm's red)
# Colour families for stacked bars whose series fall in groups (close reasons: positive, drop-out, other);
# within a family the series differ by shade and pattern.
GROUP_COLOURS = {
    "positief": ("#117733", "#0B5D1E", "#2F8F4E"),
    "uitval": ("#C84A00", "#8C3B00", "#A6611A"),
    "overig": ("#6B6B6B", "#4D4D4D", "#332288", "#882255", "#005F5F"),
}


def reference_line(value: float, label: str) -> Line:
    """A national reference figure as a dotted line in the reference colour."""
    return Line(value, label, REFERENCE_COLOUR, "dot")


def stacked_groups(
    x: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    *,
    title: str,
    y_title: str,
    group_labels: dict[str, str],
    marks: Sequence[Mark] = (),
) -> go.Figure:
    """Stacked bars of ``(group, name, values)`` series, coloured by group (``GROUP_COLOURS`` keys), the legend
    grouped under ``group_labels``."""
    fig = go.Figure()
    seen: dict[str, int] = {}
    for group, name, values in series:
        index = seen.get(group, 0)
        seen[group] = index + 1
        colours = GROUP_COLOURS.get(group, PALETTE)
        fig.add_trace(
            go.Bar(
                x=list(x),
                y=list(values),
                name=name,
                legendgroup=group,
                legendgrouptitle={"text": group_labels.get(group, group)},
                marker={
                    "color": colours[index % len(colours)],
                    "pattern": {"shape": _PATTERNS[index % len(_PATTERNS)]},
                },
                hovertemplate=f"%{{y:,.0f}}<extra>{name}</extra>",
            )
        )
    _layout(fig, title, y_title)
    fig.update_layout(barmode="stack", legend={"orientation": "h", "traceorder": "grouped", "groupclick": "toggleitem"})
    _marks(fig, marks, list(x))
    return fig


def estimates(
    x: Sequence[str],
    values: Sequence[float | None],
    low: Sequence[float | None],
    high: Sequence[float | None],
    *,
    title: str,
    y_title: str,
    name: str,
    y_range: tuple[float, float] | None = None,
    lines: Sequence[Line] = (),
    marks: Sequence[Mark] = (),
    decimals: int = 1,
) -> go.Figure:
    """Estimates per period with their interval as error bars; a point without bounds has no bar."""
    up = [h - v if h is not None and v is not None else None for v, h in zip(values, high, strict=True)]
    down = [v - lo if lo is not None and v is not None else None for v, lo in zip(values, low, strict=True)]
    fig = go.Figure(
        go.Scatter(
            x=list(x),
            y=list(values),
            name=name,
            mode="lines+markers",
            connectgaps=False,
            line={"color": PALETTE[0], "width": 2.5},
            marker={"size": 8},
            error_y={"type": "data", "symmetric": False, "array": up, "arrayminus": down,
                     "color": PALETTE[0], "thickness": 1.5, "width": 6},
            hovertext=[_estimate_text(v, lo, h, decimals) for v, lo, h in zip(values, low, high, strict=True)],
            hovertemplate=f"%{{hovertext}}<extra>{name}</extra>",
        )
    )  # fmt: skip
    _layout(fig, title, y_title)
    if y_range is not None:
        fig.update_yaxes(range=list(y_range), rangemode="normal")
    _reference_lines(fig, lines)
    _marks(fig, marks, list(x))
    return fig


def _estimate_text(value: float | None, low: float | None, high: float | None, decimals: int) -> str:
    if value is None:
        return ""
    if low is None or high is None:
        return f"{number(value, decimals)} (geen interval)"
    return f"{number(value, decimals)} ({number(low, decimals)} tot {number(high, decimals)})"


def day_histogram(
    buckets: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    y_title: str = "Aantal dossiers",
    term_after: str | None = None,
    term_label: str = "",
) -> go.Figure:
    """Stacked bars per day bucket (``0–7``, ``8–14``, …) with the legal term as a dashed vertical line after
    the bucket ``term_after``."""
    fig = bars(buckets, series, title=title, y_title=y_title, stacked=True)
    fig.update_xaxes(title="Dagen")
    if term_after is not None and term_after in buckets:
        fig.add_vline(
            x=list(buckets).index(term_after) + 0.5,
            line={"color": NORM_COLOUR, "dash": "dash", "width": 2},
            annotation={"text": term_label, "font": {"color": NORM_COLOUR}, "bgcolor": "rgba(255,255,255,0.8)"},
            annotation_position="top right",
        )
    return fig


def dashed(fig: go.Figure, names: Sequence[str]) -> go.Figure:
    """Draw the named series dashed (a forecast beside measured values)."""
    for name in names:
        fig.update_traces(selector={"name": name}, line={"dash": "dash"})
    return fig
