"""Registratiewijzigingen: changes in how cases are registered (a new intake procedure, a system migration)
recorded as annotations; they appear on every chart of the KPIs they concern."""

from __future__ import annotations

from datetime import date

import streamlit as st

from config import settings
from metrics import notes
from metrics.registry import KPIS, UnknownKpi
from ui import data, page
from ui.filters import municipality_names
from ui.format import day

TITLE = "Registratiewijzigingen"
ICON = ":material/edit_note:"
SECTION = "Gegevens"
EVERYONE = "Alle"

page.heading(TITLE)
st.caption(
    "Een nieuwe intakeprocedure, een overstap naar een ander systeem, een andere manier van registreren: leg "
    "het hier vast, dan staat het als stippellijn in elke grafiek van de KPI's die het raakt."
)
viewer = data.viewer()
engine = data.engine()
names = municipality_names()
labels = {k.label: k.id for k in KPIS}

if viewer.role.writes_plans:
    with st.form("aantekening", clear_on_submit=True):
        when = st.date_input("Datum van de wijziging", value=date.today(), format="DD-MM-YYYY")
        text = st.text_area("Wat is er veranderd", max_chars=notes.MAX_TEXT)
        chosen = st.multiselect("KPI's (leeg: alle KPI's)", list(labels))
        left, right = st.columns(2)
        team = left.selectbox("Team", [EVERYONE, *settings.installation().teams])
        municipality = right.selectbox("Gemeente", [EVERYONE, *names], format_func=lambda c: names.get(c, c))
        if st.form_submit_button("Vastleggen", type="primary"):
            try:
                notes.add_annotation(
                    engine, when, text, viewer.user, [labels[c] for c in chosen],
                    None if team == EVERYONE else team, None if municipality == EVERYONE else municipality,
                )
            except (notes.NoteError, UnknownKpi) as exc:
                st.error(str(exc))
            else:
                st.success("Vastgelegd.")
else:
    st.info(f"Uw rol ({viewer.role.label}) kan wijzigingen bekijken, niet vastleggen.")

st.header("Vastgelegde wijzigingen")
found = notes.annotations(engine, viewer.scope)
if not found:
    st.write("Nog geen wijzigingen vastgelegd.")
by_id = {k.id: k.label for k in KPIS}
for note in reversed(found):
    with st.container(border=True):
        kpis = ", ".join(by_id.get(k, k) for k in note.kpis) or "alle KPI's"
        where = " · ".join(x for x in (note.team, names.get(note.municipality or "", note.municipality)) if x)
        st.markdown(f"**{day(note.on_date)}** — {note.text}")
        st.caption(f"{kpis}{' · ' + where if where else ''} · vastgelegd door {note.created_by}")
        if viewer.role.writes_plans and st.button("Verwijderen", key=f"weg-{note.id}"):
            notes.remove_annotation(engine, note.id, viewer.user)
            st.rerun()
