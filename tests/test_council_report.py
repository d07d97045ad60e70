"""The council report on a tiny installation, computed by hand: the fixed KPI set with the quarter before and
the same quarter last year, targets and their status, deviations, explanations, per municipality; small
numbers suppressed; the KPI set as a validated setting; explanations as a history."""

from __future__ import annotations

from datetime import date

import pytest

from metrics import council_report, explanations, targets
from metrics.explanations import ExplanationError
from metrics.settings import COUNCIL_REPORT_KPIS, SettingError, encode, load
from metrics.targets import Comparison, TargetDraft
from reports.text import cell_text
from store import db
from store import metrics_queries as q
from tests.metrics_helpers import case, insert_rows

NOORD = "Schuldhulp Noord"
TODAY = date(2026, 1, 15)
KPIS = ["aanmeldingen", "uitstroom_afgerond_pct", "wachtlijst"]


def _cases() -> list[dict]:
    rows = []
    # Q3 2025: 7 help requests in Dijkwaard (9901), 2 in Veenhoven (9902); no first conversation yet, so all 9
    # are waiting on 30 September
    rows += [case(f"d{i}", f"2025-07-{i + 1:02d}", municipality="9901") for i in range(7)]
    rows += [case(f"v{i}", f"2025-08-{i + 4:02d}", municipality="9902") for i in range(2)]
    # Q2 2025: 6 in Dijkwaard, each with a conversation 5 days later (not waiting on 30 June)
    rows += [case(f"q{i}", f"2025-04-{i + 1:02d}", municipality="9901", first_contact_on=f"2025-04-{i + 6:02d}")
             for i in range(6)]  # fmt: skip
    # Q3 2024: 3 in Dijkwaard, with a conversation
    rows += [case(f"o{i}", f"2024-07-{i + 8:02d}", municipality="9901", first_contact_on="2024-07-20")
             for i in range(3)]  # fmt: skip
    # closed in Q3 2025 (registered in January): Dijkwaard 6 afgerond + 2 ingetrokken, Veenhoven 2 afgerond
    reasons = [("9901", "afgerond")] * 6 + [("9901", "ingetrokken")] * 2 + [("9902", "afgerond")] * 2
    rows += [
        case(f"x{i}", "2025-01-06", municipality=m, first_contact_on="2025-01-10", closed_on="2025-08-15",
             close_reason=reason)
        for i, (m, reason) in enumerate(reasons)
    ]  # fmt: skip
    return rows


@pytest.fixture
def installation(db_url):
    insert_rows(db_url, "cases", _cases())
    with db.get_engine(db_url).begin() as conn:
        q.write_setting(conn, "council_report_kpis", encode("council_report_kpis", KPIS), "tester")
    return db_url


def _draft(kpi: str, comparison: Comparison, value: float, **scope: str) -> TargetDraft:
    return TargetDraft(2025, kpi, scope.get("team"), scope.get("municipality"), comparison, value, value,
                       date(2025, 1, 1), date(2025, 12, 31), "Teamleider", "Jaarplan 2025.")  # fmt: skip


def _texts(table) -> list[tuple[str, ...]]:
    return [tuple(cell_text(c) for c in row) for row in table.rows]


