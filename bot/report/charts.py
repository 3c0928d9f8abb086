"""`leadbot report --png DIR`: the funnel, the weekly trend, the score histogram and the
drop-off per question as PNG files, drawn by matplotlib's Agg backend (no display needed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.report.build import Report
from bot.report.texts import Words

_FUNNEL = ("started", "consented", "qualified", "mql", "sal", "sql", "won")
_TREND = ("started", "consented", "mql", "sal", "sql")
_COLOUR = "#2b6cb0"


def _funnel(axes: Axes, report: Report, words: Words) -> None:
    steps = [step for step in report.funnel if step.name in _FUNNEL]
    labels = [words(f"steps.{step.name}") for step in steps]
    bars = axes.barh(labels[::-1], [step.count for step in steps][::-1], color=_COLOUR)
    axes.bar_label(bars, padding=3)
    axes.set_xlabel(words("columns.leads"))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))


def _weeks(axes: Axes, report: Report, words: Words) -> None:
    weeks = [row.week.isoformat() for row in report.weeks]
    for step in _TREND:
        counts = [getattr(row, step) for row in report.weeks]
        axes.plot(weeks, counts, marker="o", label=words(f"steps.{step}"))
    axes.set_xlabel(words("columns.week"))
    axes.set_ylabel(words("columns.leads"))
    axes.tick_params(axis="x", labelrotation=45)
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize="small")


def _scores(axes: Axes, report: Report, words: Words) -> None:
    lows = [low for low, _ in report.fit_scores]
    axes.bar(lows, [count for _, count in report.fit_scores], width=9, align="edge", color=_COLOUR)
    axes.set_xlabel(words("columns.points"))
    axes.set_ylabel(words("columns.leads"))


def _drop_off(axes: Axes, report: Report, words: Words) -> None:
    questions = [row.question for row in report.drop_off]
    bars = axes.bar(questions, [row.stopped for row in report.drop_off], color=_COLOUR)
    axes.bar_label(bars, padding=3)
    axes.set_xlabel(words("columns.question"))
    axes.set_ylabel(words("columns.stopped"))


Draw = Callable[[Axes, Report, Words], None]
CHARTS: dict[str, tuple[str, Draw]] = {
    "funnel.png": ("funnel", _funnel),
    "weekly_trend.png": ("weeks", _weeks),
    "fit_scores.png": ("fit_scores", _scores),
    "drop_off.png": ("drop_off", _drop_off),
}


def write_charts(report: Report, words: Words, folder: Path) -> list[Path]:
    """Draw every chart into `folder` (made if missing); the files written, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (section, draw) in CHARTS.items():
        figure = Figure(figsize=(8, 4.5), layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.set_title(words(f"sections.{section}"))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of leads
        draw(axes, report, words)
        path = folder / name
        figure.savefig(path, dpi=100)
        written.append(path)
    return written
