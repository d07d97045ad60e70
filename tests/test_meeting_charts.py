"""The chart builders of the caseload-meeting pages, without Streamlit: the term line in a day histogram, the
forecast drawn dashed after the measured waiting list, the model's assumptions in Dutch."""

from __future__ import annotations

from datetime import date

from metrics.forecast import ForecastMonth, QueueInputs, WaitlistForecast, WindowMonth
from metrics.periods import Period
from ui import charts, meeting_views


def test_day_histogram_draws_the_term_between_two_buckets():
    fig = charts.day_histogram(
        ["0–7", "8–14", "15–21", "22–28", "meer dan 28"], {"Binnen": [1, 2, 3, 4, 0], "Over": [0, 0, 0, 0, 5]},
        title="t", term_after="22–28", term_label="Termijn 28 dagen",
    )  # fmt: skip
    (line,) = fig.layout.shapes
    assert (line.x0, line.x1, line.line.dash) == (3.5, 3.5, "dash")  # after the fourth bucket
    assert fig.layout.annotations[0].text == "Termijn 28 dagen"
    assert fig.layout.barmode == "stack" and fig.layout.separators == ",."


M = Period.month


def _forecast() -> WaitlistForecast:
    window = [WindowMonth(M(2025, m), 10, 8, 1) for m in (5, 6)]
    months = [ForecastMonth(M(2025, 7), 13.0, 48.7, 12), ForecastMonth(M(2025, 8), 14.0, 52.4, None)]
    inputs = QueueInputs(waiting=12, inflow=10, capacity=8, withdrawals=1)
    return WaitlistForecast(M(2025, 6), date(2025, 6, 30), window, 6, inputs, 45.7, months)


def test_the_forecast_follows_the_measured_list_dashed():
    fig, frame = meeting_views.forecast_view(_forecast(), {M(2025, 5): 11, M(2025, 6): 12})
    measured, forecast = fig.data
    assert list(measured.x) == ["mei 2025", "jun 2025", "jul 2025", "aug 2025"]
    assert list(measured.y) == [11, 12, 12, None]  # July is known already, August not
    assert list(forecast.y) == [None, 12, 13.0, 14.0]  # from the last measured month on
    assert forecast.line.dash == "dash" and measured.line.dash is None
    assert list(frame["Verwachte wachttijd (dagen)"]) == ["49", "52"]
    assert list(frame["Werkelijk (als bekend)"]) == ["12", ""]


def test_the_assumptions_are_spelled_out():
    lines = meeting_views.assumptions(_forecast())
    assert lines[0] == "**Startpunt**: 12 wachtenden op 30-06-2025."
    assert "gemiddeld 10,0 aanmeldingen per maand (mei 2025 t/m juni 2025, 2 maanden; instelling: 6)" in lines[1]
    assert "+1,0 per maand" in lines[4]  # 10 − 8 − 1
    assert "nu 46 dagen" in lines[5]