def test_the_council_report_by_hand(installation):
    url = installation
    outflow = targets.create(url, _draft("uitstroom_afgerond_pct", Comparison.AT_LEAST, 85), "Anna")
    targets.add_status(url, outflow.key, date(2025, 10, 1), "risico", "Meer uitval in de zomer.", "Anna")
    targets.create(url, _draft("wachtlijst", Comparison.AT_MOST, 5, municipality="9901"), "Anna")
    explanations.add(url, "2025-Q3", "uitstroom_afgerond_pct", None, None, "Eerste versie.", "Anna")
    explanations.add(url, "2025-Q3", "uitstroom_afgerond_pct", None, None, "Twee cliënten trokken zich terug.", "Bram")

    report = council_report.build(url, "2025-Q3", today=TODAY)
    assert [r.kpi_id for r in report.rows] == KPIS  # the setting's order
    assert report.reference_date == date(2025, 9, 30)
    document = council_report.document(report)
    assert [s.title for s in document.sections] == ["Kerncijfers", "Per gemeente", "Trend", "Doelen 2025"]
    stamp = date.today().strftime("%d-%m-%Y")
    assert _texts(document.sections[0].tables[0]) == [
        # 9 = 7 + 2; Q2: 6; Q3 2024: 3 -> "<5"; no direction, no target: no deviation
        ("Aanmeldingen", "9", "6", "<5", "geen doel", "", "nee", ""),
        # 8 of the 10 closed were afgerond: 80,0% < target 85 -> deviation; nothing closed in Q2 or Q3 2024
        ("Positief afgerond", "80,0%", "–", "–", "≥ 85%", "risico (01-10-2025, Anna)", "ja",
         f"Twee cliënten trokken zich terug. (Bram, {stamp})"),
        # 9 waiting on 30 September, none on 30 June nor on 30 September 2024: worse from 0 -> deviation
        ("Wachtenden", "9", "0", "0", "geen doel", "", "ja", ""),
    ]  # fmt: skip
    dijkwaard, veenhoven, lindebroek, hoogmeer = document.sections[1].tables
    assert (dijkwaard.title, veenhoven.title, lindebroek.title, hoogmeer.title) == (
        "Dijkwaard", "Veenhoven", "Lindebroek", "Hoogmeer",
    )  # fmt: skip
    assert _texts(dijkwaard) == [
        ("Aanmeldingen", "7", "6", "<5", "geen doel", "", "nee", ""),
        # 6 of 8 closed: 75%, but over fewer than 10 cases: not shown, not judged
        ("Positief afgerond", "–", "–", "–", "geen doel", "", "–", ""),
        # 7 waiting against a target of at most 5 for Dijkwaard
        ("Wachtenden", "7", "0", "0", "≤ 5", "nog geen status", "ja", ""),
    ]
    assert _texts(veenhoven) == [
        ("Aanmeldingen", "<5", "0", "0", "geen doel", "", "–", ""),
        ("Positief afgerond", "–", "–", "–", "geen doel", "", "–", ""),
        ("Wachtenden", "<5", "0", "0", "geen doel", "", "–", ""),
    ]
    assert (
        _texts(lindebroek)
        == _texts(hoogmeer)
        == [
            ("Aanmeldingen", "0", "0", "0", "geen doel", "", "nee", ""),
            ("Positief afgerond", "–", "–", "–", "geen doel", "", "–", ""),  # nothing closed: no figure
            ("Wachtenden", "0", "0", "0", "geen doel", "", "nee", ""),
        ]
    )
    trend = _texts(document.sections[2].tables[0])
    # Q4 2023, Q1 2024, Q2 2024: before the first record (8 July 2024), no figures rather than zeros;
    # Q3 2024 (3: "<5"), Q4 2024, Q1 2025 (the 10 closed later), Q2 2025, Q3 2025
    assert trend[0] == ("Aanmeldingen", "geen gegevens", "geen gegevens", "geen gegevens", "<5", "0", "10", "6", "9")
    assert [c.title for c in document.sections[2].charts] == ["Aanmeldingen", "Positief afgerond", "Wachtenden"]
    assert document.sections[2].charts[0].series[0][1] == (None, None, None, None, 0, 10, 6, 9)  # gaps
    [goal_a, goal_b] = _texts(document.sections[3].tables[0])
    assert goal_a[:3] == ("Positief afgerond", "alle teams en gemeenten", "≥ 85%")
    assert goal_a[7:11] == ("risico", "01-10-2025", "Anna", "Meer uitval in de zomer.")
    assert goal_b[:3] == ("Wachtenden", "gemeente Dijkwaard", "≤ 5")
    assert [d.code for d in document.definitions] == KPIS


def test_a_report_for_one_municipality_has_no_per_municipality_part(installation):
    targets.create(installation, _draft("wachtlijst", Comparison.AT_MOST, 5, municipality="9901"), "Anna")
    document = council_report.document(council_report.build(installation, "2025-Q3", municipality="9901", today=TODAY))
    assert [s.title for s in document.sections] == ["Kerncijfers", "Trend", "Doelen 2025"]
    assert _texts(document.sections[0].tables[0])[2] == (
        "Wachtenden",
        "7",
        "0",
        "0",
        "≤ 5",
        "nog geen status",
        "ja",
        "",
    )
    assert document.filters == "Team: alle teams · Gemeente: Dijkwaard"


def test_a_viewer_limited_to_another_team_sees_none_of_it(installation):
    report = council_report.build(installation, "2025-Q3", viewer_scope=q.Scope.of(["Schuldhulp Zuid"]), today=TODAY)
    assert [cell_text(c) for c in council_report.document(report).sections[0].tables[0].rows[0]][:4] == [
        "Aanmeldingen", "0", "0", "0",
    ]  # fmt: skip
    assert [name for _, name, _ in report.municipalities] == ["Lindebroek", "Hoogmeer"]


