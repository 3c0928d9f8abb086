"""Long polling that confirms an update to Telegram only once its effects are committed.

aiogram's own polling moves the `getUpdates` offset past an update as soon as it hands it
to a task, so a crash while the handler runs loses the update (issue 13). Here the offset
never passes an update that is still being handled: Telegram returns the unfinished ones
again with every poll, and they are skipped while their task runs. A crash at any point
leaves the update with Telegram; the restarted process handles it again, and the
processed_updates mark written with its effects makes that second run a no-op if the
first one had committed.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from aiogram import Bot, Dispatcher
from aiogram.methods import DeleteWebhook, GetUpdates
from aiogram.types import Update

from bot.ingress.chat_locks import ChatLocks, chat_of

log = logging.getLogger(__name__)


class Poller:
    """Fetches updates, runs each chat's in order and chats in parallel, and confirms each
    update only when it and every update before it are done."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        *,
        timeout: int = 25,
        in_flight: int = 64,
        idle_wait: float = 1.0,
    ) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._timeout = timeout
        self._in_flight = in_flight
        self._idle_wait = idle_wait
        self._locks = ChatLocks()
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._next = 0  # one past the highest update id seen

    @property
    def offset(self) -> int | None:
        """Where the next poll starts: the oldest unfinished update, else after the newest."""
        if self._tasks:
            return min(self._tasks)
        return self._next or None

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set, then let the running updates finish and confirm them."""
        await self._bot(DeleteWebhook(drop_pending_updates=False))
        failures = 0
        while not stop.is_set():
            if len(self._tasks) >= self._in_flight:
                await self._some_finished(None)  # back-pressure: no more than in_flight
                continue
            try:
                fresh = await self._poll(stop)
                failures = 0
            except Exception as error:
                failures += 1
                log.error("getUpdates failed (%s in a row): %s", failures, error)
                await _pause(stop, min(0.5 * 2**failures, 30.0))
                continue
            if not fresh and self._tasks:
                # Only unfinished updates came back: wait for one to finish, not a busy loop.
                await self._some_finished(self._idle_wait)
        await self._finish()

    async def _poll(self, stop: asyncio.Event) -> int:
        """One getUpdates; starts the updates not seen before and returns how many."""
        timeout = 0 if self._tasks else self._timeout
        request = GetUpdates(offset=self.offset, timeout=timeout, limit=100)
        poll = asyncio.ensure_future(self._bot(request, request_timeout=timeout + 30))
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not poll.done():
            poll.cancel()
            return 0
        # Never more than in_flight at once: the rest stay with Telegram (the offset does
        # not pass them) and come again with the next poll.
        room = self._in_flight - len(self._tasks)
        fresh = [u for u in poll.result() if u.update_id >= self._next][:room]
        for update in fresh:
            self._start(update)
        return len(fresh)

    def _start(self, update: Update) -> None:
        self._next = update.update_id + 1
        task = asyncio.create_task(self._handle(update))
        self._tasks[update.update_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(update.update_id, None))

    async def _handle(self, update: Update) -> None:
        """Handle one update, in its chat's turn; an error that escaped the error router
        (the database is unreachable) is tried again, the update still unconfirmed."""
        async with self._locks.hold(chat_of(update)):
            for attempt in range(1, 1_000_000):
                try:
                    await self._dispatcher.feed_update(self._bot, update)
                    return
                except Exception:
                    log.exception("update %s not handled, tried again", update.update_id)
                    await asyncio.sleep(min(0.5 * 2**attempt, 30.0))

    async def _some_finished(self, timeout: float | None) -> None:
        if self._tasks:
            await asyncio.wait(
                set(self._tasks.values()), timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )

    async def _finish(self) -> None:
        """Let the updates in hand finish, then confirm them with one last short poll."""
        if self._tasks:
            await asyncio.wait(set(self._tasks.values()), timeout=30)
        if self.offset is not None and not self._tasks:
            with suppress(Exception):
                await self._bot(GetUpdates(offset=self.offset, timeout=0, limit=1))


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    """Sleep, but wake when asked to stop."""
    with suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
