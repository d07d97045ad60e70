"""Importeren: the data steward uploads the monthly exports, sees at once what was read, what was rejected
and why, works through the data-quality list (ruislijst) and undoes a wrong upload. The same pipeline as
``python -m connectors import``."""

from __future__ import annotations

import streamlit as st

from config import settings
from connectors import steward
from connectors.pipeline import import_file
from store.schema import DATASETS
from ui import data, page, tables
from ui.format import day
from ui.imports import issue_frame, result_level

TITLE = "Importeren"
ICON = ":material/upload_file:"
SECTION = "Gegevens"
ROLES = ("beheerder",)
AUTO = "Automatisch herkennen"
SUFFIXES = ["xlsx", "xlsm", "xls", "ods", "csv", "txt", "tsv", "json"]  # txt: Excel's "Unicode text"

page.heading(TITLE)
st.caption(
    "Exports uit het cliëntvolgsysteem (Excel of CSV), DDAS-leveringen (JSON) en KTO-, formatie-, caseload- en "
    "wachtlijstbestanden. Persoonsgegevens worden niet opgeslagen; een afgewezen bestand verandert niets."
)
url = settings.database_url()
viewer = data.viewer()
if not viewer.role.imports:
    st.warning(f"Importeren is voorbehouden aan de beheerder; uw rol is {viewer.role.label}.")
    st.stop()

with st.form("import", clear_on_submit=True):
    files = st.file_uploader("Bestanden", type=SUFFIXES, accept_multiple_files=True)
    left, right = st.columns(2)
    labels = {AUTO: None} | {f"{ds.label} ({name})": name for name, ds in DATASETS.items()}
    dataset = labels[left.selectbox("Gegevenssoort", list(labels))]
    profile = right.selectbox("Koppelprofiel", [AUTO, *steward.profile_names(url)])
    submitted = st.form_submit_button("Importeren", type="primary")

if submitted and files:
    for upload in files:
        with st.status(f"{upload.name} importeren…", expanded=True) as status:
            bar = st.progress(0.0)
            result = import_file(
                upload.name, data=upload.getvalue(), dataset=dataset, url=url, user=viewer.user,
                profile=None if profile == AUTO else profile,
                progress=lambda stage, fraction, bar=bar: bar.progress(min(max(fraction, 0.0), 1.0), text=stage),
            )
            bar.empty()
            level = result_level(result)
            getattr(st, level)(result.message)
            if result.dropped_columns:
                st.caption("Niet opgeslagen (persoonsgegevens): " + ", ".join(result.dropped_columns))
            if result.errors:
                st.dataframe(issue_frame(result.errors), hide_index=True)
            status.update(label=f"{upload.name}: {'afgewezen' if result.rejected else 'klaar'}",
                          state="error" if result.rejected else "complete", expanded=bool(result.errors))  # fmt: skip
    data.clear()
elif submitted:
    st.warning("Kies eerst een of meer bestanden.")

st.header("Importgeschiedenis")
history = steward.batches(url)
if not history:
    st.write("Nog geen imports.")
else:
    st.dataframe(
        [
            {"Batch": b["id"], "Geïmporteerd": day(b["created_at"]), "Door": b["created_by"],
             "Bestand": b["file_name"], "Gegevens": DATASETS[b["dataset"]].label if b["dataset"] in DATASETS
             else b["dataset"], "Rijen": b["rows_loaded"], "Afgewezen": b["rows_rejected"], "Status": b["status"]}
            for b in history
        ],
        hide_index=True,
    )  # fmt: skip
    active = [b["id"] for b in history if b["status"] == "geladen"]
    with st.form("undo"):
        batch = st.selectbox("Batch ongedaan maken", active, format_func=lambda i: f"batch {i}")
        sure = st.checkbox("Ik weet het zeker: de gegevens van deze batch worden teruggezet naar de stand ervoor.")
        if st.form_submit_button("Ongedaan maken") and batch is not None:
            if not sure:
                st.warning("Vink eerst aan dat u het zeker weet.")
            else:
                try:
                    outcome = steward.undo(batch, viewer.user, url)
                except steward.UndoError as exc:
                    st.error(str(exc))
                else:
                    data.clear()
                    st.success(
                        f"Batch {batch} is ongedaan gemaakt: {outcome['records_removed']} records verwijderd, "
                        f"{outcome['records_restored']} hersteld."
                    )

st.header("Ruislijst")
st.caption("Meldingen over de registratie om in het bronsysteem te verbeteren; afgewezen rijen staan erbij.")
open_findings = steward.findings(url)
if not open_findings:
    st.write("Geen openstaande meldingen.")
else:
    frame = issue_frame(open_findings)
    st.dataframe(tables.for_screen(frame), hide_index=True)
    st.download_button(
        "Download ruislijst als Excel", tables.xlsx(frame, "Ruislijst", [f"{len(frame)} meldingen"]),
        file_name="ruislijst.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
