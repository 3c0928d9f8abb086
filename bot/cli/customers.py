"""`leadbot customers import`: existing customers from a CRM's CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import cli_settings, fail, in_database

customers_app = typer.Typer(no_args_is_help=True, help="Existing customers, imported from a CRM.")


def _is_binary(path: Path) -> bool:
    """A NUL byte in the first 8 KiB: a spreadsheet or an image, not text."""
    with path.open("rb") as handle:
        return b"\x00" in handle.read(8192)


@customers_app.command("import")
def import_command(
    path: Annotated[
        Path,
        typer.Argument(
            help="CSV, comma, semicolon or tab: telegram_user_id, username, company, account_owner"
        ),
    ],
) -> None:
    """Add or update customers; they take the customer path instead of the sales questions."""
    from bot.qualify.clock import system_clock
    from storage.customers import import_customers

    settings = cli_settings()
    if not path.exists():
        fail(f"{path} does not exist", 1)
    if _is_binary(path):
        fail(f"{path} is not a CSV file (it holds binary data); export the list as CSV", 1)
    result = in_database(settings, lambda s: import_customers(s, path, now=system_clock()))
    if result is None:
        return
    typer.echo(result.summary())
    for problem in result.problems:
        typer.echo(problem)
    typer.echo(
        f"{result.added} added, {result.updated} updated, {len(result.problems)} row(s) skipped"
    )
