"""The flat export of a lead the real dialog qualified: facts as the extraction stores them
land in their own columns, and nothing is JSON in a cell."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.export.table import rows
from storage.export_queries import exported_leads
from storage.models import Lead, Meeting
from storage.models import Rep as RepRow
from tests.support import HOT, Prospect, Rep


async def test_a_qualified_lead_exports_flat_columns(
    prospect: Prospect, mia: Rep, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    await mia.accepts()
    bystander = Prospect(prospect.dispatcher, prospect.session, user_id=7777)
    await bystander.says("/start")  # never consented: not exported
    async with sessionmaker() as session:
        columns, table = rows(await exported_leads(session))
    [row] = [dict(zip(columns, values, strict=True)) for values in table]
    assert row["name"] == "Greta Lindqvist" and row["lifecycle"] == "sal"
    assert (row["budget max"], row["budget period"]) == (40000, "year")
    assert (row["company size"], row["authority"], row["role"]) == (80, "decision_maker", "it")
    assert row["timeframe"] == "immediate"
    assert (row["rep"], row["handover status"], row["sales ready"]) == (
        "Mia Berg",
        "accepted",
        "yes",
    )
    assert row["consent"] == "granted" and row["consent date"] is not None
    assert not any(isinstance(value, dict | list | bool) for value in row.values())


async def test_a_booked_meeting_is_in_the_export_and_a_cancelled_one_is_not(
    prospect: Prospect, mia: Rep, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    starts = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    async with sessionmaker() as session:
        lead = (await session.execute(select(Lead))).scalar_one()
        rep = (await session.execute(select(RepRow))).scalar_one()
        for start, status in ((starts - timedelta(days=1), "cancelled"), (starts, "booked")):
            session.add(
                Meeting(
                    lead_id=lead.id,
                    rep_id=rep.id,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=30),
                    status=status,
                    created_at=starts,
                    updated_at=starts,
                    remind_at=start - timedelta(hours=1),
                )
            )
        await session.commit()
        columns, table = rows(await exported_leads(session))
    [row] = [dict(zip(columns, values, strict=True)) for values in table]
    assert row["meeting"] == starts
