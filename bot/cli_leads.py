"""`leadbot leads …`: the list of leads and the story of one."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.content.catalog import load_content
from bot.presentation.facts_text import fact_text
from storage.engine import migrated_sessions
from storage.lead_queries import LeadStory, lead_story, list_leads

leads_app = typer.Typer(no_args_is_help=True, help="Leads: who they are and why they are hot.")


def _console() -> Console:
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 160  # piped into a file or a pager: room for the quotes
    return console


def _value(kind: str, value: object, content_dir: Path) -> str:
    """A fact value as words ("up to 50,000 EUR a month"), not JSON."""
    try:
        texts = load_content(content_dir).texts
        return re.sub(r"<[^>]+>", "", html.unescape(fact_text(texts, "en", kind, value)))
    except Exception:  # content broken or an unexpected value: the raw value still helps
        return json.dumps(value, ensure_ascii=False)


@leads_app.command("list")
def list_command(
    temperature: Annotated[str | None, typer.Option(help="cold, warm or hot")] = None,
    lifecycle: Annotated[str | None, typer.Option(help="new, engaged, mql, sal, sql, …")] = None,
    persona: Annotated[str | None, typer.Option(help="a persona id from personas.yaml")] = None,
    source: Annotated[str | None, typer.Option(help="the deep-link source, e.g. fair2026")] = None,
    limit: Annotated[int, typer.Option(help="at most this many")] = 200,
) -> None:
    """Leads, most recently active first."""
    from bot.cli import _run, _settings

    settings = _settings()

    async def work() -> None:
        url = settings.resolved_database_url()
        async with migrated_sessions(url) as sessions, sessions() as session:
            rows = await list_leads(
                session,
                temperature=temperature,
                lifecycle=lifecycle,
                persona=persona,
                source=source,
                limit=limit,
            )
        table = Table(
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
        for row in rows:
            table.add_row(
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
        out = _console()
        out.print(table)
        out.print(f"{len(rows)} lead(s)")

    _run(work())


@leads_app.command("show")
def show_command(lead_id: Annotated[int, typer.Argument(help="the lead's id")]) -> None:
    """One lead: facts with their quotes, events, score changes and lifecycle history."""
    from bot.cli import _fail, _run, _settings

    settings = _settings()

    async def work() -> LeadStory | None:
        url = settings.resolved_database_url()
        async with migrated_sessions(url) as sessions, sessions() as session:
            return await lead_story(session, lead_id)

    story = _run(work())
    if story is None:
        _fail(f"there is no lead {lead_id}; `leadbot leads list` shows the ids", 1)
        return
    _print_story(_console(), story, settings.content_dir)


def _print_story(out: Console, story: LeadStory, content_dir: Path) -> None:
    lead = story.lead
    out.rule(f"Lead {lead.id}: {lead.name}")
    out.print(
        f"source {lead.source or '-'} · language {story.language} · consent {story.consent} · "
        f"persona {lead.persona or '-'} · stage {lead.stage} · lifecycle {lead.lifecycle}"
    )
    out.print(
        f"fit {story.fit_score:g} (grade {lead.grade or '-'}) · engagement "
        f"{lead.engagement:.1f} · temperature [bold]{lead.temperature}[/bold]"
        + (" · sales-ready" if lead.sales_ready else "")
    )
    facts = Table("fact", "value", "confidence", "quote", "when", "status", title="Facts")
    for fact in story.facts:
        facts.add_row(
            fact.kind,
            _value(fact.kind, fact.value, content_dir),
            f"{fact.confidence:.2f}",
            f"“{fact.quote}”",
            f"{fact.recorded_at:%Y-%m-%d %H:%M}",
            "superseded" if fact.superseded_at else ("confirmed" if fact.confirmed else "current"),
        )
    out.print(facts)
    changes = Table(
        "when", "score", "old → new", "rule", "reason", "quote", title="Why: score changes"
    )
    for change in story.score_changes:
        changes.add_row(
            f"{change.changed_at:%Y-%m-%d %H:%M}",
            change.score,
            f"{change.old or '-'} → {change.new}",
            change.rule,
            change.reason,
            f"“{change.quote}”" if change.quote else "",
        )
    out.print(changes)
    moves = Table("when", "from", "to", "reason", title="Lifecycle")
    for move in story.lifecycle:
        moves.add_row(
            f"{move.changed_at:%Y-%m-%d %H:%M}", move.from_state, move.to_state, move.reason
        )
    out.print(moves)
    events = Table("when", "event", "weight", "detail", title="Engagement events")
    for event in story.events:
        events.add_row(
            f"{event.occurred_at:%Y-%m-%d %H:%M}",
            event.kind,
            f"{event.weight:g}",
            json.dumps(event.detail, ensure_ascii=False),
        )
    out.print(events)
    for handover in story.handovers:
        out.print(
            f"handover: {handover.reason} ({handover.status}) since "
            f"{handover.created_at:%Y-%m-%d %H:%M}"
        )
    if story.messages:
        out.print("[bold]Last messages[/bold]")
        for message in story.messages[-5:]:
            out.print(f"  {message.sent_at:%H:%M} {message.text}", markup=False)


@leads_app.command("timezone")
def timezone_command(
    lead_id: Annotated[int, typer.Argument(help="the lead's id")],
    zone: Annotated[str, typer.Argument(help="an IANA time zone, e.g. America/New_York")],
) -> None:
    """Set a lead's own time zone for quiet hours (the deployment's is in nurture.yaml)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from bot.cli import _fail, _run, _settings
    from storage.models import Lead

    settings = _settings()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        _fail(f"unknown time zone {zone!r}; use a name such as Europe/Vienna", 2)

    async def work() -> bool:
        url = settings.resolved_database_url()
        async with migrated_sessions(url) as sessions, sessions() as session:
            lead = await session.get(Lead, lead_id)
            if lead is None:
                return False
            lead.timezone = zone
            await session.commit()
            return True

    if not _run(work()):
        _fail(f"there is no lead {lead_id}", 1)
    typer.echo(f"lead {lead_id} now has quiet hours in {zone}")


