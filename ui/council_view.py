"""The council report page's own widgets: the trend of one chosen KPI, and the team leader's explanations."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from config.access import Viewer
from metrics import explanations, names, registry
from metrics.council_report import CouncilReport, Row
from metrics.explanations import ExplanationError
from metrics.report_model import Section
from ui import report_view
from ui.data import engine
from ui.filters import municipality_name
from ui.format import day

FLASH = "raad_melding"


def trend_chart(section: Section) -> None:
    """One KPI's trend at a time (seventeen charts at once would bury the page)."""
    if not section.charts:
        return
    titles = [c.title for c in section.charts]
    chosen = st.selectbox("Grafiek van", titles, key="raad_trend")
    chart = section.charts[titles.index(chosen)] if chosen in titles else section.charts[0]
    st.plotly_chart(report_view.figure(chart), key="raad_trend_grafiek")


def _rows(report: CouncilReport) -> list[tuple[str, Row]]:
    """Every row of the report that can be explained, deviations first, with a label for the choice."""
    labelled = [(f"{r.kpi.label} · totaal", r) for r in report.rows]
    labelled += [(f"{r.kpi.label} · {name}", r) for _, name, rows in report.municipalities for r in rows]
    return sorted(labelled, key=lambda item: (item[1].deviation is not True,))


def editor(report: CouncilReport, viewer: Viewer) -> None:
    """The explanation per deviation, written by the team leader (a new version each time)."""
    rows = _rows(report)
    marked = {f"{'⚠ afwijking · ' if r.deviation else ''}{label}": r for label, r in rows}
    with st.form("toelichting"):
        choice = st.selectbox("Cijfer", list(marked), key="toelichting_cijfer")
        text = st.text_area(
            "Toelichting (zonder namen van consulenten)", key="toelichting_tekst", max_chars=explanations.MAX_TEXT,
            placeholder="Waardoor wijkt het cijfer af, en wat doet het team eraan?",
        )  # fmt: skip
        submitted = st.form_submit_button("Toelichting opslaan", type="primary")
    if submitted and choice in marked:
        row = marked[choice]
        team, municipality = row.scope
        try:
            explanations.add(engine(), report.quarter, row.kpi.id, team, municipality, text, viewer.user)
        except ExplanationError as exc:
            st.error(str(exc))
        else:
            report_view.done(FLASH, f"Toelichting bij {choice.removeprefix('⚠ afwijking · ')} opgeslagen.")


def history(report: CouncilReport) -> None:
    found = explanations.history(engine(), report.quarter)
    rows = [
        {
            "KPI": registry.kpi(e.kpi).label,
            "Voor": municipality_name(e.municipality) if e.municipality else (e.team or "totaal"),
            "Toelichting": names.redact(e.text, report.consultants),
            "Auteur": e.author,
            "Geschreven op": day(e.created_at),
            "Geldt": "ja" if e is versions[-1] else "nee (vervangen)",
        }
        for versions in found.values()
        for e in versions
    ]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    else:
        st.caption("Nog geen toelichtingen voor dit kwartaal.")
