"""`leadbot chat` and `leadbot run`: the bot with its jobs, in the terminal or on Telegram.

aiogram takes seconds to import, so it is imported inside the commands that need it.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from bot.cli.common import cli_settings, run
from bot.settings import Settings

if TYPE_CHECKING:
    from aiogram import Bot

    from bot.channels.console import ConsoleChannel
    from bot.cli.runtime import App


def chat(
    lang: Annotated[str, typer.Option(help="Telegram language code of the local user.")] = "en",
    user_id: Annotated[int, typer.Option(help="Telegram user id of the local user.")] = 1000,
    name: Annotated[str, typer.Option(help="First name of the local user.")] = "Alex",
) -> None:
    """Talk to the bot in this terminal: no Telegram token needed, same dispatcher."""
    settings = cli_settings()
    run(_chat(settings, lang=lang, user_id=user_id, name=name))


async def _chat(settings: Settings, *, lang: str, user_id: int, name: str) -> None:
    from bot.channels.console import ConsoleChannel
    from bot.cli.runtime import open_app
    from bot.jobs.scheduler import running_jobs

    if settings.log_level != "DEBUG":
        # The conversation is the output here; routine logs (the scheduler's every few
        # seconds among them) would drown it. Warnings still show.
        logging.getLogger().setLevel(logging.WARNING)
    out = Console(highlight=False, soft_wrap=True)
    async with open_app(settings) as bot_app:
        channel = ConsoleChannel(
            bot_app.dispatcher,
            out,
            user_id=user_id,
            first_name=name,
            language_code=lang,
            first_update_id=await _first_update_id(bot_app),
        )
        async with running_jobs(bot_app.deps, channel.bot):
            await _converse(channel, out)
        await channel.bot.session.close()


async def _first_update_id(bot_app: App) -> int:
    """Above every update handled before: a second run of the same script is answered."""
    from storage.updates import next_update_id

    async with bot_app.deps.sessionmaker() as session:
        return await next_update_id(session)


async def _converse(channel: ConsoleChannel, out: Console) -> None:
    from bot.channels.console import interactive_lines, stdin_is_terminal

    if stdin_is_terminal():
        out.print(
            "Local chat with leadbot. Type /start to begin, a number to press a "
            "button, /quit to leave.",
            style="dim",
        )
        await channel.run(interactive_lines(), echo=False)
    else:
        await channel.run(sys.stdin, echo=True)


def run_command() -> None:
    """Run on Telegram with long polling (token from LEADBOT_TELEGRAM_TOKEN)."""
    settings = cli_settings()
    run(_poll(settings))


async def _poll(settings: Settings) -> None:
    from bot.cli.runtime import open_app
    from bot.ingress.polling import Poller
    from bot.jobs.scheduler import running_jobs

    bot = _telegram_bot(settings)
    stop = stop_on_signals()
    async with open_app(settings) as bot_app, running_jobs(bot_app.deps, bot):
        poller = Poller(
            bot_app.dispatcher,
            bot,
            timeout=settings.polling_timeout_seconds,
            in_flight=settings.updates_in_flight,
        )
        logging.getLogger(__name__).info("polling Telegram for updates")
        await poller.run(stop)
    await bot.session.close()


def webhook_command() -> None:
    """Run as a webhook server (LEADBOT_WEBHOOK_URL, LEADBOT_WEBHOOK_SECRET); several
    instances may share one PostgreSQL database behind a load balancer."""
    settings = cli_settings()
    if not settings.webhook_url or settings.webhook_secret is None:
        raise typer.BadParameter(
            "set LEADBOT_WEBHOOK_URL (the public https URL ending in /telegram) and "
            "LEADBOT_WEBHOOK_SECRET (the same random string on every instance)"
        )
    run(_webhook(settings))


async def _webhook(settings: Settings) -> None:
    from bot.cli.runtime import open_app
    from bot.ingress.webhook import create_app, serve, webhook_options
    from bot.jobs.scheduler import running_jobs

    assert settings.webhook_url is not None and settings.webhook_secret is not None
    secret = settings.webhook_secret.get_secret_value()
    bot = _telegram_bot(settings)
    stop = stop_on_signals()
    async with open_app(settings) as bot_app, running_jobs(bot_app.deps, bot):
        app = create_app(
            bot_app.dispatcher,
            bot,
            bot_app.deps.sessionmaker,
            secret=secret,
            in_flight=settings.updates_in_flight,
        )
        options = webhook_options(bot_app.dispatcher)
        await bot.set_webhook(settings.webhook_url, secret_token=secret, **options)
        await serve(app, settings.webhook_host, settings.webhook_port, stop)
    await bot.session.close()


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM: the ingress stops taking updates and finishes."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


def _telegram_bot(settings: Settings) -> Bot:
    from aiogram import Bot
    from aiogram.client.default import DefaultBotProperties
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    token = settings.require_token()
    session = (
        AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
        if settings.telegram_api_url
        else AiohttpSession()
    )
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode="HTML"))
