"""Figures over every lead are computed once per window and kept for `fresh_for`."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.dashboard.snapshots import Snapshots, keep_warm
from tests.support import FakeClock


async def test_figures_are_kept_while_fresh_and_computed_again_after(clock: FakeClock) -> None:
    snapshots = Snapshots(timedelta(minutes=5), clock)
    computed: list[int] = []

    async def compute() -> int:
        computed.append(len(computed) + 1)
        return len(computed)

    first, at = await snapshots.get("funnel", compute)
    clock.advance(minutes=4)
    again, again_at = await snapshots.get("funnel", compute)
    clock.advance(minutes=2)
    later, _ = await snapshots.get("funnel", compute)
    assert (first, again, later) == (1, 1, 2)
    assert again_at == at


async def test_many_visitors_at_once_compute_the_figures_once(clock: FakeClock) -> None:
    snapshots = Snapshots(timedelta(minutes=5), clock)
    started = asyncio.Event()
    calls = 0

    async def compute() -> str:
        nonlocal calls
        calls += 1
        started.set()
        await asyncio.sleep(0)
        return "figures"

    results = await asyncio.gather(*(snapshots.get("funnel", compute) for _ in range(5)))
    assert calls == 1
    assert {value for value, _ in results} == {"figures"}


async def test_keeping_warm_survives_a_failing_round(clock: FakeClock) -> None:
    snapshots = Snapshots(timedelta(minutes=5), clock)
    rounds = 0
    pauses: list[float] = []

    async def flaky() -> int:
        nonlocal rounds
        rounds += 1
        if rounds == 1:
            raise RuntimeError("database gone for a moment")
        return rounds

    async def pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 2:
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await keep_warm(snapshots, {"funnel": flaky}, pause)
    assert pauses == [150.0, 150.0]
    assert (await snapshots.get("funnel", flaky))[0] == 2
