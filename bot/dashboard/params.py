"""Reading what the address and forms say, strictly: anything else is a clear 4xx page."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from bot.qualify.lifecycle import Stage
from storage.reporting import Window
from storage.reporting.dashboard import LeadFilter

TEMPERATURES = ("cold", "warm", "hot")
LIFECYCLES = tuple(stage.value for stage in Stage)
# Deep-link payloads are at most 64 of these characters (Telegram's /start rule).
_SOURCE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_SEARCH = 100


@dataclass
class BadInput(Exception):
    """A request the dashboard cannot answer: shown as the text `errors.<key>` with `status`."""

    key: str
    values: dict[str, object] = field(default_factory=dict)
    status: int = 400


def whole_number(raw: str | None, name: str, *, default: int | None = None) -> int:
    """A positive whole number of at most 18 digits; BadInput for anything else."""
    if raw is None or raw == "":
        if default is None:
            raise BadInput("bad_number", {"name": name})
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18 or int(raw) < 1:
        raise BadInput("bad_number", {"name": name})
    return int(raw)


def _choice(query: Mapping[str, str], name: str, allowed: Sequence[str]) -> str | None:
    value = query.get(name) or None
    if value is not None and value not in allowed:
        raise BadInput("bad_value", {"name": name, "value": value[:64]})
    return value


def _source(query: Mapping[str, str]) -> str | None:
    value = query.get("source") or None
    if value is not None and not _SOURCE.match(value):
        raise BadInput("bad_value", {"name": "source", "value": value[:64]})
    return value


def lead_filter(
    query: Mapping[str, str], personas: Sequence[str], *, search: str | None
) -> LeadFilter:
    """The leads table's filters; each must be one of its known values."""
    return LeadFilter(
        temperature=_choice(query, "temperature", TEMPERATURES),
        lifecycle=_choice(query, "lifecycle", LIFECYCLES),
        persona=_choice(query, "persona", personas),
        source=_source(query),
        search=(search or "").strip()[:MAX_SEARCH] or None,
    )


def _day(query: Mapping[str, str], name: str) -> datetime | None:
    raw = query.get(name) or None
    if raw is None:
        return None
    try:
        return datetime.combine(date.fromisoformat(raw), time(), tzinfo=UTC)
    except ValueError:
        raise BadInput("bad_date", {"name": name}) from None


def window(query: Mapping[str, str]) -> Window:
    """The overview's window: leads who started from `since` until `until`, from `source`."""
    return Window(since=_day(query, "since"), until=_day(query, "until"), source=_source(query))
