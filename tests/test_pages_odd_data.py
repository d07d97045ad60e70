"""The pages on the odd data of real installations, not the shipped sample: a single case, cases only, early
warning from a municipality the settings do not know. Each database is a few CSV rows imported as the
steward would."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from connectors.pipeline import import_file
from metrics import notes, targets
from metrics.derived import refresh
from store import db
from tests.test_pages import PAGES, run_page, texts

CASES_HEADER = (
    "Dossiernummer;Cliëntnummer;Gemeente;Team;Consulent;Datum aanmelding;Datum eerste gesprek;Datum beschikking;"
    "Besluit;Datum afsluiting;Reden afsluiting"
)
ONE_CASE = (
    f"Dossiers;\nRundatum: 01-12-2025 07:02;\n\n{CASES_HEADER}\n"
    "X1;K1;Dijkwaard;Schuldhulp Noord;Anna;03-03-2025;10-03-2025;01-04-2025;Toelating;;\n"
)
STARTING_IN_NOVEMBER = (
    f"Dossiers;\nRundatum: 01-12-2025 07:02;\n\n{CASES_HEADER}\n"
    "M1;KM1;Dijkwaard;Schuldhulp Noord;Anna;03-11-2025;;;;;\n"
    "M2;KM2;Veenhoven;Schuldhulp Noord;Bram;04-11-2025;10-11-2025;;;;\n"
)
WAITING_SINCE_2025 = f"Dossiers;\nRundatum: 01-12-2025 07:02;\n\n{CASES_HEADER}\n" + "".join(
    f"W{i};KW{i};Dijkwaard;Schuldhulp Noord;Anna;{i:02d}-0{1 + i % 8}-2025;;;;;\n" for i in range(1, 10)
)
UNKNOWN_SIGNALS = (
    "Signalen;\nRundatum: 25-11-2025;\n\nSignaal-ID;Zaaknummer;Gemeente;Signaaldatum;Signaalpartner;Bedrag\n"
    "G1;S1;0518;08-10-2025;Woningcorporatie;450\nG2;S2;0518;10-10-2025;Energieleverancier;300\n"
)


def _database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **files: str) -> str:
    """The CSV files (name → text) imported into a fresh database that the pages read."""
    url = f"sqlite:///{tmp_path / 'odd.sqlite'}"
    db.ready_engine(url)
    for name, content in files.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(content, encoding="utf-8")
        assert not import_file(path, url=url).rejected, name
    refresh(db.get_engine(url))
    monkeypatch.setenv("SHV_DATABASE_URL", url)
    return url


@pytest.fixture
def one_case(tmp_path, monkeypatch):
    return _database(tmp_path, monkeypatch, dossiers=ONE_CASE)


@pytest.fixture
def unknown_signals(tmp_path, monkeypatch):
    _database(tmp_path, monkeypatch, signalen=UNKNOWN_SIGNALS)


@pytest.mark.parametrize("role", ["raad", "consulent", "beheerder"])
def test_early_warning_without_signals_says_so_without_pointing_at_the_settings_file(one_case, monkeypatch, role):
    monkeypatch.setenv("SHV_ROLE", role)
    app = run_page("06_vroegsignalering")
    assert not app.exception, app.exception
    shown = texts(app)
    assert "Signalen per 1.000 inwoners: geen signalen in deze maanden." in shown
    assert "installation.toml" not in shown


def test_only_the_steward_is_told_where_to_set_the_inhabitants(unknown_signals, monkeypatch):
    monkeypatch.setenv("SHV_ROLE", "beheerder")
    app = run_page("06_vroegsignalering", soort="maand", periode="oktober 2025")
    assert "stel `inhabitants` in per gemeente in config/installation.toml" in texts(app)
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = run_page("06_vroegsignalering", soort="maand", periode="oktober 2025")
    assert "geen gemeente in deze selectie met een bekend inwonertal" in texts(app)
    assert "installation.toml" not in texts(app)


@pytest.mark.parametrize("role", ["raad", "consulent"])
def test_a_target_without_status_invites_only_who_may_write_one(one_case, monkeypatch, role):
    draft = targets.TargetDraft(
        2025, "aanmeldingen", None, None, targets.Comparison.AT_LEAST, 10, 10, date(2025, 1, 1), date(2025, 12, 31),
        "Teamleider", "Jaarplan 2025.",
    )  # fmt: skip
    targets.create(one_case, draft, "Bram")
    monkeypatch.setenv("SHV_ROLE", role)
    app = run_page("09_doelen", soort="jaar", periode="2025")
    assert not app.exception, app.exception
    assert "Nog geen status." in [c.value for c in app.caption]
    assert "voeg de eerste toe" not in texts(app)


def test_the_export_log_shows_a_report_download_without_a_row_count_as_a_dash(one_case, monkeypatch):
    # a report download (raadsrapportage, jaarverslag) is logged without rows; a case list with them
    notes.log_export(one_case, "Bram", "teamleider", "raadsrapportage", "2025-Q3 · Team: alle teams")
    notes.log_export(one_case, "Bram", "teamleider", "dossierlijst", "Lopende dossiers", 1234)
    monkeypatch.setenv("SHV_ROLE", "beheerder")
    app = run_page("14_instellingen")
    assert not app.exception, app.exception
    [log] = [d.value for d in app.dataframe if "Rijen" in d.value.columns]
    assert sorted(log["Rijen"]) == ["1.234", "–"]


def test_the_first_month_of_data_is_not_compared_with_the_empty_month_before(tmp_path, monkeypatch):
    # the first export starts in November: October holds nothing, so 0 → 2 is the data beginning, not a change
    _database(tmp_path, monkeypatch, dossiers=STARTING_IN_NOVEMBER)
    app = run_page("01_overzicht", soort="maand", periode="november 2025")
    assert not app.exception, app.exception
    tiles = {m.label: (m.value, m.delta) for m in app.metric}
    assert tiles["Aanmeldingen"] == ("2", "")
    assert tiles["Wachtenden"] == ("1", "")
    assert "Geen periode ervoor met gegevens om mee te vergelijken." in texts(app)
    assert "slechter dan de periode ervoor" not in texts(app)


def test_the_council_report_does_not_judge_a_figure_against_a_quarter_before_the_data(tmp_path, monkeypatch):
    # the data start in January 2025: the third quarter of 2024 holds nothing, so 9 waiting against 0 a year
    # earlier is the data beginning, not a deviation the council should read as things getting worse
    _database(tmp_path, monkeypatch, dossiers=WAITING_SINCE_2025)
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = run_page("10_raadsrapportage", soort="kwartaal", periode="3e kwartaal 2025")
    assert not app.exception, app.exception
    key_figures = next(d.value for d in app.dataframe if {"KPI", "Afwijking"} <= set(d.value.columns))
    waiting = key_figures.set_index("KPI").loc["Wachtenden"]
    # ... and shows as "geen gegevens", not as a 0 the council would read as a count
    assert (waiting["3e kwartaal 2025"], waiting["Vorig jaar (K3 2024)"]) == ("9", "geen gegevens")
    assert waiting["Afwijking"] == "nee"


def test_a_consultant_cannot_be_the_owner_the_council_reads(one_case, monkeypatch):
    monkeypatch.setenv("SHV_ROLE", "teamleider")
    app = run_page("09_doelen", soort="jaar", periode="2025")
    app.selectbox(key="nieuw_doel_kpi").set_value("wachtlijst")
    app.number_input(key="nieuw_doel_waarde").set_value(20)
    app.radio(key="nieuw_doel_richting").set_value("≤")
    app.number_input(key="nieuw_doel_nulmeting").set_value(35)
    app.date_input(key="nieuw_doel_nulmeting_datum").set_value(date(2025, 1, 1))
    app.text_input(key="nieuw_doel_eigenaar").input("Anna")  # the consultant of case X1
    app.text_area(key="nieuw_doel_onderbouwing").input("Niemand wacht langer dan de wettelijke termijn.")
    app.button(key="nieuw_doel_opslaan").click().run()
    assert not app.exception, app.exception
    assert any("Het doel is niet opgeslagen" in e.value and "(Anna)" in e.value for e in app.error)
    assert targets.current(one_case, 2025) == []


def test_a_registration_change_naming_a_consultant_is_refused_it_is_drawn_on_the_council_charts(one_case, monkeypatch):
    monkeypatch.setenv("SHV_ROLE", "teamleider")
    app = run_page("13_registratiewijzigingen")
    app.text_area[0].input("Anna gaat met verlof; intakes via het team")
    app.button[0].click().run()
    assert not app.exception, app.exception
    assert any("(Anna)" in e.value for e in app.error), [e.value for e in app.error]
    assert notes.annotations(one_case) == []


OTHER_TEAM_AND_MUNICIPALITIES = (
    f"Dossiers;\nRundatum: 01-12-2025 07:02;\n\n{CASES_HEADER}\n"
    "N1;KN1;Dijkwaard;Schuldhulp Noord;Anna;06-10-2025;;;;;\n"
    "O1;KO1;Dijkwaard;Schuldhulp Oost;Bram;07-10-2025;;;;;\n"
    "O2;KO2;Zeewolde;Schuldhulp Oost;Bram;08-10-2025;;;;;\n"
)


def _delivery_for_0111() -> str:
    """A DDAS VS delivery of a municipality the settings do not know: three signals, two meldingen in October."""
    signals = [
        {"ID": f"V{n}", "signaaldatum": "2025-10-0" + str(n), "signaalpartner": {"type": "Energie"}, "client": {}}
        for n in (1, 2, 3)
    ]
    cases = [
        {"matchingsdatum": "2025-10-06", "vroegsignalen": [{"ID": "V1"}, {"ID": "V2"}]},
        {"matchingsdatum": "2025-10-07", "vroegsignalen": [{"ID": "V3"}]},
    ]
    return json.dumps({
        "codeGegevensleverancier": "S1", "startdatumLevering": "2025-10-01", "einddatumLevering": "2025-10-31",
        "aanleverdatumEnTijd": "2025-11-03T10:30:00Z",
        "leveringen": [{"teller": 1, "gemeentecode": "GM0111", "aanleverende_organisatie": {"naam": "Gemeente"},
                        "vroegsignalen": signals, "vroegsignaalzaken": cases}],
    })  # fmt: skip


@pytest.fixture
def unknown_team_and_municipalities(tmp_path, monkeypatch):
    url = _database(tmp_path, monkeypatch, dossiers=OTHER_TEAM_AND_MUNICIPALITIES)
    path = tmp_path / "vs_0111.json"
    path.write_text(_delivery_for_0111(), encoding="utf-8")
    assert not import_file(path, url=url).rejected
    refresh(db.get_engine(url))


def test_filters_offer_the_teams_and_municipalities_of_the_data_that_the_settings_do_not_know(
    unknown_team_and_municipalities,
):
    app = run_page("01_overzicht", soort="maand", periode="oktober 2025")
    assert not app.exception, app.exception
    # configured first in settings order, then the data's own sorted; an unknown CBS code as the reports call it
    assert app.sidebar.selectbox(key="team").options == [
        "Alle teams", "Schuldhulp Noord", "Schuldhulp Zuid", "Budgetbeheer", "Schuldhulp Oost",
    ]  # fmt: skip
    assert app.sidebar.selectbox(key="gemeente").options == [
        "Alle gemeenten", "Dijkwaard", "Veenhoven", "Lindebroek", "Hoogmeer", "Gemeente 0111", "Zeewolde",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Aanmeldingen": "3", "Meldingen": "2"}),
        ({"team": "Schuldhulp Oost"}, {"Aanmeldingen": "2", "Meldingen": "0"}),  # no municipality of Oost's own
        ({"gemeente": "Gemeente 0111"}, {"Aanmeldingen": "0", "Meldingen": "2"}),
        ({"gemeente": "Zeewolde"}, {"Aanmeldingen": "1", "Meldingen": "0"}),
        ({"team": "Schuldhulp Oost", "gemeente": "Dijkwaard"}, {"Aanmeldingen": "1", "Meldingen": "0"}),
    ],
)
def test_filtering_on_a_team_or_municipality_only_the_data_know_narrows_the_figures(
    unknown_team_and_municipalities, query, expected
):
    app = run_page("01_overzicht", soort="maand", periode="oktober 2025", **query)
    assert not app.exception, app.exception
    for key, value in query.items():
        assert app.sidebar.selectbox(key=key).value == value  # the shared URL's choice holds
    tiles = {m.label: m.value for m in app.metric}
    assert {label: tiles[label] for label in expected} == expected


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_every_page_takes_a_municipality_and_team_only_the_data_know(unknown_team_and_municipalities, monkeypatch,
                                                                     stem):  # fmt: skip
    monkeypatch.setenv("SHV_ROLE", "beheerder")
    app = run_page(stem, team="Schuldhulp Oost", gemeente="Gemeente 0111")
    assert not app.exception, app.exception
    chosen = {s.key: s.value for s in app.sidebar.selectbox if s.key in ("team", "gemeente")}
    filtered = "page.start(" in PAGES[stem].path.read_text(encoding="utf-8")  # the pages with the sidebar filters
    assert chosen == ({"team": "Schuldhulp Oost", "gemeente": "Gemeente 0111"} if filtered else {})


def test_the_viewers_scope_limits_what_the_data_add_to_the_filters(unknown_team_and_municipalities, monkeypatch):
    monkeypatch.setenv("SHV_MUNICIPALITIES", "9901")  # a viewer for Dijkwaard only: 0111 and Zeewolde are not theirs
    app = run_page("01_overzicht", soort="maand", periode="oktober 2025")
    assert not app.exception, app.exception
    assert app.sidebar.selectbox(key="gemeente").options == ["Alle gemeenten", "Dijkwaard"]
    assert app.sidebar.selectbox(key="team").options[-1] == "Schuldhulp Oost"  # O1 is a Dijkwaard case
