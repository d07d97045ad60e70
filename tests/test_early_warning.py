"""Vroegsignalering (``metrics.early_warning``, ``metrics.references``): signals by partner, signals per 1,000
inhabitants, the multiple share, the national reference figures with their sources, and the inhabitants in
the installation file. Hand-computed on a tiny installation, on SQLite and PostgreSQL.

Early-warning records have no team: Schuldhulp Noord serves 9901/9902, Zuid 9903/9904 (installation.toml).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from config import settings
from metrics import early_warning as ew
from metrics import references
from metrics.compute import compute_series
from metrics.periods import Period, series
from metrics.references import ReferenceValueError
from metrics.results import share
from store.metrics_queries import EVERYTHING, Scope
from tests.conftest import ROOT
from tests.metrics_helpers import insert_rows

TODAY = date(2026, 1, 1)
FEB = Period.parse("2025-02")


def signal(signal_id: str, municipality: str | None, received_on: str, partner: str | None) -> dict:
    return {"signal_id": signal_id, "municipality": municipality, "received_on": received_on, "partner_type": partner}


SIGNALS = [
    signal("g1", "9901", "2025-02-01", "zorg"),
    signal("g2", "9901", "2025-02-14", "zorg"),
    signal("g3", "9901", "2025-02-28", "zorg"),  # last day of February
    signal("g4", "9902", "2025-02-10", "huur"),
    signal("g5", "9903", "2025-02-11", "energie"),  # Zuid
    signal("g6", "9901", "2025-02-12", None),  # partner unknown
    signal("g7", "9901", "2025-03-01", "zorg"),  # March
    signal("g8", "9901", "2025-01-31", "water"),  # January
]
SIGNAL_CASES = [
    {"signal_case_id": "k1", "municipality": "9901", "matched_on": "2025-02-03", "signal_count": 3},
    {"signal_case_id": "k2", "municipality": "9901", "matched_on": "2025-02-04", "signal_count": 1},
    {"signal_case_id": "k3", "municipality": "9902", "matched_on": "2025-02-05", "signal_count": 2},
    {"signal_case_id": "k4", "municipality": "9904", "matched_on": "2025-02-06", "signal_count": None},
]


@pytest.fixture
def installation(db_url):
    insert_rows(db_url, "signals", SIGNALS)
    insert_rows(db_url, "signal_cases", SIGNAL_CASES)
    return db_url


def _partners(rows: list[ew.PartnerShare]) -> dict[str | None, tuple[int, float | None]]:
    return {r.partner: (r.count, None if r.share is None else round(r.share, 4)) for r in rows}


def test_signals_by_partner(installation):
    rows = ew.signals_by_partner(installation, FEB, EVERYTHING)
    # February: zorg g1 g2 g3, huur g4, energie g5, unknown g6: 6 signals; water has a national share, so it is
    # listed with 0
    assert _partners(rows) == {
        "zorg": (3, 50.0),  # 100 × 3 / 6
        "huur": (1, 16.6667),  # 100 × 1 / 6
        "energie": (1, 16.6667),
        None: (1, 16.6667),
        "water": (0, 0.0),
    }
    assert [r.label for r in rows][:1] == ["Zorgverzekeraar"]  # most signals first
    assert rows[-1].partner == "water"
    national = {r.partner: r.reference.value for r in rows if r.reference is not None}
    assert national == {"zorg": 41.0, "huur": 20.0, "energie": 20.0, "water": 18.0}  # Divosa, first half 2024
    assert {r.label for r in rows if r.partner is None} == {"Partner onbekend"}


def test_partner_counts_add_up_to_the_signalen_kpi(installation):
    for scope in (EVERYTHING, Scope.of(teams=["Schuldhulp Noord"]), Scope.of(municipalities=["9903"])):
        (kpi,) = compute_series(installation, [FEB], None, scope, kpis=["signalen"], today=TODAY)
        assert sum(r.count for r in ew.signals_by_partner(installation, FEB, scope)) == kpi.value


def test_partners_of_a_team_are_those_of_its_municipalities(installation):
    rows = ew.signals_by_partner(installation, FEB, Scope.of(teams=["Schuldhulp Noord"]))
    # 9901 and 9902 only: zorg 3, huur 1, unknown 1 (energie g5 is 9903)
    assert _partners(rows) == {"zorg": (3, 60.0), "huur": (1, 20.0), None: (1, 20.0), "energie": (0, 0.0),
                               "water": (0, 0.0)}  # fmt: skip


def test_every_partner_type_has_a_dutch_label():
    from connectors.vocab import VOCABULARIES

    assert set(ew.PARTNER_LABELS) == set(VOCABULARIES["partner_type"])


def test_signals_per_1000_inhabitants(installation):
    months = series("2025-03", 3)
    results = compute_series(installation, months, "municipality", kpis=["signalen"], today=TODAY)
    population = {"9901": 40_000, "9902": 20_000, "9904": 10_000}  # 9903 unknown
    jan, feb, mar = ew.rates(results, months, population)
    # 9904 has inhabitants but no signal in the three months (it delivers signal cases only): left out.
    # February: 9901 g1 g2 g3 g6 + 9902 g4 = 5 signals / 60,000 inhabitants × 1,000 = 0.08333 per month
    assert (feb.signals, feb.inhabitants, feb.municipalities) == (5, 60_000, ("9901", "9902"))
    assert feb.value == pytest.approx(5 / 60)
    assert (jan.signals, jan.value) == (1, pytest.approx(1 / 60))  # g8
    assert (mar.signals, mar.value) == (1, pytest.approx(1 / 60))  # g7
    quarter = Period.parse("2025-Q1")
    q_results = compute_series(installation, [quarter], "municipality", kpis=["signalen"], today=TODAY)
    (q1,) = ew.rates(q_results, [quarter], population)
    assert q1.value == pytest.approx(7 / 60 / 3)  # 7 signals over three months


def test_no_rate_without_inhabitants(installation):
    results = compute_series(installation, [FEB], "municipality", kpis=["signalen"], today=TODAY)
    (rate,) = ew.rates(results, [FEB], {})
    assert (rate.value, rate.municipalities) == (None, ())


def test_multiple_share_from_the_kpis(installation):
    results = {r.kpi: r for r in compute_series(installation, [FEB], kpis=["meldingen", "meldingen_meervoudig"],
                                                today=TODAY)}  # fmt: skip
    # meldingen k1 k2 k3 k4 = 4; multiple (2 or more signals): k1 k3 = 2 -> 50%
    got = share(results["meldingen_meervoudig"], results["meldingen"])
    assert (got.value, got.records) == (50.0, 4)


# ------------------------------------------------------------------------------------ reference figures
# Exactly the table "National reference figures" of shared/domain.md: (figure, partner, period) -> value, source
DOMAIN_TABLE = {
    ("signalen_per_1000_inwoners", None, "2022"): (3.3, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2022"),
    ("signalen_per_1000_inwoners", None, "2023"): (4.0, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2023"),
    ("opgepakt_pct", None, "2024"): (83, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2024"),
    ("bereik_pct", None, "2023"): (25, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2023"),
    ("hulpacceptatie_pct", None, "2023"): (35, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2023"),
    ("hulpacceptatie_pct", None, "2022"): (39, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2022"),
    ("meervoudig_pct", None, "2023"): (11, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2023"),
    ("signalen_partner_pct", "zorg", "1e helft 2024"): (41, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2024"),
    ("signalen_partner_pct", "huur", "1e helft 2024"): (20, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2024"),
    ("signalen_partner_pct", "energie", "1e helft 2024"): (20, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2024"),
    ("signalen_partner_pct", "water", "1e helft 2024"): (18, "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2024"),
    ("aanmeldingen_nvvk_leden", None, "2021"): (78_698, "NVVK jaarcijfers 2022"),
    ("aanmeldingen_nvvk_leden", None, "2022"): (75_531, "NVVK jaarcijfers 2022"),
    ("wachttijd_eerste_gesprek_gemiddeld", None, "2019–2022"): (11, "NVVK jaarcijfers"),
    ("schuld_bij_aanmelding_gemiddeld", None, "2022"): (40_170, "NVVK jaarcijfers 2022"),
    ("schuldeisers_bij_aanmelding_gemiddeld", None, "2022"): (13, "NVVK jaarcijfers 2022"),
    ("looptijd_schuldregeling_maanden", None, "sinds 1 juli 2023"): (18, "NVVK, 26 mei 2023"),
}  # fmt: skip


def test_shipped_reference_figures_are_the_published_ones_with_their_source():
    shipped = {(r.figure, r.partner, r.period): (r.value, r.source) for r in references.load()}
    assert shipped == DOMAIN_TABLE
    assert [r.approximate for r in references.load() if r.figure == "bereik_pct"] == [True]  # "about 25%"


def test_the_newest_reference_is_the_one_drawn():
    assert references.latest("hulpacceptatie_pct").value == 35  # 2023 over 39 (2022)
    assert references.latest(references.SIGNALS_PER_1000).value == 4.0
    assert references.latest("signalen_partner_pct", "zorg").citation == (
        "Divosa Monitor Vroegsignalering Schulden, jaarrapportage 2024 (1e helft 2024)"
    )
    assert references.latest("uitval_pct") is None  # no national figure


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "refs.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """[[reference]]
figure = "bereik_pct"
label = "Bereik"
value = 25
unit = "%"
period = "2023"
year = 2023
source = "Divosa"
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('figure = "bereik_pct"', 'figure = "bereik"'), "onbekend cijfer 'bereik'"),
        (('source = "Divosa"', 'source = ""'), "ontbreekt source"),
        (("value = 25", 'value = "25%"'), "moet een getal zijn"),
        (('unit = "%"', 'unit = "procent"'), "onbekende eenheid"),
        (('figure = "bereik_pct"', 'figure = "bereik_pct"\npartner = "zorg"'), "'partner' hoort bij"),
        (("year = 2023", 'year = "2023"'), "jaar moet een geheel getal"),
    ],
)
def test_a_bad_reference_file_is_refused_in_dutch(tmp_path, change, message):
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ReferenceValueError, match=message):
        references.load(path)


