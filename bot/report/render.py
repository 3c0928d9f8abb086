"""`leadbot report` in the terminal: one rich table per part, worded from content/locales."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import RenderableType
from rich.table import Column
from rich.text import Text

from bot.cli.common import PlainTable
from bot.report.build import Report
from bot.report.texts import Words
from storage.reporting import BreakdownRow, Window

_BAR = "█"
_BAR_WIDTH = 40
_WEEK_STEPS = ("started", "consented", "mql", "sal", "sql")
_GROUP_STEPS = ("started", "consented", "qualified", "mql", "sal", "sql", "won")


def share(value: float | None, words: Words) -> str:
    """A rate from 0 to 1 as a percentage, or "n/a" when there was nothing to divide."""
    return words("na") if value is None else f"{value:.1%}"


def duration(seconds: float | None, words: Words) -> str:
    """Seconds as a person reads them: 4 s, 12 min, 2.5 h, 3.0 d."""
    if seconds is None:
        return words("na")
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= 2 * size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def _table(words: Words, section: str, *columns: str) -> PlainTable:
    headers = [Column(header=Text(words(f"columns.{c}")), justify="left") for c in columns]
    return PlainTable(*headers, title=Text(words(f"sections.{section}"), style="bold"))


def window_line(window: Window, words: Words) -> str:
    """Which leads the report counts, in words."""
    return words(
        "window",
        since=window.since.date().isoformat() if window.since else words("any"),
        until=window.until.date().isoformat() if window.until else words("any"),
        source=window.source or words("any"),
    )


def _funnel(report: Report, words: Words) -> PlainTable:
    table = _table(words, "funnel", "step", "leads", "conversion")
    for step in report.funnel:
        table.add_row(words(f"steps.{step.name}"), str(step.count), share(step.conversion, words))
    return table


def _step_table(words: Words, section: str, first: str, steps: Sequence[str]) -> PlainTable:
    """A table of one row per group, a column per funnel step."""
    return PlainTable(
        Column(header=Text(words(f"columns.{first}"))),
        *(Column(header=Text(words(f"steps.{step}"))) for step in steps),
        title=Text(words(f"sections.{section}"), style="bold"),
    )


def _weeks(report: Report, words: Words) -> PlainTable:
    table = _step_table(words, "weeks", "week", _WEEK_STEPS)
    for week in report.weeks:
        numbers = (getattr(week, step) for step in _WEEK_STEPS)
        table.add_row(week.week.isoformat(), *(str(n) for n in numbers))
    return table


def _speed(report: Report, words: Words) -> PlainTable:
    table = _table(words, "speed", "measure", "count", "median", "p90")
    for speed in report.speed:
        table.add_row(
            words(f"speeds.{speed.name}"),
            str(speed.count),
            duration(speed.median, words),
            duration(speed.p90, words),
        )
    return table


def _sla(report: Report, words: Words) -> PlainTable:
    table = _table(words, "sla", "rep", "in_time", "missed", "compliance")
    for row in report.sla:
        name = row.rep or words("all_reps")
        table.add_row(name, str(row.in_time), str(row.missed), share(row.compliance, words))
    return table


def _bananas(report: Report, words: Words) -> Iterator[RenderableType]:
    bananas = report.bananas
    table = _table(words, "bananas", "reason", "leads")
    for reason, count in bananas.by_reason:
        table.add_row(reason or words("none"), str(count))
    yield table
    yield Text(
        words(
            "bananas_summary",
            rejected=str(bananas.rejected),
            decided=str(bananas.decided),
            rate=share(bananas.rate, words),
        )
    )


def _drop_off(report: Report, words: Words) -> PlainTable:
    table = _table(words, "drop_off", "question", "stopped", "answered", "rate")
    for row in report.drop_off:
        cells = (str(row.stopped), str(row.answered), share(row.rate, words))
        table.add_row(row.question, *cells)
    return table


def _faq(report: Report, words: Words) -> Iterator[RenderableType]:
    faq = report.faq
    table = _table(words, "faq", "text", "count")
    for text, count in faq.top_unanswered:
        table.add_row(text, str(count))
    yield table
    yield Text(
        words(
            "faq_summary",
            questions=str(faq.questions),
            unanswered=str(faq.unanswered),
            rate=share(faq.hit_rate, words),
        )
    )


def _content(report: Report, words: Words) -> PlainTable:
    table = _table(words, "content", "item", "offered", "opened", "open_rate")
    for row in report.content:
        opened = row.opened / row.offered if row.offered else None
        table.add_row(row.item, str(row.offered), str(row.opened), share(opened, words))
    return table


def _breakdown(rows: Sequence[BreakdownRow], section: str, words: Words) -> PlainTable:
    table = _step_table(words, section, "key", _GROUP_STEPS)
    for row in rows:
        numbers = (getattr(row, step) for step in _GROUP_STEPS)
        table.add_row(row.key or words("none"), *(str(n) for n in numbers))
    return table


def _scores(buckets: Sequence[tuple[int, int]], section: str, words: Words) -> PlainTable:
    table = _table(words, section, "points", "leads")
    table.add_column("")
    most = max((count for _, count in buckets), default=0)
    for lower, count in buckets:
        bar = _BAR * max(1, round(_BAR_WIDTH * count / most)) if count else ""
        table.add_row(str(lower), str(count), bar)
    return table


def renderables(report: Report, words: Words) -> Iterator[RenderableType]:
    """The report, part after part, for a rich console."""
    yield Text(words("title"), style="bold")
    yield Text(window_line(report.window, words))
    yield _funnel(report, words)
    yield _weeks(report, words)
    yield _speed(report, words)
    yield _sla(report, words)
    yield from _bananas(report, words)
    yield _drop_off(report, words)
    yield from _faq(report, words)
    yield _content(report, words)
    yield _breakdown(report.by_source, "by_source", words)
    yield _breakdown(report.by_persona, "by_persona", words)
    yield _breakdown(report.by_language, "by_language", words)
    yield _scores(report.fit_scores, "fit_scores", words)
    yield _scores(report.engagement_scores, "engagement_scores", words)
