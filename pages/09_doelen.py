"""SMART-doelen: the jaarplan's targets with the measured value, a projection to the deadline and the
current status (date and author); new targets, new versions, status updates, a copy to the next year.
Every status and every version stays in the history."""

from __future__ import annotations

import streamlit as st

from metrics import targets
from metrics.targets import TargetError
from ui import data, page, report_data, report_view, target_forms, target_view
from ui.format import day

TITLE = "SMART-doelen"
ICON = ":material/flag:"
SECTION = "Verantwoording"
FLASH = "doelen_melding"

ctx = page.start(
    TITLE,
    granularities=("jaar",),
    intro="De doelen van het jaarplan: gemeten waarde, prognose tot de deadline en de laatste status (wie, wanneer).",
)
if ctx is None:
    st.stop()
report_view.flash(FLASH)
engine, user, writes = data.engine(), ctx.viewer.user, ctx.viewer.role.writes_plans
year = ctx.filters.period.year
plans = report_data.plans_version()
progress = report_data.progress(ctx.version, plans, year, ctx.scope_key)
statuses = report_data.statuses(ctx.version, plans, tuple(p.target.key for p in progress))
council = report_data.thresholds(ctx.version, plans) if ctx.viewer.role.suppressed else None


def show_problems(error: TargetError) -> None:
    st.error("Het doel is niet opgeslagen:\n" + "\n".join(f"- {m}" for m in error.messages))


st.subheader(f"Jaarplan {year}")
if progress:
    st.dataframe(target_view.overview(progress, statuses, council), hide_index=True)
else:
    st.info(f"Nog geen doelen in het jaarplan {year} voor deze selectie.", icon=":material/flag:")

if writes:
    with st.expander("Nieuw doel", icon=":material/add:"):
        draft = target_forms.draft_form("nieuw_doel", year)
        if draft is not None:
            try:
                made = targets.create(engine, draft, user)
            except TargetError as exc:
                show_problems(exc)
            else:
                report_view.done(FLASH, f"Doel opgeslagen: {made.kpi.label}, {made.scope_label}.")
    if progress and st.button(f"Kopieer de doelen van {year} naar {year + 1}", key="kopieer_doelen"):
        copied = targets.copy_to_next_year(engine, year, user)
        skipped = f" ({copied.skipped} waren al gekopieerd)" if copied.skipped else ""
        report_view.done(FLASH, f"{len(copied.created)} doelen gekopieerd naar {year + 1}{skipped}.")

if not progress:
    st.stop()
st.subheader("Eén doel")
by_label = target_view.choices(progress)
chosen = by_label[st.selectbox("Kies een doel", list(by_label), key="doel")]
target = chosen.target
st.markdown(
    f"**{target.kpi.label}** voor {target.scope_label}: doel {target_view.target_text(target)} op "
    f"{day(target.deadline)}; gemeten {target_view.measured_text(chosen, council)} — "
    f"{target_view.met_text(chosen, council)}. "
    f"Eigenaar: {target.owner}."
)
st.caption(f"Onderbouwing: {target.rationale}")
if chosen.projection is not None:
    st.markdown(f"Prognose: {target_view.projection_text(chosen, council)}.")
    st.caption(chosen.projection.explanation)
    if council is None:
        target_view.projection_chart(chosen)

st.markdown("**Status**")
history = statuses.get(target.key, [])
target_view.status_history(history, writes)
if writes:
    entered = target_forms.status_form(f"status_{target.key}")
    if entered is not None:
        try:
            targets.add_status(engine, target.key, entered.on_date, entered.status, entered.note, user)
        except TargetError as exc:
            show_problems(exc)
        else:
            report_view.done(FLASH, f"Status '{entered.status}' toegevoegd door {user}.")

st.markdown("**Versies**")
target_view.version_history(report_data.versions(ctx.version, plans, target.key))
if writes:
    with st.expander("Doel wijzigen (de huidige versie blijft bewaard)", icon=":material/edit:"):
        draft = target_forms.draft_form(
            f"wijzig_{target.key}_{target.version}", year, target, label="Nieuwe versie opslaan"
        )
        if draft is not None:
            try:
                changed = targets.edit(engine, target.key, draft, user)
            except TargetError as exc:
                show_problems(exc)
            else:
                report_view.done(FLASH, f"Versie {changed.version} van het doel opgeslagen.")
        if st.button("Doel intrekken", key=f"intrekken_{target.key}"):
            targets.withdraw(engine, target.key, user)
            report_view.done(FLASH, "Doel ingetrokken; de versies en statussen blijven bewaard.")
