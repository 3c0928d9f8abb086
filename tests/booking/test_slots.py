"""Free slots from working hours: weekends, notice, busy times, zones and DST changes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.qualify.booking.hours import BadHours, WorkingHours, parse_days, working_hours
from bot.qualify.booking.slots import Slot, SlotRules, free_starts, offer, spread, still_free

BERLIN_WEEK = working_hours("mon-fri", "09:00-17:00", "Europe/Berlin")
RULES = SlotRules(minutes=30, notice_minutes=120, horizon_days=14, count=3)


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _first(
    hours: WorkingHours | None, now: datetime, zone: str = "Europe/Berlin", **rules: int
) -> datetime:
    return next(free_starts(hours or BERLIN_WEEK, [], now, SlotRules(**rules), zone))


def test_days_read_as_ranges_and_lists() -> None:
    assert parse_days("mon-fri") == frozenset(range(5))
    assert parse_days("mon,wed,fri") == frozenset({0, 2, 4})
    assert parse_days("Monday-Tuesday,sat") == frozenset({0, 1, 5})


@pytest.mark.parametrize(
    ("days", "span", "zone", "says"),
    [
        ("mon-fry", "09:00-17:00", "Europe/Berlin", "'fry' is no weekday"),
        ("fri-mon", "09:00-17:00", "Europe/Berlin", "the first day must come before the last"),
        ("mon-fri", "17:00-09:00", "Europe/Berlin", "the end must come after the start"),
        ("mon-fri", "nine to five", "Europe/Berlin", "is no span of hours"),
        ("mon-fri", "09:00-17:00", "Berlin", "is no time zone"),
    ],
)
def test_unreadable_hours_say_what_is_wrong(days: str, span: str, zone: str, says: str) -> None:
    with pytest.raises(BadHours, match=says):
        working_hours(days, span, zone)


def test_a_weekend_is_skipped_to_monday_morning() -> None:
    saturday_noon = _utc(2026, 11, 21, 11, 0)
    assert _first(None, saturday_noon) == _utc(2026, 11, 23, 8, 0)  # Monday 09:00 in Berlin


def test_the_notice_period_and_the_grid_decide_the_first_slot_of_today() -> None:
    tuesday_1010_berlin = _utc(2026, 11, 24, 9, 10)
    # Two hours' notice: 12:10 Berlin, so the next half hour of the grid, 12:30.
    assert _first(None, tuesday_1010_berlin) == _utc(2026, 11, 24, 11, 30)
    late = _utc(2026, 11, 24, 15, 31)  # 16:31 Berlin: nothing fits today any more
    assert _first(None, late) == _utc(2026, 11, 25, 8, 0)


def test_booked_meetings_are_not_offered_again() -> None:
    monday = _utc(2026, 11, 23, 8, 0)
    busy = [
        (monday, monday + timedelta(minutes=30)),
        (monday + timedelta(hours=1), monday + timedelta(hours=2)),
    ]
    starts = list(free_starts(BERLIN_WEEK, busy, _utc(2026, 11, 22, 9, 0), RULES, "Europe/Berlin"))
    assert starts[:3] == [
        _utc(2026, 11, 23, 8, 30),
        _utc(2026, 11, 23, 10, 0),
        _utc(2026, 11, 23, 10, 30),
    ]
    assert not still_free(BERLIN_WEEK, busy, _utc(2026, 11, 22, 9), RULES, "Europe/Berlin", monday)
    assert still_free(BERLIN_WEEK, busy, _utc(2026, 11, 22, 9), RULES, "Europe/Berlin", starts[0])


def test_a_time_off_the_grid_or_in_the_past_is_not_free() -> None:
    now = _utc(2026, 11, 23, 12, 0)
    past = _utc(2026, 11, 23, 8, 0)
    odd = _utc(2026, 11, 24, 8, 10)
    for at in (past, odd):
        assert not still_free(BERLIN_WEEK, [], now, RULES, "Europe/Berlin", at)


def test_the_prospect_is_offered_no_time_at_night_in_their_own_zone() -> None:
    # A rep in Berlin from 09:00 is 03:00 in New York: the first slot a New Yorker gets is
    # 13:00 Berlin (07:00 in New York).
    first = _first(None, _utc(2026, 11, 22, 9, 0), "America/New_York")
    assert first == _utc(2026, 11, 23, 12, 0)


def test_rep_zone_and_prospect_zone_meet_on_the_same_instants() -> None:
    tokyo = working_hours("mon-fri", "09:00-17:00", "Asia/Tokyo")
    first = _first(tokyo, _utc(2026, 11, 22, 9, 0), "Asia/Tokyo")
    assert first == _utc(2026, 11, 23, 0, 0)  # Monday 09:00 in Tokyo is Monday 00:00 UTC
    assert first.astimezone(tokyo.tz).time() == time(9, 0)


def test_working_hours_stay_wall_clock_across_the_dst_change() -> None:
    # Berlin leaves summer time on Sunday 25 Oct 2026: 09:00 is 07:00 UTC before, 08:00 after.
    friday, monday = _first(None, _utc(2026, 10, 22, 16)), _first(None, _utc(2026, 10, 24, 12))
    assert friday == _utc(2026, 10, 23, 7, 0)
    assert monday == _utc(2026, 10, 26, 8, 0)


def test_a_rep_working_through_the_night_of_the_dst_change_gets_real_half_hours() -> None:
    # 01:00-04:00 on the night the clocks go back: 02:00-03:00 happens twice, and each
    # slot is 30 real minutes after the one before, with none repeated.
    night = working_hours("sun", "01:00-04:00", "Europe/Berlin")
    rules = SlotRules(minutes=30, notice_minutes=0, horizon_days=1)
    # (Seen from Tokyo, where that night is the morning.)
    starts = list(free_starts(night, [], _utc(2026, 10, 24, 22, 0), rules, "Asia/Tokyo"))
    gaps = {later - earlier for earlier, later in itertools.pairwise(starts)}
    assert gaps == {timedelta(minutes=30)}
    # The night is four real hours long: 01:00 summer time to 04:00 winter time.
    assert starts[0] == _utc(2026, 10, 24, 23, 0)
    assert starts[-1] == _utc(2026, 10, 25, 2, 30)
    assert len(starts) == 8


def test_three_slots_on_three_different_days() -> None:
    starts = free_starts(BERLIN_WEEK, [], _utc(2026, 11, 22, 9), RULES, "Europe/Berlin")
    assert spread(starts, "Europe/Berlin", 3) == [
        _utc(2026, 11, 23, 8, 0),
        _utc(2026, 11, 24, 8, 0),
        _utc(2026, 11, 25, 8, 0),
    ]


def test_a_pool_offers_the_earliest_rep_for_each_day() -> None:
    early = working_hours("mon", "08:00-12:00", "Europe/Berlin")
    later = working_hours("mon-fri", "10:00-12:00", "Europe/Berlin")
    slots = offer([(1, later, []), (2, early, [])], _utc(2026, 11, 22, 9), RULES, "Europe/Berlin")
    assert slots == [
        Slot(2, _utc(2026, 11, 23, 7, 0)),
        Slot(1, _utc(2026, 11, 24, 9, 0)),
        Slot(1, _utc(2026, 11, 25, 9, 0)),
    ]
