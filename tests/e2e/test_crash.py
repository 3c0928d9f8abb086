"""SIGKILL around a handover, then restart: every reply delivered once, one card to the rep.

The real `leadbot run` process polls the Bot API stand-in. A prospect consents and asks
for a person; the process is killed at a point around that handover (before it fetched the
update, while handling it, while Telegram hangs on the reply or on the card), then started
again. Every run is compared with a run that was never killed: the same messages, in the
same order, to the prospect and to the rep. Nothing missing, nothing doubled.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import ColumnElement, func, select

from bot.qualify.vocabulary import DeliveryStatus
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Handover, Outbox
from tests.botapi.server import BotApiStandIn, Fault
from tests.e2e.harness import Leadbot, button, environment, polled, until
from tests.support import REP, add_plain_rep

PROSPECT = 9001
ASK_FOR_A_PERSON = "Could one of your colleagues maybe get back to me?"
Kill = Callable[[BotApiStandIn, Leadbot, "Watch"], Awaitable[None]]


async def _prepared_database(url: str) -> None:
    engine = create_engine(url)
    await upgrade(engine)
    async with create_sessionmaker(engine)() as session:
        await add_plain_rep(session, REP, "Mia Berg", now=datetime.now(UTC))
        await session.commit()
    await engine.dispose()


class Watch:
    """Reads the database the process writes, to know when all is done."""

    def __init__(self, url: str, api: BotApiStandIn) -> None:
        self.engine = create_engine(url)
        self.api = api

    async def unsent(self, chat_id: int | None = None) -> int:
        """Outbox rows not yet recorded as sent (to one chat, if given)."""
        unfinished: ColumnElement[bool] = Outbox.status.in_(
            [DeliveryStatus.PENDING, DeliveryStatus.CLAIMED]
        )
        if chat_id is not None:
            unfinished = unfinished & (Outbox.chat_id == chat_id)
        async with create_sessionmaker(self.engine)() as session:
            count = select(func.count()).select_from(Outbox).where(unfinished)
            return int(await session.scalar(count) or 0)

    async def handovers(self) -> int:
        async with create_sessionmaker(self.engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(Handover)) or 0)

    async def answered(self, update_id: int) -> bool:
        """Telegram has the update confirmed and nothing is left to send."""
        return update_id not in self.api.pending and await self.unsent() == 0

    async def step(self, push: Awaitable[int]) -> None:
        """Send one update and wait until it is confirmed and its replies are out."""
        update_id = await push
        await until(lambda: self.answered(update_id), what=f"the answer to {update_id}")


async def _scenario(tmp_path: Path, kill: Kill | None) -> tuple[list[str], list[str]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'leadbot.db'}"
    await _prepared_database(url)
    async with BotApiStandIn() as api:
        watch = Watch(url, api)
        env = environment(api, url, tmp_path)
        bot = Leadbot(["run"], env, tmp_path / "leadbot.log")
        await bot.start(polled(api))
        try:
            await watch.step(api.message(PROSPECT, "/start"))
            await watch.step(api.press(PROSPECT, button(api, PROSPECT, "Yes, but no follow")))
            await watch.step(api.press(PROSPECT, button(api, PROSPECT, "No, not yet")))
            for chat_id in getattr(kill, "hangs", ()):
                api.fail("sendMessage", Fault(hang=True, chat_id=chat_id))
            update_id = await api.message(PROSPECT, ASK_FOR_A_PERSON)
            if kill is not None:
                await kill(api, bot, watch)
                await bot.stop()
                bot = Leadbot(["run"], env, tmp_path / "leadbot.log")
                await bot.start(polled(api, after=len(api.requests)))
            await until(lambda: watch.answered(update_id), what="the handover delivered")
            assert await watch.handovers() == 1
        finally:
            await bot.stop()
            await watch.engine.dispose()
        return api.texts(PROSPECT), [_steady(card) for card in api.texts(REP)]


async def _at_once(api: BotApiStandIn, bot: Leadbot, watch: Watch) -> None:
    """Before the update's transaction can have committed (handling takes far longer)."""
    bot.kill()


def _steady(card: str) -> str:
    """The card without the time of consent, which differs from run to run."""
    return re.sub(r"granted \d{4}-\d\d-\d\d \d\d:\d\d UTC", "granted (time)", card)


