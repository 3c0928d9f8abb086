"""SIGKILL around a handover, then restart: every reply delivered once, one card to the rep.

The real `leadbot run` process polls the Bot API stand-in. A prospect consents and asks
for a person; the process is killed at a point around that handover (before it fetched the
update, while handling it, while Telegram hangs on the reply or on the card), then started
again. Every run is compared with a run that was never killed: the same messages, in the
same order, to the prospect and to the rep. Nothing missing, nothing doubled.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
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
