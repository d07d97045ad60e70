"""The page Instroom en uitstroom with AppTest: the sections are tabs chosen in the URL; the funnel and the
outflow by reason show the hand-computed figures of tests/test_flows.py; the council sees no count under 5."""

from __future__ import annotations

import pytest

from tests import test_flows
from tests.metrics_helpers import insert_rows
from tests.page_helpers import chart, charts, mark_imported, run, small_counts_in, table_with, texts

PAGE = "05_instroom_uitstroom"


@pytest.fixture
def tiny(sqlite_url, monkeypatch):
    insert_rows(sqlite_url, "cases", test_flows.CASES)
    insert_rows(sqlite_url, "signal_cases", test_flows.SIGNAL_CASES)
    mark_imported(sqlite_url)
    monkeypatch.setenv("SHV_DATABASE_URL", sqlite_url)
    return sqlite_url


@pytest.fixture
def samples(sample_db_file, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", f"sqlite:///{sample_db_file}")


def test_funnel_of_a_quarter(tiny):
    app = run(PAGE, onderdeel="Trechter", soort="kwartaal", periode="1e kwartaal 2025")
    assert not app.exception
    stages = table_with(app, "Stap")
    # see tests/test_flows.py::test_funnel_of_a_quarter for the arithmetic
    assert dict(zip(stages["Stap"], stages["Aantal"], strict=True)) == {
        "Meldingen vroegsignalering": "4", "Aanmeldingen": "6", "Toelatingen": "4",
        "Schuldregelingen tot stand": "3", "Positief uitgestroomd": "2",
    }  # fmt: skip
    funnel = chart(app, "Van signaal tot positieve uitstroom")["data"][0]
    assert funnel["x"] == [4, 6, 4, 3, 2] and funnel["textinfo"] == "value"
    assert "geen cohort" in texts(app)


def test_outflow_by_reason_in_dutch(tiny):
    app = run(PAGE, onderdeel="Uitstroom", soort="maand", periode="februari 2025")
    assert not app.exception
    frame = table_with(app, "Uitstroom")
    february = frame[frame["Maand"] == "februari 2025"].iloc[0]
    # c2 zelf, c3 ingetrokken, c4 niet verschenen
    assert (february["Zelf opgelost"], february["Ingetrokken"], february["Niet verschenen"]) == ("1", "1", "1")
    assert (february["Uitstroom"], february["Positief afgerond"], february["Uitval"]) == ("3", "33,3%", "66,7%")
    assert frame["Maand"].iloc[0] == "februari 2024"  # thirteen months, the same month a year earlier first
    stack = chart(app, "Uitstroom per maand naar reden")
    # coloured by group; the other reasons (c5 c6) and c7's drop-out closed in March, after the window
    assert [(t["legendgroup"], t["name"]) for t in stack["data"]] == [
        ("positief", "Afgerond (doel bereikt)"), ("positief", "Zelf opgelost"), ("uitval", "Ingetrokken"),
        ("uitval", "Niet verschenen"),
    ]  # fmt: skip


def test_the_first_tab_without_a_choice_and_an_unknown_tab(tiny):
    for query in ({}, {"onderdeel": "Onzin"}):
        app = run(PAGE, soort="maand", periode="januari 2025", **query)
        assert not app.exception
        assert "Aanmeldingen" in table_with(app, "Aanmeldingen").columns  # the registrations tab rendered


def test_help_requests_of_a_team_match_the_sample_truth(samples):
    app = run(PAGE, onderdeel="Aanmeldingen", soort="jaar", periode="2024", team="Schuldhulp Noord")
    frame = table_with(app, "Aanmeldingen")
    assert list(frame["Maand"])[1:] == [f"{m} 2024" for m in (
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
        "november", "december")]  # fmt: skip
    # sample_exports/expected.json: 259 help requests for Schuldhulp Noord in 2024
    assert sum(int(v.replace(".", "")) for v in frame["Aanmeldingen"][1:]) == 259


@pytest.mark.parametrize("tab", ["Aanmeldingen", "Beschikkingen", "Schuldregelingen", "Uitstroom", "Trechter"])
def test_council_sees_no_small_counts(samples, monkeypatch, tab):
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = run(PAGE, onderdeel=tab, soort="maand", periode="december 2025", team="Budgetbeheer")
    assert not app.exception
    frames = [t.value for t in app.table]
    for frame in frames:
        assert not small_counts_in(frame), (tab, frame)
    for fig in charts(app):  # the charts of counts leave suppressed points out
        funnel = fig["data"][0].get("type") == "funnel"
        if funnel or fig["layout"]["yaxis"]["title"]["text"] == "aantal":
            points = [v for trace in fig["data"] for v in (trace.get("x" if funnel else "y") or [])]
            assert not [v for v in points if v is not None and 0 < v < 5], (tab, fig["layout"]["title"]["text"])


def test_council_sees_small_counts_as_less_than_five(samples, monkeypatch):
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = run(PAGE, onderdeel="Uitstroom", soort="maand", periode="december 2025", team="Budgetbeheer")
    frame = table_with(app, "Uitstroom")
    assert "<5" in set(frame["Afgerond (doel bereikt)"])  # Budgetbeheer closes a few cases a month
    assert set(frame["Positief afgerond"]) == {"–"}  # a percentage over fewer than 10 closures
    assert "niet getoond" in texts(app)


def test_registration_changes_on_the_charts_and_under_the_funnel(tiny):
    from metrics.notes import add_annotation
    from tests.metrics_helpers import d

    add_annotation(tiny, d("2025-02-10"), "Nieuw intakeproces", "tester", kpis=("aanmeldingen",))
    app = run(PAGE, onderdeel="Aanmeldingen", soort="maand", periode="maart 2025")
    marks = [a["text"] for a in chart(app, "Aanmeldingen per maand")["layout"]["annotations"]]
    assert "ⓘ Nieuw intakeproces" in marks
    app = run(PAGE, onderdeel="Trechter", soort="kwartaal", periode="1e kwartaal 2025")
    assert "Registratiewijziging in 1e kwartaal 2025: Nieuw intakeproces" in texts(app)
    app = run(PAGE, onderdeel="Uitstroom", soort="maand", periode="maart 2025")  # another KPI: no mark
    notes = chart(app, "Uitstroom per maand")["layout"].get("annotations", [])
    assert not [a for a in notes if "intake" in a["text"]]
