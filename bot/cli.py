"""The `leadbot` command. It only parses arguments and wires; the work is elsewhere."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Coroutine
from typing import Annotated, Any

import typer
from rich.console import Console

from bot.content.errors import ContentError
from bot.settings import Settings, SettingsError, load_settings

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Lead qualification bot.")
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
content_app = typer.Typer(no_args_is_help=True, help="Check the files in content/.")
app.add_typer(db_app, name="db")
app.add_typer(content_app, name="content")
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int) -> None:
    err.print(f"leadbot: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


def _settings() -> Settings:
    try:
        settings = load_settings()
    except SettingsError as error:
        _fail(f"{error}", 2)
        raise  # unreachable; keeps type checkers content
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return settings


def _run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a command; expected failures become one clear line, not a traceback."""
    try:
        return asyncio.run(coroutine)
    except SettingsError as error:
        _fail(f"{error}", 2)
    except ContentError as error:
        err.print(str(error), markup=False, highlight=False)
        _fail(f"content/ has {len(error.problems)} problem(s); fix them and try again", 1)
    except (OSError, ConnectionError) as error:
        _fail(f"cannot reach the database or Telegram: {error}", 1)
    except KeyboardInterrupt:
        return None
    return None


@app.command()
def chat(
    lang: Annotated[str, typer.Option(help="Telegram language code of the local user.")] = "en",
    user_id: Annotated[int, typer.Option(help="Telegram user id of the local user.")] = 1000,
    name: Annotated[str, typer.Option(help="First name of the local user.")] = "Alex",
) -> None:
    """Talk to the bot in this terminal: no Telegram token needed, same dispatcher."""
    settings = _settings()
    _run(_chat(settings, lang=lang, user_id=user_id, name=name))


async def _chat(settings: Settings, *, lang: str, user_id: int, name: str) -> None:
    from bot.app import open_app
    from bot.channels.console import ConsoleChannel, interactive_lines, stdin_is_terminal

    if settings.log_level != "DEBUG":
        # The conversation is the output here; routine logs would drown it.
        for noisy in ("aiogram.event", "alembic"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    out = Console(highlight=False, soft_wrap=True)
    from bot.jobs.scheduler import start_scheduler

    async with open_app(settings) as bot_app:
        channel = ConsoleChannel(
            bot_app.dispatcher, out, user_id=user_id, first_name=name, language_code=lang
        )
        scheduler = start_scheduler(bot_app.deps, channel.bot)
        if stdin_is_terminal():
            out.print(
                "Local chat with leadbot. Type /start to begin, a number to press a "
                "button, /quit to leave.",
                style="dim",
            )
            await channel.run(interactive_lines(), echo=False)
        else:
            await channel.run(sys.stdin, echo=True)
        await channel.bot.session.close()
        scheduler.shutdown(wait=False)


@app.command()
def run() -> None:
    """Run on Telegram with long polling (token from LEADBOT_TELEGRAM_TOKEN)."""
    settings = _settings()
    _run(_poll(settings))


async def _poll(settings: Settings) -> None:
    from aiogram import Bot
    from aiogram.client.default import DefaultBotProperties
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    from bot.app import open_app

    token = settings.require_token()
    session = (
        AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
        if settings.telegram_api_url
        else AiohttpSession()
    )
    bot = Bot(token, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    from bot.jobs.scheduler import start_scheduler

    async with open_app(settings) as bot_app:
        scheduler = start_scheduler(bot_app.deps, bot)
        try:
            await bot_app.dispatcher.start_polling(bot, handle_signals=True)
        finally:
            scheduler.shutdown(wait=False)


@app.command()
def nlu() -> None:
    """Answer extraction: JSON Lines on stdin, one answer line each on stdout."""
    from bot.qualify.nlu.contract import answer_lines

    settings = _settings()
    model = {"de": settings.spacy_model_de, "en": settings.spacy_model_en}
    for line in answer_lines(sys.stdin, model=model):
        sys.stdout.write(line + "\n")
    sys.stdout.flush()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the configured database."""
    settings = _settings()
    _run(_upgrade(settings))


async def _upgrade(settings: Settings) -> None:
    from storage.engine import create_engine
    from storage.migrate import current_revision, upgrade

    engine = create_engine(settings.resolved_database_url())
    try:
        await upgrade(engine)
        typer.echo(f"database is at revision {await current_revision(engine)}")
    finally:
        await engine.dispose()


@content_app.command("check")
def content_check() -> None:
    """Validate content/ and list every problem as file:line (exit status 1 on any)."""
    from bot.content.catalog import load_content

    settings = _settings()
    try:
        content = load_content(settings.content_dir)
    except ContentError as error:
        for problem in error.problems:
            typer.echo(str(problem))
        _fail(f"{len(error.problems)} problem(s) in {settings.content_dir}", 1)
        return
    locales = ", ".join(content.texts.locales())
    typer.echo(
        f"content OK: locales {locales}, privacy notice {content.privacy_version}, "
        f"{len(content.personas.personas)} personas, {len(content.library)} library items, "
        f"{len(content.faq.faq)} FAQ entries, {len(content.nurture.sequences)} nurture "
        f"sequences, {len(content.nurture.campaigns)} campaign(s)"
    )


@content_app.command("audit")
def content_audit() -> None:
    """The persona × stage × locale matrix of library items, gaps marked."""
    from rich.table import Table

    from bot.content.audit import audit
    from bot.content.catalog import load_content

    settings = _settings()
    try:
        content = load_content(settings.content_dir)
    except ContentError as error:
        for problem in error.problems:
            typer.echo(str(problem))
        _fail("fix content/ first: `leadbot content check`", 1)
        return
    cells = audit(content)
    out = Console(highlight=False)
    stages = [*content.stages.order, "customer"]
    for locale in sorted({cell.locale for cell in cells}):
        table = Table("persona", *stages, title=f"Library items, locale {locale}")
        for persona in content.personas.personas:
            row = [c for c in cells if c.locale == locale and c.persona == persona]
            by_stage = {c.stage: c.items for c in row}
            table.add_row(
                persona,
                *(", ".join(by_stage[s]) if by_stage[s] else "[bold red]GAP[/]" for s in stages),
            )
        out.print(table)
    gaps = [c for c in cells if not c.items]
    out.print(f"{len(content.library)} items, {len(cells)} cells, {len(gaps)} gap(s)")
    for gap in gaps:
        out.print(f"  gap: {gap.locale} · {gap.persona} · {gap.stage}")


@content_app.command("unanswered")
def content_unanswered(
    limit: Annotated[int, typer.Option(help="at most this many, newest first")] = 100,
) -> None:
    """Questions the bot could not answer: candidates for content/faq.yaml."""
    from sqlalchemy import select

    from storage.engine import migrated_sessions
    from storage.models import UnansweredQuestion

    settings = _settings()

    async def work() -> list[UnansweredQuestion]:
        url = settings.resolved_database_url()
        async with migrated_sessions(url) as sessions, sessions() as session:
            rows = await session.scalars(
                select(UnansweredQuestion).order_by(UnansweredQuestion.id.desc()).limit(limit)
            )
            return list(rows)

    rows = _run(work()) or []
    for row in rows:
        typer.echo(f"{row.asked_at:%Y-%m-%d %H:%M}  [{row.locale}]  {row.text}")
    typer.echo(f"{len(rows)} unanswered question(s)")


def main() -> None:
    """Entry point of the `leadbot` script."""
    app()


from bot.cli_leads import register as _register_leads  # noqa: E402 - needs the helpers above

_register_leads(app)
