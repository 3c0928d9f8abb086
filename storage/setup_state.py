"""What `leadbot doctor` reads from the database, without changing it: the schema version,
the reps, and the handovers no rep holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import make_url, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.vocabulary import HandoverStatus
from storage.engine import create_engine, create_sessionmaker
from storage.handover_queries import HandoverLine, handover_lines
from storage.migrate import current_revision, head_revision
from storage.models import Rep


@dataclass(frozen=True)
class DatabaseState:
    """The schema version against the newest, and (when migrated) reps and stranded leads."""

    revision: str | None
    head: str
    reps: int = 0
    available_reps: int = 0
    stranded: list[HandoverLine] = field(default_factory=list)

    @property
    def migrated(self) -> bool:
        return self.revision == self.head


async def database_state(url: str) -> DatabaseState:
    """Read the state; a SQLite file that does not exist yet is not created."""
    head = head_revision()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        return DatabaseState(None, head)
    engine = create_engine(url)
    try:
        revision = await current_revision(engine)
        if revision != head:
            return DatabaseState(revision, head)
        async with create_sessionmaker(engine)() as session:
            return await _with_rows(session, revision, head)
    finally:
        await engine.dispose()


async def _with_rows(session: AsyncSession, revision: str, head: str) -> DatabaseState:
    available = list(await session.scalars(select(Rep.available)))
    stranded = [
        line
        for line in await handover_lines(
            session, (HandoverStatus.PENDING, HandoverStatus.ESCALATED)
        )
        if line.rep is None
    ]
    return DatabaseState(revision, head, len(available), sum(available), stranded)
