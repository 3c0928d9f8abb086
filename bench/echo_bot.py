"""The floor every figure of bench/e2e.py is divided by: a bare aiogram bot.

    python bench/echo_bot.py API_URL TOKEN

aiogram's own long polling (every update handled as a task at once); each message is
answered with its own text, a button press with an empty answer. No database, no content.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message


def echo_router() -> Router:
    """Answers every message with its text and every button press with nothing."""
    router = Router(name="echo")

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    @router.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer()

    return router


async def main(api_url: str, token: str) -> None:
    logging.basicConfig(level=logging.INFO)  # as chatty as leadbot's default
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    bot = Bot(token, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    dispatcher = Dispatcher()
    dispatcher.include_router(echo_router())
    await dispatcher.start_polling(bot, polling_timeout=2)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
