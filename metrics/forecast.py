"""A forecast of the waiting list and the expected wait for the next months: a simple, explained queue model.

The model (every step is shown on the page):

* **Inflow** λ: the mean number of help requests (registrations) per month over the last N complete months
  (setting ``forecast_window_months``, default 6; fewer when the data is younger).
* **Capacity** μ: the mean number of first conversations per month that took a case off the waiting list
  (a first conversation on or before the case's closing date), over the same months.
* **Withdrawals** ω: the mean number of cases per month that left the waiting list without a first
  conversation (closed while waiting: withdrawn, did not show up, moved).
* **Waiting list** next month: ``W(m+1) = max(0, W(m) + λ − μ − ω)``, starting from the ``wachtlijst`` KPI on
  ``as_of`` of the chosen month. For past months the same balance holds exactly: registrations in, leavers
  out (``store.queries.waiting``).
* **Expected wait** for someone who registers then: ``W / μ`` months (Little's law: everyone ahead is seen
  at the capacity rate), in days at 365.25 / 12 days a month; undefined without capacity.

Assumptions: inflow and capacity stay at their recent means (no season, no holidays, no extra staff), crisis
cases queue with the others, first come first served.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from metrics.compute import EngineLike, compute_periods, resolve_engine
from metrics.periods import Granularity, Period
from metrics.phases import CASES, prepare, reference_day
from store import metrics_queries as q
from store.metrics_queries import EVERYTHING, Scope

DAYS_PER_MONTH = 365.25 / 12
HORIZON = 3


@dataclass(frozen=True)
class QueueInputs:
    waiting: float  # the waiting list at the start
    inflow: float  # λ, registrations per month
    capacity: float  # μ, first conversations (off the list) per month
    withdrawals: float  # ω, cases closed while waiting per month

    @property
    def net_change(self) -> float:
        """How much the waiting list grows per month while it is not empty."""
        return self.inflow - self.capacity - self.withdrawals


def expected_wait_days(waiting: float, capacity: float) -> float | None:
    """Little's law: ``waiting / capacity`` months, in days; None without capacity."""
    if capacity <= 0:
        return None
    return waiting / capacity * DAYS_PER_MONTH


@dataclass(frozen=True)
class ForecastMonth:
    period: Period
    waiting: float
    expected_wait_days: float | None
    actual: int | None = None  # the wachtlijst KPI, where the data already covers the month


def project(inputs: QueueInputs, months: Sequence[Period]) -> list[ForecastMonth]:
    """The waiting list at the end of each of ``months`` (consecutive, after the start) by the model."""
    out, waiting = [], inputs.waiting
    for month in months:
        waiting = max(0.0, waiting + inputs.net_change)
        out.append(ForecastMonth(month, waiting, expected_wait_days(waiting, inputs.capacity)))
    return out


@dataclass(frozen=True)
class WindowMonth:
    period: Period
    registered: int
    first_contacts: int
    closed_waiting: int


@dataclass(frozen=True)
class WaitlistForecast:
    period: Period  # the month the forecast starts from
    as_of: date
    window: list[WindowMonth]  # the months the means are taken over (oldest first)
    window_setting: int  # forecast_window_months
    inputs: QueueInputs | None  # None when no complete month lies behind the start yet
    wait_now_days: float | None  # the expected wait on as_of
    months: list[ForecastMonth]

    @property
    def complete(self) -> bool:
        """The start month is over (the forecast starts at its end)."""
        return self.as_of == self.period.last_day


def _month(period: Period, reference: date) -> Period:
    """The month the forecast starts from: the chosen one, or the month of its reference date when that lies
    before it (the data stop earlier), so that the start list, the window and the months ahead agree."""
    if period.granularity is Granularity.MONTH and reference >= period.first_day:
        return period
    return Period.containing(reference, Granularity.MONTH)


def _window(last: Period, length: int, first_registration: date | None) -> list[Period]:
    months = [last.shift(-k) for k in range(length - 1, -1, -1)]
    if first_registration is None:
        return []
    return [m for m in months if m.last_day >= first_registration]


def _mean(values: Sequence[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def waitlist_forecast(
    db: EngineLike,
    period: Period | str,
    scope: Scope | None = None,
    *,
    today: date | None = None,
    horizon: int = HORIZON,
) -> WaitlistForecast:
    """The waiting list and expected wait for the ``horizon`` months after ``period`` (a month)."""
    visible = scope or EVERYTHING
    engine = resolve_engine(db)
    settings = prepare(engine)
    with engine.connect() as conn:
        start = Period.parse(period)
        reference = reference_day(conn, start, today)
        month = _month(start, reference)
        last_complete = month if reference >= month.last_day else month.previous()
        first = q.first_registration(conn, visible)  # a team or municipality whose data begin later
        window = _window(last_complete, settings.forecast_window_months, first)
        flows = q.month_flows(conn, [m.first_day for m in window], last_complete.last_day, visible) if window else []
        data_through = q.latest_import_date(conn, CASES)
    ahead = [month.shift(k) for k in range(1, horizon + 1)]
    known = [m for m in ahead if data_through is not None and m.last_day <= data_through]
    results = compute_periods(engine, [month, *known], None, visible, kpis=["wachtlijst"], today=today)
    waiting = {r.period: r.value for r in results}
    pairs = zip(window, flows, strict=True)
    rows = [WindowMonth(m, f.registered, f.first_contacts, f.closed_waiting) for m, f in pairs]
    if not rows:
        return WaitlistForecast(month, reference, [], settings.forecast_window_months, None, None, [])
    inputs = QueueInputs(
        waiting=float(waiting.get(month) or 0),
        inflow=_mean([r.registered for r in rows]),
        capacity=_mean([r.first_contacts for r in rows]),
        withdrawals=_mean([r.closed_waiting for r in rows]),
    )
    months = [
        ForecastMonth(f.period, f.waiting, f.expected_wait_days, _int(waiting.get(f.period)))
        for f in project(inputs, ahead)
    ]
    return WaitlistForecast(
        month, reference, rows, settings.forecast_window_months, inputs,
        expected_wait_days(inputs.waiting, inputs.capacity), months,
    )  # fmt: skip


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)