def test_a_good_reference_file_and_a_missing_one(tmp_path):
    (ref,) = references.load(_write(tmp_path, GOOD))
    assert (ref.figure, ref.value, ref.source) == ("bereik_pct", 25.0, "Divosa")
    with pytest.raises(ReferenceValueError, match="niet gevonden"):
        references.load(tmp_path / "weg.toml")


# ------------------------------------------------------------------------------------ inhabitants
def test_shipped_installation_has_the_inhabitants_the_sample_simulates():
    from sample_exports.simulate import INHABITANTS

    shipped = settings._installation(str(ROOT / "config" / "installation.toml"))
    assert {m.code: m.inhabitants for m in shipped.municipalities} == {
        "9901": 35_400, "9902": 19_800, "9903": 27_900, "9904": 16_900,
    }  # fmt: skip
    assert sum(m.inhabitants for m in shipped.municipalities) == 100_000
    assert {m.code: m.inhabitants for m in shipped.municipalities} == INHABITANTS


def test_inhabitants_are_optional_and_checked(tmp_path):
    path = tmp_path / "inst.toml"
    path.write_text('[[municipalities]]\ncode = "1"\nname = "Ergens"\n', encoding="utf-8")
    (m,) = settings._installation(str(path)).municipalities
    assert (m.code, m.inhabitants) == ("0001", None)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[municipalities]]\ncode = "2"\nname = "Nergens"\ninhabitants = -5\n', encoding="utf-8")
    with pytest.raises(ValueError, match="Nergens: 'inhabitants' moet een geheel aantal inwoners"):
        settings._installation(str(bad))
