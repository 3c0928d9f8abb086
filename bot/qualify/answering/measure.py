"""The contract's scores, computed as ../shared/eval/score_faq.py computes them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

METRICS = (
    ("faq recall", "recall_hit", "recall_total"),
    ("faq precision", "precision_hit", "precision_total"),
    ("exact", "exact_hit", "lines"),
    ("abstain", "abstain_hit", "abstain_total"),
    ("library recall", "library_hit", "library_total"),
    ("human (info)", "human_hit", "human_total"),
)


def ids(value: object) -> list[str]:
    """The string ids of a list, duplicates dropped, order kept; anything else is empty."""
    if not isinstance(value, list):
        return []
    seen: list[str] = []
    for item in value:
        if isinstance(item, str) and item not in seen:
            seen.append(item)
    return seen


def tally(gold: Mapping[str, Any], answer: Mapping[str, Any]) -> dict[str, int]:
    """One line's counts; a missing answer is an empty one."""
    gold_faq, gold_library = set(ids(gold["faq"])), ids(gold.get("library"))
    got_faq, got_library = ids(answer.get("faq")), ids(answer.get("library"))
    counts = {
        "lines": 1,
        "recall_total": len(gold_faq),
        "recall_hit": len(gold_faq & set(got_faq)),
        "precision_total": len(got_faq),
        "precision_hit": len([id_ for id_ in got_faq if id_ in gold_faq]),
        "exact_hit": int(set(got_faq) == gold_faq),
    }
    if not gold_faq:
        counts.update(abstain_total=1, abstain_hit=int(not got_faq))
        if not gold_library:
            counts.update(human_total=1, human_hit=int(answer.get("human") is True))
    if gold_library:
        counts.update(
            library_total=1, library_hit=int(any(x in got_library for x in gold_library))
        )
    return counts


def score(
    gold: Iterable[Mapping[str, Any]], answers: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, float | None]]:
    """Metric name → value per language and "all" (None where a metric has no lines)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for item in gold:
        for key, value in tally(item, answers.get(item["id"], {})).items():
            for group in (str(item.get("lang", "?")), "all"):
                counts[(key, group)] += value
    groups = sorted({group for _, group in counts})
    table: dict[str, dict[str, float | None]] = {}
    for name, hit, total in METRICS:
        table[name] = {
            group: counts[(hit, group)] / counts[(total, group)]
            if counts[(total, group)]
            else None
            for group in groups
        }
    table["lines"] = {group: float(counts[("lines", group)]) for group in groups}
    return table


def render(table: Mapping[str, Mapping[str, float | None]]) -> str:
    """The table as score_faq.py prints it, with the overall exact rate last."""
    groups = [*sorted(group for group in table["lines"] if group != "all"), "all"]
    lines = [f"{'metric':16}" + "".join(f"{group:>8}" for group in groups)]
    lines.append(f"{'lines':16}" + "".join(f"{table['lines'][g]:8.0f}" for g in groups))
    for name, _, _ in METRICS:
        cells = [table[name].get(group) for group in groups]
        lines.append(
            f"{name:16}" + "".join(f"{c:8.3f}" if c is not None else f"{'-':>8}" for c in cells)
        )
    lines.append(f"faq exact: {table['exact'].get('all') or 0:.3f}")
    return "\n".join(lines)
