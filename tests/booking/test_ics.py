"""The .ics invitation is valid RFC 5545: read back by the icalendar library and by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from bot.presentation.ics import Invitation, fold, invitation

START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
EVENT = Invitation(
    uid="meeting-7-20261122T090000@leadbot",
    sequence=2,
    starts_at=START,
    ends_at=START + timedelta(minutes=30),
    stamp=datetime(2026, 11, 22, 9, 0, tzinfo=UTC),
    summary="Gespräch mit Jörg Äbelmann; Lead 7, Müller & Söhne\nzweite Zeile",
    description="Über die Einführung, " * 10,
)


def test_the_invitation_reads_back_with_every_required_property() -> None:
    [event] = Calendar.from_ical(invitation(EVENT)).walk("VEVENT")
    assert str(event["UID"]) == EVENT.uid
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + timedelta(minutes=30)
    assert event.decoded("DTSTAMP") == EVENT.stamp
    assert int(str(event["SEQUENCE"])) == 2
    assert str(event["SUMMARY"]) == EVENT.summary  # escaped, folded and unfolded again
    assert str(event["DESCRIPTION"]) == EVENT.description
    assert str(event["STATUS"]) == "CONFIRMED"


def test_lines_end_in_crlf_and_stay_within_75_octets() -> None:
    data = invitation(EVENT)
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long ones were folded
    for line in lines:
        line.decode("utf-8")  # no character was cut in half
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    assert b"DTSTART:20261123T080000Z" in lines


def test_folding_never_splits_a_utf8_character() -> None:
    line = "SUMMARY:" + "ä" * 100
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert "".join(part.decode("utf-8").removeprefix(" ") for part in folded) == line


def test_a_cancelled_meeting_keeps_its_uid_and_says_so() -> None:
    cancelled = replace(EVENT, sequence=3, cancelled=True)
    [event] = Calendar.from_ical(invitation(cancelled)).walk("VEVENT")
    assert str(event["UID"]) == EVENT.uid
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(str(event["SEQUENCE"])) == 3
