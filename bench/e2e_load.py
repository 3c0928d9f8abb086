"""Prospects writing to a bot through the Bot API stand-in, and what they experienced.

Each prospect has at most one message in flight: it is done when the bot has replied to
it and Telegram (the stand-in) has it confirmed, so the first reply after a message is
that message's reply. Paced load schedules messages at a fixed rate; a message whose
prospect is still waiting queues on our side, and its latency counts from the moment it
was scheduled, so overload shows as latency, never hides.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from time import monotonic as now
from typing import Any

from tests.botapi.server import BotApiStandIn
from tests.e2e.harness import button

# What the prospects write: answers to the questions and a question now and then.
TEXTS = (
    "We are 40 people in the service team",
    "I work in the IT department",
    "Maybe next year, no rush",
    "What does it cost?",
    "We use spreadsheets at the moment",
    "Not sure about the budget yet",
)
APOLOGY = "something went wrong"
LATE = 1.0  # seconds


class _Pending(dict[int, Any]):
    """The stand-in's unconfirmed updates, telling `confirmed` which one left."""

    def __init__(self, confirmed: Any) -> None:
        super().__init__()
        self._confirmed = confirmed

    def __delitem__(self, key: int) -> None:
        super().__delitem__(key)
        self._confirmed(key)

    def pop(self, key: int, *default: Any) -> Any:
        value = super().pop(key, *default)
        self._confirmed(key)
        return value


class CountingStandIn(BotApiStandIn):
    """The stand-in, counting each chat's replies as they arrive and waking its waiter
    when a reply to the chat arrives or one of its updates is confirmed."""

    def __init__(self) -> None:
        super().__init__()
        self.pending = _Pending(self._confirmed)
        self.replies: Counter[int] = Counter()
        self.reply_times: defaultdict[int, list[float]] = defaultdict(list)
        self.apologies = 0
        self.owner: dict[int, int] = {}  # update id -> the chat waiting for it
        self.events: defaultdict[int, asyncio.Event] = defaultdict(asyncio.Event)

    def _confirmed(self, update_id: int) -> None:
        user = self.owner.pop(update_id, None)
        if user is not None:
            self.events[user].set()

    async def _answer(self, method: str, params: dict[str, Any]) -> Any:
        result = await super()._answer(method, params)
        if method == "sendmessage":
            chat = int(params["chat_id"])
            self.replies[chat] += 1
            self.reply_times[chat].append(time.monotonic())
            self.apologies += APOLOGY in str(params.get("text", "")).lower()
            self.events[chat].set()
        return result

    async def answered(self, user: int, update_id: int, seen: int) -> None:
        """Wait until `update_id` is confirmed and the chat has more than `seen` replies."""
        self.owner[update_id] = user
        event = self.events[user]
        while self.replies[user] <= seen or update_id in self.pending:
            event.clear()
            if self.replies[user] > seen and update_id not in self.pending:
                break
            await event.wait()
        self.owner.pop(update_id, None)


@dataclass
class Paced:
    """What paced load at one rate came to."""

    rate: int
    latencies: list[float] = field(default_factory=list)
    never: int = 0
    seconds: float = 0.0

    @property
    def answered_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def late(self) -> int:
        return sum(latency > LATE for latency in self.latencies) + self.never


async def ask(api: CountingStandIn, user: int, text: str, since: float | None = None) -> float:
    """Send one message and wait until it is answered and confirmed; seconds since `since`
    (its scheduled time) or since it was sent."""
    seen = api.replies[user]
    sent = time.monotonic()
    update_id = await api.message(user, text)
    await api.answered(user, update_id, seen)
    return api.reply_times[user][seen] - (since if since is not None else sent)


async def consent(api: CountingStandIn, user: int) -> None:
    """/start, "yes" to the privacy question, "not a customer yet" (test content labels)."""
    await ask(api, user, "/start")
    for label in ("Yes, but no follow", "No, not yet"):
        while not _has_button(api, user, label):
            await asyncio.sleep(0.02)
        seen = api.replies[user]
        update_id = await api.press(user, button(api, user, label))
        await api.answered(user, update_id, seen)


def _has_button(api: BotApiStandIn, user: int, label: str) -> bool:
    try:
        button(api, user, label)
    except AssertionError:
        return False
    return True


async def burst(api: CountingStandIn, users: list[int], answers: int) -> float:
    """Every prospect answers `answers` times as fast as the bot replies; answers/s."""
    started = time.monotonic()

    async def one(user: int) -> None:
        for index in range(answers):
            await ask(api, user, TEXTS[(user + index) % len(TEXTS)])

    await asyncio.gather(*(one(user) for user in users))
    return len(users) * answers / (time.monotonic() - started)


async def paced(
    api: CountingStandIn, users: list[int], rate: int, seconds: float, grace: float
) -> Paced:
    """`rate` messages a second for `seconds`, each to a prospect not waiting for a reply."""
    result = Paced(rate)
    idle: asyncio.Queue[int] = asyncio.Queue()
    for user in users:
        idle.put_nowait(user)
    tasks: list[asyncio.Task[None]] = []
    texts = itertools.cycle(TEXTS)
    started = time.monotonic()

    async def one(user: int, text: str, scheduled: float) -> None:
        result.latencies.append(await ask(api, user, text, since=scheduled))
        idle.put_nowait(user)

    total = int(rate * seconds)
    for index in range(total):
        scheduled = started + index / rate
        await asyncio.sleep(max(0.0, scheduled - time.monotonic()))
        try:  # every prospect still waits: this message queues, up to the grace period
            user = await asyncio.wait_for(idle.get(), timeout=started + seconds + grace - now())
        except TimeoutError:
            result.never += total - index  # never even sent: the bot never caught up
            break
        tasks.append(asyncio.create_task(one(user, next(texts), scheduled)))
    _, waiting = await asyncio.wait(tasks, timeout=grace) if tasks else (set(), set())
    for task in waiting:
        task.cancel()
    result.never += len(waiting)
    result.seconds = time.monotonic() - started
    return result


def median(values: list[float]) -> float:
    """The median, NaN for none."""
    return statistics.median(values) if values else float("nan")
