"""DDAS paths against exports.md, across deliveries: deliveries built from the schemas (as test_ddas_variants)."""

from __future__ import annotations

import json

from connectors.pipeline import import_file
from store import db, gateway


def vs(signals: list[dict], cases: list[dict], end: str = "2025-01-31") -> bytes:
    return json.dumps({
        "codeGegevensleverancier": "S1", "startdatumLevering": end[:8] + "01", "einddatumLevering": end,
        "aanleverdatumEnTijd": f"{end}T10:30:00Z",
        "leveringen": [{
            "teller": 1, "gemeentecode": "GM0518", "aanleverende_organisatie": {"naam": "Gemeente"},
            "vroegsignalen": signals, "vroegsignaalzaken": cases,
        }],
    }).encode()  # fmt: skip


def signal(signal_id: str, partner: str) -> dict:
    return {"ID": signal_id, "signaaldatum": "2025-01-05", "signaalpartner": {"type": partner}, "client": {}}


def test_a_later_delivery_repeating_only_some_signals_of_a_case_keeps_all_partner_types(db_url):
    # exports.md, signal_cases: partner_types = "types of the linked signals"; merge rule: what a delivery
    # cannot tell (the partner of S-1, which February does not repeat) must not overwrite the stored value.
    case = {"matchingsdatum": "2025-01-10", "vroegsignalen": [{"ID": "S-1"}, {"ID": "S-2"}]}
    jan = vs([signal("S-1", "Energie"), signal("S-2", "Huur")], [case])
    assert not import_file("jan.json", data=jan, url=db_url).rejected
    feb = vs([signal("S-2", "Huur")], [{**case, "datum_opgepakt": "2025-02-03"}], end="2025-02-28")
    assert not import_file("feb.json", data=feb, url=db_url).rejected

    (stored,) = gateway.table_rows(db.ready_engine(db_url), "signal_cases")
    assert str(stored["picked_up_on"]) == "2025-02-03"
    assert stored["signal_count"] == 2
    assert stored["partner_types"] == "energie,huur"  # was "huur": S-1's energie lost


def test_a_new_case_with_only_some_of_its_signals_keeps_the_partner_types_it_has(db_url):
    # A case first delivered with S-2 only; S-1 came in an earlier delivery without a case and S-9 never came.
    # exports.md: partner_types are the types of the linked signals, so the stored S-1 is linked to the case
    # and its type joined; S-9 is a finding.
    assert not import_file("jan.json", data=vs([signal("S-1", "Energie")], []), url=db_url).rejected
    case = {"matchingsdatum": "2025-02-02", "vroegsignalen": [{"ID": "S-1"}, {"ID": "S-2"}, {"ID": "S-9"}]}
    feb = vs([signal("S-2", "Huur")], [case], end="2025-02-28")
    result = import_file("feb.json", data=feb, url=db_url)
    assert not result.rejected and result.errors == [], result.as_json()
    engine = db.ready_engine(db_url)
    (stored,) = gateway.table_rows(engine, "signal_cases")
    assert (stored["signal_count"], stored["partner_types"]) == (3, "energie,huur")
    linked = {s["signal_id"]: s["signal_case_id"] for s in gateway.table_rows(engine, "signals")}
    assert linked == {"S-1": stored["signal_case_id"], "S-2": stored["signal_case_id"]}
    assert [(f.code, f.value) for f in result.findings if f.code == "signaal_ontbreekt"] == [("signaal_ontbreekt", "S-9")]
    assert result.rows_loaded == 2  # the case and S-2; linking the stored S-1 is no row of this file
    gateway.undo_batch(engine, result.batch_id, "test")  # the link is part of the February batch
    assert {s["signal_id"]: s["signal_case_id"] for s in gateway.table_rows(engine, "signals")} == {"S-1": None}
