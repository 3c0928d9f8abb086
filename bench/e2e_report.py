"""The table bench/e2e.py prints: medians over the runs, ratios to the echo bot."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from bench.e2e_load import median

if TYPE_CHECKING:
    from bench.e2e import Figures

NAMES = {
    "echo": "echo",
    "sqlite": "SQLite",
    "postgres": "PostgreSQL",
    "webhooks": "PG, 2 webhooks",
}


def _cell(value: float, echo: float | None, *, digits: int = 1) -> str:
    """A figure and, when there is an echo figure to divide by, its ratio to it."""
    if math.isnan(value):
        return "–"
    text = f"{value:.{digits}f}"
    if echo is None or math.isnan(echo) or echo == 0:
        return text
    return f"{text} ({value / echo:.2f}×)"


def report(
    runs: list[dict[str, Figures]],
    args: argparse.Namespace,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> str:
    """A Markdown table, one column per target."""
    targets = [t for t in args.only if all(t in run for run in runs)]

    def med(target: str, pick: Callable[[Figures], float]) -> float:
        return median([pick(run[target]) for run in runs])

    def row(label: str, pick: Callable[[Figures], float], digits: int = 1) -> str:
        echo = med("echo", pick) if "echo" in targets else None
        cells = [
            _cell(med(t, pick), None if t == "echo" else echo, digits=digits) for t in targets
        ]
        return f"| {label} | " + " | ".join(cells) + " |"

    lines = [
        f"{args.prospects} prospects, {args.answers} burst answers each, "
        f"{args.seconds:g} s per paced rate, median of {len(runs)} run(s); "
        f"load before {_load(load_before)}, after {_load(load_after)}",
        "",
        "| | " + " | ".join(NAMES[t] for t in targets) + " |",
        "|---" * (len(targets) + 1) + "|",
        row("burst answers/s", lambda f: f.burst),
        row("bot CPU ms per answer", lambda f: f.cpu_ms),
    ]
    for rate in sorted({rate for run in runs for f in run.values() for rate in f.paced}):
        lines += [
            row(f"{rate}/s: answered/s", lambda f, r=rate: f.paced[r].answered_per_second),
            row(f"{rate}/s: p50 ms", lambda f, r=rate: 1000 * f.paced[r].percentile(0.5), 0),
            row(f"{rate}/s: p99 ms", lambda f, r=rate: 1000 * f.paced[r].percentile(0.99), 0),
            row(f"{rate}/s: late > 1 s", lambda f, r=rate: float(f.paced[r].late), 0),
            row(f"{rate}/s: never answered", lambda f, r=rate: float(f.paced[r].never), 0),
        ]
    lines.append(row("apologies (errors)", lambda f: float(f.apologies), 0))
    return "\n".join(lines)


def _load(values: tuple[float, float, float]) -> str:
    return "/".join(f"{value:.1f}" for value in values)
