"""`leadbot reps hours ID mon-fri 09:00-17:00`: when a rep takes meetings prospects book."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import cli_settings, fail, in_database

BAD_INPUT = 2  # exit status for hours that cannot be read (as for a bad setting)
NO_SUCH_REP = 1


def reps_hours(
    telegram_user_id: Annotated[int, typer.Argument(help="the rep's Telegram user id")],
    days: Annotated[str, typer.Argument(help="weekdays, e.g. mon-fri or mon,wed,fri")],
    hours: Annotated[str, typer.Argument(help="wall-clock hours, e.g. 09:00-17:00")],
    timezone: Annotated[
        str | None,
        typer.Option(help="IANA zone, e.g. Europe/Berlin; default LEADBOT_BUSINESS_TIMEZONE"),
    ] = None,
) -> None:
    """Set when a rep takes meetings; prospects are offered free slots inside them."""
    from bot.qualify.booking.hours import BadHours, working_hours
    from storage.meetings import set_hours

    settings = cli_settings()
    try:
        parsed = working_hours(days, hours, timezone or settings.business_timezone)
    except BadHours as error:
        fail(f"{error}", BAD_INPUT)
    rep = in_database(
        settings,
        lambda session: set_hours(
            session,
            telegram_user_id=telegram_user_id,
            days=parsed.days_text(),
            opens=f"{parsed.opens:%H:%M}",
            closes=f"{parsed.closes:%H:%M}",
            timezone=parsed.zone,
        ),
    )
    if rep is None:
        fail(f"there is no rep with Telegram id {telegram_user_id}", NO_SUCH_REP)
    typer.echo(
        f"rep {telegram_user_id} ({rep.name}) takes meetings {parsed.days_text()} "
        f"{parsed.span_text()} {parsed.zone}"
    )
