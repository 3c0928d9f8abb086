"""What every command shares: settings, one clear line on failure, a migrated database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, NoReturn, TypeVar

import typer
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.errors import ContentError
from bot.settings import Settings, SettingsError, load_settings

T = TypeVar("T")
err = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int) -> NoReturn:
    """Stop the command with `leadbot: message` on stderr and exit status `code`."""
    err.print(f"leadbot: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


def cli_settings() -> Settings:
    """The settings, with logging set up; a bad setting stops the command (status 2)."""
    try:
        settings = load_settings()
    except SettingsError as error:
        fail(f"{error}", 2)
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return settings


def run(coroutine: Coroutine[Any, Any, T]) -> T | None:
    """Run a command; expected failures become one clear line, not a traceback."""
    try:
        return asyncio.run(coroutine)
    except SettingsError as error:
        fail(f"{error}", 2)
    except ContentError as error:
        err.print(str(error), markup=False, highlight=False)
        fail(f"content/ has {len(error.problems)} problem(s); fix them and try again", 1)
    except (OSError, ConnectionError) as error:
        fail(f"cannot reach the database or Telegram: {error}", 1)
    except KeyboardInterrupt:
        return None


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[AsyncSession]:
    """A session on the configured database, migrated to the newest schema first."""
    from storage.engine import migrated_sessions

    url = settings.resolved_database_url()
    async with migrated_sessions(url) as sessions, sessions() as session:
        yield session


def in_database(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T | None:
    """Run `work` in one database session, committed afterwards."""

    async def session_work() -> T:
        async with database(settings) as session:
            result = await work(session)
            await session.commit()
        return result

    return run(session_work())


def table_console() -> Console:
    """A console for tables; piped into a file or a pager, it is wide enough for quotes."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 160
    return console


class PlainTable(Table):
    """A table whose cells are shown as typed: a prospect named `Ann [/]` is no markup."""

    def add_row(self, *renderables: RenderableType | None, **kwargs: Any) -> None:
        cells = [Text(cell) if isinstance(cell, str) else cell for cell in renderables]
        super().add_row(*cells, **kwargs)
