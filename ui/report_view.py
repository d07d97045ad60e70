"""Showing a report on a page as it will leave the building: its tables (suppressed figures, Dutch formats),
its charts (plotly), and downloads that are built only when clicked and written down in the export log."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import reports
from config.access import Viewer
from metrics import notes
from metrics.registry import Unit
from metrics.report_model import Chart, ChartKind, Report, Section, Table
from reports.text import cell_text
from ui import charts
from ui.data import engine


def frame(table: Table) -> pd.DataFrame:
    """The table as text, exactly as the report writes it."""
    return pd.DataFrame([[cell_text(c) for c in row] for row in table.rows], columns=list(table.columns))


def figure(chart: Chart) -> go.Figure:
    series = {name: list(values) for name, values in chart.series}
    y_title = chart.unit.label
    if chart.kind is ChartKind.BAR:
        return charts.bars(list(chart.categories), series, title=chart.title, y_title=y_title)
    return charts.trend(
        list(chart.categories), series, title=chart.title, y_title=y_title, percent=chart.unit is Unit.PERCENT
    )


def show_section(section: Section, *, charts_shown: bool = True) -> None:
    st.subheader(section.title)
    for paragraph in section.paragraphs:
        st.caption(paragraph)
    for table in section.tables:
        if len(section.tables) > 1:
            st.markdown(f"**{table.title}**")
        st.dataframe(frame(table), hide_index=True)
    if charts_shown and section.charts:
        columns = st.columns(2)
        for index, chart in enumerate(section.charts):
            with columns[index % 2]:
                st.plotly_chart(figure(chart), key=f"grafiek_{section.title}_{index}")


def chosen_charts(report: Report, *, key: str) -> None:
    """The charts of one section at a time, chosen by the reader (all at once would slow the page down)."""
    with_charts = [s for s in report.sections if s.charts]
    if not with_charts:
        return
    st.subheader("Grafieken")
    titles = [s.title for s in with_charts]
    chosen = st.selectbox("Grafieken van", titles, key=key)
    section = with_charts[titles.index(chosen)] if chosen in titles else with_charts[0]
    columns = st.columns(2)
    for index, chart in enumerate(section.charts):
        with columns[index % 2]:
            st.plotly_chart(figure(chart), key=f"{key}_{index}")


def show_front(report: Report) -> None:
    st.caption(f"{report.filters} · peildatum {cell_text(report.reference_date)} · {report.status}")


def show_footnotes(report: Report) -> None:
    st.caption(" ".join(report.footnotes))


def _logged(report: Report, suffix: str, viewer: Viewer, what: str) -> Callable[[], bytes]:
    def build() -> bytes:
        data = reports.render(report, suffix)
        detail = f"{report.period} · {report.filters} · {reports.file_name(report, suffix)}"
        notes.log_export(engine(), viewer.user, viewer.role.value, what, detail)
        return data

    return build


def downloads(report: Report, viewer: Viewer, what: str) -> None:
    """Excel and Word buttons; the file is made when clicked, and the download is logged."""
    left, right = st.columns(2)
    for column, suffix, label in ((left, ".xlsx", "Excel"), (right, ".docx", "Word")):
        with column:
            st.download_button(
                f"Download als {label}",
                data=_logged(report, suffix, viewer, what),
                file_name=reports.file_name(report, suffix),
                mime=reports.MEDIA_TYPES[suffix],
                icon=":material/download:",
                key=f"download_{what}_{suffix}",
                on_click="ignore",
            )
    st.caption("Elke download wordt vastgelegd in het exportlogboek (wie, wanneer, welke cijfers).")


def flash(key: str) -> None:
    """Show the confirmation a write left before its rerun (a UI message, not data)."""
    message = st.session_state.pop(key, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def done(key: str, message: str) -> None:
    """After a write: remember the confirmation and run the page again, so every table shows the change."""
    st.session_state[key] = message
    st.rerun()
