"""`leadbot handovers …`: which leads wait for a rep, and handing one to a rep by hand."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.common import PlainTable, cli_settings, fail, in_database, table_console
from bot.content.catalog import Content, load_content
from bot.qualify.handover_desk import (
    HANDOVER_ID_LIMIT,
    STATUS_CHOICES,
    TELEGRAM_ID_LIMIT,
    Refused,
    checked_id,
    reassign,
    statuses_for,
)

handovers_app = typer.Typer(no_args_is_help=True, help="Handovers from the bot to sales reps.")
CLI_LOCALE = "en"  # the command line speaks English, as its other messages do


def refusal_line(content: Content, refusal: Refused) -> str:
    """A refusal in the words content/ gives it, for the command line."""
    values = {name: str(value) for name, value in refusal.values.items()}
    return content.texts.raw(CLI_LOCALE, refusal.key, **values)


@handovers_app.command("list")
def handovers_list(
    status: Annotated[
        str, typer.Option(help="open (pending, offered, escalated), all, or one status")
    ] = "open",
) -> None:
    """Handovers, the longest waiting first: lead, status, rep, and since when."""
    from storage.handover_queries import handover_lines

    if status not in STATUS_CHOICES:
        fail(f"--status must be one of {', '.join(STATUS_CHOICES)}, not {status!r}", 2)
    lines = in_database(cli_settings(), lambda s: handover_lines(s, statuses_for(status)))
    if lines is None:
        return
    table = PlainTable("handover", "lead", "name", "reason", "status", "rep", "since (UTC)")
    for line in lines:
        table.add_row(
            str(line.id),
            str(line.lead_id),
            line.lead_name,
            line.reason,
            line.status,
            line.rep or "—",
            f"{line.since:%Y-%m-%d %H:%M}",
        )
    out = table_console()
    out.print(table)
    out.print(f"{len(lines)} handover(s), status {status}")


@handovers_app.command("reassign")
def handovers_reassign(
    handover_id: Annotated[str, typer.Argument(help="the handover's id (handovers list)")],
    rep_id: Annotated[str, typer.Argument(help="the rep's Telegram user id (reps list)")],
) -> None:
    """Offer an open or escalated handover to this rep; the card goes out with the running
    bot's next outbox round, and the rep who held it is told."""
    from bot.qualify.clock import system_clock

    settings = cli_settings()
    content = load_content(settings.content_dir)
    try:
        handover, rep_user = (
            checked_id(handover_id, HANDOVER_ID_LIMIT),
            checked_id(rep_id, TELEGRAM_ID_LIMIT),
        )
    except Refused as refusal:
        fail(refusal_line(content, refusal), 2)

    async def work(session: AsyncSession) -> tuple[bool, str]:
        try:
            done, lead, rep = await reassign(session, content, handover, rep_user, system_clock())
        except Refused as refusal:
            return False, refusal_line(content, refusal)
        return True, f"handover {done.id} (lead {lead.id}) is now offered to {rep.name}"

    done, said = in_database(settings, work) or (False, "interrupted")
    if not done:
        fail(said, 1)
    typer.echo(said)
