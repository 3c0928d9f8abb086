"""`leadbot outbox …`: what is waiting to go out, what was given up on, and sending again."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import MAX_ROW_ID, PlainTable, cli_settings, fail, in_database, table_console

outbox_app = typer.Typer(no_args_is_help=True, help="Messages waiting to go out to Telegram.")


@outbox_app.command("list")
def outbox_list(
    failed: Annotated[bool, typer.Option("--failed", help="only those given up on")] = False,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
) -> None:
    """Outbox rows, newest first: id, chat, status, attempts, when due, and why."""
    from storage.delivery import outbox_rows

    rows = in_database(cli_settings(), lambda s: outbox_rows(s, failed_only=failed, limit=limit))
    if rows is None:
        return
    table = PlainTable("id", "chat", "lead", "status", "attempts", "due", "note")
    for row in rows:
        table.add_row(
            str(row.id),
            str(row.chat_id),
            str(row.lead_id or "—"),
            row.status,
            str(row.attempts),
            row.due_at.isoformat(timespec="seconds"),
            row.note or "",
        )
    table_console().print(table)


@outbox_app.command("retry")
def outbox_retry(
    row_id: Annotated[
        int, typer.Argument(min=1, max=MAX_ROW_ID, help="the row's id (outbox list)")
    ],
) -> None:
    """Send a failed or cancelled message again: due now, attempts from zero."""
    from bot.qualify.clock import system_clock
    from storage.delivery import retry_outbox_row

    row = in_database(cli_settings(), lambda s: retry_outbox_row(s, row_id, system_clock()))
    if row is None:
        fail(f"outbox row {row_id} does not exist or is not failed or cancelled", 1)
    typer.echo(f"outbox row {row_id} is due again; the worker sends it within its next round")
