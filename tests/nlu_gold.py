"""Comparing extraction answers with gold values, as ../shared/eval/score_nlu.py does."""

from __future__ import annotations

from typing import Any


def _close(got: Any, want: Any, tolerance: float) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(float(got) - want) <= tolerance * abs(want) if want else float(got) == 0


def matches(field: str, got: Any, want: Any) -> bool:
    """Whether an answer counts as right for one field."""
    if want is None or got is None:
        return want is None and got is None
    if field == "budget":
        if got.get("status") != want["status"]:
            return False
        if want["status"] != "known":
            return True
        return (
            _close(got.get("min"), want.get("min"), 0.02)
            and _close(got.get("max"), want.get("max"), 0.02)
            and all(want.get(k) is None or got.get(k) == want[k] for k in ("currency", "period"))
        )
    if field == "timeframe":
        return got.get("bucket") in want["buckets"]
    if field == "company_size":
        return _close(got.get("min"), want.get("min"), 0.05) and _close(
            got.get("max"), want.get("max"), 0.05
        )
    return bool(got == want)
