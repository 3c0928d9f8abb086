"""`leadbot leads …`: the list of leads, the story of one, its time zone, the export."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.common import (
    LeadId,
    PlainTable,
    cli_settings,
    fail,
    in_database,
    table_console,
)
from bot.cli.export import export_command
from bot.cli.lead_story import print_story
from bot.content.catalog import load_content
from bot.presentation.why_text import why_lines
from storage.lead_queries import (
    LeadRow,
    LeadStory,
    lead_story,
    list_leads,
    set_lead_timezone,
)

leads_app = typer.Typer(no_args_is_help=True, help="Leads: who they are and why they are hot.")
_COLUMNS = (
    "id",
    "name",
    "source",
    "persona",
    "stage",
    "lifecycle",
    "grade",
    "engagement",
    "temperature",
    "last seen",
)


@leads_app.command("list")
def list_command(
    temperature: Annotated[str | None, typer.Option(help="cold, warm or hot")] = None,
    lifecycle: Annotated[str | None, typer.Option(help="new, engaged, mql, sal, sql, …")] = None,
    persona: Annotated[str | None, typer.Option(help="a persona id from personas.yaml")] = None,
    source: Annotated[str | None, typer.Option(help="the deep-link source, e.g. fair2026")] = None,
    limit: Annotated[int, typer.Option(help="at most this many")] = 200,
) -> None:
    """Leads, most recently active first."""
    settings = cli_settings()
    content = load_content(settings.content_dir)

    async def rows_and_why(session: AsyncSession) -> tuple[list[LeadRow], dict[int, str]]:
        rows = await list_leads(
            session,
            temperature=temperature,
            lifecycle=lifecycle,
            persona=persona,
            source=source,
            limit=limit,
        )
        return rows, await why_lines(session, content, "en", [row.id for row in rows])

    found = in_database(settings, rows_and_why)
    if found is None:
        return
    rows, why = found
    table = PlainTable(*_COLUMNS, "why")
    for row in rows:
        table.add_row(*_cells(row), why.get(row.id, ""))
    out = table_console()
    out.print(table)
    out.print(f"{len(rows)} lead(s)")


def _cells(row: LeadRow) -> tuple[str, ...]:
    return (
        str(row.id),
        row.name,
        row.source or "",
        row.persona or "",
        row.stage,
        row.lifecycle + (" ✔" if row.sales_ready else ""),
        row.grade or "-",
        f"{row.engagement:.1f}",
        row.temperature,
        f"{row.last_seen_at:%Y-%m-%d %H:%M}",
    )


@leads_app.command("show")
def show_command(lead_id: LeadId) -> None:
    """One lead: facts with their quotes, events, score changes and lifecycle history."""
    settings = cli_settings()
    content = load_content(settings.content_dir)

    async def story_and_why(session: AsyncSession) -> tuple[LeadStory | None, str]:
        why = await why_lines(session, content, "en", [lead_id])
        return await lead_story(session, lead_id), why.get(lead_id, "")

    story, why = in_database(settings, story_and_why) or (None, "")
    if story is None:
        fail(f"there is no lead {lead_id}; `leadbot leads list` shows the ids", 1)
    print_story(table_console(), story, settings.content_dir, why=why)


@leads_app.command("timezone")
def timezone_command(
    lead_id: LeadId,
    zone: Annotated[str, typer.Argument(help="an IANA time zone, e.g. America/New_York")],
) -> None:
    """Set a lead's own time zone for quiet hours (the deployment's is in nurture.yaml)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    settings = cli_settings()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"unknown time zone {zone!r}; use a name such as Europe/Vienna", 2)
    if not in_database(settings, lambda session: set_lead_timezone(session, lead_id, zone)):
        fail(f"there is no lead {lead_id}", 1)
    typer.echo(f"lead {lead_id} now has quiet hours in {zone}")


leads_app.command("export")(export_command)
