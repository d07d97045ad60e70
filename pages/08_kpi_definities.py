"""KPI-definities: every KPI of the registry with its definition, unit, direction and legal basis."""

from __future__ import annotations

import streamlit as st

from metrics.compute import DIM_LABELS
from metrics.registry import KPIS, Section
from metrics.settings import METRIC_SETTINGS
from store.metrics_queries import Dim
from ui import page

TITLE = "KPI-definities"
ICON = ":material/menu_book:"
SECTION = "Verantwoording"

page.heading(TITLE)
st.caption(
    "Elke KPI op dit dashboard, in de raadsrapportage en in het jaarverslag is hier gedefinieerd. Dagen zijn "
    "kalenderdagen; de peildatum is de laatste dag van de periode (voor een lopende periode de datum van de "
    "laatste import). Een dossier zonder de datum die een KPI nodig heeft, telt niet mee."
)
search = st.text_input("Zoeken", placeholder="bijvoorbeeld termijn, wachtlijst, bereik")
needle = search.strip().lower()
for section in Section:
    rows = [
        k for k in KPIS
        if k.section is section and (not needle or needle in f"{k.id} {k.label} {k.definition}".lower())
    ]
    if not rows:
        continue
    st.header(section.value)
    for k in rows:
        with st.expander(f"**{k.label}**  ·  `{k.id}`", expanded=bool(needle)):
            st.write(k.definition)
            st.markdown(
                f"- Eenheid: {k.unit.label}\n- Richting: {k.direction.label}\n"
                f"- Uit te splitsen naar: {', '.join(DIM_LABELS[d] for d in Dim if d in k.breakdowns)}"
            )
            if k.legal_basis:
                st.markdown(f"- Wettelijke basis: {k.legal_basis}")

st.header("Instellingen van de berekening")
st.dataframe(
    [{"Instelling": s.name, "Standaard": str(s.default), "Betekenis": s.help} for s in METRIC_SETTINGS],
    hide_index=True,
)
