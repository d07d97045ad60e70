"""The legal terms of a case: the first-conversation deadline and the decision deadline.

* First conversation: ``registered_on`` + 28 days, moved forward to a working day (Atw art. 1); in crisis
  the third working day after ``registered_on``. A case whose ``crisis`` is unknown counts as no crisis.
* Decision (beschikking): ``first_contact_on`` + 56 days (Awb 4:13), moved forward to a working day.

Meeting a deadline on the day itself is on time. The term lengths are settings (``metrics.settings``);
a municipality may set stricter ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from metrics.calendar import WorkingDayCalendar


@dataclass(frozen=True)
class Terms:
    first_contact_days: int = 28
    crisis_working_days: int = 3
    decision_days: int = 56
    calendar: WorkingDayCalendar = field(default_factory=WorkingDayCalendar)

    def first_contact_deadline(self, registered_on: date, crisis: bool | None = False) -> date:
        """The last day on which the first conversation is on time."""
        if crisis:
            return self.calendar.add_working_days(registered_on, self.crisis_working_days)
        return self.calendar.on_or_after(registered_on + timedelta(days=self.first_contact_days))

    def decision_deadline(self, first_contact_on: date) -> date:
        """The last day on which the decision on admission is on time."""
        return self.calendar.on_or_after(first_contact_on + timedelta(days=self.decision_days))

    @property
    def version(self) -> str:
        """A short hash of everything a stored deadline depends on."""
        text = (
            f"{self.first_contact_days}|{self.crisis_working_days}|{self.decision_days}|"
            f"{self.calendar.fingerprint}"
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]
