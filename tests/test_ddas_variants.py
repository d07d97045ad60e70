"""DDAS deliveries built from the schemas, beyond the official examples: variants a vendor may write."""

from __future__ import annotations

import json
from datetime import date

import pytest

from connectors import ddas_shv
from connectors.model import ConnectorOutput
from connectors.pipeline import import_file
from connectors.pseudonym import Pseudonymiser
from store import db, gateway


@pytest.fixture
def pz() -> Pseudonymiser:
    return Pseudonymiser(b"k" * 32)


def shv(*trajectories: dict) -> bytes:
    return json.dumps({
        "startdatumLevering": "2025-01-01", "einddatumLevering": "2025-03-31",
        "aanleverdatumEnTijd": "2025-04-02T08:00:00Z", "codeGegevensleverancier": "GL1",
        "leveringen": [{
            "teller": 1, "aanleverende_organisatie": {"gemeentecode": "GM0518"},
            "schuldhulptrajecten": list(trajectories),
        }],
    }).encode()  # fmt: skip


def vs(signals: list[dict], cases: list[dict]) -> bytes:
    return json.dumps({
        "codeGegevensleverancier": "S1", "startdatumLevering": "2025-01-01", "einddatumLevering": "2025-01-31",
        "aanleverdatumEnTijd": "2025-02-05T10:30:00Z",
        "leveringen": [{
            "teller": 1, "gemeentecode": "0518", "aanleverende_organisatie": {"naam": "Gemeente"},
            "vroegsignalen": signals, "vroegsignaalzaken": cases,
        }],
    }).encode()  # fmt: skip


def signal(signal_id: str, partner: str) -> dict:
    return {"ID": signal_id, "signaaldatum": "2025-01-05", "signaalpartner": {"type": partner}, "client": {}}


def trajectory(bsn: str = "123456782", **fields: object) -> dict:
    return {"startdatum": "2025-01-10", "gemeentecode": "GM0518", "client": [{"Burgerservicenummer": bsn}], **fields}


def cases(out: ConnectorOutput) -> list[dict]:
    return [row for t in out.tables if t.dataset.name == "cases" for row in t.frame.to_dict("records")]


@pytest.mark.parametrize(
    ("creditors", "expected"),
    [
        ([{"privepersoon": True}, {"privepersoon": True}, {"naam": "Eneco"}], 2),  # the same private person twice
        ([{"privepersoon": True, "postcode": "1234AB"}, {"privepersoon": True, "postcode": "5678CD"}], 2),
        ([{}, {}], 1),
    ],
)
def test_creditors_without_name_or_kvk_count_once_when_identical(pz, creditors, expected):
    debts = [{"bedrag": 100, "schuldeiser": c} for c in creditors]
    (case,) = cases(ddas_shv.read(shv(trajectory(schulden=debts)), "shv.json", pz))
    assert case["creditor_count"] == expected


def test_a_later_delivery_without_the_signals_of_a_case_keeps_its_partner_types(sqlite_url):
    case = {"matchingsdatum": "2025-01-10", "vroegsignalen": [{"ID": "S-1"}, {"ID": "S-2"}]}
    first = vs([signal("S-1", "Energie"), signal("S-2", "Huur")], [case])
    assert not import_file("jan.json", data=first, url=sqlite_url).rejected
    later = vs([], [{**case, "datum_opgepakt": "2025-02-03", "resultaat": "Geen reactie na eerder contact"}])
    assert not import_file("feb.json", data=later, url=sqlite_url).rejected

    (stored,) = gateway.table_rows(db.ready_engine(sqlite_url), "signal_cases")
    assert (stored["partner_types"], stored["result"]) == ("energie,huur", "geen_reactie")
    assert str(stored["picked_up_on"]) == "2025-02-03"


@pytest.mark.parametrize("entry", [{"startdatum": "2025-01-12"}, {"soort": 5}, "budgetbeheer"])
def test_guidance_without_a_usable_kind_is_a_finding_not_a_rejected_row(sqlite_url, entry):
    guided = trajectory(begeleiding=[entry, {"soort": "Budgetcoaching"}])
    result = import_file("shv.json", data=shv(guided, trajectory("111111110")), url=sqlite_url)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected, result.errors) == (2, 2, 0, [])
    findings = [f.message for f in result.findings if f.sheet and f.sheet.endswith(".begeleiding[0]")]
    assert findings and all("niet geladen" in message for message in findings)
    guidance = gateway.table_rows(db.ready_engine(sqlite_url), "case_guidance")
    assert [g["kind"] for g in guidance] == ["budgetcoaching"]


