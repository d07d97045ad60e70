"""The sections of the page Instroom en uitstroom: each reads its figures (cached) and renders charts with
their tables. The figures come from ``metrics`` (the registry's KPIs through ``ui.data``, ``metrics.flows``)."""

from __future__ import annotations

import streamlit as st

from metrics import flows
from metrics.flows import OutflowGroup
from metrics.results import share
from ui import cells, charts, data, flows_data
from ui.cells import Cell, Trend, values


def registrations(t: Trend) -> None:
    results = data.results(t.ctx.version, t.keys, None, t.ctx.scope_key, flows.REGISTRATION_KPIS)
    registered, crisis = t.kpi(results, "aanmeldingen"), t.kpi(results, "aanmeldingen_crisis")
    pairs = [
        share(c, r) for c, r in zip(t.raw(results, "aanmeldingen_crisis"), t.raw(results, "aanmeldingen"), strict=True)
    ]
    crisis_share = cells.guarded(t.figures([s.value for s in pairs], [s.records for s in pairs]), crisis)
    marks = t.marks(flows.REGISTRATION_KPIS)
    counts = charts.trend(
        t.x,
        {"Aanmeldingen": values(registered), "waarvan crisis": values(crisis)},
        title="Aanmeldingen per maand",
        y_title="aantal",
        marks=marks,
        value_format=",.0f",
    )
    shares = charts.trend(
        t.x,
        {"Aandeel crisis": values(crisis_share)},
        title="Aandeel crisisaanmeldingen",
        y_title="% van de aanmeldingen",
        percent=True,
        marks=marks,
    )
    frame = t.table({"Aanmeldingen": registered, "Crisis": crisis, "Aandeel crisis": crisis_share}, "Maand")
    cells.chart_with_table(
        [counts, shares],
        frame,
        key="aanmeldingen",
        note="Aandeel crisis: 100 × crisisaanmeldingen / aanmeldingen van de maand.",
    )


def decisions(t: Trend) -> None:
    results = data.results(t.ctx.version, t.keys, None, t.ctx.scope_key, flows.DECISION_KPIS)
    kinds = flows_data.decisions(t.ctx.version, t.keys, t.ctx.scope_key)
    admitted, rejected = t.counts([k.admissions for k in kinds]), t.kpi(results, "afwijzingen")
    columns = {"Toelatingen": admitted, "Afwijzingen": rejected}
    if any(k.unknown for k in kinds):
        columns["Zonder soort beschikking"] = t.counts([k.unknown for k in kinds])
    fig = charts.bars(
        t.x,
        {name: values(c) for name, c in columns.items()},
        title="Beschikkingen per maand",
        y_title="aantal",
        marks=t.marks(flows.DECISION_KPIS),
    )
    cells.chart_with_table(
        fig,
        t.table(columns, "Maand"),
        key="beschikkingen",
        note="Dossiers met een beschikkingsdatum in de maand, naar de soort beschikking.",
    )


def settlements(t: Trend) -> None:
    results = data.results(t.ctx.version, t.keys, None, t.ctx.scope_key, flows.SETTLEMENT_KPIS)
    counts = {
        "Ingediend": t.kpi(results, "schuldregelingen_ingediend"),
        "Minnelijk akkoord": t.kpi(results, "minnelijke_akkoorden"),
        "Dwangakkoord": t.kpi(results, "dwangakkoorden"),
    }
    success = t.kpi(results, "schuldregeling_slagingspct")
    marks = t.marks(flows.SETTLEMENT_KPIS)
    bars = charts.bars(
        t.x,
        {name: values(c) for name, c in counts.items()},
        title="Schuldregelingen per maand",
        y_title="aantal",
        marks=marks,
    )
    rate = charts.trend(
        t.x,
        {"Slagingspercentage": values(success)},
        title="Slagingspercentage schuldregeling",
        y_title="%",
        percent=True,
        marks=marks,
    )
    cells.chart_with_table(
        [bars, rate],
        t.table({**counts, "Slagingspercentage": success}, "Maand"),
        key="schuldregelingen",
        note="Slagingspercentage: toegekend / (toegekend, afgewezen of ingetrokken) in de maand; "
        "de vroegste uitkomst van een dossier beslist.",
    )


def outflow(t: Trend) -> None:
    results = data.results(t.ctx.version, t.keys, None, t.ctx.scope_key, flows.OUTFLOW_KPIS)
    by_reason = flows_data.outflow(t.ctx.version, t.keys, t.ctx.scope_key)
    reasons = {r.label: t.counts(list(r.counts)) for r in by_reason.reasons}
    marks = t.marks(flows.OUTFLOW_KPIS)
    stack = charts.stacked_groups(
        t.x,
        [(r.group.value, r.label, values(reasons[r.label])) for r in by_reason.reasons],
        title="Uitstroom per maand naar reden",
        y_title="aantal",
        group_labels={g.value: g.label for g in OutflowGroup},
        marks=marks,
    )
    positive, dropout = t.kpi(results, "uitstroom_afgerond_pct"), t.kpi(results, "uitval_pct")
    shares = charts.trend(
        t.x,
        {"Positief afgerond": values(positive), "Uitval": values(dropout)},
        title="Positief afgerond en uitval",
        y_title="% van de uitstroom",
        percent=True,
        marks=marks,
    )
    columns = {**reasons, "Uitstroom": t.kpi(results, "uitstroom"), "Positief afgerond": positive, "Uitval": dropout}
    groups = "; ".join(
        f"{g.label}: {', '.join(r.label.lower() for r in by_reason.reasons if r.group is g) or 'geen'}"
        for g in OutflowGroup
    )
    cells.chart_with_table(
        [stack, shares],
        t.table(columns, "Maand"),
        key="uitstroom",
        note=f"Dossiers met een datum afsluiting in de maand, naar reden. {groups}.",
    )


def funnel(t: Trend) -> None:
    period = t.ctx.filters.period
    result = flows_data.funnel(t.ctx.version, str(period), t.ctx.scope_key)
    stage_cells = t.counts([s.count for s in result.stages])
    shown = [(s.label, c.value) for s, c in zip(result.stages, stage_cells, strict=True) if c.value is not None]
    fig = charts.funnel(
        [label for label, _ in shown],
        [v for _, v in shown],
        title=f"Van signaal tot positieve uitstroom, {period.label}",
        textinfo="value",
    )
    frame = cells.table(
        "Stap",
        [s.label for s in result.stages],
        {"Aantal": stage_cells, "Definitie": [Cell(None, s.definition) for s in result.stages]},
    )
    cells.chart_with_table(fig, frame, key="trechter")
    st.info(flows.FUNNEL_NOTE, icon=":material/info:")
    if len(shown) < len(result.stages):
        st.caption("Stappen met kleine aantallen (<5) staan niet in de trechter; zie de tabel.")
    t.period_notes((*flows.FUNNEL_KPIS, "afwijzingen"))
