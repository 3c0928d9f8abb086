"""Four leads of November 2026 and one of October, written row by row, whose report
numbers are worked out by hand in the tests.

A (fair, it_lead, en)      week 1: consents, 2 facts, MQL after 2 h, SAL, SQL, won; Mia
                           accepts in 30 min; replied in 2 s; meeting after a day.
B (fair, service_mgr, de)  week 1: consents, 1 fact, MQL after 4 h; Mia lets the offer run
                           out, Jonas rejects it (no_budget), recycled; replied in 4 s.
C (web, en)                week 2: consents, waits on the budget question; replied in 10 s;
                           a customer request of theirs went straight to the support chat.
D (web, en)                week 2: never consents.
E (fair, en)               October: outside a window from 2026-11-01.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Consent,
    Event,
    Fact,
    Handover,
    Lead,
    LifecycleChange,
    Message,
    Rep,
    UnansweredQuestion,
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def _lead(lead_id: int, created: datetime, **fields: Any) -> Lead:
    return Lead(
        id=lead_id,
        telegram_user_id=9000 + lead_id,
        chat_id=9000 + lead_id,
        language=fields.pop("language", "en"),
        created_at=created,
        last_seen_at=created,
        **fields,
    )


def _moves(lead_id: int, start: datetime, *steps: tuple[str, timedelta]) -> list[Any]:
    rows, before = [], "new"
    for state, after in steps:
        rows.append(
            LifecycleChange(
                lead_id=lead_id,
                from_state=before,
                to_state=state,
                reason="test",
                changed_at=start + after,
            )
        )
        before = state
    return rows


def _talk(lead_id: int, start: datetime, reply_after: timedelta) -> list[Any]:
    return [
        Message(lead_id=lead_id, direction="in", text="hi", sent_at=start),
        Message(lead_id=lead_id, direction="out", text="hello", sent_at=start + reply_after),
        Message(lead_id=lead_id, direction="out", text="more", sent_at=start + DAY),
    ]


def _event(lead_id: int, kind: str, when: datetime, **detail: str) -> Event:
    return Event(lead_id=lead_id, kind=kind, weight=0.0, detail=detail, occurred_at=when)


def _consent(lead_id: int, when: datetime) -> Consent:
    return Consent(
        lead_id=lead_id, purpose="qualification", granted=True, text_version="1", recorded_at=when
    )


def _fact(lead_id: int, kind: str, when: datetime) -> Fact:
    return Fact(lead_id=lead_id, kind=kind, value="x", confidence=1.0, quote="x", recorded_at=when)


def _lead_a() -> list[Any]:
    return [
        _lead(1, T0, source="fair", persona="it_lead", fit_score=80.0, lifecycle="won"),
        _consent(1, T0),
        _fact(1, "need", T0),
        _fact(1, "budget", T0),
        *_moves(
            1,
            T0,
            ("engaged", HOUR),
            ("mql", 2 * HOUR),
            ("sal", 3 * HOUR),
            ("sql", DAY),
            ("won", 5 * DAY),
        ),
        Handover(
            id=1,
            lead_id=1,
            reason="sales_ready",
            status="accepted",
            created_at=T0 + 2 * HOUR,
            rep_id=1,
            offered_at=T0 + 2 * HOUR,
            decided_at=T0 + 2.5 * HOUR,
            tried_rep_ids=[],
        ),
        *_talk(1, T0, timedelta(seconds=2)),
        _event(1, "meeting_booked", T0 + DAY),
        _event(1, "content_offered", T0, item="checklist"),
        _event(1, "content_opened", T0 + HOUR, item="checklist"),
        _event(1, "question", T0),
        _event(1, "question", T0 + HOUR),
        UnansweredQuestion(lead_id=1, locale="en", text="Do you support SAP?", asked_at=T0),
    ]


def _lead_b() -> list[Any]:
    start = T0 + DAY
    return [
        _lead(2, start, source="fair", persona="service_manager", language="de", fit_score=45.0),
        _consent(2, start),
        _fact(2, "need", start),
        *_moves(2, start, ("engaged", HOUR), ("mql", 4 * HOUR), ("recycled", 6 * HOUR)),
        Handover(
            id=2,
            lead_id=2,
            reason="sales_ready",
            status="rejected",
            created_at=start,
            rep_id=2,
            offered_at=start + HOUR,
            decided_at=start + 2 * HOUR,
            decision_note="no_budget",
            tried_rep_ids=[1],
        ),
        *_talk(2, start, timedelta(seconds=4)),
        _event(2, "content_offered", start, item="checklist"),
        _event(2, "question", start),
        UnansweredQuestion(lead_id=2, locale="de", text="do you support SAP?", asked_at=start),
        UnansweredQuestion(lead_id=2, locale="de", text="Gibt es Rabatt?", asked_at=start),
    ]


def _leads_c_d_e() -> list[Any]:
    week2 = T0 + 7 * DAY
    return [
        _lead(3, week2, source="web", dialog_step="budget", lifecycle="engaged"),
        _consent(3, week2),
        *_moves(3, week2, ("engaged", HOUR)),
        *_talk(3, week2, timedelta(seconds=10)),
        # A customer's request passed to the support chat: no rep decided, no lead's handover.
        Handover(
            id=3,
            lead_id=3,
            reason="customer",
            status="accepted",
            created_at=week2,
            decided_at=week2,
            decision_note="passed to the support chat",
            tried_rep_ids=[],
        ),
        _lead(4, week2 + DAY, source="web", fit_score=-25.0),
        _lead(5, datetime(2026, 10, 5, 9, 0, tzinfo=UTC), source="fair", fit_score=80.0),
        _consent(5, datetime(2026, 10, 5, 9, 0, tzinfo=UTC)),
    ]


async def add_pipeline(session: AsyncSession) -> None:
    """Write the five leads, their reps and everything recorded about them."""
    session.add_all(
        [
            Rep(id=1, telegram_user_id=4711, name="Mia Berg", created_at=T0),
            Rep(id=2, telegram_user_id=4712, name="Jonas Weber", created_at=T0),
        ]
    )
    await session.flush()
    for group in (_lead_a(), _lead_b(), _leads_c_d_e()):
        session.add_all([row for row in group if isinstance(row, Lead)])
        await session.flush()
        session.add_all([row for row in group if not isinstance(row, Lead)])
        await session.flush()
    await session.commit()
