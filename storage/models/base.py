"""The declarative base, the UTC timestamp type, and the shapes of the JSON columns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypedDict

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    pass


Base.metadata.naming_convention = NAMING


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every engine (SQLite keeps no time zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC time from the clock")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Timestamp = UTCDateTime()


class DialogStateData(TypedDict, total=False):
    """`leads.dialog_state`: what bot.qualify.dialog.state.DialogState stores. Rows written
    before a key existed lack it, hence total=False."""

    retries: dict[str, int]  # non-answers per question
    skipped: list[str]  # questions the prospect did not want to answer
    offered: list[str]  # library items offered or opened
    confirm: str | None  # the fact kind quoted back and awaiting yes or no
    to_confirm: list[str]  # further unsure fact kinds, quoted back one at a time
    asked: str | None  # the question asked last, and how often in a row
    asked_times: int
    turn: int  # prospect messages taken in by the dialog
    offer_turn: int | None  # the turn of the last library offer
    consent_reasked: bool  # the consent question was asked again after a question
    contact: str | None  # due, company, channel or done: asking how to reach the prospect


# `facts.value`: a flag (customer), a word (role, authority) or a structure (budget, size,
# timeframe, need) as the extraction returns it.
FactData = bool | str | dict[str, Any]

# `events.detail`: what the signal was about (a slot, an item, the facts answered, a length).
EventDetail = dict[str, str | int | list[str]]
