"""The booking settings the domain needs, and which zone each side reads times in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.qualify.booking.hours import WorkingHours, working_hours
from bot.qualify.booking.slots import SlotRules
from bot.settings import Settings
from storage.meetings import HoursView
from storage.models import Lead

REMIND_BEFORE = timedelta(hours=1)


@dataclass(frozen=True)
class BookingPolicy:
    """Meeting length, notice and horizon, and the business zone (the default for a lead)."""

    rules: SlotRules = field(default_factory=SlotRules)
    business_zone: str = "Europe/Berlin"
    remind_before: timedelta = REMIND_BEFORE

    @classmethod
    def from_settings(cls, settings: Settings) -> BookingPolicy:
        """The policy the LEADBOT_MEETING_* and business time zone settings describe."""
        rules = SlotRules(
            minutes=settings.meeting_minutes,
            notice_minutes=settings.meeting_notice_minutes,
            horizon_days=settings.meeting_horizon_days,
        )
        return cls(rules=rules, business_zone=settings.business_timezone)

    def zone_of(self, lead: Lead) -> str:
        """The zone a prospect reads times in: their own, else the business's."""
        return lead.timezone or self.business_zone


def hours_from(view: HoursView) -> WorkingHours:
    """Stored working hours as the domain reads them."""
    return working_hours(view.days, f"{view.opens}-{view.closes}", view.timezone)
