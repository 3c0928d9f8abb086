"""Property-based fuzzing of prospects' updates: whatever arrives, nothing crashes, every text
in a private chat is answered, and the database keeps its promises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from storage.models import Lead
from tests.support import HOT, Prospect

INTERNAL = "Sorry, something went wrong on my side"
ODD = st.sampled_from(
    [
        "",
        " ",
        "\u200b",
        "\u202eevil",
        "مرحبا بالعالم",
        "\x00",
        "/",
        "/start " + "x" * 80,
        "/lead ²",
        "/mydata@otherbot",
        "/forget extra words",
        "stop",
        "😀" * 500,
        "9" * 309 + " people",
        HOT,
        "x" * 5000,
    ]
)
TEXTS = st.one_of(ODD, st.text(max_size=300))
STEPS = st.lists(
    st.tuples(st.sampled_from(["says", "edits", "presses"]), TEXTS), min_size=1, max_size=6
)


async def _step(prospect: Prospect, kind: str, text: str) -> list[str]:
    if kind == "presses":
        return await prospect.presses_data(text[:64])  # forged callback data
    if kind == "edits":
        return await prospect.edits(10_000, text)
    return await prospect.says(text)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
async def test_any_sequence_of_updates_is_answered_and_keeps_the_invariants(
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    steps: list[tuple[str, str]],
) -> None:
    await prospect.agrees()
    for kind, text in steps:
        replies = await _step(prospect, kind, text)
        assert not any(INTERNAL in reply for reply in replies), (kind, text, replies)
        if kind == "says" and text.strip():
            assert replies, f"no answer to {text!r}"
    async with sessionmaker() as session:
        for lead in await session.scalars(select(Lead)):
            if lead.lifecycle in ("sal", "sql", "won"):
                assert lead.consent_state == "granted"
            assert len(lead.first_name or "") <= 128
        await session.execute(select(Lead).where(Lead.id < 0))