def test_explanations_are_validated_and_kept_as_a_history(db_url):
    insert_rows(db_url, "cases", [case("c1", "2025-01-06", consultant="Lotte Brouwer")])
    with pytest.raises(ExplanationError, match="kwartaal"):
        explanations.add(db_url, "2025-03", "uitval_pct", None, None, "x", "Anna")
    with pytest.raises(ExplanationError, match="Onbekende KPI"):
        explanations.add(db_url, "2025-Q3", "bestaat_niet", None, None, "x", "Anna")
    with pytest.raises(ExplanationError, match="Schrijf een toelichting"):
        explanations.add(db_url, "2025-Q3", "uitval_pct", None, None, "   ", "Anna")
    with pytest.raises(ExplanationError, match="hoogstens 600"):
        explanations.add(db_url, "2025-Q3", "uitval_pct", None, None, "x" * 601, "Anna")
    with pytest.raises(ExplanationError, match="Noem geen consulenten"):
        explanations.add(db_url, "2025-Q3", "uitval_pct", None, None, "Lotte Brouwer was ziek.", "Anna")
    explanations.add(db_url, "2025-Q3", "uitval_pct", "Schuldhulp Noord", None, "Eerst.", "Anna")
    explanations.add(db_url, "2025-Q3", "uitval_pct", "Schuldhulp Noord", None, "Daarna.", "Bram")
    # a municipality's row is the municipality's, whatever team filter was on
    explanations.add(db_url, "2025-Q3", "uitval_pct", "Schuldhulp Noord", "9901", "Dijkwaard.", "Carla")
    found = explanations.history(db_url, "2025-Q3")
    assert [(e.text, e.author) for e in found[("uitval_pct", ("Schuldhulp Noord", None))]] == [
        ("Eerst.", "Anna"), ("Daarna.", "Bram"),
    ]  # fmt: skip
    assert [e.text for e in found[("uitval_pct", (None, "9901"))]] == ["Dijkwaard."]
    assert explanations.history(db_url, "2025-Q2") == {}


def test_the_kpi_set_is_a_setting_of_registry_ids():
    assert load({}).council_report_kpis == COUNCIL_REPORT_KPIS
    assert load({"council_report_kpis": '["uitval_pct", "aanmeldingen"]'}).council_report_kpis == (
        "uitval_pct", "aanmeldingen",
    )  # fmt: skip
    with pytest.raises(SettingError, match="onbekende KPI's bestaat_niet"):
        load({"council_report_kpis": '["aanmeldingen", "bestaat_niet"]'})
    with pytest.raises(SettingError, match="lijst van KPI-ids"):
        encode("council_report_kpis", [])


def test_a_quarter_is_required():
    with pytest.raises(ValueError, match="kwartaal"):
        council_report.parse_quarter("2025")


def test_a_municipality_the_settings_do_not_know_has_its_own_part_so_the_parts_add_up(installation):
    # A delivery for municipality code 0111, which the settings do not list: 11 help requests in Q3 2025.
    insert_rows(installation, "cases", [case(f"u{i}", "2025-09-01", municipality="0111") for i in range(11)])
    report = council_report.build(installation, "2025-Q3", today=TODAY)
    parts = {code: (name, rows) for code, name, rows in report.municipalities}
    assert list(parts) == ["9901", "9902", "9903", "9904", "0111"]
    assert parts["0111"][0] == "Gemeente 0111"

    def requests(rows: list) -> float:
        return next(r for r in rows if r.kpi_id == "aanmeldingen").current.result.value or 0

    # 7 Dijkwaard + 2 Veenhoven + 11 in 0111 = 20, the total (exact figures; the council sees them suppressed)
    assert requests(parts["0111"][1]) == 11
    assert sum(requests(rows) for _, rows in parts.values()) == requests(report.rows) == 20


def test_a_comparison_quarter_before_the_first_record_has_no_figures_not_zeros(installation):
    # The first record is registered on 8 July 2024: Q2 2024, the year-earlier quarter of Q2 2025, ends before
    # it, so "Vorig jaar" says "geen gegevens" instead of 0; the quarter before (Q1 2025) has figures.
    document = council_report.document(council_report.build(installation, "2025-Q2", today=TODAY))
    requests = _texts(document.sections[0].tables[0])[0]
    # Q2 2025: 6 help requests; Q1 2025: the 10 registered on 6 January
    assert requests[:4] == ("Aanmeldingen", "6", "10", "geen gegevens")
