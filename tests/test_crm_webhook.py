"""The CRM webhook: signed JSON per lifecycle change, retried, posted to a local server."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.factory import Dependencies
from bot.jobs.crm import post_pending
from storage.claims import claim_due
from storage.delivery import CRM_CHANGES
from storage.models import LifecycleChange
from tests.support import FakeClock, Prospect, with_settings

SECRET = b"a-webhook-secret-of-some-length"


class Receiver:
    """A CRM stand-in on 127.0.0.1 that can be told to fail."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.fail_next = 0
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=500)
        self.received.append((dict(request.headers), await request.read()))
        return web.Response(status=204)


@pytest.fixture
async def crm() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    application = web.Application()
    application.router.add_post("/hook", receiver.handle)
    runner = web.AppRunner(application)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # started: it has sockets
    receiver.url = f"http://127.0.0.1:{port}/hook"
    yield receiver
    await runner.cleanup()


@pytest.fixture
def crm_deps(crm: Receiver, deps: Dependencies) -> Dependencies:
    """The same bot with its CRM webhook pointed at the stand-in."""
    return with_settings(
        deps, crm_webhook_url=crm.url, crm_webhook_secret=SecretStr(SECRET.decode())
    )


async def test_lifecycle_changes_are_posted_signed_in_order(
    crm: Receiver, crm_deps: Dependencies, prospect: Prospect
) -> None:
    await prospect.agrees()
    await prospect.says("/stop")
    assert await post_pending(crm_deps) == {"sent": 2}
    assert await post_pending(crm_deps) == {}
    moves = []
    for headers, body in crm.received:
        expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Leadbot-Signature"], expected)
        assert headers["X-Leadbot-Event"] == "lifecycle.changed"
        event = json.loads(body)
        assert headers["X-Leadbot-Delivery"] == str(event["delivery"])
        moves.append((event["from"], event["to"], event["lead"]["first_name"]))
    assert moves == [("new", "engaged", "Greta"), ("engaged", "suppressed", "Greta")]


async def test_a_failing_crm_is_retried_with_backoff(
    crm: Receiver,
    crm_deps: Dependencies,
    prospect: Prospect,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    crm.fail_next = 1
    assert await post_pending(crm_deps) == {"retry": 1}
    assert await post_pending(crm_deps) == {}  # not due yet
    clock.advance(seconds=3)
    assert await post_pending(crm_deps) == {"sent": 1}
    async with sessionmaker() as session:
        change = await session.scalar(select(LifecycleChange))
    assert change is not None
    assert (change.webhook_status, change.webhook_attempts) == ("sent", 1)


async def test_a_claim_left_by_a_stopped_worker_is_posted_after_it_expires(
    crm: Receiver,
    crm_deps: Dependencies,
    prospect: Prospect,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    async with sessionmaker() as session:  # a worker claims the change, then dies
        assert len(await claim_due(session, CRM_CHANGES, clock(), batch=50)) == 1
        await session.commit()
    assert await post_pending(crm_deps) == {}
    clock.advance(minutes=14)
    assert await post_pending(crm_deps) == {}  # the claim may still be in progress
    clock.advance(minutes=2)
    assert await post_pending(crm_deps) == {"sent": 1}
    assert len(crm.received) == 1
