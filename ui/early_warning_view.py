"""The sections of the page Vroegsignalering: signals by partner and per 1,000 inhabitants, meldingen and their
follow-up per month, and every figure per municipality, each beside the national figure of the Divosa
monitor (context, not a norm). The figures come from ``metrics`` (the registry's KPIs, ``early_warning``)."""

from __future__ import annotations

import streamlit as st

from metrics import early_warning as ew
from metrics import references
from metrics.references import Reference
from metrics.results import by_group, difference, share
from ui import cells, charts, data, early_warning_data
from ui.cells import Cell, Trend, values
from ui.filters import municipality_names
from ui.format import MISSING, number, percent

FOLLOW_UP = {"opgepakt_pct": "Opgepakt", "bereik_pct": "Bereik", "hulpacceptatie_pct": "Hulpacceptatie"}
SIGNAL_CASE_KPIS = tuple(k for k in ew.EARLY_WARNING_KPIS if k != "signalen")


def _line(ref: Reference | None, what: str = "") -> list[charts.Line]:
    if ref is None:
        return []
    value = number(ref.value, 1) if ref.unit != "%" else percent(ref.value, 0)
    about = "ca. " if ref.approximate else ""
    return [charts.reference_line(ref.value, f"{what}landelijk {ref.period}: {about}{value}")]


def _sources(shown: list[Reference | None]) -> None:
    found = [r for r in shown if r is not None]
    if found:
        st.caption(f"Bron landelijke cijfers: {'; '.join(references.sources(found))}. {references.CONTEXT_NOTE}")


def _rate(value: float | None) -> str:
    return number(value, 1)


def signals(t: Trend) -> None:
    period = t.ctx.filters.period
    partners = early_warning_data.partners(t.ctx.version, str(period), t.ctx.scope_key)
    counts = t.counts([p.count for p in partners])
    shares = cells.guarded(t.figures([p.share for p in partners], [p.total for p in partners]), counts)
    national = [p.reference.value if p.reference else None for p in partners]
    fig = charts.bars(
        [p.label for p in partners],
        {"Deze selectie": values(shares), "Landelijk (1e helft 2024)": national},
        title=f"Signalen per partner, {period.label}",
        y_title="% van de signalen",
        horizontal=True,
    )
    frame = cells.table(
        "Partner",
        [p.label for p in partners],
        {
            "Signalen": counts,
            "Aandeel": shares,
            "Landelijk aandeel": [Cell(n, percent(n, 0) if n is not None else MISSING) for n in national],
        },
    )
    cells.chart_with_table(fig, frame, key="partners", note="Aandeel: 100 × signalen van de partner / alle signalen.")
    t.period_notes(("signalen",))
    _rates(t)
    _sources([p.reference for p in partners] + [references.latest(references.SIGNALS_PER_1000)])


def _no_rate_text(any_signals: bool, steward: bool) -> str:
    """Why there is no rate per 1,000 inhabitants; where to set the inhabitants only for the data steward."""
    if not any_signals:
        return "Signalen per 1.000 inwoners: geen signalen in deze maanden."
    where = " (stel `inhabitants` in per gemeente in config/installation.toml)" if steward else ""
    return (
        "Signalen per 1.000 inwoners: geen gemeente in deze selectie met een bekend inwonertal die signalen "
        f"aanlevert{where}."
    )


def _rates(t: Trend) -> None:
    by_municipality = data.results(t.ctx.version, t.keys, "municipality", t.ctx.scope_key, ("signalen",))
    totals = data.results(t.ctx.version, t.keys, None, t.ctx.scope_key, ("signalen",))
    rates = ew.rates(by_municipality, t.periods, ew.inhabitants())
    reference = references.latest(references.SIGNALS_PER_1000)
    counted = rates[0].municipalities if rates else ()
    if not counted:
        st.info(_no_rate_text(bool(ew.delivering(by_municipality)), t.ctx.viewer.role.imports), icon=":material/info:")
        return
    per_1000 = t.figures([r.value for r in rates], [r.signals for r in rates], _rate)
    fig = charts.trend(
        t.x,
        {"Signalen per 1.000 inwoners": values(per_1000)},
        title="Signalen per 1.000 inwoners per maand",
        y_title="per 1.000 inwoners",
        lines=_line(reference),
        marks=t.marks(("signalen",)),
    )
    frame = t.table(
        {
            "Signalen (alle)": t.kpi(totals, "signalen"),
            "Signalen (geteld)": t.counts([r.signals for r in rates]),
            "Inwoners": [Cell(r.inhabitants, number(r.inhabitants)) for r in rates],
            "Per 1.000 inwoners": per_1000,
        },
        "Maand",
    )
    names = municipality_names()
    cells.chart_with_table(
        fig,
        frame,
        key="per1000",
        note=f"{ew.SIGNALS_PER_1000_DEFINITION} Geteld: {', '.join(names.get(m, m) for m in counted)}.",
    )


