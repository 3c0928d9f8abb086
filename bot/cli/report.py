"""`leadbot report`: the funnel and everything around it, as tables, JSON or charts.

Exit status 2 for a bad option (a date that is no date, a window that ends before it
starts, an unknown language), 1 when the database or the chart folder cannot be used.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.common import cli_settings, fail, in_database, table_console
from bot.content.catalog import load_content
from bot.content.texts import LOCALES
from bot.report.as_json import report_json
from bot.report.build import Report, build_report
from bot.report.texts import Words
from storage.reporting import Window


def _day(option: str, value: str | None) -> date | None:
    """A YYYY-MM-DD option as a date; anything else stops the command (status 2)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: {value!r} is not a date like 2026-11-01", 2)


def window_from(since: str | None, until: str | None, source: str | None) -> Window:
    """The leads who started from the first moment of `since` to the last of `until` (UTC)."""
    first, last = _day("--since", since), _day("--until", until)
    if first and last and last < first:
        fail(f"--until {last} is before --since {first}", 2)

    def midnight(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=UTC)

    return Window(
        since=midnight(first) if first else None,
        until=midnight(last) + timedelta(days=1) if last else None,
        source=source or None,
    )


def report(
    since: Annotated[str | None, typer.Option(help="first day, e.g. 2026-11-01 (UTC)")] = None,
    until: Annotated[str | None, typer.Option(help="last day, included (UTC)")] = None,
    source: Annotated[str | None, typer.Option(help="only this deep-link source")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON on standard output")] = False,
    png: Annotated[Path | None, typer.Option(help="write the charts as PNG into DIR")] = None,
    lang: Annotated[str | None, typer.Option(help="de or en (default: the setting)")] = None,
) -> None:
    """The funnel, speed, rep SLA, drop-off, FAQ hits, content, green bananas, breakdowns
    and score distribution of the leads who started in a window."""
    window = window_from(since, until, source)
    settings = cli_settings()
    locale = lang or settings.default_language
    if locale not in LOCALES:
        fail(f"--lang: {locale!r} is not one of {', '.join(LOCALES)}", 2)
    content = load_content(settings.content_dir)
    questions = list(content.qualification.order)

    async def read(session: AsyncSession) -> Report:
        return await build_report(session, window, now=datetime.now(UTC), questions=questions)

    found = in_database(settings, read)
    if found is None:
        return
    words = Words(content.texts, locale)
    if png is not None:
        _charts(found, words, png, quiet=as_json)
    if as_json:
        typer.echo(report_json(found))
        return
    _print(found, words)


def _print(found: Report, words: Words) -> None:
    from bot.report.render import renderables

    out = table_console()
    for part in renderables(found, words):
        out.print(part)


def _charts(found: Report, words: Words, folder: Path, *, quiet: bool) -> None:
    from bot.report.charts import write_charts  # matplotlib loads only when charts are asked

    try:
        written = write_charts(found, words, folder)
    except OSError as error:
        fail(f"--png: cannot write charts to {folder}: {error.strerror or error}", 1)
    line = words("charts_written", count=str(len(written)), folder=str(folder))
    typer.echo(line, err=quiet)
