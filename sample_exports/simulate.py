"""The fictional service behind the sample exports: one seeded simulation of its cases, signals, surveys
and staff. The export writers only *show* this truth, each in its own system's style.

Everything is drawn from ``random.Random`` streams seeded with strings (``f"{seed}:cases"``), so a seed
gives the same world on every machine. All names of clients are obviously fictional (``SURNAMES``), all
BSNs come from the test range 9999xxxxx that the RvIG reserves for testing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLATION = ROOT / "config" / "installation.toml"

SIM_START = dt.date(2021, 1, 1)  # cases start earlier, so January 2023 opens with a realistic caseload
FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
SHORTER_SETTLEMENT = dt.date(2023, 7, 1)  # settlements last 18 instead of 36 months from here on

NOORD, ZUID, BBH = "Schuldhulp Noord", "Schuldhulp Zuid", "Budgetbeheer"
DAY = dt.timedelta(days=1)

INHABITANTS = {"9901": 35_400, "9902": 19_800, "9903": 27_900, "9904": 16_900}
POSTCODE_BASE = {"9901": 4861, "9902": 4871, "9903": 4881, "9904": 4891}  # with letters SA/SD/SS: never real
# help requests per year per municipality and team
CASE_VOLUME = {
    ("9901", NOORD): 168,
    ("9902", NOORD): 94,
    ("9903", ZUID): 132,
    ("9904", ZUID): 80,
    ("9901", BBH): 15,
    ("9902", BBH): 9,
    ("9903", BBH): 12,
    ("9904", BBH): 7,
}
SIGNALS_PER_YEAR = 5_000
SEASON = {1: 1.25, 2: 1.05, 3: 1.05, 4: 1.0, 5: 0.95, 6: 0.95, 7: 0.8, 8: 0.75, 9: 1.15, 10: 1.1, 11: 1.0, 12: 0.8}
SEASON_MEAN = sum(SEASON.values()) / 12
# months in which a team has too little capacity: first conversations take longer, the waiting list grows
PRESSURE = {
    NOORD: {
        "2023-09": 1.5,
        "2023-10": 1.4,
        **{m: 1.8 for m in ("2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2025-01")},
    },
    ZUID: {"2023-03": 1.4, "2025-01": 2.0, "2025-02": 2.2, "2025-03": 2.0, "2025-04": 1.6},
    BBH: {},
}

# fmt: off
SURNAMES = (
    "Nepstra", "Fictinga", "Verzinsma", "Testema", "Proefsma", "Oefeninga", "Demostra",
    "Bedachtsma", "Schijnstra", "Voorbeeldinga", "Dummersma", "Fantasma", "Denkbeeldinga", "Verzonnenga",
    "Bedenkstra", "Probeersma", "Namaaksma", "Mockinga", "Sjabloonstra", "Invulsma", "Modelinga",
    "Proefhuizen", "Nepperveld", "Testenburg", "Fictiehoven", "Verzinselaar", "Oefenhorst", "Voorbeeldhof",
)
# fmt: on
PREFIXES = ("", "", "", "", "van", "de", "van der", "ter")
# fmt: off
STREETS = (
    "Dijkstraat", "Veenweg", "Lindelaan", "Meerpad", "Polderstraat", "Molenkade",
    "Schoolstraat", "Kerkpad", "Sluisweg", "Rietlaan", "Zuiderdijk", "Noorderveen",
)
# fmt: on
CREDITORS = (
    ("Woonstichting Dijkland (fictief)", "Overig"),
    ("Energie Polderland BV (fictief)", "Nuts"),
    ("Waterbedrijf Lage Landen (fictief)", "Nuts"),
    ("Zorgverzekeraar Zorgzaam (fictief)", "Zorg"),
    ("Belastingen Dijkland (fictief)", "Publiek"),
    ("Inningsbureau Rijk (fictief)", "Publiek"),
    ("Telecom Verbindt BV (fictief)", "Overig"),
    ("Postorder Gemak BV (fictief)", "Overig"),
    ("Studiefinanciering Rijk (fictief)", "Publiek"),
    ("Ziekenhuis Dijkland (fictief)", "Zorg"),
    ("Kredietbank Voorbeeld NV (fictief)", "Overig"),
    ("Incassobureau Snel BV (fictief)", "Overig"),
)


# ---------------------------------------------------------------- calendar


def easter(year: int) -> dt.date:
    """Easter Sunday (Gregorian computus, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def holidays(year: int) -> set[dt.date]:
    e = easter(year)
    kings = dt.date(year, 4, 27) if dt.date(year, 4, 27).weekday() != 6 else dt.date(year, 4, 26)
    days = {
        dt.date(year, 1, 1),
        e - 2 * DAY,
        e + DAY,
        kings,
        dt.date(year, 5, 5),
        e + 39 * DAY,
        e + 50 * DAY,
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
    }
    return days


HOLIDAYS = set().union(*(holidays(y) for y in range(2020, 2029)))


def is_workday(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in HOLIDAYS


def next_workday(d: dt.date) -> dt.date:
    while not is_workday(d):
        d += DAY
    return d


def add_workdays(d: dt.date, n: int) -> dt.date:
    while n > 0:
        d += DAY
        if is_workday(d):
            n -= 1
    return d


def month_ends(first: dt.date = FIRST_DAY, last: dt.date = LAST_DAY) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of every month from ``first`` to ``last``."""
    out = []
    d = first.replace(day=1)
    while d <= last:
        nxt = (d.replace(day=28) + 4 * DAY).replace(day=1)
        out.append((d, nxt - DAY))
        d = nxt
    return out


def days(a: int, b: int, rng: random.Random) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(a, b))


def poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def pick(rng: random.Random, weighted: dict) -> object:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


# ---------------------------------------------------------------- installation and staff


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    aliases: tuple[str, ...]
    team: str
    inhabitants: int


def load_municipalities(path: Path = INSTALLATION) -> dict[str, Municipality]:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    return {
        m["code"]: Municipality(m["code"], m["name"], tuple(m.get("aliases", ())), m["team"], INHABITANTS[m["code"]])
        for m in raw["municipalities"]
    }


@dataclass(frozen=True)
class Consultant:
    name: str
    team: str
    fte: tuple[tuple[str, float], ...]  # (first month "YYYY-MM", fte) changes
    start: dt.date = SIM_START
    end: dt.date | None = None  # last working day
    staffing_from: str | None = None  # first month on the staffing sheet, when HR was late

    def active(self, d: dt.date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)

    def fte_in(self, month: str) -> float:
        value = 0.0
        for first, fte in self.fte:
            if first <= month:
                value = fte
        return value


CONSULTANTS = (
    Consultant("Ayse Demir", NOORD, (("2019-01", 0.89), ("2024-05", 0.67), ("2025-01", 0.89))),
    Consultant("Jan de Boer", NOORD, (("2019-01", 1.0),)),
    Consultant("Marloes Kuipers", NOORD, (("2019-01", 0.78),)),
    Consultant("Youssef el Idrissi", NOORD, (("2019-01", 1.0),)),
    Consultant("Petra van Dam", NOORD, (("2019-01", 0.56), ("2024-01", 0.67))),
    Consultant("Koen Hofstede", NOORD, (("2019-01", 1.0),), end=dt.date(2024, 6, 28)),
    Consultant("Linda Wouters", NOORD, (("2019-01", 0.89),)),
    Consultant("Noah Bakker", NOORD, (("2025-02", 1.0),), start=dt.date(2025, 2, 3), staffing_from="2025-03"),
    Consultant("Fatma Yilmaz", ZUID, (("2019-01", 0.89),)),
    Consultant("Erik Jansen", ZUID, (("2019-01", 1.0),)),
    Consultant("Sanne Mulder", ZUID, (("2019-01", 0.78), ("2023-09", 0.89))),
    Consultant("Ruben Postma", ZUID, (("2019-01", 1.0),), end=dt.date(2024, 8, 30)),
    Consultant("Ingrid Veldman", ZUID, (("2019-01", 0.67),)),
    Consultant("Mohammed Haddou", ZUID, (("2019-01", 1.0),)),
    Consultant("Lotte Brouwer", ZUID, (("2024-10", 0.89),), start=dt.date(2024, 10, 1)),
    Consultant("Gerda Zwart", BBH, (("2019-01", 1.0),)),
    Consultant("Tim Verhoef", BBH, (("2019-01", 0.89),)),
    Consultant("Nadia Ouali", BBH, (("2019-01", 0.78),)),
    Consultant("Wim Brink", BBH, (("2019-01", 0.56),), end=dt.date(2023, 3, 31)),
    Consultant("Bas Kramer", BBH, (("2023-04", 0.67),), start=dt.date(2023, 4, 3)),
)
# capacity hired in without a named consultant (a staffing row with an empty Consulent)
HIRED_CAPACITY = {(ZUID, m): 0.5 for m in ("2024-09", "2024-10", "2024-11", "2024-12")}


# ---------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    bsn: str
    initials: str
    prefix: str
    surname: str
    born: dt.date
    gender: str
    street: str
    postcode: str
    house_number: str
    place: str

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.initials, self.prefix, self.surname) if p)


def test_bsns() -> list[str]:
    """Every number in the RvIG test range 999900000-999999999 that passes the 11-proef."""
    out = []
    for n in range(999_900_000, 1_000_000_000):
        digits = str(n)
        total = sum(int(c) * w for c, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
        if total % 11 == 0:
            out.append(digits)
    return out


class People:
    """Draws fictional persons; every BSN is used once."""

    def __init__(self, rng: random.Random, municipalities: dict[str, Municipality]) -> None:
        self.rng = rng
        self.municipalities = municipalities
        self.bsns = test_bsns()
        rng.shuffle(self.bsns)

    def new(self, code: str, adult_on: dt.date, with_bsn: bool = True) -> Person:
        rng = self.rng
        born = adult_on - dt.timedelta(days=rng.randint(19 * 365, 78 * 365))
        initials = "".join(f"{c}." for c in rng.sample("ABCDEFGHIJKLMNPRSTW", rng.choice((1, 1, 2, 2, 3))))
        letters = rng.choice(("SA", "SD", "SS"))  # letter pairs the postcode system never uses
        return Person(
            bsn=self.bsns.pop() if with_bsn else "",
            initials=initials,
            prefix=rng.choice(PREFIXES),
            surname=rng.choice(SURNAMES),
            born=born,
            gender=rng.choice(("Man", "Vrouw", "Vrouw", "Man", "Onbekend")),
            street=rng.choice(STREETS),
            postcode=f"{POSTCODE_BASE[code] + rng.randint(0, 8)}{letters}",
            house_number=str(rng.randint(1, 180)),
            place=self.municipalities[code].name,
        )


# ---------------------------------------------------------------- debt-assistance cases


@dataclass
class Debt:
    creditor: str
    kind: str
    amount: int


@dataclass
class Case:
    key: str  # case id as the system shows it (internal for DDAS trajectories, which have none)
    client_no: str
    team: str
    municipality: str
    registered_on: dt.date
    registered_time: str
    person: Person
    crisis: bool = False
    partner: Person | None = None  # second client of a DDAS trajectory
    first_contact_on: dt.date | None = None
    decision_on: dt.date | None = None
    decision: str | None = None  # toelating / afwijzing
    plan_on: dt.date | None = None
    stab_start: dt.date | None = None
    stab_end: dt.date | None = None
    submitted_on: dt.date | None = None
    forced_on: dt.date | None = None  # request for a dwangakkoord
    granted_on: dt.date | None = None
    rejected_on: dt.date | None = None
    withdrawn_on: dt.date | None = None
    solution: str | None = None
    solution_on: dt.date | None = None
    closed_on: dt.date | None = None  # the final closure (may lie after 2025)
    close_reason: str | None = None
    reopen: tuple[dt.date, str, dt.date] | None = None  # (closed on, reason, reopened on) before the final one
    debt_total: float | None = None
    creditors: int | None = None
    debts: list[Debt] = field(default_factory=list)
    guidance: dict[str, tuple[dt.date, dt.date | None]] = field(default_factory=dict)  # kind -> (start, end)
    consultants: list[tuple[dt.date, str]] = field(default_factory=list)  # (from, name)

    def closure_on(self, d: dt.date) -> tuple[dt.date | None, str | None]:
        """(closed_on, close_reason) as the system shows them on ``d``."""
        if self.closed_on is not None and self.closed_on <= d:
            return self.closed_on, self.close_reason
        if self.reopen and self.reopen[0] <= d < self.reopen[2]:
            return self.reopen[0], self.reopen[1]
        return None, None

    def is_open(self, d: dt.date) -> bool:
        return self.registered_on <= d and self.closure_on(d)[0] is None

    def consultant_on(self, d: dt.date) -> str | None:
        name = None
        for first, who in self.consultants:
            if first <= d:
                name = who
        return name

    def events(self) -> list[dt.date]:
        out = [self.registered_on, *(c for c, _ in self.consultants)]
        for d in (
            self.first_contact_on,
            self.decision_on,
            self.plan_on,
            self.stab_start,
            self.stab_end,
            self.submitted_on,
            self.forced_on,
            self.granted_on,
            self.rejected_on,
            self.withdrawn_on,
            self.solution_on,
            self.closed_on,
        ):
            if d is not None:
                out.append(d)
        if self.reopen:
            out += [self.reopen[0], self.reopen[2]]
        for start, end in self.guidance.values():
            out += [start] + ([end] if end else [])
        return out

    def state(self, d: dt.date) -> dict[str, object]:
        """The canonical columns as the system shows them on ``d`` (later events are not known yet)."""

        def seen(x: dt.date | None) -> dt.date | None:
            return x if x is not None and x <= d else None

        closed_on, reason = self.closure_on(d)
        known_debt = seen(self.first_contact_on) is not None
        submitted = seen(self.submitted_on)
        guidance = {kind: (start, seen(end)) for kind, (start, end) in self.guidance.items() if start <= d}
        return {
            "case_id": self.key,
            "client_no": self.client_no,
            "municipality": self.municipality,
            "team": self.team,
            "consultant": self.consultant_on(d),
            "registered_on": self.registered_on,
            "crisis": self.crisis,
            "first_contact_on": seen(self.first_contact_on),
            "decision_on": seen(self.decision_on),
            "decision": self.decision if seen(self.decision_on) else None,
            "plan_on": seen(self.plan_on),
            "stabilisation_started_on": seen(self.stab_start),
            "stabilisation_ended_on": seen(self.stab_end),
            "settlement_submitted_on": submitted,
            "settlement_granted_on": seen(self.granted_on),
            "settlement_rejected_on": seen(self.rejected_on),
            "settlement_withdrawn_on": seen(self.withdrawn_on),
            "forced_settlement": (seen(self.forced_on) is not None) if submitted else None,
            "solution_type": self.solution if seen(self.solution_on) else None,
            "closed_on": closed_on,
            "close_reason": reason,
            "debt_total": self.debt_total if known_debt else None,
            "creditor_count": self.creditors if known_debt else None,
            "guidance": guidance,
        }


def _first_contact(rng: random.Random, reg: dt.date, crisis: bool, pressure: float) -> dt.date:
    if crisis:
        return add_workdays(reg, pick(rng, {0: 12, 1: 35, 2: 25, 3: 18, 4: 5, 5: 3, 7: 2}))
    wait = rng.lognormvariate(math.log(11.5 * pressure), 0.6)
    return next_workday(reg + dt.timedelta(days=max(1, min(int(wait), 120))))


def _debts(rng: random.Random, case: Case, median: float) -> None:
    total = round(rng.lognormvariate(math.log(median), 0.85), 2)
    case.debt_total = total
    case.creditors = max(1, min(60, round(total / 2_900 * rng.uniform(0.6, 1.4))))


def _close(case: Case, on: dt.date, reason: str) -> None:
    case.closed_on, case.close_reason = on, reason


def _settlement(rng: random.Random, case: Case) -> None:
    assert case.stab_start is not None
    case.stab_end = case.stab_start + days(90, 300, rng)
    case.submitted_on = case.stab_end + days(0, 21, rng)
    outcome = pick(rng, {"granted": 72, "rejected": 18, "withdrawn": 10})
    if outcome == "rejected":
        case.rejected_on = case.submitted_on + days(30, 90, rng)
        _close(
            case, case.rejected_on + days(7, 60, rng), pick(rng, {"overig": 6, "voldoet_niet": 2, "niet_passend": 2})
        )
        return
    if outcome == "withdrawn":
        case.withdrawn_on = case.submitted_on + days(10, 60, rng)
        _close(case, case.withdrawn_on + days(0, 30, rng), pick(rng, {"ingetrokken": 6, "voldoet_niet": 4}))
        return
    if rng.random() < 0.12:
        case.forced_on = case.submitted_on + days(30, 60, rng)
        case.granted_on = case.forced_on + days(60, 120, rng)
    else:
        case.granted_on = case.submitted_on + days(20, 90, rng)
    case.solution = pick(
        rng, {"saneringskrediet": 45, "schuldbemiddeling": 40, "schuldregeling_zonder_afloscapaciteit": 15}
    )
    case.solution_on = case.granted_on
    months = 18 if case.granted_on >= SHORTER_SETTLEMENT else 36
    end = case.granted_on + dt.timedelta(days=int(months * 30.44)) + days(0, 30, rng)
    reason = pick(rng, {"afgerond": 85, "voldoet_niet": 10, "verhuisd": 3, "overleden": 2})
    if reason != "afgerond":
        end = case.granted_on + days(150, 500, rng)
    _close(case, end, reason)


def _admitted(rng: random.Random, case: Case) -> None:
    assert case.decision_on is not None
    case.plan_on = case.decision_on + days(0, 28, rng)
    case.stab_start = case.plan_on
    path = pick(rng, {"settlement": 45, "arrangement": 20, "stabilisation": 35})
    if path == "settlement":
        _settlement(rng, case)
    elif path == "arrangement":
        case.stab_end = case.stab_start + days(60, 240, rng)
        case.solution = pick(rng, {"betalingsregeling": 70, "herfinanciering": 30})
        case.solution_on = case.stab_end
        _close(case, case.stab_end + days(30, 200, rng), pick(rng, {"afgerond": 9, "zelf": 1}))
    else:
        closed = case.stab_start + days(60, 500, rng)
        if rng.random() < 0.5:
            case.stab_end = closed - days(0, 30, rng)
        reason = pick(
            rng,
            {
                "zelf": 30,
                "afgerond": 20,
                "voldoet_niet": 20,
                "verhuisd": 8,
                "overleden": 4,
                "overig": 10,
                "niet_passend": 8,
            },
        )
        _close(case, closed, reason)
    if rng.random() < 0.22:
        start = case.plan_on + days(0, 30, rng)
        end = start + days(180, 900, rng)
        if case.closed_on is not None and end >= case.closed_on:
            end = case.closed_on
        case.guidance["budgetbeheer"] = (start, end)


def _after_first_contact(rng: random.Random, case: Case) -> None:
    fc = case.first_contact_on
    assert fc is not None
    path = pick(rng, {"advice": 15, "dropout": 10, "decision": 75})
    if path == "advice":
        _close(case, fc + days(0, 30, rng), pick(rng, {"afgerond": 6, "zelf": 4}))
        return
    if path == "dropout":
        _close(case, fc + days(14, 60, rng), pick(rng, {"niet_verschenen": 4, "ingetrokken": 4, "voldoet_niet": 2}))
        return
    wait = rng.lognormvariate(math.log(30), 0.45)
    case.decision_on = next_workday(fc + dt.timedelta(days=max(3, min(int(wait), 150))))
    if rng.random() < 0.12:
        case.decision = "afwijzing"
        _close(
            case, case.decision_on + days(0, 14, rng), pick(rng, {"niet_passend": 5, "voldoet_niet": 2, "overig": 3})
        )
        return
    case.decision = "toelating"
    _admitted(rng, case)


def _maybe_reopen(rng: random.Random, case: Case) -> None:
    """A few cases are closed, then reopened when the client comes back, then closed for good later."""
    if (
        case.first_contact_on is None
        or case.close_reason not in {"ingetrokken", "niet_verschenen", "voldoet_niet"}
        or case.closed_on is None
        or not dt.date(2023, 1, 15) <= case.closed_on <= dt.date(2025, 8, 31)
        or rng.random() > 0.06
    ):
        return
    next_month = (case.closed_on.replace(day=28) + 4 * DAY).replace(day=1)
    reopened = max(case.closed_on + days(21, 75, rng), next_month + days(0, 10, rng))  # shown closed once
    case.reopen = (case.closed_on, case.close_reason, reopened)
    _close(case, reopened + days(60, 240, rng), pick(rng, {"afgerond": 4, "zelf": 3, "voldoet_niet": 3}))


def shv_lifecycle(rng: random.Random, case: Case, pressure: float) -> None:
    """Dates and outcomes of one case of the teams Noord and Zuid."""
    reg = case.registered_on
    case.crisis = rng.random() < 0.10
    if not case.crisis and rng.random() < 0.08:  # withdraws before the first conversation
        _close(case, reg + days(5, 35, rng), pick(rng, {"niet_verschenen": 55, "ingetrokken": 45}))
        return
    case.first_contact_on = _first_contact(rng, reg, case.crisis, pressure)
    _debts(rng, case, 25_000)
    _after_first_contact(rng, case)
    _maybe_reopen(rng, case)


def bbh_lifecycle(rng: random.Random, case: Case) -> None:
    """Dates and outcomes of a budget-management trajectory (team Budgetbeheer)."""
    reg = case.registered_on
    case.crisis = rng.random() < 0.04
    if not case.crisis and rng.random() < 0.06:
        _close(case, reg + days(5, 30, rng), pick(rng, {"niet_verschenen": 1, "ingetrokken": 1}))
        return
    case.first_contact_on = _first_contact(rng, reg, case.crisis, 0.8)
    case.decision_on = next_workday(case.first_contact_on + days(7, 35, rng))
    if rng.random() < 0.08:
        case.decision = "afwijzing"
        _close(case, case.decision_on + days(0, 10, rng), "niet_passend")
        return
    case.decision = "toelating"
    case.plan_on = case.decision_on + days(0, 14, rng)
    reason = pick(
        rng,
        {"afgerond": 65, "zelf": 8, "voldoet_niet": 10, "verhuisd": 5, "overleden": 3, "ingetrokken": 6, "overig": 3},
    )
    start = case.plan_on + days(0, 21, rng)
    short = reason in {"voldoet_niet", "ingetrokken", "overleden", "verhuisd"}
    end = start + (days(60, 300, rng) if short else days(180, 1100, rng))
    case.guidance["budgetbeheer"] = (start, end)
    if not short and rng.random() < 0.35:
        coach_start = end + days(0, 14, rng)
        end = coach_start + days(90, 270, rng)
        case.guidance["budgetcoaching"] = (coach_start, end)
    if rng.random() < 0.5:
        case.stab_start = case.plan_on
        case.stab_end = min(end, case.stab_start + days(90, 365, rng))
    _close(case, end + days(0, 20, rng), reason)


def _bbh_debts(rng: random.Random, case: Case) -> None:
    if rng.random() > 0.7:
        return
    n = max(1, min(len(CREDITORS), round(rng.lognormvariate(math.log(5), 0.5))))
    creditors = rng.sample(CREDITORS, n)
    debts = [Debt(name, kind, rng.randint(80, 6_000)) for name, kind in creditors]
    if rng.random() < 0.25:  # a second debt at the same creditor: the creditor counts once
        name, kind = creditors[0]
        debts.append(Debt(name, kind, rng.randint(80, 2_500)))
    case.debts = debts
    case.debt_total = float(sum(d.amount for d in debts))
    case.creditors = len({d.creditor for d in debts})


# ---------------------------------------------------------------- consultants on cases


def _active(team: str, d: dt.date) -> list[Consultant]:
    return [c for c in CONSULTANTS if c.team == team and c.active(d)]


def _choose(rng: random.Random, team: str, d: dt.date) -> str:
    staff = _active(team, d)
    month = d.strftime("%Y-%m")
    return rng.choices([c.name for c in staff], weights=[max(c.fte_in(month), 0.3) for c in staff])[0]


def assign_consultants(rng: random.Random, cases: list[Case]) -> None:
    """Who works each case: planned a few days after registration, handed over when someone leaves."""
    for case in cases:
        if case.first_contact_on is None and rng.random() < 0.4:
            continue  # withdrew before anyone was assigned
        on = next_workday(case.registered_on + days(0, 7, rng))
        if case.first_contact_on is not None:
            on = min(on, case.first_contact_on)
        case.consultants.append((on, _choose(rng, case.team, on)))
        if rng.random() < 0.04 and case.is_open(on + dt.timedelta(days=120)):
            later = next_workday(on + days(100, 120, rng))
            case.consultants.append((later, _choose(rng, case.team, later)))
    for leaver in (c for c in CONSULTANTS if c.end is not None):
        handover = next_workday(leaver.end + DAY)
        for case in cases:
            finally_closed = case.closed_on is not None and case.closed_on <= leaver.end
            if case.consultant_on(leaver.end) == leaver.name and not finally_closed:
                later = [x for x in case.consultants if x[0] > leaver.end]
                case.consultants = [x for x in case.consultants if x[0] <= leaver.end]
                case.consultants.append((handover, _choose(rng, case.team, handover)))
                case.consultants += [x for x in later if x[1] != leaver.name]


# ---------------------------------------------------------------- early warning


@dataclass
class Signal:
    signal_id: str
    municipality: str
    received_on: dt.date
    arrears_on: dt.date
    partner: str  # partner_type code
    amount: int
    crisis: bool
    warm: bool


@dataclass
class Attempt:
    on: dt.date
    kind: str  # DDAS EnumContactsoort
    reached: bool
    daypart: str


@dataclass
class SignalCase:
    key: str  # Melding-ID for VPS; internal otherwise (DDAS zaken have no id)
    municipality: str
    matched_on: dt.date
    person: Person | None
    signals: list[Signal]
    picked_up_on: dt.date | None = None
    attempts: list[Attempt] = field(default_factory=list)
    result: str | None = None
    result_on: dt.date | None = None

    def events(self) -> list[dt.date]:
        out = [self.matched_on, *(a.on for a in self.attempts)]
        out += [d for d in (self.picked_up_on, self.result_on) if d is not None]
        return out

    def reached_on(self, d: dt.date) -> dt.date | None:
        return next((a.on for a in self.attempts if a.reached and a.on <= d), None)


PARTNER_SHARE = {"zorg": 41, "huur": 20, "energie": 20, "water": 18, "overige": 1}
AMOUNT_RANGE = {
    "zorg": (150, 1_600),
    "huur": (450, 3_200),
    "energie": (90, 1_300),
    "water": (40, 420),
    "overige": (100, 900),
}
NOT_PICKED_UP = {
    "niet_opgepakt_herhaald": 45,
    "niet_opgepakt_onterecht": 15,
    "niet_opgepakt_anders": 25,
    "overleden": 3,
    "geen_inwoner": 12,
}
REACHED_RESULT = {
    "geen_reactie": 5,
    "geen_hulp_nodig": 40,
    "zelf_betaald": 20,
    "advies_quick_fix": 15,
    "vervolghulp_financieel": 15,
    "vervolghulp_niet_financieel": 5,
}


def _signal_count(rng: random.Random) -> int:
    return pick(rng, {1: 890, 2: 80, 3: 25, 4: 5})


def _attempts(rng: random.Random, zaak: SignalCase, limit: dt.date) -> None:
    """Contact attempts after pick-up: letter, phone, card, home visit; reached or not."""
    assert zaak.picked_up_on is not None
    n = pick(rng, {1: 25, 2: 35, 3: 25, 4: 15})
    visit = rng.random() < (0.6 if len(zaak.signals) > 1 else 0.28)
    reached_at = rng.randrange(n) if rng.random() < 0.335 else None
    on = zaak.picked_up_on + days(0, 3, rng)
    for i in range(n):
        if i == 0:
            kind = pick(rng, {"Brief": 60, "Telefoon": 25, "SMS/Whatsapp": 10, "Mail": 5})
        elif visit and i == n - 1:
            kind = "Huisbezoek"
        else:
            kind = pick(rng, {"Telefoon": 50, "Kaartje": 20, "Brief": 15, "SMS/Whatsapp": 15})
        daypart = pick(rng, {"Ochtend": 45, "Middag": 45, "Avond": 10})
        zaak.attempts.append(Attempt(min(on, limit), kind, reached_at == i, daypart))
        if reached_at == i:
            break
        on += days(2, 10, rng)


def signal_lifecycle(rng: random.Random, zaak: SignalCase) -> None:
    """Pick-up, contact attempts and result of one signal case; all within 56 days of matching."""
    m = zaak.matched_on
    limit = m + dt.timedelta(days=45)
    if rng.random() < 0.17:
        zaak.result = pick(rng, NOT_PICKED_UP)
        zaak.result_on = m + days(1, 20, rng)
        return
    zaak.picked_up_on = add_workdays(m, pick(rng, {0: 20, 1: 30, 2: 20, 3: 12, 5: 10, 8: 8}))
    known = pick(rng, {"al_bekend_shv": 6, "ander_traject": 4, None: 90})
    if known:
        zaak.attempts.append(Attempt(zaak.picked_up_on, "Administratief", False, "Ochtend"))
        zaak.result, zaak.result_on = known, zaak.picked_up_on + days(0, 5, rng)
        return
    _attempts(rng, zaak, limit)
    reached = zaak.reached_on(LAST_DAY + dt.timedelta(days=400))
    last = zaak.attempts[-1].on
    if reached:
        zaak.result, zaak.result_on = pick(rng, REACHED_RESULT), reached + days(0, 10, rng)
    else:
        zaak.result = "verwijzing_zonder_contact" if rng.random() < 0.03 else "geen_contact"
        zaak.result_on = last + days(3, 10, rng)
    zaak.result_on = min(zaak.result_on, m + dt.timedelta(days=56))


# ---------------------------------------------------------------- satisfaction


@dataclass
class Response:
    response_id: str
    responded_on: dt.datetime
    municipality: str
    team: str
    score: float
    nps: int | None
    comment: str


COMMENTS_GOOD = (
    "Fijne consulent, ik voelde me gehoord.",
    "Eindelijk rust in mijn hoofd. Dank jullie wel!",
    "Duidelijke uitleg, snel geholpen",
    "Goed geholpen.\nWel veel papierwerk, dat was zwaar.",
    "Prima, maar de wachttijd voor het eerste gesprek was lang",
    'Mijn consulent zei "we gaan dit samen oplossen" en dat klopte.',
    "Top; heel fijn dat er ook een huisbezoek kon.",
)
COMMENTS_BAD = (
    "Te lang moeten wachten, niemand belde terug.",
    "Ik snapte de brieven niet, die waren te ingewikkeld",
    "Wisselende consulenten; steeds opnieuw mijn verhaal doen.",
    "Voelde me niet serieus genomen.\nHet is nu wel opgelost, maar niet door jullie.",
)


# ---------------------------------------------------------------- the world


@dataclass
class World:
    seed: str
    municipalities: dict[str, Municipality]
    cases: list[Case]  # teams Noord, Zuid and Budgetbeheer
    signal_cases: list[SignalCase]
    responses: list[Response]
    staffing: list[tuple[str, str, str | None, float]]  # (month "YYYY-MM", team, consultant, fte)

    def team_cases(self, team: str) -> list[Case]:
        return [c for c in self.cases if c.team == team]


def _case_id(team: str, year: int, seq: int) -> str:
    if team == NOORD:
        return f"N{year}-{seq:04d}"
    if team == ZUID:
        return f"4{year % 100:02d}{seq:05d}"
    return f"BBH{year}-{seq:03d}"


def _client_no(team: str, n: int) -> str:
    return f"{100_000 + n * 7}" if team == NOORD else f"{500_000 + n * 3}" if team == ZUID else f"B{n:05d}"


def _arrivals(rng: random.Random, per_year: float, first: dt.date, last: dt.date) -> list[dt.date]:
    out = []
    d = first
    while d <= last:
        if is_workday(d):
            trend = 1 + 0.04 * (d.year - 2024)
            out += [d] * poisson(rng, per_year / 252 * SEASON[d.month] / SEASON_MEAN * trend)
        d += DAY
    return out


def simulate_cases(seed: str, people: People) -> list[Case]:
    rng = random.Random(f"{seed}:cases")
    arrivals: list[tuple[dt.date, str, str]] = []
    for (code, team), volume in CASE_VOLUME.items():
        arrivals += [(d, code, team) for d in _arrivals(rng, volume, SIM_START, LAST_DAY)]
    arrivals.sort()
    cases: list[Case] = []
    seq: dict[tuple[str, int], int] = {}
    clients: dict[str, list[tuple[str, Person]]] = {}
    for reg, code, team in arrivals:
        seq[(team, reg.year)] = seq.get((team, reg.year), 0) + 1
        earlier = clients.setdefault(f"{team}:{code}", [])
        if earlier and rng.random() < 0.05:  # a client who comes back with new debts
            client_no, person = rng.choice(earlier)
        else:
            client_no, person = _client_no(team, len(cases) + 1), people.new(code, reg, with_bsn=team == BBH)
            earlier.append((client_no, person))
        time = f"{rng.randint(8, 16):02d}:{rng.randint(0, 59):02d}"
        case = Case(_case_id(team, reg.year, seq[(team, reg.year)]), client_no, team, code, reg, time, person)
        if team == BBH:
            bbh_lifecycle(rng, case)
            if case.first_contact_on is not None:
                _bbh_debts(rng, case)
            if rng.random() < 0.25:
                case.partner = people.new(code, reg)
        else:
            shv_lifecycle(rng, case, PRESSURE[team].get(reg.strftime("%Y-%m"), 1.0))
        cases.append(case)
    assign_consultants(rng, [c for c in cases if c.team != BBH])
    return cases


def _new_signal_case(
    rng: random.Random, code: str, matched: dt.date, person: Person | None, counters: dict[tuple[str, int], int]
) -> SignalCase:
    n = _signal_count(rng)
    partners = []
    while len(partners) < n:
        p = pick(rng, PARTNER_SHARE)
        if p not in partners:
            partners.append(p)
    signals = []
    for p in partners:
        received = max(FIRST_DAY, matched - days(0, 20, rng))
        counters[(code, received.year)] = counters.get((code, received.year), 0) + 1
        lo, hi = AMOUNT_RANGE[p]
        signals.append(
            Signal(
                signal_id=f"VS{code}-{received.year}-{counters[(code, received.year)]:06d}",
                municipality=code,
                received_on=received,
                arrears_on=received - days(30, 150, rng),
                partner=p,
                amount=rng.randint(lo, hi),
                crisis=rng.random() < {"huur": 0.05, "energie": 0.03}.get(p, 0.01),
                warm=rng.random() < 0.02,
            )
        )
    counters[("zaak", code, matched.year)] = counters.get(("zaak", code, matched.year), 0) + 1
    seq = counters[("zaak", code, matched.year)]
    key = f"HM-{matched.year}-{seq:05d}" if code == "9904" else f"VSZ{code}-{matched.year}-{seq:05d}"
    return SignalCase(key, code, matched, person, signals)


def simulate_signals(seed: str, municipalities: dict[str, Municipality], people: People) -> list[SignalCase]:
    rng = random.Random(f"{seed}:signals")
    total = sum(m.inhabitants for m in municipalities.values())
    per_case = sum(k * w for k, w in {1: 890, 2: 80, 3: 25, 4: 5}.items()) / 1000
    zaken: list[SignalCase] = []
    counters: dict = {}
    for code, mun in municipalities.items():
        per_year = SIGNALS_PER_YEAR * mun.inhabitants / total / per_case
        pool_size = int(per_year * 1.3)
        pool = [people.new(code, LAST_DAY) for _ in range(pool_size)] if code != "9904" else []
        weights = [rng.lognormvariate(0, 0.8) for _ in pool]
        cum = list(itertools.accumulate(weights))
        for matched in _arrivals(rng, per_year, FIRST_DAY, LAST_DAY):
            person = rng.choices(pool, cum_weights=cum)[0] if pool else None
            zaak = _new_signal_case(rng, code, matched, person, counters)
            signal_lifecycle(rng, zaak)
            zaken.append(zaak)
    zaken.sort(key=lambda z: (z.matched_on, z.municipality, z.key))
    return zaken


def simulate_responses(seed: str, cases: list[Case]) -> list[Response]:
    """Survey answers: after the first conversation and after closing, a share responds."""
    rng = random.Random(f"{seed}:kto")
    raw: list[tuple[dt.datetime, str, str, float]] = []
    for case in cases:
        moments = []
        if case.first_contact_on and rng.random() < 0.30:
            moments.append((case.first_contact_on + days(2, 20, rng), 7.5))
        if case.closed_on and case.close_reason in {"afgerond", "zelf"} and rng.random() < 0.55:
            moments.append((case.closed_on + days(3, 40, rng), 8.1))
        elif case.closed_on and case.first_contact_on and rng.random() < 0.2:
            moments.append((case.closed_on + days(3, 40, rng), 6.3))
        for on, mean in moments:
            if FIRST_DAY <= on <= LAST_DAY:
                at = dt.datetime.combine(on, dt.time(rng.randint(7, 22), rng.randint(0, 59), rng.randint(0, 59)))
                raw.append((at, case.municipality, case.team, mean))
    raw.sort()
    out = []
    per_year: dict[int, int] = {}
    for at, code, team, mean in raw:
        per_year[at.year] = per_year.get(at.year, 0) + 1
        score = min(10.0, max(1.0, rng.gauss(mean, 1.2)))
        score = round(score * 2) / 2 if rng.random() < 0.15 else float(round(score))
        nps = None if rng.random() < 0.1 else int(min(10, max(0, round(score + rng.gauss(-0.4, 1.2)))))
        comment = ""
        if rng.random() < 0.35:
            comment = rng.choice(COMMENTS_GOOD if score >= 7 else COMMENTS_BAD)
        out.append(Response(f"KTO-{at.year}-{per_year[at.year]:05d}", at, code, team, score, nps, comment))
    return out


def staffing_rows() -> list[tuple[str, str, str | None, float]]:
    rows: list[tuple[str, str, str | None, float]] = []
    for first, last in month_ends():
        month = first.strftime("%Y-%m")
        for c in CONSULTANTS:
            if c.start <= last and (c.end is None or c.end >= first) and month >= (c.staffing_from or ""):
                rows.append((month, c.team, c.name, c.fte_in(month)))
        for (team, m), fte in HIRED_CAPACITY.items():
            if m == month:
                rows.append((month, team, None, fte))
    return rows


def simulate(seed: str | int = 2025) -> World:
    seed = str(seed)
    municipalities = load_municipalities()
    people = People(random.Random(f"{seed}:people"), municipalities)
    cases = simulate_cases(seed, people)
    signal_cases = simulate_signals(seed, municipalities, people)
    responses = simulate_responses(seed, cases)
    return World(seed, municipalities, cases, signal_cases, responses, staffing_rows())
