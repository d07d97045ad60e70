"""A tiny team for the caseload-meeting tests: March 2025, reference date Monday 31 March 2025.

Team Schuldhulp Noord has consultants A (0,9 fte), B (1,0 fte), C (no staffing) and one case without a
consultant; Schuldhulp Zuid has one waiting case (for the scope). Deadlines (no holidays near): first
conversation = registration + 28 days, decision = first conversation + 56 days, all on working days.
Stalled limits are the defaults: plan 28, stabilisation 365, settlement 120 days.

Per consultant on 31 March 2025 (the arithmetic is beside each case):

| | caseload | fte | waiting | over term | decision over term | stalled | closed in March | first conv. in March |
|---|---|---|---|---|---|---|---|---|
| A | 5 (a1 a2 a3 a4 a8) | 0,9 | 2 (a5 a6) | 1 (a6) | 1 (a1) | 1 (a4) | 1 (a7: 67 d) | 1 (a8: 16 d) |
| B | 11 (b1–b7 b9–b12) | 1,0 | 0 | 0 | 2 (b7 b10) | 3 (b2 b4 b5) | 1 (b8: 83 d) | 1 (b12: 2 d) |
| C | 1 (c2) | – | 1 (c1) | 0 | 1 (c2) | 0 | 0 | 0 |
| none | 0 | (0,5 hired) | 1 (n1) | 0 | 0 | 0 | 0 | 0 |
| Noord | 17 | 2,4 | 4 | 1 | 4 | 4 | 2: median 75 | 2: median 9 |
"""

from __future__ import annotations

from tests.metrics_helpers import case, insert_rows

AS_OF = "2025-03-31"
NOORD, ZUID = "Schuldhulp Noord", "Schuldhulp Zuid"
A, B, C = "Consulent A", "Consulent B", "Consulent C"


def _b(case_id: str, **values: object) -> dict:
    """A case of consultant B, registered and seen in January 2024 and admitted in February 2024."""
    base = {"first_contact_on": "2024-01-15", "decision_on": "2024-02-12", "decision": "toelating"}
    return case(case_id, "2024-01-08", consultant=B, municipality="9902", **{**base, **values})


CASES = [
    # A: decision deadline 28 Mar (fc 31 Jan + 56): 3 days over on 31 Mar
    case("a1", "2025-01-06", consultant=A, first_contact_on="2025-01-31"),
    # A: decision deadline 31 Mar = the reference date itself: not over the term
    case("a2", "2025-01-06", consultant=A, first_contact_on="2025-02-03"),
    # A: admitted 3 Mar, no plan: 28 days in the stage = the limit, not stalled
    case("a3", "2024-12-02", consultant=A, first_contact_on="2025-01-06", decision_on="2025-03-03",
         decision="toelating"),
    # A: admitted 2 Mar, no plan: 29 days, stalled by 1
    case("a4", "2024-12-02", consultant=A, first_contact_on="2025-01-06", decision_on="2025-03-02",
         decision="toelating"),
    # A: waiting, deadline 7 Apr
    case("a5", "2025-03-10", consultant=A),
    # A: waiting, deadline 10 Mar: 21 days over
    case("a6", "2025-02-10", consultant=A),
    # A: closed 14 Mar: 67 days after 6 Jan
    case("a7", "2025-01-06", consultant=A, first_contact_on="2025-01-20", closed_on="2025-03-14",
         close_reason="afgerond"),
    # A: first conversation 12 Mar, 16 days after 24 Feb
    case("a8", "2025-02-24", consultant=A, first_contact_on="2025-03-12"),
    # B: plan 31 Mar 2024, no settlement: 365 days = the limit, not stalled
    _b("b1", plan_on="2024-03-31"),
    # B: plan 30 Mar 2024: 366 days, stalled by 1
    _b("b2", plan_on="2024-03-30"),
    # B: settlement submitted 1 Dec 2024: 120 days = the limit (31 + 31 + 28 + 30), not stalled
    _b("b3", plan_on="2024-03-01", settlement_submitted_on="2024-12-01"),
    # B: submitted 30 Nov 2024: 121 days, stalled by 1
    _b("b4", plan_on="2024-03-01", settlement_submitted_on="2024-11-30"),
    # B: submitted 1 Oct 2024, rejected only on 5 Apr 2025: on 31 Mar 181 days, stalled by 61
    _b("b5", plan_on="2024-03-01", settlement_submitted_on="2024-10-01", settlement_rejected_on="2025-04-05"),
    # B: submitted 1 Oct 2024, granted 15 Jan 2025: no longer in a stage
    _b("b6", plan_on="2024-03-01", settlement_submitted_on="2024-10-01", settlement_granted_on="2025-01-15"),
    # B: decision deadline 24 Mar, none, closed only on 10 Apr: open and 7 days over
    case("b7", "2025-01-06", consultant=B, first_contact_on="2025-01-27", closed_on="2025-04-10",
         close_reason="zelf"),
    # B: closed 30 Mar, 83 days after 6 Jan (no decision, but closed: not over the term)
    case("b8", "2025-01-06", consultant=B, first_contact_on="2025-01-28", closed_on="2025-03-30",
         close_reason="afgerond"),
    # B: rejected and not closed: in no stage
    case("b9", "2024-11-11", consultant=B, first_contact_on="2024-12-01", decision_on="2025-01-01",
         decision="afwijzing"),
    # B: decision deadline 27 Mar, decided only on 2 Apr: 4 days over on 31 Mar
    case("b10", "2025-01-06", consultant=B, first_contact_on="2025-01-30", decision_on="2025-04-02",
         decision="toelating"),
    # B: decided 20 Mar (deadline 26 Mar), 11 days without a plan
    case("b11", "2025-01-06", consultant=B, first_contact_on="2025-01-29", decision_on="2025-03-20",
         decision="toelating"),
    # B: first conversation 5 Mar, 2 days after 3 Mar
    case("b12", "2025-03-03", consultant=B, first_contact_on="2025-03-05"),
    # C: waiting, deadline 17 Apr
    case("c1", "2025-03-20", consultant=C),
    # C: decision deadline 7 Mar (fc Fri 10 Jan + 56), none: 24 days over
    case("c2", "2025-01-06", consultant=C, first_contact_on="2025-01-10"),
    # no consultant: waiting, deadline 31 Mar = the reference date: not over the term
    case("n1", "2025-03-03", consultant=None),
    # Zuid: waiting, deadline 10 Mar: 21 days over
    case("d1", "2025-02-10", consultant="Consulent D", team=ZUID, municipality="9903"),
]  # fmt: skip

STAFFING = [
    {"month": "2025-03-01", "team": NOORD, "consultant": A, "fte": 0.9},
    {"month": "2025-03-01", "team": NOORD, "consultant": B, "fte": 1.0},
    {"month": "2025-03-01", "team": NOORD, "consultant": None, "fte": 0.5},  # hired-in capacity
    {"month": "2025-03-01", "team": ZUID, "consultant": "Consulent D", "fte": 1.0},
]


def install(url: str) -> str:
    insert_rows(url, "cases", CASES)
    insert_rows(url, "staffing", STAFFING)
    return url
