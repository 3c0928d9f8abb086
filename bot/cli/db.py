"""`leadbot db …`: the database schema."""

from __future__ import annotations

import typer

from bot.cli.common import cli_settings, run
from bot.settings import Settings

db_app = typer.Typer(no_args_is_help=True, help="Database schema.")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the configured database."""
    settings = cli_settings()
    run(_upgrade(settings))


async def _upgrade(settings: Settings) -> None:
    from storage.engine import create_engine
    from storage.migrate import current_revision, upgrade

    engine = create_engine(settings.resolved_database_url())
    try:
        await upgrade(engine)
        typer.echo(f"database is at revision {await current_revision(engine)}")
    finally:
        await engine.dispose()
