"""KPI tiles: ``st.metric`` with the Dutch value, the change against the period before (colour and arrow
by the KPI's direction) and the target where one exists. For the council role the value goes through
small-number suppression first."""

from __future__ import annotations

import streamlit as st

from metrics.overview import Tile, Verdict
from metrics.registry import Direction
from metrics.suppression import Thresholds, suppress
from ui.format import kpi_change, kpi_value

DELTA_COLOURS = {Direction.HIGHER: "normal", Direction.LOWER: "inverse", Direction.NONE: "off"}
VERDICT_WORDS = {
    Verdict.BETTER: "beter dan de periode ervoor",
    Verdict.WORSE: "slechter dan de periode ervoor",
    Verdict.SAME: "gelijk aan de periode ervoor",
    Verdict.NEUTRAL: "verandering zonder goed of slecht",
    Verdict.UNKNOWN: "geen vergelijking mogelijk",
}


def shown_value(tile: Tile, thresholds: Thresholds | None) -> tuple[str, bool]:
    """The value as text, and whether it was suppressed (``thresholds`` given: for the council)."""
    if thresholds is not None:
        shown = suppress(tile.current, thresholds).value
        if shown.suppressed:
            return str(shown.text), True
    return kpi_value(tile.kpi, tile.current.value), False


def render(tile: Tile, *, thresholds: Thresholds | None = None) -> None:
    """One tile; with ``thresholds`` (the council role) small numbers are suppressed."""
    value, hidden = shown_value(tile, thresholds)
    previous_hidden = (
        thresholds is not None and tile.previous is not None and suppress(tile.previous, thresholds).value.suppressed
    )
    change = None if hidden or previous_hidden or tile.change is None else kpi_change(tile.kpi, tile.change)
    help_parts = [tile.kpi.definition, f"Eenheid: {tile.kpi.unit.label}; {tile.kpi.direction.label}."]
    if change is not None:
        help_parts.append(f"Verandering: {VERDICT_WORDS[tile.verdict]}.")
    target_line = None
    if tile.target is not None:
        met = tile.target.met_by(tile.current.value)
        state = "" if met is None or hidden else (" — gehaald" if met else " — nog niet gehaald")
        target_line = f"Doel {tile.target.comparison} {kpi_value(tile.kpi, tile.target.value)}{state}"
    with st.container(border=True):
        st.metric(
            tile.kpi.label,
            value,
            delta=change.replace("−", "-") if change else None,  # st.metric reads the sign from a leading "-"
            delta_color="off" if tile.verdict is Verdict.SAME else DELTA_COLOURS[tile.kpi.direction],
            delta_arrow="off" if tile.verdict is Verdict.SAME else "auto",
            help=" ".join(help_parts),
            delta_description="t.o.v. de periode ervoor" if change else None,
        )
        if target_line:
            st.caption(target_line)
