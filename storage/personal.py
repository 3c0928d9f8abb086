"""Where a person's data lives, read from the schema itself: every table with a foreign key
to `leads`, plus the imported customer row matched by Telegram id or username.

Export and erasure both walk this map, so a table added later with a lead reference is
exported and erased without anyone remembering to list it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Table, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.memo import forget_all
from storage.models import Base, Customer, Lead, Outbox

LEADS = Base.metadata.tables["leads"]
CUSTOMERS = Base.metadata.tables["customers"]


def lead_references() -> list[tuple[Table, Column[Any]]]:
    """Each table that points at a lead, with the column that does, in schema order."""
    found: list[tuple[Table, Column[Any]]] = []
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is LEADS and key.parent is not None:
                found.append((table, key.parent))
    return found


def _customer_match(lead: Lead) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [Customer.telegram_user_id == lead.telegram_user_id]
    if lead.username:
        conditions.append(Customer.username == lead.username.lstrip("@"))
    return or_(*conditions)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


async def _rows(session: AsyncSession, table: Table, where: ColumnElement[bool]) -> list[Any]:
    result = await session.execute(select(table).where(where).order_by(*table.primary_key))
    return [{k: _plain(v) for k, v in row._mapping.items()} for row in result]


async def export_person(session: AsyncSession, lead: Lead) -> dict[str, Any]:
    """Every stored row about a lead, table by table, as JSON-ready data (GDPR art. 15, 20)."""
    await session.flush()
    lead_row = await _rows(session, LEADS, LEADS.c.id == lead.id)
    document: dict[str, Any] = {"lead": lead_row[0] if lead_row else {}}
    for table, column in lead_references():
        document[table.name] = await _rows(session, table, column == lead.id)
    document[CUSTOMERS.name] = await _rows(session, CUSTOMERS, _customer_match(lead))
    return document


async def delete_person(session: AsyncSession, lead: Lead) -> None:
    """Delete every row about a lead, the lead itself and its imported customer row."""
    for table, column in lead_references():
        await session.execute(delete(table).where(column == lead.id))
    await session.execute(delete(Customer).where(_customer_match(lead)))
    # The replies a handler sent belong to no lead but quote the prospect: gone by chat.
    await session.execute(delete(Outbox).where(Outbox.chat_id == lead.chat_id))
    await session.execute(delete(Lead).where(Lead.id == lead.id))
    forget_all(session)  # nothing remembered about the lead survives its erasure


async def quiet_leads(session: AsyncSession, *, since: datetime, limit: int) -> list[Lead]:
    """Leads whose last message came before `since`, the longest quiet first."""
    return list(
        await session.scalars(
            select(Lead).where(Lead.last_seen_at < since).order_by(Lead.last_seen_at).limit(limit)
        )
    )
