"""Figures over every lead, computed once and kept for a few minutes.

The day summaries (storage/reporting/rollup.py) make a window's first request cheap; still,
the overview and the content figures are kept per window for `fresh_for`, so a page that
is reloaded costs nothing, and `keep_warm` recomputes the all-time figures (and refreshes
the summaries) in the background. Each page says how old its figures are.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from bot.qualify.clock import Clock

T = TypeVar("T")
log = logging.getLogger(__name__)
KEPT_AT_MOST = 64  # windows; the oldest is dropped first


@dataclass
class Snapshots:
    """Computed figures by key (page and window), each with the time it was computed."""

    fresh_for: timedelta
    clock: Clock
    _kept: dict[Hashable, tuple[datetime, Any]] = field(default_factory=dict)
    _locks: dict[Hashable, asyncio.Lock] = field(default_factory=dict)

    def _fresh(self, key: Hashable) -> tuple[datetime, Any] | None:
        kept = self._kept.get(key)
        return kept if kept and self.clock() - kept[0] < self.fresh_for else None

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> tuple[T, datetime]:
        """The kept figures for `key` while fresh, else computed (once, however many ask)."""
        kept = self._fresh(key)
        if kept is None:
            async with self._locks.setdefault(key, asyncio.Lock()):
                kept = self._fresh(key) or await self._compute(key, compute)
        return kept[1], kept[0]

    async def refresh(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> None:
        """Compute the figures for `key` again now."""
        async with self._locks.setdefault(key, asyncio.Lock()):
            await self._compute(key, compute)

    async def _compute(
        self, key: Hashable, compute: Callable[[], Awaitable[T]]
    ) -> tuple[datetime, T]:
        computed_at = self.clock()
        value = await compute()
        self._kept[key] = (computed_at, value)
        while len(self._kept) > KEPT_AT_MOST:
            oldest = min(self._kept, key=lambda k: self._kept[k][0])
            del self._kept[oldest]
            self._locks.pop(oldest, None)
        return computed_at, value


async def keep_warm(
    snapshots: Snapshots,
    work: dict[Hashable, Callable[[], Awaitable[Any]]],
    pause: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Recompute each of `work` every half `fresh_for` (waited by `pause`), until cancelled."""
    while True:
        for key, compute in work.items():
            try:
                await snapshots.refresh(key, compute)
            except Exception as error:  # the next round tries again; pages compute on demand
                log.warning("dashboard: refreshing %s failed: %s", key, type(error).__name__)
        await pause(snapshots.fresh_for.total_seconds() / 2)
