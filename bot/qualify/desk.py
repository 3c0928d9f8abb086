"""Who stands behind the bot, and when: business hours, the SLA, the manager chat and the
admins. One policy object for routing, the SLA job and the promise made to a prospect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.qualify.business_time import DAYS
from bot.settings import Settings


@dataclass(frozen=True)
class SlaPolicy:
    """How long a rep has to accept, in business time, and where it goes after that."""

    minutes: int
    max_tries: int
    hours: str
    days: str
    zone: str
    manager_chat_id: int | None
    admin_ids: tuple[int, ...] = ()

    def escalation_chats(self) -> tuple[int, ...]:
        """The manager chat when one is set, else every admin: escalations reach someone."""
        if self.manager_chat_id is not None:
            return (self.manager_chat_id,)
        return self.admin_ids


def sla_policy(settings: Settings) -> SlaPolicy:
    """The handover deadlines and who hears of a stranded lead, from the settings."""
    return SlaPolicy(
        minutes=settings.handover_sla_minutes,
        max_tries=settings.handover_max_tries,
        hours=settings.business_hours,
        days=settings.business_days,
        zone=settings.business_timezone,
        manager_chat_id=settings.manager_chat_id,
        admin_ids=tuple(settings.admin_ids),
    )


def next_business_day(now: datetime, policy: SlaPolicy) -> date:
    """The first business day after today (in the business time zone): the honest promise
    when nobody can take a lead now."""
    open_days = {DAYS.index(day.strip()[:3].lower()) for day in policy.days.split(",") if day}
    today = now.astimezone(ZoneInfo(policy.zone)).date()
    for ahead in range(1, 8):
        day = today + timedelta(days=ahead)
        if day.weekday() in open_days:
            return day
    return today + timedelta(days=1)  # no business day at all: settings refuse that


def day_code(day: date) -> str:
    """`mon` … `sun`, the key of the day's name in content."""
    return DAYS[day.weekday()]