@leads_app.command("export")
def export_command(
    format: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "csv",
    output: Annotated[
        Path | None, typer.Option(help="a file; standard output if left out")
    ] = None,
) -> None:
    """Leads who consented, with their facts, as CSV or JSON Lines for a CRM."""
    import csv
    import sys

    from bot.cli import _fail, _run, _settings
    from storage.lead_queries import export_rows

    if format not in ("csv", "jsonl"):
        _fail(f"--format must be csv or jsonl, not {format!r}", 2)
    settings = _settings()

    async def work() -> list[dict[str, object]]:
        url = settings.resolved_database_url()
        async with migrated_sessions(url) as sessions, sessions() as session:
            return await export_rows(session)

    records = _run(work()) or []
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if format == "jsonl":
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif records:
            writer = csv.DictWriter(handle, fieldnames=list(records[0]))
            writer.writeheader()
            for record in records:
                writer.writerow(
                    {
                        key: json.dumps(value, ensure_ascii=False)
                        if isinstance(value, (dict, list))
                        else value
                        for key, value in record.items()
                    }
                )
    finally:
        if output:
            handle.close()
    if output:
        typer.echo(f"{len(records)} lead(s) written to {output}")


reps_app = typer.Typer(no_args_is_help=True, help="Sales reps who receive handovers.")


