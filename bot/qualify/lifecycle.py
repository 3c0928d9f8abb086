"""The lead lifecycle as a state machine that refuses illegal moves and records each one."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from storage.history import record_lifecycle_change
from storage.models import Lead


class Stage(StrEnum):
    """Where a lead stands between first contact and a signed deal."""

    NEW = "new"
    ENGAGED = "engaged"
    MQL = "mql"  # marketing qualified: sales-ready, handed to sales
    SAL = "sal"  # sales accepted: a rep took it
    SQL = "sql"  # sales qualified: the rep confirmed the opportunity
    WON = "won"
    LOST = "lost"
    RECYCLED = "recycled"  # back to nurturing, after a rejection or a pause
    SUPPRESSED = "suppressed"  # withdrew consent: nothing more is sent


ALLOWED: dict[Stage, frozenset[Stage]] = {
    Stage.NEW: frozenset({Stage.ENGAGED, Stage.MQL, Stage.SUPPRESSED}),
    # A rep may accept a lead that asked for a person without it ever being an MQL.
    Stage.ENGAGED: frozenset({Stage.MQL, Stage.SAL, Stage.RECYCLED, Stage.LOST, Stage.SUPPRESSED}),
    Stage.MQL: frozenset({Stage.SAL, Stage.RECYCLED, Stage.LOST, Stage.SUPPRESSED}),
    Stage.SAL: frozenset({Stage.SQL, Stage.RECYCLED, Stage.LOST, Stage.SUPPRESSED}),
    Stage.SQL: frozenset({Stage.WON, Stage.LOST, Stage.RECYCLED, Stage.SUPPRESSED}),
    Stage.WON: frozenset({Stage.SUPPRESSED}),
    Stage.LOST: frozenset({Stage.RECYCLED, Stage.SUPPRESSED}),
    Stage.RECYCLED: frozenset({Stage.ENGAGED, Stage.MQL, Stage.SAL, Stage.LOST, Stage.SUPPRESSED}),
    # A prospect who consents again after withdrawing starts over as engaged.
    Stage.SUPPRESSED: frozenset({Stage.ENGAGED}),
}

# Once sales has a lead, marketing stops writing to it.
WITH_SALES = frozenset({Stage.MQL, Stage.SAL, Stage.SQL, Stage.WON})


class IllegalMove(ValueError):
    """A lifecycle move the state machine does not allow."""


def can_move(current: str, target: Stage) -> bool:
    """Whether `current` may move to `target`."""
    return target in ALLOWED[Stage(current)]


async def move(
    session: AsyncSession,
    lead: Lead,
    target: Stage,
    *,
    reason: str,
    now: datetime,
    quote: str | None = None,
) -> None:
    """Move the lead to `target`, recording why; raise IllegalMove if the move is not allowed."""
    current = Stage(lead.lifecycle)
    if current == target:
        return
    if not can_move(current, target):
        raise IllegalMove(f"a lead cannot go from {current} to {target}")
    record_lifecycle_change(
        session,
        lead_id=lead.id,
        from_state=current,
        to_state=target,
        reason=reason,
        quote=quote,
        now=now,
    )
    lead.lifecycle = target