def signal_cases(t: Trend) -> None:
    results = data.results(t.ctx.version, t.keys, None, t.ctx.scope_key, SIGNAL_CASE_KPIS)
    matched, multiple = t.raw(results, "meldingen"), t.raw(results, "meldingen_meervoudig")
    multiple_cells = t.kpi(results, "meldingen_meervoudig")
    single = cells.guarded(t.counts([difference(m, n) for m, n in zip(matched, multiple, strict=True)]), multiple_cells)
    pairs = [share(n, m) for n, m in zip(multiple, matched, strict=True)]
    multiple_share = cells.guarded(t.figures([p.value for p in pairs], [p.records for p in pairs]), multiple_cells)
    multiple_ref = references.latest(references.MULTIPLE_SHARE)
    marks = t.marks(SIGNAL_CASE_KPIS)
    counts = charts.bars(
        t.x,
        {"Enkelvoudig": values(single), "Meervoudig": values(multiple_cells)},
        title="Meldingen per maand",
        y_title="aantal",
        stacked=True,
        marks=marks,
    )
    part = charts.trend(
        t.x,
        {"Aandeel meervoudig": values(multiple_share)},
        title="Aandeel meervoudige meldingen",
        y_title="% van de meldingen",
        percent=True,
        lines=_line(multiple_ref),
        marks=marks,
    )
    frame = t.table(
        {
            "Meldingen": t.kpi(results, "meldingen"),
            "Enkelvoudig": single,
            "Meervoudig": multiple_cells,
            "Aandeel meervoudig": multiple_share,
        },
        "Maand",
    )
    cells.chart_with_table([counts, part], frame, key="meldingen", note=ew.MULTIPLE_SHARE_DEFINITION)
    follow = {label: t.kpi(results, k) for k, label in FOLLOW_UP.items()}
    refs = {k: references.latest(k) for k in FOLLOW_UP}
    fig = charts.trend(
        t.x,
        {label: values(c) for label, c in follow.items()},
        title="Opgepakt, bereik en hulpacceptatie",
        y_title="%",
        percent=True,
        marks=marks,
        lines=[line for k, label in FOLLOW_UP.items() for line in _line(refs[k], f"{label}: ")],
    )
    frame = t.table({**follow, "Doorverwezen voor financiële hulp": t.kpi(results, "vervolghulp_financieel")}, "Maand")
    cells.chart_with_table(
        fig,
        frame,
        key="opvolging",
        note="Opgepakt en bereik: van alle meldingen van de maand, "
        "op de peildatum. Hulpacceptatie: van de bereikte meldingen.",
    )
    _sources([multiple_ref, *refs.values()])


def per_municipality(t: Trend) -> None:
    period = t.ctx.filters.period
    results = data.results(t.ctx.version, (str(period),), "municipality", t.ctx.scope_key, ew.EARLY_WARNING_KPIS)
    window = data.results(t.ctx.version, t.keys, "municipality", t.ctx.scope_key, ("signalen",))
    groups = sorted({r.group for r in results}, key=lambda g: (g is None, g or ""))
    names = municipality_names()
    labels = [names.get(g, g) if g is not None else "Gemeente onbekend" for g in groups]
    kpi = {
        k: cells.kpi_cells([by_group(results, k, period).get(g) for g in groups], t.council, t.limits)
        for k in ew.EARLY_WARNING_KPIS
    }
    counted = ew.delivering(window)
    rates = [ew.signal_rate(results, period, ew.inhabitants(), counted & {g}) if g else None for g in groups]
    per_1000 = t.figures([r.value if r else None for r in rates], [r.signals if r else 0 for r in rates], _rate)
    pairs = [
        share(by_group(results, "meldingen_meervoudig", period).get(g), by_group(results, "meldingen", period).get(g))
        for g in groups
    ]
    multiple = t.figures([p.value for p in pairs], [p.records for p in pairs])
    refs = {k: references.latest(k) for k in FOLLOW_UP}
    fig = charts.bars(
        labels,
        {FOLLOW_UP[k]: values(kpi[k]) for k in FOLLOW_UP},
        title=f"Opvolging per gemeente, {period.label}",
        y_title="%",
        percent=True,
        lines=[line for k, label in FOLLOW_UP.items() for line in _line(refs[k], f"{label}: ")],
    )
    columns = {
        "Signalen": kpi["signalen"],
        "Per 1.000 inwoners per maand": per_1000,
        "Meldingen": kpi["meldingen"],
        "Meervoudig": kpi["meldingen_meervoudig"],
        "Aandeel meervoudig": multiple,
        **{label: kpi[k] for k, label in FOLLOW_UP.items()},
        "Doorverwezen financieel": kpi["vervolghulp_financieel"],
    }
    frame = cells.table("Gemeente", labels, columns)
    cells.chart_with_table(
        fig,
        frame,
        key="gemeenten",
        note="Een leeg inwonertal of een gemeente die alleen "
        "meldingen aanlevert (geen signalen) heeft geen cijfer per 1.000 inwoners.",
    )
    t.period_notes(ew.EARLY_WARNING_KPIS)
    _national_table()


def _national_table() -> None:
    shown = [references.latest(f) for f in (references.SIGNALS_PER_1000, references.MULTIPLE_SHARE, *FOLLOW_UP)]
    rows = [r for r in shown if r is not None]
    with st.expander("Landelijke cijfers (Divosa Monitor Vroegsignalering Schulden)"):
        st.table(
            {
                "Cijfer": [r.label for r in rows],
                "Waarde": [
                    ("ca. " if r.approximate else "") + (percent(r.value, 0) if r.unit == "%" else number(r.value, 1))
                    for r in rows
                ],
                "Periode": [r.period for r in rows],
                "Bron": [r.source for r in rows],
            },
            hide_index=True,
        )
        st.caption(references.CONTEXT_NOTE)