@reps_app.command("add")
def reps_add(
    telegram_user_id: Annotated[int, typer.Argument(help="the rep's Telegram user id")],
    name: Annotated[str, typer.Argument(help="the name prospects are told")],
    languages: Annotated[str, typer.Option(help="comma-separated, e.g. de,en")] = "",
    personas: Annotated[str, typer.Option(help="comma-separated persona ids; empty: all")] = "",
    territories: Annotated[str, typer.Option(help="comma-separated sources; empty: all")] = "",
    weight: Annotated[int, typer.Option(min=1, help="share of handovers relative to others")] = 1,
) -> None:
    """Register a rep (or update one with the same Telegram id)."""
    from bot.cli import _run, _settings
    from bot.qualify.clock import system_clock
    from storage.reps import add_rep

    settings = _settings()

    def items(text: str) -> list[str]:
        return [part.strip() for part in text.split(",") if part.strip()]

    async def work() -> None:
        url = settings.resolved_database_url()
        async with migrated_sessions(url) as sessions, sessions() as session:
            rep = await add_rep(
                session,
                telegram_user_id=telegram_user_id,
                name=name,
                languages=items(languages),
                personas=items(personas),
                territories=items(territories),
                weight=weight,
                now=system_clock(),
            )
            await session.commit()
        typer.echo(f"rep {rep.id}: {rep.name} ({rep.telegram_user_id}), weight {rep.weight}")

    _run(work())


@reps_app.command("list")
def reps_list() -> None:
    """Every rep with languages, personas, territories, weight and availability."""
    from bot.cli import _run, _settings
    from storage.reps import list_reps

    settings = _settings()

    async def work() -> None:
        url = settings.resolved_database_url()
        async with migrated_sessions(url) as sessions, sessions() as session:
            reps = await list_reps(session)
        table = Table(
            "id",
            "telegram id",
            "name",
            "languages",
            "personas",
            "territories",
            "weight",
            "status",
            "handovers",
        )
        for rep in reps:
            table.add_row(
                str(rep.id),
                str(rep.telegram_user_id),
                rep.name,
                ", ".join(rep.languages) or "all",
                ", ".join(rep.personas) or "all",
                ", ".join(rep.territories) or "all",
                str(rep.weight),
                "available" if rep.available else "away",
                str(rep.assigned),
            )
        _console().print(table)

    _run(work())


def _set_away(telegram_user_id: int, available: bool) -> None:
    from bot.cli import _fail, _run, _settings
    from storage.reps import set_available

    settings = _settings()

    async def work() -> bool:
        url = settings.resolved_database_url()
        async with migrated_sessions(url) as sessions, sessions() as session:
            found = await set_available(session, telegram_user_id, available)
            await session.commit()
            return found

    if not _run(work()):
        _fail(f"there is no rep with Telegram id {telegram_user_id}", 1)
    typer.echo(f"rep {telegram_user_id} is {'available' if available else 'away'}")


@reps_app.command("away")
def reps_away(telegram_user_id: Annotated[int, typer.Argument()]) -> None:
    """The rep gets no new handovers until back."""
    _set_away(telegram_user_id, False)


@reps_app.command("back")
def reps_back(telegram_user_id: Annotated[int, typer.Argument()]) -> None:
    """The rep gets handovers again."""
    _set_away(telegram_user_id, True)


customers_app = typer.Typer(no_args_is_help=True, help="Existing customers, imported from a CRM.")


@customers_app.command("import")
def import_command(
    path: Annotated[
        Path, typer.Argument(help="CSV: telegram_user_id, username, company, account_owner")
    ],
) -> None:
    """Add or update customers; they take the customer path instead of the sales questions."""
    from bot.cli import _fail, _run, _settings
    from bot.qualify.clock import system_clock
    from storage.customers import import_customers

    settings = _settings()
    if not path.exists():
        _fail(f"{path} does not exist", 1)

    async def work() -> None:
        url = settings.resolved_database_url()
        async with migrated_sessions(url) as sessions, sessions() as session:
            result = await import_customers(session, path, now=system_clock())
            await session.commit()
        for problem in result.problems:
            typer.echo(problem)
        typer.echo(
            f"{result.added} added, {result.updated} updated, "
            f"{len(result.problems)} row(s) skipped"
        )

    _run(work())


def register(app: typer.Typer) -> None:
    """Attach `leads` and `customers` to the main command."""
    app.add_typer(leads_app, name="leads")
    app.add_typer(customers_app, name="customers")
    app.add_typer(reps_app, name="reps")
