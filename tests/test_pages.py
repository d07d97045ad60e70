"""Every page runs with AppTest: on the sample data, on an empty database (a friendly "nog geen
gegevens", no exception), for every role; and the filters narrow the figures and live in the URL."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from config.access import Role
from ui.navigation import page_infos
from ui.page import EMPTY_TEXT

PAGES = {info.path.stem: info for info in page_infos()}
TIMEOUT = 60


def run_page(stem: str, **query: str) -> AppTest:
    app = AppTest.from_file(str(PAGES[stem].path), default_timeout=TIMEOUT)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def texts(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [i.value for i in app.info]
    parts += [w.value for w in app.warning] + [t.value for t in app.title] + [s.value for s in app.subheader]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def samples(sample_db_file, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", f"sqlite:///{sample_db_file}")


@pytest.fixture
def empty(tmp_path, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", f"sqlite:///{tmp_path / 'leeg.sqlite'}")


def test_every_page_file_declares_a_title_and_a_known_section():
    assert PAGES, "geen pagina's gevonden"
    for info in PAGES.values():
        assert info.title != info.path.stem, f"{info.path.name} mist TITLE"
        assert info.section in ("Sturing", "Verantwoording", "Gegevens"), info.path.name
        assert info.roles is None or info.roles <= {r.value for r in Role}, info.path.name


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_page_runs_on_the_sample_data(samples, stem):
    app = run_page(stem)
    assert not app.exception, app.exception
    assert EMPTY_TEXT not in texts(app)


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_page_runs_on_an_empty_database(empty, stem):
    app = run_page(stem)
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_page_runs_for_the_council_role(samples, monkeypatch, stem):
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = run_page(stem)
    assert not app.exception, app.exception


def test_data_pages_say_there_is_no_data_yet(empty):
    app = run_page("01_overzicht")
    assert "Nog geen gegevens" in texts(app)
    assert not app.metric


def _tile(app: AppTest, label: str) -> str:
    values = [m.value for m in app.metric if m.label == label]
    assert len(values) == 1, f"tegel {label}: {values}"
    return values[0]


def test_default_period_is_the_last_complete_month(samples):
    # the last exports run on 1 January 2026 (Rundatum), so December 2025 is the last complete month
    app = run_page("01_overzicht")
    assert app.selectbox(key="periode").value == "december 2025"
    assert "Periode: december 2025" in texts(app)


def test_the_period_comes_from_the_url(samples):
    app = run_page("01_overzicht", soort="kwartaal", periode="3e kwartaal 2024")
    assert app.selectbox(key="periode").value == "3e kwartaal 2024"
    assert "Periode: 3e kwartaal 2024" in texts(app)


def test_team_filter_narrows_the_figures(samples):
    app = run_page("01_overzicht", soort="jaar", periode="2024")
    everyone = int(_tile(app, "Aanmeldingen").replace(".", ""))
    app.selectbox(key="team").select("Schuldhulp Noord").run()
    assert not app.exception
    noord = int(_tile(app, "Aanmeldingen").replace(".", ""))
    # sample_exports/expected.json: 259 help requests for Noord in 2024, 531 in all
    assert (noord, everyone) == (259, 531)
    # (that the choice lands in the URL is the browser's work: tests/test_e2e.py checks it)


def test_municipality_filter(samples):
    app = run_page("01_overzicht", soort="jaar", periode="2024", gemeente="Hoogmeer")
    # expected.json: 89 help requests in Hoogmeer (9904) in 2024
    assert _tile(app, "Aanmeldingen") == "89"


def test_a_viewer_limited_to_a_team_cannot_choose_another(samples, monkeypatch):
    monkeypatch.setenv("SHV_TEAMS", "Schuldhulp Zuid")
    app = run_page("01_overzicht", soort="jaar", periode="2024")
    assert app.selectbox(key="team").options == ["Alle teams", "Schuldhulp Zuid"]
    assert _tile(app, "Aanmeldingen") == "221"  # expected.json: Zuid 2024


def test_council_sees_small_counts_suppressed(samples, monkeypatch):
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = run_page("01_overzicht", soort="maand", periode="december 2025", team="Budgetbeheer")
    values = [m.value for m in app.metric]
    numbers = [v for v in values if v.isdigit()]
    assert all(int(v) == 0 or int(v) >= 5 for v in numbers), values
    assert "<5" in values or "–" in values
