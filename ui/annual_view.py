"""The annual report page's own widgets: freezing, the list of freezes, and what would change if refrozen."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from config.access import Viewer
from metrics import freeze
from metrics.annual_report import AnnualFigures
from metrics.freeze import Change, FreezeError, FrozenReport
from metrics.suppression import Shown
from store.metrics_queries import Scope
from ui import report_view
from ui.data import engine
from ui.filters import municipality_name
from ui.format import day, number

FLASH = "jaarverslag_melding"
LIVE, FROZEN = "actuele cijfers", "bevroren cijfers"


def _shown(value: Shown) -> str:
    if value.text is not None:
        return value.text
    return "–" if value.value is None else number(value.value, 0 if float(value.value).is_integer() else 1)


def changes(found: list[Change]) -> None:
    if not found:
        st.success("Geen verschillen: opnieuw bevriezen zou geen cijfer veranderen.", icon=":material/check_circle:")
        return
    st.warning(f"{len(found)} cijfers zijn veranderd sinds het bevriezen (late correcties).", icon=":material/warning:")
    rows = [
        {
            "Cijfer": c.label,
            "Jaar": c.period,
            "Voor": municipality_name(c.group) if c.group else "totaal",
            "Bevroren": _shown(c.frozen),
            "Nu": _shown(c.now),
        }
        for c in found
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def history(kept: list[FrozenReport]) -> None:
    if not kept:
        st.caption("Dit jaarverslag is nog niet bevroren: de cijfers veranderen mee met late correcties.")
        return
    rows = [
        {
            "Bevroren op": day(k.frozen_at),
            "Door": k.frozen_by,
            "Peildatum": day(k.reference_date),
            "Gegevens t/m": day(k.data_through),
            "Opmerking": k.note or "",
            "Geldt": "ja" if index == 0 else "nee (opnieuw bevroren)",
        }
        for index, k in enumerate(kept)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def freeze_form(live: AnnualFigures, scope: Scope, viewer: Viewer, again: bool) -> None:
    with st.form("bevriezen"):
        note = st.text_input("Opmerking (bijvoorbeeld: vastgesteld door het college op …)", key="bevriezen_opmerking")
        label = (
            f"Opnieuw bevriezen met de cijfers van nu ({live.year})" if again else f"Jaarverslag {live.year} bevriezen"
        )
        submitted = st.form_submit_button(label, type="primary")
    if submitted:
        try:
            freeze.freeze(engine(), live, scope, viewer.user, note)
        except FreezeError as exc:
            st.error(str(exc))
        else:
            report_view.done(FLASH, f"Jaarverslag {live.year} bevroren door {viewer.user}.")
