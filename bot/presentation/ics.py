"""A meeting as an iCalendar invitation (RFC 5545): what a calendar app imports.

Times are written in UTC ("Z"), so no VTIMEZONE is needed and every app shows the meeting
in its own zone. Lines end in CRLF and are folded at 75 octets without splitting a UTF-8
character; text values are escaped. A move or cancellation keeps the UID and raises the
SEQUENCE, so the calendar updates the event instead of adding a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

LINE_OCTETS = 75
PRODID = "-//leadbot//meetings//EN"


@dataclass(frozen=True)
class Invitation:
    """One event: who it is with and when, as the calendar file says it."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    stamp: datetime
    summary: str
    description: str = ""
    cancelled: bool = False


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def utc(at: datetime) -> str:
    """A DATE-TIME in UTC form: 20261202T090000Z."""
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """A content line folded into parts of at most 75 octets, each continued by a space."""
    data = line.encode("utf-8")
    parts: list[bytes] = []
    limit = LINE_OCTETS
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # never inside a UTF-8 character
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = LINE_OCTETS - 1  # the leading space of a continuation counts
    parts.append(data)
    return "\r\n ".join(part.decode("utf-8") for part in parts)


def invitation(event: Invitation) -> bytes:
    """The .ics file of one event, UTF-8 with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{utc(event.stamp)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape(event.summary)}",
        *([f"DESCRIPTION:{escape(event.description)}"] if event.description else []),
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")
