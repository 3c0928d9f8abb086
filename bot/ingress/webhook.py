"""The webhook server: Telegram POSTs each update; 200 only after its effects are committed.

Several instances behind any load balancer share one PostgreSQL database: one chat's
updates are serialised by the advisory lock in the update's transaction (and, within an
instance, by ChatLocks); a non-2xx answer makes Telegram deliver the update again, and
processed_updates turns a second delivery of a committed update into a no-op.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ingress.chat_locks import ChatLocks, chat_of
from storage.health import database_answers

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
UPDATES_PATH = "/telegram"
HEALTH_PATH = "/healthz"


def create_app(
    dispatcher: Dispatcher,
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    secret: str,
    in_flight: int = 64,
) -> web.Application:
    """The aiohttp application: POST /telegram for updates, GET /healthz for the balancer."""
    locks = ChatLocks()
    slots = asyncio.Semaphore(in_flight)

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=401, text="wrong secret token")
        update = Update.model_validate(await request.json(), context={"bot": bot})
        async with slots, locks.hold(chat_of(update)):
            try:
                await dispatcher.feed_update(bot, update)
            except Exception:
                # Only a busy or unreachable database gets here (the error router answers
                # the rest): Telegram delivers the update again later.
                log.exception("update %s not handled; Telegram will retry", update.update_id)
                return web.Response(status=503, text="try again")
        return web.json_response({})

    async def health(_: web.Request) -> web.Response:
        try:
            async with sessionmaker() as session:
                ok = await database_answers(session)
        except Exception as error:
            return web.Response(status=503, text=f"database: {error}")
        return web.Response(status=200 if ok else 503, text="ok" if ok else "database")

    app = web.Application()
    app.router.add_post(UPDATES_PATH, receive)
    app.router.add_get(HEALTH_PATH, health)
    return app


async def serve(app: web.Application, host: str, port: int, stop: asyncio.Event) -> None:
    """Serve until `stop` is set; requests in progress finish before the server closes."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("webhook server listening on %s:%s", host, port)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def webhook_options(dispatcher: Dispatcher) -> dict[str, Any]:
    """setWebhook options that keep pending updates and ask only for the types we handle."""
    return {
        "allowed_updates": dispatcher.resolve_used_update_types(),
        "drop_pending_updates": False,
    }
