"""`leadbot reps …`: the sales reps who receive handovers, and whether they are away."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import (
    PlainTable,
    TelegramId,
    cli_settings,
    fail,
    in_database,
    table_console,
)
from bot.cli.rep_hours import reps_hours

reps_app = typer.Typer(no_args_is_help=True, help="Sales reps who receive handovers.")


def _items(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@reps_app.command("add")
def reps_add(
    telegram_user_id: TelegramId,
    name: Annotated[str, typer.Argument(help="the name prospects are told")],
    languages: Annotated[str, typer.Option(help="comma-separated, e.g. de,en")] = "",
    personas: Annotated[str, typer.Option(help="comma-separated persona ids; empty: all")] = "",
    territories: Annotated[str, typer.Option(help="comma-separated sources; empty: all")] = "",
    weight: Annotated[int, typer.Option(min=1, help="share of handovers relative to others")] = 1,
) -> None:
    """Register a rep (or update one with the same Telegram id)."""
    from bot.qualify.clock import system_clock
    from storage.reps import add_rep

    settings = cli_settings()
    rep = in_database(
        settings,
        lambda session: add_rep(
            session,
            telegram_user_id=telegram_user_id,
            name=name,
            languages=_items(languages),
            personas=_items(personas),
            territories=_items(territories),
            weight=weight,
            now=system_clock(),
        ),
    )
    if rep is not None:
        typer.echo(f"rep {rep.id}: {rep.name} ({rep.telegram_user_id}), weight {rep.weight}")


@reps_app.command("list")
def reps_list() -> None:
    """Every rep with languages, personas, territories, weight and availability."""
    from storage.reps import list_reps

    settings = cli_settings()
    reps = in_database(settings, list_reps)
    if reps is None:
        return
    table = PlainTable(
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
    table_console().print(table)


def _set_available(telegram_user_id: int, available: bool) -> None:
    from storage.reps import set_available

    settings = cli_settings()
    if not in_database(settings, lambda s: set_available(s, telegram_user_id, available)):
        fail(f"there is no rep with Telegram id {telegram_user_id}", 1)
    typer.echo(f"rep {telegram_user_id} is {'available' if available else 'away'}")


@reps_app.command("away")
def reps_away(telegram_user_id: TelegramId) -> None:
    """The rep gets no new handovers until back."""
    _set_available(telegram_user_id, False)


@reps_app.command("back")
def reps_back(telegram_user_id: TelegramId) -> None:
    """The rep gets handovers again."""
    _set_available(telegram_user_id, True)


reps_app.command("hours")(reps_hours)