def _while_telegram_hangs(*, on: tuple[int, ...], delivered: tuple[int, ...] = ()) -> Kill:
    """After the commit: Telegram hangs on every message to the chats `on`, and the
    messages to the chats `delivered` were taken and recorded as sent."""

    async def kill(api: BotApiStandIn, bot: Leadbot, watch: Watch) -> None:
        async def ready() -> bool:
            hanging = {r.params.get("chat_id") for r in api.requests if not r.answered}
            done = [await watch.unsent(chat) == 0 for chat in delivered]
            return set(on) <= hanging and all(done)

        await until(ready, what="the kill point")
        bot.kill()

    kill.hangs = on  # type: ignore[attr-defined]  # read by _scenario to queue the faults
    return kill


KILLS: dict[str, Kill] = {
    "while_the_update_is_handled": _at_once,
    "after_the_commit_while_telegram_hangs": _while_telegram_hangs(on=(PROSPECT, REP)),
    "after_the_replies_while_the_card_hangs": _while_telegram_hangs(
        on=(REP,), delivered=(PROSPECT,)
    ),
    "after_the_card_while_the_reply_hangs": _while_telegram_hangs(
        on=(PROSPECT,), delivered=(REP,)
    ),
}


@pytest.fixture(scope="module")
async def never_killed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str]]:
    """What the prospect and the rep read when nothing goes wrong."""
    return await _scenario(tmp_path_factory.mktemp("reference"), None)


async def test_the_reference_run_hands_over_once(
    never_killed: tuple[list[str], list[str]],
) -> None:
    to_prospect, to_rep = never_killed
    assert len(to_rep) == 1 and "P9001" in to_rep[0]
    assert len(to_prospect) == len(set(to_prospect))


@pytest.mark.parametrize("kill", list(KILLS))
async def test_a_killed_process_delivers_everything_exactly_once_after_restart(
    kill: str, tmp_path: Path, never_killed: tuple[list[str], list[str]]
) -> None:
    assert await _scenario(tmp_path, KILLS[kill]) == never_killed


# --- a time-based sweep: one process, killed at eight moments after a handover message -----

SWEEP = (0.02, 0.05, 0.1, 0.2, 0.4, 0.7, 1.2, 2.0)  # seconds after the message is queued
SWEPT = range(9101, 9101 + len(SWEEP) + 1)  # the first is never killed: the reference


async def _converse(api: BotApiStandIn, watch: Watch, user: int) -> int:
    """Consent and the customer question, each answered; then the message that hands over."""
    await watch.step(api.message(user, "/start"))
    await watch.step(api.press(user, button(api, user, "Yes, but no follow")))
    await watch.step(api.press(user, button(api, user, "No, not yet")))
    return await api.message(user, ASK_FOR_A_PERSON)


async def test_kills_from_20_ms_to_2_s_after_a_handover_message_lose_and_double_nothing(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'leadbot.db'}"
    await _prepared_database(url)
    async with BotApiStandIn() as api:
        watch = Watch(url, api)
        # A send times out after a quarter of the claim's life: 5 s, not the harness's 1 s,
        # so a loaded machine's slow answer is not taken for a failure and sent twice.
        env = environment(api, url, tmp_path, LEADBOT_OUTBOX_CLAIM_STALE_SECONDS="20")
        bot = Leadbot(["run"], env, tmp_path / "leadbot.log")
        await bot.start(polled(api))
        try:
            for user, delay in zip(SWEPT, (None, *SWEEP), strict=True):
                update_id = await _converse(api, watch, user)
                if delay is not None:
                    await asyncio.sleep(delay)  # the kill point; nothing is timed
                    bot.kill()
                    await bot.stop()
                    bot = Leadbot(["run"], env, tmp_path / "leadbot.log")
                    await bot.start(polled(api, after=len(api.requests)))
                await until(partial(watch.answered, update_id), what=f"{user} handed over")
            assert await watch.handovers() == len(SWEPT)
        finally:
            await bot.stop()
            await watch.engine.dispose()
    reference = [text.replace(f"P{SWEPT[0]}", "{name}") for text in api.texts(SWEPT[0])]
    for user in SWEPT:
        # Nothing is missing, and at most the one message Telegram took in the instant
        # before the kill, unrecorded, went out twice (Telegram has no idempotency key;
        # README: "Exactly once"). Measured: one doubled card in eight kills, at load 12.
        replies = api.texts(user)
        cards = [text for text in api.texts(REP) if f"P{user}" in text]
        doubled = _repeats(replies) + len(cards) - 1
        assert _collapsed(replies) == [t.replace("{name}", f"P{user}") for t in reference]
        assert len(cards) >= 1 and doubled <= (0 if user == SWEPT[0] else 1), user


def _collapsed(texts: list[str]) -> list[str]:
    """The texts with a message sent twice in a row counted once."""
    return [text for n, text in enumerate(texts) if n == 0 or texts[n - 1] != text]


def _repeats(texts: list[str]) -> int:
    return len(texts) - len(_collapsed(texts))
