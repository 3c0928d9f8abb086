"""The queries only the dashboard needs: a page of the leads table, one lead's timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.lead_queries import LeadRow, LeadStory, lead_story
from storage.lead_queries import _row as lead_row
from storage.models import Lead, Meeting

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


# The words a search looks in, as one text: one LIKE per lead, and "Greta Hoffmann" matches.
_HAYSTACK = func.lower(
    func.coalesce(Lead.first_name, "")
    + " "
    + func.coalesce(Lead.last_name, "")
    + " "
    + func.coalesce(Lead.username, "")
    + " "
    + func.coalesce(Lead.source, "")
)
_ORDER = (Lead.last_seen_at.desc(), Lead.id.desc())


def _conditions(filters: LeadFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        getattr(Lead, name) == getattr(filters, name)
        for name in FILTERED
        if getattr(filters, name) is not None
    ]
    if filters.search:
        words = filters.search.strip().lower()
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        match: ColumnElement[bool] = _HAYSTACK.like(pattern, escape="\\")
        if words.isdigit() and len(words) < 10:
            match = or_(match, Lead.id == int(words))
        conditions.append(match)
    return conditions


def _newest_first(row: tuple[int, datetime]) -> tuple[float, int]:
    return -row[1].timestamp(), -row[0]


async def leads_page(
    session: AsyncSession, filters: LeadFilter, *, page: int, per_page: int
) -> LeadsPage:
    """Page `page` (from 1) of the filtered leads; no rows if the table is shorter."""
    if filters.search:
        # A search reads every lead once, in table order (walking the activity index would
        # fetch each row at random: 5x slower); the few matches are sorted here.
        matched = select(Lead.id, Lead.last_seen_at).where(*_conditions(filters))
        found = sorted(
            ((row[0], row[1]) for row in await session.execute(matched)), key=_newest_first
        )
        ids = [lead_id for lead_id, _ in found]
        total, wanted = len(ids), ids[(page - 1) * per_page : page * per_page]
        rows = await session.scalars(select(Lead).where(Lead.id.in_(wanted)).order_by(*_ORDER))
        return LeadsPage([lead_row(lead) for lead in rows], total, page, per_page)
    count = select(func.count()).select_from(Lead).where(*_conditions(filters))
    total = int(await session.scalar(count) or 0)
    if (page - 1) * per_page >= total:
        return LeadsPage([], total, page, per_page)
    # Ids first, from ix_leads_last_seen alone; only the page's rows are read in full.
    page_ids = (
        select(Lead.id)
        .where(*_conditions(filters))
        .order_by(*_ORDER)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .subquery()
    )
    query = select(Lead).join(page_ids, page_ids.c.id == Lead.id).order_by(*_ORDER)
    return LeadsPage(
        [lead_row(lead) for lead in await session.scalars(query)], total, page, per_page
    )


async def lead_timeline(session: AsyncSession, lead_id: int) -> LeadTimeline | None:
    """One lead's story and meetings, or None if there is no such lead (or it was erased)."""
    story = await lead_story(session, lead_id)
    if story is None:
        return None
    return LeadTimeline(story, await _meetings(session, lead_id))


async def _meetings(session: AsyncSession, lead_id: int) -> list[dict[str, Any]]:
    """The lead's meetings, booked, moved or cancelled, oldest first."""
    table = Meeting.__table__
    rows = await session.execute(
        select(table).where(table.c.lead_id == lead_id).order_by(table.c.id)
    )
    return [dict(row) for row in rows.mappings()]
