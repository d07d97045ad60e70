"""Caseloadbespreking: per consultant the caseload (and per fte), the waiting list, the cases past a legal
term, turnaround and waiting time, and the cases that stall in a phase; one click from a figure to the
cases behind it, downloadable as Excel (logged)."""

from __future__ import annotations

import streamlit as st

from metrics import notes
from metrics.caseload_meeting import FIGURE_DEFINITIONS, Figure
from metrics.phases import STAGE_LABELS
from ui import data, meeting_data, meeting_tables, meeting_views, page, tables
from ui.format import day, long_day, number

TITLE = "Caseloadbespreking"
ICON = ":material/groups:"
SECTION = "Sturing"
ROLES = ("beheerder", "teamleider", "consulent")  # the list shows case ids: only for those who work cases
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EAGER_ROWS = 2_000  # longer lists are written only when someone downloads them
HEADLINE = (Figure.CASELOAD, Figure.WAITING, Figure.WAITING_OVERDUE, Figure.DECISION_OVERDUE, Figure.STALLED)

if not data.viewer().role.sees_case_ids:
    page.heading(TITLE)
    st.warning(
        "De caseloadbespreking toont dossiernummers en is er alleen voor beheerders, teamleiders en consulenten.",
        icon=":material/lock:",
    )
    st.stop()

ctx = page.start(
    TITLE,
    consultant=True,
    intro="Per consulent: lopende dossiers, wachtenden, wie over een wettelijke termijn gaat en wat stilstaat. "
    "Klik een regel van de tabel aan (of geen: het hele team) en kies een cijfer; daaronder staan de dossiers.",
)
if ctx is None:
    st.stop()
period, consultant = ctx.filters.period, ctx.filters.consultant
table = meeting_data.meeting_table(ctx.version, str(period), ctx.scope_key)
st.caption(f"{ctx.filters.description()} · peildatum {long_day(table.as_of)}")

rows = [r for r in table.rows if consultant is None or r.consultant == consultant]
if consultant is None:
    rows.append(table.total)
headline = table.total if consultant is None else next(iter(rows), None)
if headline is not None:
    for column, figure in zip(st.columns(len(HEADLINE)), HEADLINE, strict=True):
        column.metric(figure.label, number(headline.count(figure)), help=FIGURE_DEFINITIONS[figure], border=True)

st.subheader("Per consulent")
if not rows:
    st.info(f"Geen dossiers van {consultant} in {period.label}.")
event = st.dataframe(
    meeting_tables.consultant_frame(rows), on_select="rerun", selection_mode="single-row", hide_index=True,
    key=meeting_tables.selection_key(str(period), ctx.scope_key, consultant),
)  # fmt: skip
limits = ", ".join(f"{STAGE_LABELS[s].lower()}: {n} dagen" for s, n in table.limits.items())
st.caption(
    f"Lopende dossiers, wachtenden en termijnen op de peildatum; afgesloten dossiers en eerste gesprekken in "
    f"{period.label}. Stilstaand: langer dan de ingestelde grens in een fase ({limits})."
    + (f" {table.per_fte_note}" if table.per_fte_note else "")
)

system = meeting_data.system_caseload(ctx.version, period.first_day, table.as_of, ctx.scope_key)
if system:
    with st.expander(f"Eigen caseloadoverzicht van het systeem op {day(system[0].as_of)}, per consulent"):
        st.dataframe(
            meeting_views.caseload_table([d for d in system if consultant is None or d.group == consultant]),
            hide_index=True,
        )
        st.caption(
            "De lopende dossiers volgens de lijst die het cliëntvolgsysteem zelf levert, naast wat de dossiers op "
            "die datum geven (alleen de teams die de lijst noemt). Een verschil is een punt voor de ruislijst: "
            "controleer de registratie van eerste gesprek en afsluiting."
        )

picked = [i for i in event.selection.rows if i < len(rows)]
if picked:
    group, who = rows[picked[0]].group, meeting_tables.row_label(rows[picked[0]])
elif consultant is not None:
    group, who = ("consultant", consultant), consultant
else:
    group, who = None, "alle consulenten"

by_label = {f.label: f for f in Figure}
choice = st.pills("Toon de dossiers achter", list(by_label), key="cijfer", bind="query-params")
if choice is None:
    st.info("Kies een cijfer om de dossiers te zien.", icon=":material/touch_app:")
    st.stop()
figure = by_label[choice]
case_ids = ctx.viewer.role.sees_case_ids
cases = meeting_data.case_table(ctx.version, figure.value, str(period), ctx.scope_key, group, case_ids)
frame = cases.frame

st.subheader(f"{figure.label} · {who}")
st.caption(f"{meeting_tables.cases_text(len(frame))} · peildatum {day(cases.as_of)}. {FIGURE_DEFINITIONS[figure]}")
if frame.empty:
    st.write("Geen dossiers.")
else:
    st.dataframe(tables.for_screen(frame.head(meeting_tables.SCREEN_ROWS)), hide_index=True, key="dossiers")
if len(frame) > meeting_tables.SCREEN_ROWS:
    st.caption(
        f"Op het scherm de eerste {number(meeting_tables.SCREEN_ROWS)}; de download bevat alle {number(len(frame))}."
    )

sheet_notes = (
    ctx.filters.description(),
    f"Consulent: {who}",
    f"Peildatum: {day(cases.as_of)}",
    FIGURE_DEFINITIONS[figure],
)
detail = f"{figure.label}; {ctx.filters.description()}; consulent: {who}"
file_name = f"{figure.value}_{period}.xlsx"


def log_download(rows_out: int) -> None:
    notes.log_export(data.engine(), ctx.viewer.user, ctx.viewer.role.value, "dossierlijst", detail, rows_out)


if len(frame) <= EAGER_ROWS:
    content = meeting_data.case_workbook(
        ctx.version, figure.value, str(period), ctx.scope_key, group, case_ids, sheet_notes
    )
    st.download_button(
        "Download als Excel", content, file_name, XLSX, key="download", on_click=log_download, args=(len(frame),),
        type="primary", icon=":material/download:", disabled=frame.empty,
    )  # fmt: skip
else:

    def deferred_workbook() -> bytes:
        log_download(len(frame))
        return tables.xlsx(frame, figure.label, sheet_notes)

    st.download_button(
        "Download als Excel", deferred_workbook, file_name, XLSX, key="download", on_click="ignore",
        type="primary", icon=":material/download:",
    )  # fmt: skip
st.caption("Elke download wordt vastgelegd (wie, wanneer, welke lijst): de lijst bevat dossiernummers.")
