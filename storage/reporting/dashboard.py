"""The queries only the dashboard needs: a page of the leads table, one lead's timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, inspect, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.lead_queries import LeadRow, LeadStory, lead_story
from storage.lead_queries import _row as lead_row
from storage.models import Lead

# The columns the table filters on exactly; each has an index (ix_leads_*) except source.
FILTERED = ("temperature", "lifecycle", "persona", "source")


@dataclass(frozen=True)
class LeadFilter:
    """What the leads table is narrowed to; None means "any"."""

    temperature: str | None = None
    lifecycle: str | None = None
    persona: str | None = None
    source: str | None = None
    search: str | None = None


@dataclass(frozen=True)
class LeadsPage:
    """One page of the leads table, most recently active first."""

    rows: list[LeadRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the filtered table has (at least one, if only an empty one)."""
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class LeadTimeline:
    """Everything behind one lead, plus its meetings where the schema has them."""

    story: LeadStory
    meetings: list[dict[str, Any]] = field(default_factory=list)


def _conditions(filters: LeadFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        getattr(Lead, name) == getattr(filters, name)
        for name in FILTERED
        if getattr(filters, name) is not None
    ]
    if filters.search:
        words = filters.search.strip()
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        matches: list[ColumnElement[bool]] = [
            column.ilike(pattern, escape="\\")
            for column in (Lead.first_name, Lead.last_name, Lead.username, Lead.source)
        ]
        if words.isdigit() and len(words) < 10:
            matches.append(Lead.id == int(words))
        conditions.append(or_(*matches))
    return conditions


async def count_leads(session: AsyncSession, filters: LeadFilter) -> int:
    """How many leads the filters leave."""
    query = select(func.count()).select_from(Lead).where(*_conditions(filters))
    return int(await session.scalar(query) or 0)


async def leads_page(
    session: AsyncSession, filters: LeadFilter, *, page: int, per_page: int, total: int
) -> LeadsPage:
    """Page `page` (from 1) of the filtered leads; `total` is count_leads for the same filters."""
    query = (
        select(Lead)
        .where(*_conditions(filters))
        .order_by(Lead.last_seen_at.desc(), Lead.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    rows = [lead_row(lead) for lead in await session.scalars(query)]
    return LeadsPage(rows, total, page, per_page)


async def lead_timeline(session: AsyncSession, lead_id: int) -> LeadTimeline | None:
    """One lead's story and meetings, or None if there is no such lead (or it was erased)."""
    story = await lead_story(session, lead_id)
    if story is None:
        return None
    return LeadTimeline(story, await _meetings(session, lead_id))


async def _meetings(session: AsyncSession, lead_id: int) -> list[dict[str, Any]]:
    # The meetings table comes with booking; read it generically where it exists.
    has_table = await session.run_sync(
        lambda sync: inspect(sync.connection()).has_table("meetings")
    )
    if not has_table:
        return []
    rows = await session.execute(
        text("SELECT * FROM meetings WHERE lead_id = :lead_id ORDER BY id"), {"lead_id": lead_id}
    )
    return [dict(row) for row in rows.mappings()]
