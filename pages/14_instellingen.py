"""Instellingen: the administrator changes the calculation's settings (terms, reason sets, small numbers,
the council report's KPIs, stalled-phase limits), the single dates of the working-day calendar, and reads
the export log (who exported what)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from metrics import administration, notes
from ui import data, page
from ui.format import day, number
from ui.setting_inputs import value_input

TITLE = "Instellingen"
ICON = ":material/settings:"
SECTION = "Gegevens"
ROLES = ("beheerder",)

page.heading(TITLE)
viewer = data.viewer()
if not viewer.role.imports:
    st.warning(f"De instellingen zijn voorbehouden aan de beheerder; uw rol is {viewer.role.label}.")
    st.stop()
engine = data.engine()
st.caption(
    "Een gewijzigde termijn of feestdag geldt meteen voor alle cijfers: de termijnen van de dossiers worden "
    "opnieuw berekend. De standaardwaarden zijn die van de KPI-catalogus."
)

st.header("Berekening")
for current in administration.values(engine):
    setting = current.setting
    with st.expander(f"{setting.name}{'' if current.is_default else '  ·  aangepast'}"):
        st.caption(setting.help)
        with st.form(f"instelling_{setting.name}"):
            entered = value_input(setting, current.value)
            save, default = st.columns(2)
            if save.form_submit_button("Opslaan", type="primary"):
                try:
                    administration.change(engine, setting.name, entered, viewer.user)
                except administration.SettingError as exc:
                    st.error(str(exc))
                else:
                    data.clear()
                    st.success("Opgeslagen.")
            if default.form_submit_button(f"Terug naar standaard ({setting.default})", disabled=current.is_default):
                administration.reset(engine, setting.name)
                data.clear()
                st.success("Standaardwaarde hersteld.")

st.header("Werkdagen (Algemene termijnenwet)")
year = st.number_input("Jaar", min_value=2000, max_value=2100, value=date.today().year, step=1)
st.dataframe(
    [{"Datum": day(d), "Dag": name} for d, name in administration.holidays(engine, int(year)).items()],
    hide_index=True,
)
with st.form("feestdag", clear_on_submit=True):
    left, right = st.columns(2)
    when = left.date_input("Datum", value=None, format="DD-MM-YYYY")
    kinds = {"geen werkdag (toevoegen)": administration.HolidayAction.ADD,
             "toch een werkdag (verwijderen)": administration.HolidayAction.REMOVE}  # fmt: skip
    kind = right.selectbox("Soort", list(kinds))
    note = st.text_input("Toelichting", placeholder="bijvoorbeeld: Besluit gelijkstelling 2029")
    if st.form_submit_button("Vastleggen"):
        if when is None:
            st.error("Kies een datum.")
        else:
            administration.set_override(engine, when, kinds[kind], viewer.user, note)
            data.clear()
            st.success(f"{day(when)} vastgelegd.")
for override in administration.overrides(engine):
    left, right = st.columns([4, 1])
    left.write(f"{day(override.day)}: {override.action.value} · {override.note or ''} · {override.created_by}")
    if right.button("Verwijderen", key=f"dag_{override.day.isoformat()}"):
        administration.delete_override(engine, override.day)
        data.clear()
        st.rerun()

st.header("Exportlogboek")
st.caption("Elke download van een dossierlijst of rapport: wie, wanneer, met welke rol, wat.")
log = notes.exports(engine)
if not log:
    st.write("Nog geen downloads.")
else:
    st.dataframe(
        [{"Wanneer": day(e["created_at"]), "Wie": e["created_by"], "Rol": e["role"], "Wat": e["what"],
          "Details": e["detail"], "Rijen": number(e["rows"])} for e in log],
        hide_index=True,
    )  # fmt: skip
