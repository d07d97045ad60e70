"""The forms of the targets page: a target (new, or a new version of one), a status update. They return what
was filled in; ``metrics.targets`` validates it and says, in Dutch, what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from metrics import targets
from metrics.registry import KPIS, kpi
from metrics.targets import Comparison, Target, TargetDraft, TargetStatus
from ui.filters import municipality_name

EVERYONE = ""


def _scope_options() -> list[str]:
    return [
        EVERYONE,
        *(f"team:{t}" for t in targets.known_teams()),
        *(f"gemeente:{m}" for m in targets.known_municipalities()),
    ]


def _scope_label(option: str) -> str:
    if option.startswith("team:"):
        return f"Team {option[5:]}"
    if option.startswith("gemeente:"):
        return f"Gemeente {municipality_name(option[9:])}"
    return "Alle teams en gemeenten"


def _scope_of(option: str) -> tuple[str | None, str | None]:
    if option.startswith("team:"):
        return option[5:], None
    if option.startswith("gemeente:"):
        return None, option[9:]
    return None, None


def _scope_option(target: Target | None) -> str:
    if target is None:
        return EVERYONE
    if target.municipality:
        return f"gemeente:{target.municipality}"
    return f"team:{target.team}" if target.team else EVERYONE


def draft_form(form_key: str, year: int, existing: Target | None = None, *, label: str = "Doel opslaan") -> (
    TargetDraft | None
):  # fmt: skip
    """A target's fields; the draft when the form was sent, else None."""
    ids = [k.id for k in KPIS]
    scopes = _scope_options()
    symbols = [c.symbol for c in Comparison]
    with st.form(form_key):
        left, right = st.columns(2)
        chosen_kpi = left.selectbox(
            "KPI", ids, index=ids.index(existing.kpi_id) if existing else 0, key=f"{form_key}_kpi",
            format_func=lambda i: f"{kpi(i).label} ({kpi(i).unit.label})",
        )  # fmt: skip
        scope = right.selectbox(
            "Voor", scopes, index=scopes.index(_scope_option(existing)), key=f"{form_key}_voor",
            format_func=_scope_label,
        )  # fmt: skip
        comparison = left.radio(
            "Het cijfer moet zijn", symbols, key=f"{form_key}_richting", horizontal=True,
            index=symbols.index(existing.comparison.symbol) if existing else 0,
            format_func=lambda s: f"{s} ({'ten minste' if s == '≥' else 'ten hoogste'})",
        )  # fmt: skip
        value = right.number_input("Doelwaarde", value=existing.value if existing else None, key=f"{form_key}_waarde")
        baseline = left.number_input(
            "Nulmeting (waarde bij de start)", value=existing.baseline_value if existing else None,
            key=f"{form_key}_nulmeting",
        )  # fmt: skip
        baseline_on = right.date_input(
            "Datum nulmeting", value=existing.baseline_on if existing else None, format="DD-MM-YYYY",
            key=f"{form_key}_nulmeting_datum",
        )  # fmt: skip
        year_input = left.number_input(
            "Jaarplan", value=existing.plan_year if existing else year, step=1, key=f"{form_key}_jaar"
        )
        deadline = right.date_input(
            "Deadline", value=existing.deadline if existing else date(year, 12, 31), format="DD-MM-YYYY",
            key=f"{form_key}_deadline",
        )  # fmt: skip
        owner = left.text_input("Eigenaar", value=existing.owner if existing else "", key=f"{form_key}_eigenaar")
        rationale = st.text_area(
            "Onderbouwing (waarom dit doel, waarom deze waarde)", value=existing.rationale if existing else "",
            key=f"{form_key}_onderbouwing",
        )  # fmt: skip
        sent = st.form_submit_button(label, type="primary", key=f"{form_key}_opslaan")
    if not sent:
        return None
    team, municipality = _scope_of(scope or EVERYONE)
    return TargetDraft(
        int(year_input) if year_input is not None else None, chosen_kpi, team, municipality, comparison, value,
        baseline, baseline_on, deadline, owner, rationale,
    )  # fmt: skip


@dataclass(frozen=True)
class StatusInput:
    on_date: date | None
    status: str | None
    note: str


def status_form(form_key: str) -> StatusInput | None:
    with st.form(form_key):
        left, right = st.columns(2)
        status = left.selectbox("Status", [s.value for s in TargetStatus], key=f"{form_key}_status")
        on_date = right.date_input("Datum", value=date.today(), format="DD-MM-YYYY", key=f"{form_key}_datum")
        note = st.text_area("Toelichting", key=f"{form_key}_toelichting", placeholder="Wat is er gedaan, wat volgt?")
        sent = st.form_submit_button("Status toevoegen", type="primary", key=f"{form_key}_opslaan")
    return StatusInput(on_date, status, note) if sent else None
