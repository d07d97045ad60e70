"""The KPI registry against its named rules and against the catalogue itself (kpi-catalogue.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from metrics import settings as metric_settings
from metrics.codes import CloseReason, GuidanceKind, SignalResult
from metrics.registry import KPIS, KPIS_BY_ID, Direction, Unit
from metrics.validation import RULES, validate

CATALOGUE = Path(__file__).resolve().parent.parent.parent / "shared" / "kpi-catalogue.md"
ROW = re.compile(
    r"^\|\s*`(?P<id>[a-z0-9_]+)`\s*\|(?P<label>[^|]+)\|(?P<definition>.+)\|(?P<unit>[^|]+)\|(?P<better>[^|]+)\|$"
)
# A fixed list for when the catalogue is not beside the repository.
FIXED_IDS = [
    "aanmeldingen",
    "aanmeldingen_crisis",
    "eerste_gesprek_tijdig_pct",
    "wachttijd_eerste_gesprek_mediaan",
    "beschikking_tijdig_pct",
    "afwijzingen",
    "wachtlijst",
    "wachtlijst_over_termijn",
    "wachtlijst_wachttijd_gem",
    "caseload",
    "caseload_per_fte",
    "budgetbeheer_lopend",
    "schuldregelingen_ingediend",
    "minnelijke_akkoorden",
    "dwangakkoorden",
    "schuldregeling_slagingspct",
    "uitstroom",
    "uitstroom_afgerond_pct",
    "uitval_pct",
    "doorlooptijd_mediaan",
    "doorlooptijd_p90",
    "tijd_tot_plan_mediaan",
    "kto_respons",
    "kto_gemiddeld",
    "nps",
    "signalen",
    "meldingen",
    "meldingen_meervoudig",
    "opgepakt_pct",
    "bereik_pct",
    "hulpacceptatie_pct",
    "vervolghulp_financieel",
]
UNITS = {"count": Unit.COUNT, "%": Unit.PERCENT, "days": Unit.DAYS, "cases/fte": Unit.CASES_PER_FTE,
         "grade 1–10": Unit.GRADE, "−100…100": Unit.NPS}  # fmt: skip
DIRECTIONS = {"higher": Direction.HIGHER, "lower": Direction.LOWER, "—": Direction.NONE}


def catalogue_rows() -> dict[str, dict[str, str]]:
    if not CATALOGUE.exists():
        return {}
    rows = {}
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line.strip())
        if m:
            rows[m["id"]] = {k: v.strip() for k, v in m.groupdict().items()}
    return rows


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule(rule):
    assert rule.check(KPIS) == []


def test_validate_reports_every_rule():
    assert set(validate(KPIS)) == {r.name for r in RULES}
    broken = (*KPIS, KPIS[0])
    assert validate(broken)["unieke ids"] == ["KPI-id 'aanmeldingen' komt vaker voor."]


def test_every_catalogue_kpi_is_in_the_registry_and_nothing_else():
    rows = catalogue_rows()
    ids = list(rows) if rows else FIXED_IDS
    assert len(ids) == 32
    assert sorted(KPIS_BY_ID) == sorted(ids)
    assert [k.id for k in KPIS] == ids  # the catalogue's order


@pytest.mark.skipif(not CATALOGUE.exists(), reason="kpi-catalogue.md not beside the repository")
@pytest.mark.parametrize("kpi", KPIS, ids=lambda k: k.id)
def test_label_unit_and_direction_as_the_catalogue(kpi):
    row = catalogue_rows()[kpi.id]
    assert kpi.label == row["label"]
    assert kpi.unit is UNITS[row["unit"]]
    assert kpi.direction is DIRECTIONS[row["better"]]


def test_code_lists_match_the_importer_vocabularies():
    from connectors.vocab import VOCABULARIES

    assert {c.value for c in CloseReason} == set(VOCABULARIES["close_reason"])
    assert {c.value for c in SignalResult} == set(VOCABULARIES["signal_result"])
    assert {c.value for c in GuidanceKind} == set(VOCABULARIES["guidance_kind"])


def test_settings_defaults_are_the_catalogues():
    loaded = metric_settings.load({})
    assert (loaded.terms.first_contact_days, loaded.terms.crisis_working_days, loaded.terms.decision_days) == (
        28, 3, 56,
    )  # fmt: skip
    assert loaded.positive_close_reasons == {"afgerond", "zelf"}
    assert loaded.dropout_close_reasons == {"ingetrokken", "niet_verschenen", "voldoet_niet"}
    assert loaded.help_accepted_results == {"advies_quick_fix", "vervolghulp_financieel", "vervolghulp_niet_financieel"}
    assert (loaded.suppression_min_count, loaded.suppression_min_records) == (5, 10)


def test_settings_are_validated():
    assert metric_settings.load({"first_contact_term_days": "21"}).terms.first_contact_days == 21
    with pytest.raises(metric_settings.SettingError, match="onbekende codes"):
        metric_settings.load({"positive_close_reasons": '["afgerond", "klaar"]'})
    with pytest.raises(metric_settings.SettingError, match="geheel getal"):
        metric_settings.encode("decision_term_days", 0)
    assert metric_settings.encode("dropout_close_reasons", {"ingetrokken"}) == '["ingetrokken"]'
