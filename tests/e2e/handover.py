"""The handover conversation the crash tests and `bench/kill_sweep.py` kill around.

A prospect consents, says they are no customer yet, and asks for a person: the last message
hands the lead over, so its update writes replies to the prospect and a card to the rep.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, select

from storage.claims import UNFINISHED
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Handover, Outbox
from tests.botapi.server import BotApiStandIn
from tests.e2e.harness import button, until
from tests.support import REP, add_plain_rep

PROSPECT = 9001
ASK_FOR_A_PERSON = "Could one of your colleagues maybe get back to me?"


async def prepared_database(url: str) -> None:
    """The schema and one rep, who takes every handover."""
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
        """Outbox rows not yet settled (to one chat, if given): pending, claimed, sending."""
        unfinished: ColumnElement[bool] = Outbox.status.in_(UNFINISHED)
        if chat_id is not None:
            unfinished = unfinished & (Outbox.chat_id == chat_id)
        async with create_sessionmaker(self.engine)() as session:
            count = select(func.count()).select_from(Outbox).where(unfinished)
            return int(await session.scalar(count) or 0)

    async def statuses(self, chat_id: int) -> list[str]:
        """The outbox statuses of the rows to `chat_id`, in the order they were written."""
        async with create_sessionmaker(self.engine)() as session:
            query = select(Outbox.status).where(Outbox.chat_id == chat_id).order_by(Outbox.id)
            return [str(status) for status in await session.scalars(query)]

    async def handovers(self) -> int:
        async with create_sessionmaker(self.engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(Handover)) or 0)

    async def answered(self, update_id: int) -> bool:
        """Telegram has the update confirmed and nothing is left to send."""
        return update_id not in self.api.pending and await self.unsent() == 0

    async def step(self, push: int) -> None:
        """Wait until update `push` is confirmed and its replies are out."""
        await until(lambda: self.answered(push), what=f"the answer to {push}")

    async def dispose(self) -> None:
        await self.engine.dispose()


async def converse(api: BotApiStandIn, watch: Watch, user: int) -> None:
    """Consent and the customer question, each answered: the next message hands over."""
    await watch.step(await api.message(user, "/start"))
    await watch.step(await api.press(user, button(api, user, "Yes, but no follow")))
    await watch.step(await api.press(user, button(api, user, "No, not yet")))


async def hand_over(api: BotApiStandIn, user: int) -> int:
    """Queue the message that hands `user` over; its update id."""
    return await api.message(user, ASK_FOR_A_PERSON)


def steady(text: str) -> str:
    """A text without the time of consent, which differs from run to run."""
    return re.sub(r"granted \d{4}-\d\d-\d\d \d\d:\d\d UTC", "granted (time)", text)


def collapsed(texts: list[str]) -> list[str]:
    """The texts with a message sent twice in a row counted once."""
    return [text for n, text in enumerate(texts) if n == 0 or texts[n - 1] != text]
