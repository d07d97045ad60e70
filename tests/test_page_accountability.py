"""AppTest of the accountability pages on the sample data: the targets page (refused until complete, create,
status update, history, a new version, copy to the next year), the council report page (explanation per
deviation, downloads, the council role sees no consultants) and the annual report page (freeze, a late
correction, what would change); and the overview tiles show a target."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

from metrics import targets
from metrics.targets import Comparison, TargetDraft
from store import db
from store import metrics_queries as q
from store.models import import_batches
from tests.conftest import ROOT
from tests.metrics_helpers import case, insert_rows

TIMEOUT = 120
USER = "Teamleider Test"


def _page(name: str, **query: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=TIMEOUT)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


@pytest.fixture
def samples(sample_db_url, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", sample_db_url)
    monkeypatch.setenv("SHV_USER", USER)
    return sample_db_url


def _texts(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [s.value for s in app.success]
    parts += [e.value for e in app.error] + [i.value for i in app.info] + [w.value for w in app.warning]
    return "\n".join(str(p) for p in parts)


def _frames(app: AppTest) -> str:
    return "\n".join(d.value.to_csv(index=False) for d in app.dataframe)


def test_targets_page_create_status_history_version_and_copy(samples):
    app = _page("09_doelen.py", soort="jaar", periode="2025")
    assert not app.exception
    assert "Nog geen doelen in het jaarplan 2025" in _texts(app)

    app.selectbox(key="nieuw_doel_kpi").set_value("wachtlijst")
    app.number_input(key="nieuw_doel_waarde").set_value(20)
    app.button(key="nieuw_doel_opslaan").click().run()
    assert "Het doel is niet opgeslagen" in _texts(app)
    assert "Vul de nulmeting in (de waarde bij de start)." in _texts(app)
    assert "Vul de eigenaar in" in _texts(app)
    assert targets.current(samples) == []

    app.radio(key="nieuw_doel_richting").set_value("≤")
    app.number_input(key="nieuw_doel_nulmeting").set_value(35)
    app.date_input(key="nieuw_doel_nulmeting_datum").set_value(date(2025, 1, 1))
    app.text_input(key="nieuw_doel_eigenaar").input("Teamleider Noord")
    app.text_area(key="nieuw_doel_onderbouwing").input("Niemand wacht langer dan de wettelijke termijn.")
    app.button(key="nieuw_doel_opslaan").click().run()
    assert not app.exception
    assert "Doel opgeslagen: Wachtenden, alle teams en gemeenten." in _texts(app)
    overview = app.dataframe[0].value
    assert overview.loc[0, "Doel"] == "≤ 20" and overview.loc[0, "Status"] == "nog geen status"
    assert overview.loc[0, "Nulmeting"] == "35 op 01-01-2025"

    [target] = targets.current(samples, 2025)
    status = f"status_{target.key}"
    app.selectbox(key=f"{status}_status").set_value("risico")
    app.date_input(key=f"{status}_datum").set_value(date(2025, 10, 1))
    app.text_area(key=f"{status}_toelichting").input("De wachtlijst groeit na de zomer.")
    app.button(key=f"{status}_opslaan").click().run()
    assert not app.exception
    assert f"Status 'risico' toegevoegd door {USER}." in _texts(app)
    assert app.dataframe[0].value.loc[0, "Status"] == f"risico · 01-10-2025 · {USER}"
    assert "De wachtlijst groeit na de zomer." in _frames(app)  # the status history

    edit = f"wijzig_{target.key}_1"
    app.number_input(key=f"{edit}_waarde").set_value(15)
    app.button(key=f"{edit}_opslaan").click().run()
    assert not app.exception
    assert "Versie 2 van het doel opgeslagen." in _texts(app)
    assert app.dataframe[0].value.loc[0, "Doel"] == "≤ 15"
    versions = next(d.value for d in app.dataframe if "Versie" in d.value.columns)
    assert versions["Versie"].tolist() == [2, 1] and versions["Doel"].tolist() == ["≤ 15", "≤ 20"]
    assert "De wachtlijst groeit na de zomer." in _frames(app)  # the history survives the new version

    app.button(key="kopieer_doelen").click().run()
    assert "1 doelen gekopieerd naar 2026." in _texts(app)
    assert [(t.plan_year, t.value) for t in targets.current(samples, 2026)] == [(2026, 15.0)]


def test_a_consultant_sees_targets_but_cannot_write_them(samples, monkeypatch):
    targets.create(samples, TargetDraft(2025, "wachtlijst", None, None, Comparison.AT_MOST, 20, 35, date(2025, 1, 1),
                                        date(2025, 12, 31), "Teamleider", "Onderbouwing."), USER)  # fmt: skip
    monkeypatch.setenv("SHV_ROLE", "consulent")
    app = _page("09_doelen.py", soort="jaar", periode="2025")
    assert not app.exception
    assert app.dataframe[0].value.loc[0, "KPI"] == "Wachtenden"
    assert not [b for b in app.button if b.key and b.key.endswith("_opslaan")]


def test_council_report_page_explanations_and_downloads(samples):
    app = _page("10_raadsrapportage.py", soort="kwartaal", periode="3e kwartaal 2025")
    assert not app.exception
    assert [s.value for s in app.subheader][:4] == ["Kerncijfers", "Per gemeente", "Trend", "Doelen 2025"]
    key_figures = app.dataframe[0].value
    assert key_figures.loc[0, "KPI"] == "Aanmeldingen"
    options = app.selectbox(key="toelichting_cijfer").options
    assert options[0].startswith("⚠ afwijking · ")  # deviations first
    choice = "⚠ afwijking · Doorlooptijd (mediaan) · totaal"
    assert choice in options
    app.selectbox(key="toelichting_cijfer").set_value(choice)
    app.text_area(key="toelichting_tekst").input("Meer lange schuldregelingen afgesloten.")
    app.button[0].click().run()
    assert not app.exception
    assert "Toelichting bij Doorlooptijd (mediaan) · totaal opgeslagen." in _texts(app)
    row = app.dataframe[0].value.set_index("KPI").loc["Doorlooptijd (mediaan)"]
    assert row["Toelichting"].startswith("Meer lange schuldregelingen afgesloten. (Teamleider Test, ")
    assert row["Afwijking"] == "ja"
    assert len(app.get("download_button")) == 2


def test_the_council_role_sees_no_consultants_and_writes_nothing(samples, monkeypatch):
    with db.get_engine(samples).connect() as conn:
        people = q.consultants(conn, q.EVERYTHING)
    monkeypatch.setenv("SHV_ROLE", "raad")
    for name, query in (
        ("10_raadsrapportage.py", {"soort": "kwartaal", "periode": "3e kwartaal 2025"}),
        ("11_jaarverslag.py", {"soort": "jaar", "periode": "2025"}),
        ("09_doelen.py", {"soort": "jaar", "periode": "2025"}),
    ):
        app = _page(name, **query)
        assert not app.exception, name
        shown = (_texts(app) + _frames(app)).lower()
        assert not [p for p in people if p.lower() in shown], name
        assert not app.text_area, name  # no forms to write explanations, statuses or freezes
        assert "<5" in shown or name == "09_doelen.py", name


def test_annual_report_page_freeze_and_a_late_correction(samples):
    app = _page("11_jaarverslag.py", soort="jaar", periode="2025")
    assert not app.exception
    assert "Dit jaarverslag is nog niet bevroren" in _texts(app)
    app.text_input(key="bevriezen_opmerking").input("Vastgesteld door het college")
    app.button[0].click().run()
    assert not app.exception
    assert f"Jaarverslag 2025 bevroren door {USER}." in _texts(app)
    history = next(d.value for d in app.dataframe if "Bevroren op" in d.value.columns)
    assert history.loc[0, "Door"] == USER and history.loc[0, "Opmerking"] == "Vastgesteld door het college"
    assert "opnieuw bevriezen zou geen cijfer veranderen" in _texts(app)
    frozen_total = app.dataframe[0].value.set_index("Cijfer").loc["Aanmeldingen", "2025"]

    # a late correction arrives with a new import: a help request of 20 December 2025 in Dijkwaard
    insert_rows(samples, "cases", [case("LAAT-1", "2025-12-20", municipality="9901")])
    with db.get_engine(samples).begin() as conn:
        conn.execute(insert(import_batches).values(
            created_at=datetime(2026, 2, 3, 9, 0), created_by="beheerder", file_name="correctie.xlsx",
            file_hash="1" * 64, dataset="cases", source_format="xlsx", data_through=date(2026, 2, 2), status="geladen",
        ))  # fmt: skip
    app = _page("11_jaarverslag.py", soort="jaar", periode="2025")
    assert not app.exception
    assert app.segmented_control(key="jaarverslag_toon").value == "bevroren cijfers"
    assert app.dataframe[0].value.set_index("Cijfer").loc["Aanmeldingen", "2025"] == frozen_total  # kept
    changes = next(d.value for d in app.dataframe if "Bevroren" in d.value.columns)
    total = changes[(changes["Cijfer"] == "Aanmeldingen") & (changes["Voor"] == "totaal")].iloc[0]
    assert int(total["Nu"].replace(".", "")) == int(total["Bevroren"].replace(".", "")) + 1
    dijkwaard = changes[(changes["Cijfer"] == "Aanmeldingen") & (changes["Voor"] == "Dijkwaard")]
    assert len(dijkwaard) == 1
    app.segmented_control(key="jaarverslag_toon").set_value("actuele cijfers").run()
    live_total = app.dataframe[0].value.set_index("Cijfer").loc["Aanmeldingen", "2025"]
    assert int(live_total.replace(".", "")) == int(frozen_total.replace(".", "")) + 1


def test_the_overview_tiles_show_the_target_of_the_chosen_scope(samples):
    targets.create(samples, TargetDraft(2025, "wachtlijst", None, None, Comparison.AT_MOST, 20, 35, date(2025, 1, 1),
                                        date(2025, 12, 31), "Teamleider", "Onderbouwing."), USER)  # fmt: skip
    app = _page("01_overzicht.py", soort="jaar", periode="2025")
    assert not app.exception
    assert any(c.value.startswith("Doel ≤ 20") for c in app.caption)
    # a team's overview shows only that team's targets
    app = _page("01_overzicht.py", soort="jaar", periode="2025", team="Schuldhulp Noord")
    assert not any(c.value.startswith("Doel ") for c in app.caption)


def test_a_download_is_made_when_clicked_and_logged(samples):
    from config.access import Role, Viewer
    from metrics import council_report, notes
    from store.metrics_queries import EVERYTHING
    from tests.report_files import workbook_cells
    from ui import report_view

    document = council_report.document(council_report.build(samples, "2025-Q3"))
    build = report_view._logged(document, ".xlsx", Viewer(USER, Role.TEAM_LEADER, EVERYTHING), "raadsrapportage")
    assert notes.exports(samples) == []  # nothing is logged before the click
    assert "Kerncijfers" in workbook_cells(build())
    [entry] = notes.exports(samples)
    assert (entry["created_by"], entry["role"], entry["what"]) == (USER, "teamleider", "raadsrapportage")
    assert entry["detail"] == "2025-Q3 · Team: alle teams · Gemeente: alle · raadsrapportage_2025-Q3.xlsx"
