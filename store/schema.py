"""The canonical datasets of ``exports.md``, declared once as data.

The store builds its tables from these declarations and the connectors map export columns onto them;
nothing else lists datasets or their columns.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.Enum):
    """Value kinds of canonical columns; the parser has one rule per kind."""

    TEXT = "text"
    DATE = "date"
    BOOL = "bool"
    INT = "int"
    MONEY = "money"
    FLOAT = "float"
    CATEGORY = "category"
    MUNICIPALITY = "municipality"
    PSEUDONYM = "pseudonym"  # an identifier of a person: stored only as a keyed hash
    LIST = "list"  # several category codes, stored comma-separated


class DatasetKind(enum.Enum):
    RECORD = "record"  # latest state per key, merged by import order
    SNAPSHOT = "snapshot"  # a picture on a reference date, replaced per date and scope


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool = False
    categories: str | None = None  # name of the value-variant vocabulary for CATEGORY/LIST fields
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Dataset:
    name: str
    label: str  # Dutch, for people
    kind: DatasetKind
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    snapshot_date: str | None = None  # the reference-date column of a snapshot dataset

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


F = Field
K = Kind

CASES = Dataset(
    name="cases",
    label="schuldhulptrajecten",
    kind=DatasetKind.RECORD,
    key=("case_id",),
    fields=(
        F("case_id", K.TEXT, required=True),
        F("client_key", K.PSEUDONYM),
        F("municipality", K.MUNICIPALITY),
        F("team", K.TEXT),
        F("consultant", K.TEXT),
        F("registered_on", K.DATE, required=True),
        F("crisis", K.BOOL),
        F("first_contact_on", K.DATE),
        F("decision_on", K.DATE),
        F("decision", K.CATEGORY, categories="decision"),
        F("plan_on", K.DATE),
        F("stabilisation_started_on", K.DATE),
        F("stabilisation_ended_on", K.DATE),
        F("settlement_submitted_on", K.DATE),
        F("settlement_granted_on", K.DATE),
        F("settlement_rejected_on", K.DATE),
        F("settlement_withdrawn_on", K.DATE),
        F("forced_settlement", K.BOOL),
        F("solution_type", K.CATEGORY, categories="solution_type"),
        F("closed_on", K.DATE),
        F("close_reason", K.CATEGORY, categories="close_reason"),
        F("debt_total", K.MONEY, minimum=0),
        F("creditor_count", K.INT, minimum=0),
    ),
)

CASE_GUIDANCE = Dataset(
    name="case_guidance",
    label="begeleiding",
    kind=DatasetKind.RECORD,
    key=("case_id", "kind"),
    fields=(
        F("case_id", K.TEXT, required=True),
        F("kind", K.CATEGORY, required=True, categories="guidance_kind"),
        F("started_on", K.DATE),
        F("ended_on", K.DATE),
    ),
)

SIGNAL_CASES = Dataset(
    name="signal_cases",
    label="vroegsignaalzaken",
    kind=DatasetKind.RECORD,
    key=("signal_case_id",),
    fields=(
        F("signal_case_id", K.TEXT, required=True),
        F("municipality", K.MUNICIPALITY),
        F("matched_on", K.DATE, required=True),
        F("signal_count", K.INT, minimum=1),
        F("partner_types", K.LIST, categories="partner_type"),
        F("picked_up_on", K.DATE),
        F("first_attempt_on", K.DATE),
        F("reached_on", K.DATE),
        F("home_visit", K.BOOL),
        F("result", K.CATEGORY, categories="signal_result"),
    ),
)

SIGNALS = Dataset(
    name="signals",
    label="vroegsignalen",
    kind=DatasetKind.RECORD,
    key=("signal_id",),
    fields=(
        F("signal_id", K.TEXT, required=True),
        F("signal_case_id", K.TEXT),
        F("municipality", K.MUNICIPALITY),
        F("received_on", K.DATE),  # the VS schema does not require signaaldatum (migration 0007)
        F("arrears_started_on", K.DATE),
        F("partner_type", K.CATEGORY, categories="partner_type"),
        F("amount", K.MONEY, minimum=0),
        F("crisis", K.BOOL),
        F("status", K.TEXT),
    ),
)

SATISFACTION = Dataset(
    name="satisfaction",
    label="klanttevredenheid",
    kind=DatasetKind.RECORD,
    key=("response_id",),
    fields=(
        F("response_id", K.TEXT, required=True),
        F("responded_on", K.DATE),  # not required (exports.md); an answer without it counts in no period
        F("municipality", K.MUNICIPALITY),
        F("team", K.TEXT),
        F("score", K.FLOAT, minimum=1, maximum=10),
        F("nps_score", K.INT, minimum=0, maximum=10),
    ),
)

CASELOAD = Dataset(
    name="caseload",
    label="caseloadoverzicht",
    kind=DatasetKind.SNAPSHOT,
    key=("as_of", "consultant", "case_id"),
    snapshot_date="as_of",
    fields=(
        F("as_of", K.DATE, required=True),
        F("consultant", K.TEXT),
        F("team", K.TEXT),
        F("municipality", K.MUNICIPALITY),
        F("case_id", K.TEXT),
        F("case_count", K.INT, minimum=0),  # for pre-counted "Consulent / Aantal dossiers" tables
    ),
)

WAITLIST = Dataset(
    name="waitlist",
    label="wachtlijst",
    kind=DatasetKind.SNAPSHOT,
    key=("as_of", "case_id"),
    snapshot_date="as_of",
    fields=(
        F("as_of", K.DATE, required=True),
        F("case_id", K.TEXT, required=True),
        F("team", K.TEXT),
        F("municipality", K.MUNICIPALITY),
        F("registered_on", K.DATE),
    ),
)

STAFFING = Dataset(
    name="staffing",
    label="formatie",
    kind=DatasetKind.SNAPSHOT,
    key=("month", "team", "consultant"),
    snapshot_date="month",
    fields=(
        F("month", K.DATE, required=True),  # first day of the month
        F("team", K.TEXT, required=True),
        F("consultant", K.TEXT),
        F("fte", K.FLOAT, required=True, minimum=0, maximum=2),
    ),
)

DATASETS: dict[str, Dataset] = {
    d.name: d for d in (CASES, CASE_GUIDANCE, SIGNAL_CASES, SIGNALS, SATISFACTION, CASELOAD, WAITLIST, STAFFING)
}


def dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        known = ", ".join(DATASETS)
        raise KeyError(f"Onbekende dataset '{name}'. Bekend: {known}.") from None
