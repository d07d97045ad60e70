"""DDAS deliveries built from the schemas, beyond the official examples: variants a vendor may write."""

from __future__ import annotations

import json

import pytest

from connectors import ddas_shv
from connectors.model import ConnectorOutput
from connectors.pseudonym import Pseudonymiser


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