def test_personal_data_in_fields_the_schema_lacks_is_not_repeated_in_findings(pz):
    extra = trajectory(BSN="123456782", naam="Jan Fictief", geboortedatum="1980-01-01")
    out = ddas_shv.read(shv(extra), "shv.json", pz)
    unknown = {i.column: i for i in out.issues if i.code == "ddas_veld_onbekend"}
    assert set(unknown) == {"BSN", "naam", "geboortedatum"}
    for issue in unknown.values():
        assert issue.value is None
        assert not {"123456782", "Jan Fictief", "1980-01-01"} & set(issue.message.split("'"))


def test_a_later_delivery_of_a_signal_without_its_case_keeps_the_link(sqlite_url):
    case = {"matchingsdatum": "2025-01-10", "vroegsignalen": [{"ID": "S-1"}]}
    assert not import_file("jan.json", data=vs([signal("S-1", "Energie")], [case]), url=sqlite_url).rejected
    (case_id,) = [c["signal_case_id"] for c in gateway.table_rows(db.ready_engine(sqlite_url), "signal_cases")]
    later = vs([{**signal("S-1", "Energie"), "status": "Niet opgepakt: andere reden"}], [])
    assert not import_file("feb.json", data=later, url=sqlite_url).rejected

    (stored,) = gateway.table_rows(db.ready_engine(sqlite_url), "signals")
    assert (stored["signal_case_id"], stored["status"]) == (case_id, "Niet opgepakt: andere reden")


def test_a_negative_amount_is_a_finding_and_the_trajectory_loads(sqlite_url):
    result = import_file("shv.json", data=shv(trajectory(totaalSchuldbedragBijAanvangSchuld=-100)), url=sqlite_url)
    assert (result.rows_loaded, result.rows_rejected, result.errors) == (1, 0, [])
    (finding,) = [f for f in result.findings if f.column == "totaalSchuldbedragBijAanvangSchuld"]
    assert finding.value == "-100"
    (case,) = gateway.table_rows(db.ready_engine(sqlite_url), "cases")
    assert case["debt_total"] is None


def test_a_delivery_runs_through_its_einddatum_levering(sqlite_url):
    # The period end of the delivery, not its newest date (a trajectory from 10 January), is its "data t/m";
    # a period end after the import is capped at the import's day.
    result = import_file("q1.json", data=shv(trajectory()), url=sqlite_url)
    assert not result.rejected, result.as_json()
    (batch,) = [b for b in gateway.list_batches(db.ready_engine(sqlite_url)) if b["id"] == result.batch_id]
    assert str(batch["data_through"]) == "2025-03-31"
    late = json.loads(vs([signal("S-9", "Energie")], [{"matchingsdatum": "2025-01-10", "vroegsignalen": [{"ID": "S-9"}]}]))
    late["einddatumLevering"] = "2999-12-31"
    result = import_file("toekomst.json", data=json.dumps(late).encode(), url=sqlite_url)
    (batch,) = [b for b in gateway.list_batches(db.ready_engine(sqlite_url)) if b["id"] == result.batch_id]
    assert batch["data_through"] <= date.today()


def test_connector_and_validation_issues_name_a_record_the_same_way(tmp_path, sqlite_url):
    """README, importing: for DDAS ``sheet`` is the record's JSON path, ``row`` its position in that list and
    ``column`` the field path inside it, whether the connector found the problem or the validation after it."""
    path = tmp_path / "levering.json"
    path.write_bytes(shv(
        trajectory("100000001"),
        trajectory("100000002", intake={"startdatum": "2025-01-05"}),  # first conversation before 10 January
        trajectory(client=[]),  # no BSN: the connector's row error
        trajectory("100000004", uitstroom={"datum": "2025-02-01"}),  # closed without a reason: a finding
    ))  # fmt: skip
    result = import_file(path, url=sqlite_url)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 2, 2)
    records = "leveringen[0].schuldhulptrajecten[{}]"
    located = {(e.code, e.sheet, e.row, e.column) for e in result.errors}
    assert located == {
        ("datumvolgorde", records.format(1), 2, "intake.startdatum"),  # validation
        ("client_ontbreekt", records.format(2), 3, "client"),  # connector
    }
    (no_reason,) = [f for f in result.findings if f.code == "reden_ontbreekt"]  # validation
    assert (no_reason.sheet, no_reason.row, no_reason.column) == (records.format(3), 4, "uitstroom.reden")
    (order,) = [e for e in result.errors if e.code == "datumvolgorde"]
    assert order.value == "2025-01-05"  # as the delivery writes it (a spreadsheet's would be 05-01-2025)
    for issue in result.errors + result.findings:
        if issue.row is not None:
            assert issue.sheet.endswith(f"[{issue.row - 1}]"), issue
