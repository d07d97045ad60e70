"""SMART targets: complete or refused (Dutch messages), versions kept on edit, status history never
overwritten, copy to the next year, the tile marks, and the projection to the deadline computed by hand."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from metrics import target_progress, targets
from metrics.periods import Period
from metrics.target_progress import least_squares, project
from metrics.targets import Comparison, TargetDraft, TargetError, TargetStatus
from store.metrics_queries import Scope
from tests.metrics_helpers import case, insert_rows

NOORD = "Schuldhulp Noord"
COMPLETE = TargetDraft(
    plan_year=2025,
    kpi="eerste_gesprek_tijdig_pct",
    team=NOORD,
    comparison=Comparison.AT_LEAST,
    value=90.0,
    baseline_value=85.0,
    baseline_on=date(2025, 1, 1),
    deadline=date(2025, 12, 31),
    owner="Teamleider Noord",
    rationale="De wettelijke termijn van vier weken; in 2024 haalde het team 85%.",
)


def _problems(**changes: object) -> list[str]:
    return targets.check(dataclasses.replace(COMPLETE, **changes))


def test_a_complete_target_naming_a_registry_kpi_passes():
    assert targets.check(COMPLETE) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kpi": None}, "Kies de KPI waar het doel over gaat."),
        ({"kpi": "bestaat_niet"}, "Onbekende KPI 'bestaat_niet'."),
        ({"comparison": None}, "Kies of de waarde ten minste (≥) of ten hoogste (≤) moet zijn."),
        ({"value": None}, "Vul de doelwaarde in."),
        ({"value": 120.0}, "De doelwaarde past niet bij Eerste gesprek binnen termijn: een percentage ligt tussen 0 en 100."),
        ({"baseline_value": None}, "Vul de nulmeting in (de waarde bij de start)."),
        ({"baseline_on": None}, "Vul de datum van de nulmeting in."),
        ({"deadline": None}, "Vul de deadline in."),
        ({"deadline": date(2026, 3, 31)}, "De deadline ligt in het jaar van het jaarplan (2025)."),
        ({"baseline_on": date(2026, 1, 1), "deadline": date(2025, 6, 30)}, "De nulmeting ligt voor de deadline."),
        ({"plan_year": None}, "Vul het jaar van het jaarplan in (bijvoorbeeld 2025)."),
        ({"owner": "   "}, "Vul de eigenaar in (wie is verantwoordelijk voor het doel)."),
        ({"rationale": ""}, "Vul de onderbouwing in (waarom dit doel, waarom deze waarde)."),
        ({"municipality": "9901"}, "Kies een team of een gemeente, niet allebei."),
        ({"team": "Schuldhulp Oost"}, "Onbekend team 'Schuldhulp Oost'."),
        ({"team": None, "municipality": "0518"}, "Onbekende gemeente '0518'."),
        ({"kpi": "caseload_per_fte", "team": None, "municipality": "9901", "value": 30.0, "baseline_value": 35.0},
         "Dossiers per fte is niet per gemeente te meten: kies een team of alle gemeenten."),
        ({"kpi": "kto_gemiddeld", "value": 11.0, "baseline_value": 7.0},
         "De doelwaarde past niet bij Gemiddeld rapportcijfer: een rapportcijfer ligt tussen 1 en 10."),
    ],
)  # fmt: skip
def test_an_incomplete_or_unsound_target_is_refused_with_a_dutch_message(changes, message):
    problems = _problems(**changes)
    assert any(p.startswith(message) for p in problems), problems


def test_nothing_is_saved_when_the_target_is_incomplete(db_url):
    with pytest.raises(TargetError) as caught:
        targets.create(db_url, dataclasses.replace(COMPLETE, kpi="bestaat_niet", owner=""), "tester")
    assert caught.value.messages == [
        "Onbekende KPI 'bestaat_niet'. Bekend: " + caught.value.messages[0].split("Bekend: ")[1],
        "Vul de eigenaar in (wie is verantwoordelijk voor het doel).",
    ]
    assert targets.current(db_url) == []


def test_editing_keeps_the_old_version(db_url):
    first = targets.create(db_url, COMPLETE, "Anna")
    second = targets.edit(db_url, first.key, dataclasses.replace(COMPLETE, value=92.0, owner="Bram"), "Bram")
    assert (second.key, second.version, second.value, second.created_by) == (first.key, 2, 92.0, "Bram")
    versions = targets.versions(db_url, first.key)
    assert [(v.version, v.value, v.owner) for v in versions] == [(1, 90.0, "Teamleider Noord"), (2, 92.0, "Bram")]
    assert versions[0].superseded_by == "Bram" and versions[0].superseded_at is not None
    assert versions[1].superseded_at is None
    assert [(t.key, t.version) for t in targets.current(db_url, 2025)] == [(first.key, 2)]
    with pytest.raises(TargetError, match="Er is niets gewijzigd"):
        targets.edit(db_url, first.key, dataclasses.replace(COMPLETE, value=92.0, owner="Bram"), "Bram")
    assert targets.withdraw(db_url, first.key, "Carla")
    assert targets.current(db_url) == [] and len(targets.versions(db_url, first.key)) == 2
    with pytest.raises(TargetError, match="bestaat niet"):
        targets.edit(db_url, first.key, COMPLETE, "Carla")


def test_status_updates_are_a_history_never_an_overwrite(db_url):
    target = targets.create(db_url, COMPLETE, "Anna")
    targets.add_status(db_url, target.key, date(2025, 4, 2), TargetStatus.ON_TRACK, "Op schema.", "Anna",
                       today=date(2025, 10, 1))  # fmt: skip
    targets.add_status(db_url, target.key, date(2025, 9, 30), "risico", "Wachtlijst groeit.", "Bram",
                       today=date(2025, 10, 1))  # fmt: skip
    # written later, dated earlier: the history stays in date order, the newest date is current
    targets.add_status(db_url, target.key, date(2025, 7, 1), "achter", "Na de zomer.", "Carla", today=date(2025, 10, 1))
    history = targets.statuses(db_url)[target.key]
    assert [(u.on_date, u.status, u.author, u.note) for u in history] == [
        (date(2025, 4, 2), TargetStatus.ON_TRACK, "Anna", "Op schema."),
        (date(2025, 7, 1), TargetStatus.BEHIND, "Carla", "Na de zomer."),
        (date(2025, 9, 30), TargetStatus.AT_RISK, "Bram", "Wachtlijst groeit."),
    ]
    assert targets.latest(history).status is TargetStatus.AT_RISK
    # a new version of the target keeps the history; later statuses name the version they were written for
    targets.edit(db_url, target.key, dataclasses.replace(COMPLETE, value=88.0), "Anna")
    update = targets.add_status(db_url, target.key, date(2025, 10, 1), "op koers", "Bijgesteld.", "Anna",
                                today=date(2025, 10, 1))  # fmt: skip
    assert update.target_version == 2 and len(targets.statuses(db_url)[target.key]) == 4


def test_a_status_needs_a_known_status_a_date_not_in_the_future_a_note_and_an_author(db_url):
    target = targets.create(db_url, COMPLETE, "Anna")
    with pytest.raises(TargetError) as caught:
        targets.add_status(db_url, target.key, date(2025, 12, 1), "prima", "  ", "", today=date(2025, 11, 30))
    assert caught.value.messages == [
        "Kies een status: op koers, risico, achter, behaald, niet behaald.",
        "De datum van de status ligt in de toekomst.",
        "Licht de status toe: wat is er gedaan, wat is het vervolg.",
        "Een status heeft een auteur nodig.",
    ]
    with pytest.raises(TargetError, match="bestaat niet"):
        targets.add_status(db_url, "onbekend", date(2025, 1, 1), "risico", "x", "Anna", today=date(2025, 2, 1))
    assert targets.statuses(db_url) == {}


def test_no_consultant_names_in_texts_for_the_council(db_url):
    insert_rows(db_url, "cases", [case("c1", "2025-01-06", consultant="Koen Hofstede")])
    with pytest.raises(TargetError, match="Noem geen consulenten"):
        targets.create(db_url, dataclasses.replace(COMPLETE, rationale="Koen Hofstede vertrekt in juni."), "Anna")
    target = targets.create(db_url, COMPLETE, "Anna")
    with pytest.raises(TargetError, match=r"Noem geen consulenten .*Koen Hofstede"):
        targets.add_status(db_url, target.key, date(2025, 3, 1), "risico", "koen  hofstede is ziek", "Anna",
                           today=date(2025, 3, 2))  # fmt: skip


def test_copy_to_next_year(db_url):
    kept = targets.create(db_url, COMPLETE, "Anna")
    leap = targets.create(
        db_url,
        dataclasses.replace(COMPLETE, plan_year=2024, deadline=date(2024, 2, 29), baseline_on=date(2023, 12, 31)),
        "Anna",
    )
    gone = targets.create(
        db_url, dataclasses.replace(COMPLETE, kpi="wachtlijst", value=20.0, baseline_value=35.0), "Anna"
    )
    targets.withdraw(db_url, gone.key, "Anna")
    copied = targets.copy_to_next_year(db_url, 2025, "Bram")
    assert copied.skipped == 0 and len(copied.created) == 1  # the withdrawn target stays behind
    new = copied.created[0]
    assert (new.plan_year, new.deadline, new.copied_from, new.created_by) == (
        2026,
        date(2026, 12, 31),
        kept.key,
        "Bram",
    )
    assert (new.kpi_id, new.team, new.value, new.baseline_value, new.owner) == (
        kept.kpi_id, kept.team, kept.value, kept.baseline_value, kept.owner,
    )  # fmt: skip
    again = targets.copy_to_next_year(db_url, 2025, "Bram")
    assert (again.created, again.skipped) == ([], 1)
    assert [t.key for t in targets.current(db_url, 2026)] == [new.key]
    assert targets.copy_to_next_year(db_url, 2024, "Bram").created[0].deadline == date(2025, 2, 28)
    assert leap.deadline == date(2024, 2, 29)


def test_targets_visible_to_a_viewer_and_matched_to_a_scope():
    base = targets.Target("k", 1, 2025, "wachtlijst", None, "9903", Comparison.AT_MOST, 20.0, 30.0,
                          date(2025, 1, 1), date(2025, 12, 31), "x", "y", None, None, "a")  # type: ignore[arg-type]  # fmt: skip
    assert base.visible_to(Scope()) and base.visible_to(Scope.of(["Schuldhulp Zuid"]))  # 9903 is Zuid's
    assert not base.visible_to(Scope.of([NOORD])) and not base.visible_to(Scope.of(None, ["9901"]))
    count = dataclasses.replace(base, key="c", kpi_id="aanmeldingen", comparison=Comparison.AT_LEAST, value=500.0)
    # a year's count can only be held against the whole year; a state (waiting list) against any period
    assert targets.comparable(count, Period.parse("2025")) and not targets.comparable(count, Period.parse("2025-Q3"))
    assert targets.comparable(base, Period.parse("2025-03")) and not targets.comparable(base, Period.parse("2024-03"))
    marks = targets.marks([base, count], Period.parse("2025-03"), None, "9903")
    assert {k: (m.comparison, m.value, m.label) for k, m in marks.items()} == {
        "wachtlijst": ("≤", 20.0, "jaarplan 2025")
    }
    assert targets.marks([base, count], Period.parse("2025-03"), None, None) == {}


def test_least_squares_by_hand():
    # points (0, 1), (1, 3), (2, 5), (3, 7): y = 1 + 2x exactly
    line = least_squares([(0, 1), (1, 3), (2, 5), (3, 7)])
    assert (line.intercept, line.slope) == pytest.approx((1.0, 2.0))
    # (0, 0), (1, 1), (2, 1): mean x 1, mean y 2/3; sxy = (-1)(-2/3) + 0 + (1)(1/3) = 1; sxx = 2; slope 1/2;
    # intercept 2/3 - 1/2 = 1/6
    line = least_squares([(0, 0), (1, 1), (2, 1)])
    assert (line.intercept, line.slope) == pytest.approx((1 / 6, 1 / 2))


def _rate_target(**changes: object) -> targets.Target:
    base = targets.Target("k", 1, 2025, "eerste_gesprek_tijdig_pct", None, None, Comparison.AT_LEAST, 90.0, 85.0,
                          date(2025, 1, 1), date(2025, 12, 31), "x", "y", None, None, "a")  # type: ignore[arg-type]  # fmt: skip
    return dataclasses.replace(base, **changes)


def test_projection_of_a_rate_extends_the_line_to_the_deadline_month():
    months = [(Period.month(2025, m), 70.0 + 2 * (m - 1)) for m in range(1, 7)]  # 70, 72, ..., 80 (Jan-Jun)
    projection = project(_rate_target(), months)
    # slope 2 a month: June 80 + 6 months x 2 = 92 in December
    assert projection.value == pytest.approx(92.0)
    assert projection.deadline_month == Period.month(2025, 12)
    assert "januari 2025 t/m juni 2025" in projection.explanation and "december 2025" in projection.explanation
    too_few = project(_rate_target(), months[:5])
    assert too_few.value is None and "minstens 6" in too_few.explanation
    with_gaps = project(_rate_target(), [*months[:3], (Period.month(2025, 4), None), *months[4:]])
    assert with_gaps.value is None  # five months with a value


def test_projection_of_a_count_adds_the_line_for_the_months_to_come(db_url):
    # help requests: none from July to December 2024, then 1, 2, 3, 4, 5, 6 in January .. June 2025
    rows = [case(f"c{m}-{i}", f"2025-{m:02d}-10") for m in range(1, 7) for i in range(m)]
    insert_rows(db_url, "cases", rows)
    target = targets.create(
        db_url,
        dataclasses.replace(COMPLETE, kpi="aanmeldingen", team=None, value=60.0, baseline_value=40.0),
        "Anna",
    )
    [progress] = target_progress.progress(db_url, [target], today=date(2025, 7, 1))
    assert progress.measured.value == 21 and progress.measured.as_of == date(2025, 7, 1)  # no import: today
    # the last 12 complete months: July 2024 (x = 0) .. June 2025 (x = 11), values 0,0,0,0,0,0,1,2,3,4,5,6
    # mean x 5.5, mean y 21/12 = 1.75; sxx = 143; sxy = 0.5*1 + 1.5*2 + 2.5*3 + 3.5*4 + 4.5*5 + 5.5*6 = 80.5
    slope = 80.5 / 143
    intercept = 1.75 - slope * 5.5
    # the year's total: the 21 measured, plus the line for July .. December 2025 (x = 12 .. 17)
    expected = 21 + sum(intercept + slope * x for x in range(12, 18))
    assert progress.projection.value == pytest.approx(expected)  # about 61.9
    assert progress.expected_met is True and progress.met is False  # 21 so far, 61.9 expected, 60 needed
    assert len(progress.projection.months) == 12
    # once the deadline's month is complete, there is nothing left to project
    [done] = target_progress.progress(db_url, [target], today=date(2026, 1, 5))
    assert done.projection is None and done.deadline_passed and done.met is False  # 21 < 60
