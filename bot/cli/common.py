"""What every command shares: settings, one clear line on failure, a migrated database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from typer._click.exceptions import UsageError

from bot.content.errors import ContentError
from bot.qualify.ids import ROW_ID_MAX, TELEGRAM_ID_MAX
from bot.settings import Settings, SettingsError, load_settings

T = TypeVar("T")
err = Console(stderr=True, soft_wrap=True)

# Exit statuses, as the README documents them.
EXIT_FAILED = 1  # what the command needed failed: the database, Telegram, a file, content/
EXIT_USAGE = 2  # the command was given something it cannot take: an argument, a setting
# Ids are checked where they enter: Telegram's fit a signed 64-bit integer, our row ids
# (a lead, an outbox row) PostgreSQL's integer.
MAX_TELEGRAM_ID = TELEGRAM_ID_MAX
MAX_ROW_ID = ROW_ID_MAX
LeadId = Annotated[int, typer.Argument(help="the lead's id", min=1, max=MAX_ROW_ID)]
TelegramId = Annotated[
    int, typer.Argument(help="a Telegram user id (a rep's)", min=1, max=MAX_TELEGRAM_ID)
]


def fail(message: str, code: int) -> NoReturn:
    """Stop the command with `leadbot: message` on stderr and exit status `code`."""
    _say(message)
    raise typer.Exit(code)


def guarded(app: typer.Typer, argv: list[str] | None) -> int:
    """Run the command line; a usage mistake, or a file the command could not open that no
    command caught itself, becomes one line and its exit status instead of a traceback."""
    try:
        status = app(argv, standalone_mode=False, prog_name="leadbot")
    except UsageError as error:
        where = error.ctx.command_path if error.ctx is not None else "leadbot"
        command = where.removeprefix("leadbot").strip()
        _say(f"{command + ': ' if command else ''}{error.format_message()} (`{where} --help`)")
        return EXIT_USAGE
    except typer.Abort:
        return EXIT_FAILED
    except ContentError as error:
        first = error.problems[0] if error.problems else error
        _say(f"content/ has {len(error.problems)} problem(s), the first: {first}")
        return EXIT_FAILED
    except UnicodeDecodeError as error:
        _say(f"a file is not UTF-8 text ({error.reason} at byte {error.start})")
        return EXIT_FAILED
    except OSError as error:
        _say(f"{error.filename or 'a file'}: {error.strerror or error}")
        return EXIT_FAILED
    return status if isinstance(status, int) else 0


def _say(message: str) -> None:
    err.print(f"leadbot: {message}", markup=False, highlight=False)


def cli_settings() -> Settings:
    """The settings, with logging set up; a bad setting stops the command (status 2)."""
    try:
        settings = load_settings()
    except SettingsError as error:
        fail(f"{error}", 2)
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if settings.log_level != "DEBUG":
        # Alembic tells of every plugin and step at INFO: noise around a command's output.
        logging.getLogger("alembic").setLevel(logging.WARNING)
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
    except DBAPIError as error:
        fail(f"cannot use the database: {database_problem(error)}", 1)
    except (OSError, ConnectionError) as error:
        fail(f"cannot reach the database or Telegram: {error}", 1)
    except KeyboardInterrupt:
        return None


def database_problem(error: DBAPIError) -> str:
    """The driver's own words, in one line: `database "x" does not exist`, `file is not a
    database`, `unable to open database file` (a folder that does not exist)."""
    words = str(error.orig) if error.orig is not None else str(error)
    first = words.strip().splitlines()[0] if words.strip() else type(error.orig).__name__
    hint = " (does its folder exist?)" if "unable to open database file" in first else ""
    return first.removeprefix("<class ").strip() + hint


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
