"""Play the simulated prospects of corpus/profiles/ and report the handover decisions.

    python bench/qualify.py [--part train|test|all] [--lang de|en] [--show PROFILE_ID]

Each profile runs through the real dispatcher on an emptied SQLite database with a clock
the simulation moves (no sleeping). Prints right decisions, green bananas (handed to sales
as sales-ready but not expected to be), missed hot leads, wrong person/customer routing,
the temperature confusion matrix and one line per wrong profile. Tune on `train`; `test`
is the locked quarter. The exit status is always 0: this is a report, not a gate.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.simulation.adapter import question_slots, sqlite_worlds  # noqa: E402
from tests.simulation.judge import Judgement  # noqa: E402
from tests.simulation.player import play  # noqa: E402
from tests.simulation.profiles import Profile, load_profiles  # noqa: E402

TEMPERATURES = ("hot", "warm", "cold")


async def run_all(profiles: list[Profile]) -> list[Judgement]:
    """Play every profile, each on an empty database."""
    judgements = []
    with tempfile.TemporaryDirectory(prefix="leadbot-sim-") as directory:
        async with sqlite_worlds(Path(directory)) as worlds:
            for profile in profiles:
                outcome = await play(profile, await worlds.fresh())
                judgements.append(Judgement(profile, outcome))
    return judgements


def _count(judgements: list[Judgement], test: Callable[[Judgement], bool]) -> int:
    return sum(1 for judgement in judgements if test(judgement))


def summary(judgements: list[Judgement]) -> list[str]:
    """The headline figures."""
    total = len(judgements)
    expected_hot = _count(judgements, lambda j: j.profile.expect.handover == "sales_ready")
    not_hot = total - expected_hot
    return [
        f"right decisions        {_count(judgements, lambda j: j.decision_right)}/{total}",
        f"green bananas          {_count(judgements, lambda j: j.green_banana)}/{not_hot}"
        "  (sales-ready handover, not expected)",
        f"missed hot leads       {_count(judgements, lambda j: j.missed_hot_lead)}"
        f"/{expected_hot}  (expected sales-ready, not handed over as such)",
        f"wrong person/customer  {_count(judgements, lambda j: j.wrong_routing)}",
        f"temperature right      {_count(judgements, lambda j: j.temperature_right)}/{total}",
    ]


def confusion(judgements: list[Judgement]) -> list[str]:
    """Expected temperature (rows) against the bot's (columns)."""
    cells: Counter[tuple[str, str | None]] = Counter(
        (j.profile.expect.temperature, j.outcome.temperature) for j in judgements
    )
    columns = [*TEMPERATURES, None]
    lines = ["expected \\ got  " + "".join(f"{c or '-':>7}" for c in columns)]
    for want in TEMPERATURES:
        lines.append(f"{want:<16}" + "".join(f"{cells[(want, got)]:>7}" for got in columns))
    return lines


def wrong_lines(judgements: list[Judgement]) -> list[str]:
    """One line per profile whose decision or temperature is wrong."""
    lines = []
    for j in judgements:
        if j.decision_right and j.temperature_right:
            continue
        want, got = j.profile.expect, j.outcome
        lines.append(
            f"{j.profile.id:<14} expected {want.handover}/{want.temperature}"
            f"  got {got.handover}/{got.temperature}  [{'; '.join(j.differences())}]"
            f"  {j.label()}  turns {got.turns}  — why expected: {j.profile.why}"
        )
    return lines


def report(judgements: list[Judgement], part: str, lang: str | None, seconds: float) -> str:
    """The whole report as text."""
    languages = lang or "de+en"
    head = [
        f"leadbot qualification simulation — part: {part}, languages: {languages}, "
        f"{len(judgements)} profiles, {seconds:.1f} s",
        "",
        *summary(judgements),
        "",
        "temperature, expected vs got:",
        *confusion(judgements),
        "",
    ]
    wrong = wrong_lines(judgements)
    return "\n".join([*head, f"wrong profiles ({len(wrong)}):", *wrong])


def main(argv: list[str] | None = None) -> int:
    """Parse the options, play, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--part", choices=("train", "test", "all"), default="train")
    parser.add_argument("--lang", choices=("de", "en"), default=None)
    parser.add_argument("--show", metavar="PROFILE_ID", help="also print this transcript")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    profiles = load_profiles(question_slots(), part=args.part, lang=args.lang)
    started = time.perf_counter()
    judgements = asyncio.run(run_all(profiles))
    print(report(judgements, args.part, args.lang, time.perf_counter() - started))
    for j in judgements:
        if j.profile.id == args.show:
            print(f"\ntranscript of {j.profile.id}:\n{j.transcript()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
