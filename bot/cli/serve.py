"""`leadbot chat` and `leadbot run`: the bot with its jobs, in the terminal or on Telegram.

aiogram takes seconds to import, so it is imported inside the commands that need it.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from bot.cli.common import MAX_TELEGRAM_ID, cli_settings, fail, run
from bot.settings import Settings

if TYPE_CHECKING:
    from aiogram import Bot

    from bot.channels.console import ConsoleChannel
    from bot.cli.runtime import App
    from bot.factory import Dependencies

PICK_UP_SECONDS = 1.0  # how soon a console shows what another process wrote for its chat


def chat(
    lang: Annotated[str, typer.Option(help="Telegram language code of the local user.")] = "en",
    user_id: Annotated[
        int,
        typer.Option(
            help="Telegram user id of the local user; a registered rep's id makes this "
            "console that rep's chat.",
            min=1,
            max=MAX_TELEGRAM_ID,
        ),
    ] = 1000,
    name: Annotated[str, typer.Option(help="First name of the local user.")] = "Alex",
    log_file: Annotated[
        Path | None,
        typer.Option(help="Write the bot's logs (at LEADBOT_LOG_LEVEL) to this file."),
    ] = None,
) -> None:
    """Talk to the bot in this terminal: no Telegram token needed, same dispatcher."""
    settings = cli_settings()
    _quiet_logs(settings, log_file)
    # The console's own round (_picking_up) sends this chat's outbox, and stops between two
    # sends at the end: the scheduler's round would be cancelled mid-send.
    settings = settings.model_copy(update={"outbox_interval_seconds": 24 * 3600.0})
    run(_chat(settings, lang=lang, user_id=user_id, name=name))


def _quiet_logs(settings: Settings, log_file: Path | None) -> None:
    """The conversation is the output here: routine logs (the scheduler's every few
    seconds among them) would drown it. They go to `log_file`; the terminal shows warnings
    (everything with LEADBOT_LOG_LEVEL=DEBUG and no log file)."""
    root = logging.getLogger()
    if log_file is not None:
        try:
            handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as error:
            fail(f"--log-file {log_file}: {error.strerror or error}", 1)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.setLevel(settings.log_level)
        for existing in root.handlers:
            existing.setLevel(logging.WARNING)
        root.addHandler(handler)
        root.setLevel(settings.log_level)
    elif settings.log_level != "DEBUG":
        root.setLevel(logging.WARNING)
        # "job skipped: the previous run is still busy" on a loaded machine says nothing
        # about the conversation.
        logging.getLogger("apscheduler").setLevel(logging.ERROR)


async def _chat(settings: Settings, *, lang: str, user_id: int, name: str) -> None:
    from bot.channels.console import ConsoleChannel
    from bot.cli.runtime import open_app
    from bot.jobs.scheduler import running_jobs

    out = Console(highlight=False, soft_wrap=True)
    async with open_app(settings, chats=frozenset({user_id})) as bot_app:
        channel = ConsoleChannel(
            bot_app.dispatcher,
            out,
            user_id=user_id,
            first_name=name,
            language_code=lang,
            first_update_id=await _first_update_id(bot_app),
        )
        async with (
            running_jobs(bot_app.deps, channel.bot),
            _picking_up(bot_app.deps, channel.bot, every=PICK_UP_SECONDS),
        ):
            await _converse(channel, out)
        await channel.bot.session.close()


@asynccontextmanager
async def _picking_up(deps: Dependencies, bot: Bot, *, every: float) -> AsyncIterator[None]:
    """Send this chat's outbox now and every `every` seconds: what was written for it while
    no console showed it (a rep's cards), and what another console's process writes for it.
    At the end the round stops between two sends, never in the middle of one."""
    from bot.jobs.outbox import deliver_outbox

    stop = asyncio.Event()

    async def rounds() -> None:
        while True:  # at least one round, and one more after the stop
            await deliver_outbox(deps, bot)
            if stop.is_set():
                return
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)

    task = asyncio.create_task(rounds())
    try:
        yield
    finally:
        stop.set()
        await task


async def _first_update_id(bot_app: App) -> int:
    """Above every update handled before: a second run of the same script is answered."""
    from storage.updates import next_update_id

    async with bot_app.deps.sessionmaker() as session:
        return await next_update_id(session)


async def _converse(channel: ConsoleChannel, out: Console) -> None:
    from bot.channels.console import interactive_lines, piped_lines, stdin_is_terminal

    if stdin_is_terminal():
        out.print(
            "Local chat with leadbot. Type /start to begin, a number to press a "
            "button, /quit to leave.",
            style="dim",
        )
        await channel.run(interactive_lines(), echo=False)
    else:
        await channel.run(piped_lines(), echo=True)


def run_command() -> None:
    """Run on Telegram with long polling (token from LEADBOT_TELEGRAM_TOKEN)."""
    settings = cli_settings()
    run(_poll(settings))


async def _poll(settings: Settings) -> None:
    from bot.cli.runtime import open_app
    from bot.ingress.polling import Poller
    from bot.jobs.scheduler import running_jobs

    bot = _telegram_bot(settings)
    await reach_telegram(bot, settings)
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
    await reach_telegram(bot, settings)
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


async def reach_telegram(bot: Bot, settings: Settings) -> None:
    """Ask Telegram who we are before anything starts: an unreachable server or a refused
    token stops the command with one line (status 1 or 2), not a traceback per retry."""
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

    where = settings.telegram_api_url or "api.telegram.org"
    try:
        await bot.get_me()
    except TelegramUnauthorizedError:
        await bot.session.close()
        fail("Telegram refused LEADBOT_TELEGRAM_TOKEN; copy the token from @BotFather", 2)
    except (TelegramNetworkError, OSError) as error:
        await bot.session.close()
        fail(f"cannot reach Telegram at {where}: {error}", 1)


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
