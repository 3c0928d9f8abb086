"""Two `leadbot webhook` processes on one PostgreSQL database behind a round-robin balancer.

Many prospects write at once; the stand-in spreads their updates over both instances, so
one chat's updates land on both. Afterwards: every update confirmed, nothing left in the
outbox, one lead and one handover per prospect, one card each to the rep, and every
prospect read exactly the same conversation (a lost or doubled reply would differ).
"""

from __future__ import annotations

import asyncio
import difflib
import re
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import func, make_url, select

from storage.engine import create_sessionmaker
from storage.models import Handover, Lead
from tests.botapi.server import BotApiStandIn
from tests.conftest import POSTGRES_URL, _create_test_database, _drop_test_database
from tests.e2e.handover import ASK_FOR_A_PERSON, Watch, prepared_database
from tests.e2e.harness import Leadbot, button, environment, until
from tests.support import REP

PROSPECTS = range(20001, 20041)  # 40 prospects, 6 updates each
SECRET = "e2e-webhook-secret-0123456789"


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database with the schema and one rep (skipped outside CI)."""
    name = await _create_test_database()
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(False)
    await prepared_database(url)
    yield url
    await _drop_test_database(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _converse(api: BotApiStandIn, watch: Watch, user: int) -> None:
    """One prospect's conversation, each step after the answer to the one before."""

    async def step(push: Awaitable[int]) -> None:
        update_id = await push
        await until(
            lambda: update_id not in api.pending and bool(api.sent(user)),
            what=f"update {update_id} of {user}",
        )

    await step(api.message(user, "/start"))
    await until(lambda: _has_button(api, user, "Yes, but no follow"), what="consent")
    await step(api.press(user, button(api, user, "Yes, but no follow")))
    await until(lambda: _has_button(api, user, "No, not yet"), what="customer question")
    await step(api.press(user, button(api, user, "No, not yet")))
    await step(api.message(user, "We are 40 people in the service team"))
    await step(api.message(user, "What does it cost?"))
    await step(api.message(user, ASK_FOR_A_PERSON))


def _has_button(api: BotApiStandIn, user: int, label: str) -> bool:
    try:
        button(api, user, label)
    except AssertionError:
        return False
    return True


def _normalised(texts: list[str], user: int) -> list[str]:
    return [re.sub(rf"\bP{user}\b", "P", text) for text in texts]


async def test_two_instances_lose_nothing_and_double_nothing(
    postgres_url: str, tmp_path: Path
) -> None:
    async with BotApiStandIn() as api:
        ports = [_free_port(), _free_port()]
        api.webhook_targets = [f"http://127.0.0.1:{port}/telegram" for port in ports]
        instances = []
        for index, port in enumerate(ports):
            env = environment(
                api,
                postgres_url,
                tmp_path,
                LEADBOT_WEBHOOK_URL=f"https://bot.example/telegram?i={index}",
                LEADBOT_WEBHOOK_SECRET=SECRET,
                LEADBOT_WEBHOOK_HOST="127.0.0.1",
                LEADBOT_WEBHOOK_PORT=str(port),
            )
            instance = Leadbot(["webhook"], env, tmp_path / f"leadbot-{index}.log")
            await instance.start(_webhooks_set(api, index + 1))
            instances.append(instance)
        watch = Watch(postgres_url, api)
        try:
            await asyncio.gather(*(_converse(api, watch, user) for user in PROSPECTS))
            await until(lambda: not api.pending, what="every update confirmed")
            await until(_all_sent(watch), what="the outbox to drain")
            async with create_sessionmaker(watch.engine)() as session:
                leads = await session.scalar(select(func.count()).select_from(Lead))
                handovers = await session.scalar(select(func.count()).select_from(Handover))
        finally:
            for instance in instances:
                await instance.stop()
            await watch.engine.dispose()
    assert (leads, handovers) == (len(PROSPECTS), len(PROSPECTS))
    cards = api.texts(REP)
    assert sorted(re.findall(r">P(\d+)</a></b>", "\n".join(cards))) == [
        str(user) for user in PROSPECTS
    ]
    conversations = {tuple(_normalised(api.texts(user), user)) for user in PROSPECTS}
    variants = sorted(conversations, key=len)
    differences = [
        "\n".join(difflib.unified_diff(variants[0], other, lineterm="")) for other in variants[1:]
    ]
    assert not differences, "prospects read different conversations:\n" + "\n".join(differences)
    # Both instances took updates: the balancer spread them (a check on the test itself).
    assert all((tmp_path / f"leadbot-{i}.log").read_text().count("is handled") for i in (0, 1))


def _webhooks_set(api: BotApiStandIn, count: int) -> Callable[[], bool]:
    return lambda: sum(r.method == "setwebhook" for r in api.requests) >= count


def _all_sent(watch: Watch) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return await watch.unsent() == 0

    return check
