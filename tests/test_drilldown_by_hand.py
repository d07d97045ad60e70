"""Hand-computed checks of the caseload meeting's drill-downs on a small database built from CSV exports
imported with ``python -m connectors import`` (April 2025, peildatum Wednesday 30 April 2025).

Holidays near the dates: Good Friday 18 Apr, Easter Monday 21 Apr, King's Day Sat 26 Apr 2025, Whit Monday
9 Jun. Expectations are computed by hand from shared/kpi-catalogue.md (comments beside each case).

| | caseload | fte | waiting | over term | decision over term | stalled | closed in April | first conv. in April |
|---|---|---|---|---|---|---|---|---|
| Anna | 5 (K1 K2 K10 K11 K15) | 1,0 | 2 (W1 W2) | 2 (W1 1 d, W2 6 d) | 3 (K1 2, K2 8, K15 30) | 0 | 2 (W7 21, K14 86) | 1 (K11 7) |
| Bram | 4 (K3–K6) | 0,8 | 3 (W3 W4 W8) | 1 (W3 2 d) | 0 (K3: deadline = peildatum) | 2 (K4 69 d, K6 29 d) | 1 (K13 103) | 0 |
| Cor (no staffing) | 4 (K7 K8 K9 K16) | – | 2 (W5 W9) | 1 (W9 6 d) | 0 | 2 (K7 366 d, K9 121 d) | 0 | 1 (K16 8) |
| Dirk (Zuid) | 0 | 1,0 | 1 (Z1) | 1 (Z1 1 d) | 0 | 0 | 0 | 0 |
| none | 1 (K12) | – | 1 (W6) | 1 (W6 30 d) | 0 | 0 | 0 | 1 (K12 13) |
| total | 14 | 2,8 | 9 | 6 | 3 | 4 | 3 (median 86) | 3 (median 8) |
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from datetime import date

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from metrics.caseload_meeting import Figure, cases_behind, meeting_table
from store import db
from store.queries.settings_io import write_setting
from tests.conftest import ROOT

HEADER = (
    "Dossiernummer;Cliëntnummer;Naam;BSN;Adres;Gemeente;Team;Consulent;Datum aanmelding;Crisis;"
    "Datum eerste gesprek;Datum beschikking;Besluit;Datum plan van aanpak;Schuldregeling ingediend;"
    "Schuldregeling toegekend;Datum afsluiting;Reden afsluiting"
)
N, Z = "Schuldhulp Noord", "Schuldhulp Zuid"
ROWS = [
    # waiting: deadline = registration + 28 d moved to a working day; crisis: 3rd working day after
    "DOSX-W1;K001;Jan Jansen;123456782;Dorpsstraat 1;9901;{N};Anna;01-04-2025;Nee;;;;;;;;",  # dl Tue 29 Apr: 1
    "DOSX-W2;K002;Piet Pietersen;111222333;Kerkweg 2;9901;{N};Anna;17-04-2025;Ja;;;;;;;;",  # crisis Thu: 18, 21 off -> 24 Apr: 6
    "DOSX-W3;K003;Klaas Klaassen;;Molenlaan 3;9901;{N};Bram;30-03-2025;Nee;;;;;;;;",  # +28 = Sun 27 Apr -> 28 Apr: 2
    "DOSX-W4;K004;Mies Bouwman;;Veldweg 4;9901;{N};Bram;02-04-2025;Nee;;;;;;;;",  # dl 30 Apr = peildatum: not over
    "DOSX-W5;K005;Henk Smit;;Hoofdstraat 5;9901;{N};Cor;25-04-2025;Ja;;;;;;;;",  # crisis Fri: 28, 29, 30 Apr: not over
    "DOSX-W6;K006;Els de Vries;;Brink 6;9901;{N};;01-03-2025;Nee;;;;;;;;",  # +28 = Sat 29 Mar -> 31 Mar: 30
    "DOSX-W7;K007;Gert Bos;;Laan 7;9901;{N};Anna;20-03-2025;Nee;;;;;;;10-04-2025;ingetrokken",  # closed: 21 d
    "DOSX-W8;K008;Ria Mulder;;Plein 8;9901;{N};Bram;10-04-2025;Nee;02-05-2025;;;;;;;",  # seen after peildatum
    "DOSX-W9;K009;Wim Kok;;Dijk 9;9901;{N};Cor;19-04-2025;Ja;;;;;;;;",  # crisis Sat: 21 off, 22, 23, 24 Apr: 6
    # open cases: decision deadline = first conversation + 56 d moved to a working day
    "DOSX-K1;K010;Ans Visser;;Weg 10;9901;{N};Anna;17-02-2025;Nee;03-03-2025;;;;;;;",  # dl Mon 28 Apr: 2
    "DOSX-K2;K011;Bep Meijer;;Weg 11;9901;{N};Anna;10-02-2025;Nee;21-02-2025;;;;;;;",  # +56 = Good Fri -> 22 Apr: 8
    "DOSX-K3;K012;Cas Dekker;;Weg 12;9901;{N};Bram;17-02-2025;Nee;05-03-2025;;;;;;;",  # dl 30 Apr: not over
    "DOSX-K4;K013;Dik Bakker;;Weg 13;9901;{N};Bram;02-01-2025;Nee;06-01-2025;20-02-2025;Toelating;;;;;",  # 69 d
    "DOSX-K5;K014;Eva Vos;;Weg 14;9901;{N};Bram;02-01-2025;Nee;06-01-2025;02-04-2025;Toelating;;;;;",  # 28 = limit
    "DOSX-K6;K015;Fien Peters;;Weg 15;9901;{N};Bram;02-01-2025;Nee;06-01-2025;01-04-2025;Toelating;;;;;",  # 29 d
    "DOSX-K7;K016;Guus Hendriks;;Weg 16;9901;{N};Cor;06-05-2024;Nee;03-06-2024;01-07-2024;Toelating;29-04-2024;;;;",
    "DOSX-K8;K017;Hans Dijkstra;;Weg 17;9901;{N};Cor;06-05-2024;Nee;03-06-2024;01-07-2024;Toelating;01-08-2024;"
    "31-12-2024;;;",  # settlement 120 d = limit
    "DOSX-K9;K018;Ina Smits;;Weg 18;9901;{N};Cor;06-05-2024;Nee;03-06-2024;01-07-2024;Toelating;01-08-2024;"
    "30-12-2024;;;",  # 121 d
    "DOSX-K10;K019;Joop Kuipers;;Weg 19;9901;{N};Anna;03-02-2025;Nee;10-02-2025;01-03-2025;Afwijzing;;;;;",
    "DOSX-K11;K020;Kees Jonker;;Weg 20;9901;{N};Anna;31-03-2025;Nee;07-04-2025;;;;;;;",  # waited 7 d
    "DOSX-K12;K021;Lies Graaf;;Weg 21;9901;{N};;01-04-2025;Nee;14-04-2025;;;;;;;",  # waited 13 d
    "DOSX-K13;K022;Mark Post;;Weg 22;9901;{N};Bram;02-01-2025;Nee;20-01-2025;;;;;;15-04-2025;afgerond",  # 103 d
    "DOSX-K14;K023;Nel Kramer;;Weg 23;9901;{N};Anna;03-02-2025;Nee;10-02-2025;;;;;;30-04-2025;zelf",  # 86 d
    "DOSX-K15;K024;Olga Roos;;Weg 24;9901;{N};Anna;20-01-2025;Nee;03-02-2025;06-05-2025;Toelating;;;;;",  # dl 31 Mar: 30
    "DOSX-K16;K025;Paul Berg;;Weg 25;9901;{N};Cor;17-04-2025;Ja;25-04-2025;;;;;;;",  # waited 8 d
    "DOSX-Z1;K026;Rob Wit;;Weg 26;9903;{Z};Dirk;01-04-2025;Nee;;;;;;;;",  # dl 29 Apr: 1
]
STAFFING = "Maand;Team;Consulent;Fte\n01-04-2025;{N};Anna;1,0\n01-04-2025;{N};Bram;0,8\n01-04-2025;{Z};Dirk;1,0\n"
PERSONAL = ("Jansen", "Pietersen", "123456782", "111222333", "Dorpsstraat", "Kerkweg", "K001", "Naam", "BSN", "Adres")

# (consultant) -> figure -> {case id: days over term (None where the list has no term)}
EXPECTED = {
    "Anna": {
        Figure.CASELOAD: {"DOSX-K1": None, "DOSX-K2": None, "DOSX-K10": None, "DOSX-K11": None, "DOSX-K15": None},
        Figure.WAITING: {"DOSX-W1": 1, "DOSX-W2": 6},
        Figure.WAITING_OVERDUE: {"DOSX-W1": 1, "DOSX-W2": 6},
        Figure.DECISION_OVERDUE: {"DOSX-K1": 2, "DOSX-K2": 8, "DOSX-K15": 30},
        Figure.STALLED: {},
        Figure.CLOSED: {"DOSX-W7": None, "DOSX-K14": None},
    },
    "Bram": {
        Figure.CASELOAD: dict.fromkeys(("DOSX-K3", "DOSX-K4", "DOSX-K5", "DOSX-K6")),
        Figure.WAITING: {"DOSX-W3": 2, "DOSX-W4": 0, "DOSX-W8": 0},
        Figure.WAITING_OVERDUE: {"DOSX-W3": 2},
        Figure.DECISION_OVERDUE: {},
        Figure.STALLED: {"DOSX-K4": None, "DOSX-K6": None},
        Figure.CLOSED: {"DOSX-K13": None},
        Figure.FIRST_CONTACTS: {},
    },
    "Cor": {
        Figure.CASELOAD: dict.fromkeys(("DOSX-K7", "DOSX-K8", "DOSX-K9", "DOSX-K16")),
        Figure.WAITING: {"DOSX-W5": 0, "DOSX-W9": 6},
        Figure.WAITING_OVERDUE: {"DOSX-W9": 6},
        Figure.STALLED: {"DOSX-K7": None, "DOSX-K9": None},
        Figure.CLOSED: {},
    },
    None: {
        Figure.CASELOAD: {"DOSX-K12": None},
        Figure.WAITING_OVERDUE: {"DOSX-W6": 30},
    },
}
DAYS = {  # days in the stage (stalled) or the day count of a median's record
    Figure.STALLED: {"DOSX-K4": 69, "DOSX-K6": 29, "DOSX-K7": 366, "DOSX-K9": 121},
    Figure.CLOSED: {"DOSX-W7": 21, "DOSX-K14": 86, "DOSX-K13": 103},
    Figure.FIRST_CONTACTS: {"DOSX-K11": 7, "DOSX-K12": 13, "DOSX-K16": 8},
}
TOTALS = {
    Figure.CASELOAD: 14, Figure.WAITING: 9, Figure.WAITING_OVERDUE: 6, Figure.DECISION_OVERDUE: 3,
    Figure.STALLED: 4, Figure.CLOSED: 3, Figure.FIRST_CONTACTS: 3,
}  # fmt: skip


@pytest.fixture(scope="module")
def drill_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("drill")
    cases = folder / "zaken.csv"
    cases.write_text("\n".join([HEADER, *(r.format(N=N, Z=Z) for r in ROWS)]) + "\n", encoding="utf-8")
    staffing = folder / "formatie.csv"
    staffing.write_text(STAFFING.format(N=N, Z=Z), encoding="utf-8")
    url = f"sqlite:///{folder / 'x.sqlite'}"
    env = {**os.environ, "SHV_PSEUDONYM_KEY": "test-key-for-the-drilldown-checks-0123456789"}
    for file in (cases, staffing):
        done = subprocess.run(
            [sys.executable, "-m", "connectors", "import", str(file), "--db", url, "--json"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    return url


@pytest.fixture
def page_env(drill_url, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", drill_url)
    monkeypatch.setenv("SHV_PSEUDONYM_KEY", "test-key-for-the-drilldown-checks-0123456789")
    return drill_url


def _page(stem: str, **query: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages" / f"{stem}.py"), default_timeout=120)
    for key, value in {"soort": "maand", "periode": "april 2025", **query}.items():
        app.query_params[key] = value
    return app.run()


# ---------------------------------------------------------------------------- figures against their lists
def test_every_figure_equals_its_list_per_consultant_and_in_total(drill_url):
    engine = db.get_engine(drill_url)
    table = meeting_table(engine, "2025-04")
    assert table.as_of == date(2025, 4, 30)
    for row in [*table.rows, table.total]:
        for figure in Figure:
            listed = cases_behind(engine, figure, "2025-04", None, row.group).records
            assert len(listed) == row.count(figure), (row.consultant, row.total, figure)
            assert all(row.total or r.consultant == row.consultant for r in listed)
    assert {f: table.total.count(f) for f in Figure} == TOTALS
    assert table.total.turnaround_median == 86 and table.total.wait_median == 8


@pytest.mark.parametrize("consultant", list(EXPECTED))
def test_lists_and_days_over_term_by_hand(drill_url, consultant):
    engine = db.get_engine(drill_url)
    for figure, expected in EXPECTED[consultant].items():
        listed = cases_behind(engine, figure, "2025-04", None, ("consultant", consultant)).records
        assert {r.record_id: r.days_over_term for r in listed} == expected, figure
        for r in listed:
            if r.record_id in DAYS.get(figure, {}):
                assert r.days == DAYS[figure][r.record_id], (figure, r.record_id)


def test_caseload_per_fte_and_a_consultant_without_staffing(drill_url):
    table = meeting_table(db.get_engine(drill_url), "2025-04")
    by = {r.consultant: r for r in table.rows}
    assert (by["Anna"].per_fte, by["Bram"].per_fte) == (5.0, 5.0)  # 5 / 1,0 and 4 / 0,8
    assert by["Cor"].fte is None and by["Cor"].per_fte is None  # catalogue: empty without staffing
    assert by["Cor"].caseload == 4
    assert table.total.fte == pytest.approx(2.8) and table.total.per_fte == pytest.approx(5.0)  # 14 / 2,8


def test_stalled_follows_the_setting(drill_url):
    engine = db.get_engine(drill_url)
    try:
        with engine.begin() as conn:
            write_setting(conn, "stalled_plan_days", "68", "tester")  # K4 69 d: stalled; K6 29 d: no longer
        listed = cases_behind(engine, Figure.STALLED, "2025-04", None, ("consultant", "Bram")).records
        assert [r.record_id for r in listed] == ["DOSX-K4"]
        assert listed[0].values["days_over_limit"] == 1
        with engine.begin() as conn:
            write_setting(conn, "stalled_plan_days", "69", "tester")  # exactly the limit: not stalled
        assert meeting_table(engine, "2025-04").total.stalled == 2  # K7, K9
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM metric_settings WHERE name = 'stalled_plan_days'")


# ---------------------------------------------------------------------------- the Excel download
def test_excel_download_holds_the_same_cases_and_no_personal_data(page_env):
    from ui import meeting_data

    for figure in Figure:
        for who in ("Anna", "Cor", None):
            content = meeting_data.case_workbook("t", figure.value, "2025-04", (None, None), ("consultant", who), True, ())
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
            ids = sorted(c for c in cells if c.startswith("DOSX-"))
            behind = cases_behind(db.get_engine(page_env), figure, "2025-04", None, ("consultant", who)).records
            assert ids == sorted(r.record_id for r in behind), (figure, who)
            assert not [c for c in cells if any(p in c for p in PERSONAL)], (figure, who)


# ---------------------------------------------------------------------------- roles and the consultant filter
@pytest.mark.parametrize("role", ["management", "raad"])
def test_no_case_ids_for_management_and_council_on_any_page(page_env, monkeypatch, role):
    monkeypatch.setenv("SHV_ROLE", role)
    for path in sorted((ROOT / "pages").glob("*.py")):
        app = _page(path.stem, cijfer="Wachtenden over de termijn")
        assert not app.exception, (path.stem, app.exception)
        shown = " ".join(str(e.proto) for e in app.main) + " ".join(str(e.proto) for e in app.sidebar)
        shown += " ".join(d.value.to_string() for d in app.dataframe)
        assert "DOSX" not in shown, path.stem
    assert not _page("02_caseloadbespreking", cijfer="Lopende dossiers").get("download_button")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_council_and_annual_reports_hold_no_case_ids_nor_consultants(drill_url, tmp_path, suffix):
    for args in (["--quarter", "2025-Q2"], ["--year", "2025"]):
        out = tmp_path / f"r{suffix}"
        done = subprocess.run(
            [sys.executable, "-m", "metrics", "report", *args, "--out", str(out), "--db", drill_url],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        with zipfile.ZipFile(out) as z:
            text = " ".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
        assert "DOSX" not in text and ">Anna<" not in text


def test_consultant_filter_for_a_consultant_without_staffing(page_env, monkeypatch):
    monkeypatch.setenv("SHV_ROLE", "teamleider")
    app = _page("02_caseloadbespreking", consulent="Cor", cijfer="Wachtenden over de termijn")
    assert not app.exception, app.exception
    assert [m.value for m in app.metric] == ["4", "2", "1", "0", "2"]
    table = next(d.value for d in app.dataframe if "Dossiers per fte" in d.value.columns)
    assert list(table["Consulent"]) == ["Cor"] and list(table["Dossiers per fte"]) == ["–"]
    cases = next(d.value for d in app.dataframe if "Dossiernummer" in d.value.columns)
    assert list(cases["Dossiernummer"]) == ["DOSX-W9"]
    assert list(cases["Dagen over termijn eerste gesprek"]) == ["6"]  # crisis, 3 working days around Easter


def test_the_scan_sees_case_ids_where_they_belong(page_env, monkeypatch):
    """Control for the role scan above: the same scan finds the ids for a team leader."""
    monkeypatch.setenv("SHV_ROLE", "teamleider")
    app = _page("02_caseloadbespreking", cijfer="Wachtenden over de termijn")
    shown = " ".join(str(e.proto) for e in app.main) + " ".join(d.value.to_string() for d in app.dataframe)
    assert "DOSX-W6" in shown
