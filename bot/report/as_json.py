"""`leadbot report --json`: the same numbers for machines, keys in English, times in ISO 8601."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from bot.report.build import Report


def _iso(value: Any) -> str:
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def report_json(report: Report) -> str:
    """The report as one JSON document; durations in seconds, rates from 0 to 1."""
    return json.dumps(asdict(report), default=_iso, ensure_ascii=False, indent=2)
