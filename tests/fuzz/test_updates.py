"""Property-based fuzzing of updates (hypothesis): whatever a prospect, a rep or a group
sends, in any order, nothing crashes, every text in a private chat is answered, every
button press is answered, and the database keeps its promises.

Modest on purpose (60 examples per database), so the suite stays fast; derandomized when
CI=true, so CI is repeatable, and random elsewhere, so local runs keep exploring."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from aiogram.methods import AnswerCallbackQuery
from aiogram.types import (
    Chat,
    Contact,
    Location,
    Message,
    PhotoSize,
    Sticker,
    Update,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.qualify.vocabulary import OPEN_HANDOVER
from storage.models import Handover, Lead
from tests.support import HOT, Prospect, Rep

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
INTERNAL = ("Sorry, something went wrong on my side", "Entschuldigung, bei mir ist etwas")
HUGE = "99999999999999999999"
COMMANDS = [
    "/start",
    "/start@leadbot fair2026",
    "/START",
    "/start " + "x" * 80,
    "/help me",
    "/menu",
    "/human",
    "/privacy extra",
    "/language xx",
    "/language de",
    "/mydata@otherbot",
    "/stop",
    "/forget extra words",
    f"/lead {HUGE}",
    "/lead ²",
    "/takeover ³",
    "/leads",
    "/sql -1",
    "/addrep 1 X",
    "/",
    "//",
    "/\u200b",
]
ODD = [
    "",
    " ",
    "\u200b\u200c\u200d\ufeff",
    "\u202eevil\u202c",
    "مرحبا بالعالم، نحن ٤٠ شخصا",
    "שלום, אנחנו 30 איש",
    "\x00",
    "stop",
    "delete my data",
    "not interested",
    "😀" * 500,
    "9" * 309 + " people",
    "budget " + HUGE + " EUR",
    HOT,
    "x" * 5000,
    "<b>bold</b> & <script>",
    "[bold red]Ann [/]",
]
TEXTS = st.one_of(st.sampled_from(COMMANDS + ODD), st.text(max_size=300))
FORGED = st.one_of(
    st.sampled_from(
        [f"h:accept:{HUGE}:", "h:reason:1:bribe", "consent:everything", "q:answer:x:y", ""]
    ),
    st.text(max_size=64),
)
MEDIA: dict[str, Any] = {
    "sticker": Sticker(
        file_id="s",
        file_unique_id="s",
        type="regular",
        width=1,
        height=1,
        is_animated=False,
        is_video=False,
    ),
    "photo": [PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)],
    "location": Location(latitude=53.55, longitude=9.99),
    "contact": Contact(phone_number="+49 40 1234", first_name="Greta"),
}
STEP = st.one_of(
    st.tuples(st.sampled_from(["says", "edits", "group", "rep says"]), TEXTS),
    st.tuples(st.sampled_from(["presses", "rep presses"]), FORGED),
    st.tuples(st.just("media"), st.sampled_from(sorted(MEDIA))),
)
GROUP = Chat(id=-100_123_456, type="supergroup", title="Fans [/] of <b>")


def _group_update(prospect: Prospect, text: str) -> Update:
    message = Message(
        message_id=50_000,
        date=datetime.now(UTC),
        chat=GROUP,
        from_user=prospect.user,
        text=text,
    )
    return prospect.message_update().model_copy(update={"message": message})


async def _step(prospect: Prospect, mia: Rep, kind: str, value: str) -> list[str]:
    if kind == "presses":
        return await prospect.presses_data(value)
    if kind == "rep presses":
        return await mia.presses_data(value)
    if kind == "rep says":
        return await mia.says(value)
    if kind == "edits":
        return await prospect.edits(10_000, value)
    if kind == "media":
        return await prospect.says(**{value: MEDIA[value]})
    if kind == "group":
        await prospect.feed(_group_update(prospect, value))
        return prospect.replies()
    return await prospect.says(value)


async def _invariants(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session:
        for lead in await session.scalars(select(Lead)):
            if lead.lifecycle in ("sal", "sql", "won"):
                assert lead.consent_state == "granted", (lead.id, lead.lifecycle)
            assert len(lead.first_name or "") <= 128 and len(lead.username or "") <= 64
        open_handovers = await session.scalars(
            select(Lead).join(Handover).where(Handover.status.in_(OPEN_HANDOVER))
        )
        for lead in open_handovers:
            assert lead.consent_state == "granted", (lead.id, "open handover")


@settings(
    max_examples=60,
    deadline=None,
    derandomize=IN_CI,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=1, max_size=6))
async def test_any_sequence_of_updates_is_answered_and_keeps_the_invariants(
    prospect: Prospect,
    mia: Rep,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    steps: list[tuple[str, str]],
) -> None:
    await prospect.agrees()
    for kind, value in steps:
        mark = len(bot_session.requests)
        replies = await _step(prospect, mia, kind, value)
        assert not any(text in reply for reply in replies for text in INTERNAL), (kind, value)
        if kind in ("says", "rep says") and value.strip():
            assert replies, f"{kind}: no answer to {value!r}"
        if kind in ("presses", "rep presses"):
            answers = [
                r for r in bot_session.requests[mark:] if isinstance(r, AnswerCallbackQuery)
            ]
            assert len(answers) == 1, f"{kind} {value!r}: {len(answers)} answers"
    await _invariants(sessionmaker)
