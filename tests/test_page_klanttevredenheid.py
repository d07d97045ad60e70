"""The page Klanttevredenheid with AppTest: the intervals of tests/test_satisfaction.py on screen, no interval
and a warning under 10 answers, the method stated, the responses per quarter of the sample's ground truth, and
the council's view."""

from __future__ import annotations

import pytest

from tests import test_satisfaction
from tests.metrics_helpers import insert_rows
from tests.page_helpers import chart, mark_imported, run, table_with, texts

PAGE = "07_klanttevredenheid"


@pytest.fixture
def tiny(sqlite_url, monkeypatch):
    insert_rows(sqlite_url, "satisfaction", test_satisfaction.RESPONSES)
    insert_rows(sqlite_url, "cases", [{"case_id": "x", "registered_on": "2024-01-02"}])  # the period choice starts here
    mark_imported(sqlite_url)
    monkeypatch.setenv("SHV_DATABASE_URL", sqlite_url)


@pytest.fixture
def samples(sample_db_file, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", f"sqlite:///{sample_db_file}")


def test_intervals_per_team_on_screen(tiny):
    app = run(PAGE, soort="kwartaal", periode="1e kwartaal 2025")
    assert not app.exception
    teams = table_with(app, "Team").set_index("Team")
    noord = teams.loc["Schuldhulp Noord"]
    # 7 ± 0.754 and 10 ± 51.5 (tests/test_satisfaction.py): 6,2 tot 7,8 and −41 tot 61
    assert (noord["Reacties"], noord["Gemiddeld rapportcijfer"], noord["95%-interval cijfer"]) == (
        "11", "7,0", "6,2 tot 7,8",
    )  # fmt: skip
    assert (noord["NPS"], noord["95%-interval NPS"]) == ("10", "-41 tot 61")
    zuid = teams.loc["Schuldhulp Zuid"]
    assert (zuid["Reacties"], zuid["Gemiddeld rapportcijfer"], zuid["95%-interval cijfer"]) == (
        "3", "8,0", "geen (te weinig reacties)",
    )  # fmt: skip
    warnings = " ".join(w.value for w in app.warning)
    assert "Minder dan 10 reacties" in warnings and "Schuldhulp Zuid" in warnings
    assert "Schuldhulp Noord" not in warnings.split("Het gaat om:")[-1]
    assert "t(0,975; n − 1)" in texts(app) and "normale benadering" in texts(app)


def test_error_bars_only_where_there_is_an_interval(tiny):
    app = run(PAGE, soort="kwartaal", periode="1e kwartaal 2025")
    grades = chart(app, "Gemiddeld rapportcijfer per team")["data"][0]
    # each label carries the number of grades behind the point (n10 has no grade)
    assert grades["x"] == ["Budgetbeheer · n 0", "Schuldhulp Noord · n 10", "Schuldhulp Zuid · n 3"]
    assert grades["y"] == [None, 7.0, 8.0]
    assert grades["error_y"]["array"][1] == pytest.approx(7.75405 - 7.0, abs=1e-4)
    assert grades["error_y"]["array"][2] is None  # three answers: no interval
    assert chart(app, "Gemiddeld rapportcijfer per kwartaal")["layout"]["yaxis"]["range"] == [1, 10]


def test_per_municipality(tiny):
    app = run(PAGE, soort="kwartaal", periode="1e kwartaal 2025", kto_per="gemeente")
    frame = table_with(app, "Gemeente").set_index("Gemeente")
    # 9901: Noord's 11; 9903: z1 z2; 9904: z3
    assert (frame.loc["Dijkwaard", "Reacties"], frame.loc["Lindebroek", "Reacties"]) == ("11", "2")
    assert frame.loc["Hoogmeer", "Gemiddeld rapportcijfer"] == "10,0"


def test_responses_per_quarter_match_the_sample_truth(samples):
    app = run(PAGE, soort="jaar", periode="2024")
    frame = table_with(app, "Kwartaal")
    assert list(frame["Kwartaal"]) == [f"{q}e kwartaal {y}" for y in (2023, 2024) for q in (1, 2, 3, 4)]
    # expected.json: 266 answers in 2023, 306 in 2024
    assert sum(int(v) for v in frame["Reacties"][:4]) == 266
    assert sum(int(v) for v in frame["Reacties"][4:]) == 306
    assert "tot" in frame["95%-interval cijfer"].iloc[-1]
    assert "Vergelijken, 2024" in texts(app)


def test_council_sees_small_numbers_suppressed(tiny, monkeypatch):
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = run(PAGE, soort="kwartaal", periode="1e kwartaal 2025")
    assert not app.exception
    zuid = table_with(app, "Team").set_index("Team").loc["Schuldhulp Zuid"]
    assert (zuid["Reacties"], zuid["Gemiddeld rapportcijfer"], zuid["NPS"]) == ("<5", "–", "–")
    grades = chart(app, "Gemiddeld rapportcijfer per team")["data"][0]
    assert grades["y"] == [None, 7.0, None]  # left out of the chart
    assert grades["x"][2] == "Schuldhulp Zuid · n <5"
    assert "niet getoond" in texts(app)


def test_a_month_in_the_url_falls_back_to_quarters(tiny):
    # a link from a monthly page: this page offers quarters and years only, and opens on the newest quarter
    app = run(PAGE, soort="maand", periode="maart 2025")
    assert not app.exception
    assert [b.value for b in app.get("button_group") if b.label == "Periode"] == ["kwartaal"]
    assert app.selectbox(key="periode").value == "4e kwartaal 2025"
