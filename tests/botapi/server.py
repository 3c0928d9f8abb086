"""The Bot API as far as leadbot uses it, served by aiohttp on a local port.

What it keeps from Telegram, because the exactly-once guarantees depend on it:
- `getUpdates(offset)` confirms every update below `offset` and drops it; the rest are
  returned again on the next call, however often they were returned before.
- Long polling: with nothing to return, `getUpdates` waits up to `timeout` seconds.
- A webhook (setWebhook) gets each update POSTed until it answers 2xx; getUpdates is then
  refused with 409 as Telegram does. `webhook_targets` stands in for a load balancer.
Faults are queued per method (`fail`) or switched on for every method (`outage`).
A request that hangs is Telegram's real ambiguity: it may have carried the call out and
lost the answer (`Fault(hang=True, taken=True)`), or never got to it (`taken=False`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

JSON_FIELDS = {"reply_markup", "allowed_updates", "entities", "link_preview_options"}
INT_FIELDS = {"chat_id", "offset", "limit", "timeout", "message_id", "max_connections"}
BOT_USER = {"id": 42, "is_bot": True, "first_name": "leadbot", "username": "leadbot"}


@dataclass(frozen=True)
class Fault:
    """One answer that is not a plain success: an HTTP error, a delay, or no answer at all."""

    status: int = 0  # 0: answer normally (after `delay`)
    retry_after: int | None = None
    description: str = "injected fault"
    delay: float = 0.0
    hang: bool = False  # never answer: the client's timeout fires
    taken: bool = False  # with `hang`: the call was carried out first (the chat has it)
    chat_id: int | None = None  # only for calls to this chat

    @classmethod
    def flood(cls, retry_after: int) -> Fault:
        return cls(429, retry_after, f"Too Many Requests: retry after {retry_after}")


@dataclass
class Request:
    """One request the bot made, with its parameters decoded."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    answered: bool = False  # carried out (a message is in the chat); False: failed or not yet
    hanging: bool = False  # held without an answer until the stand-in shuts down


class BotApiStandIn:
    """Start with `async with BotApiStandIn() as api:`; point the bot at `api.url`."""

    def __init__(self) -> None:
        self.pending: dict[int, dict[str, Any]] = {}  # unconfirmed updates by id
        self.handed_out: defaultdict[int, int] = defaultdict(int)
        self.requests: list[Request] = []
        self.faults: defaultdict[str, deque[Fault]] = defaultdict(deque)
        self.outage: Fault | None = None
        self.webhook: dict[str, Any] | None = None
        self.webhook_targets: list[str] = []
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._new_update = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._pusher: asyncio.Task[None] | None = None
        self._posts: set[asyncio.Task[None]] = set()
        self._closing = asyncio.Event()
        self.url = ""

    async def __aenter__(self) -> BotApiStandIn:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *_: object) -> None:
        self._closing.set()
        if self._pusher is not None:
            self._pusher.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what a test does -------------------------------------------------------------

    def fail(self, method: str, *faults: Fault) -> None:
        """The next calls of `method` (e.g. "sendMessage") get these faults, in order."""
        self.faults[method.lower()].extend(faults)

    async def push(self, update: dict[str, Any]) -> int:
        """Queue an update (without `update_id`; it is numbered here) and wake a poller."""
        update_id = next(self._ids)
        self.pending[update_id] = {"update_id": update_id, **update}
        async with self._new_update:
            self._new_update.notify_all()
        return update_id

    async def message(self, user_id: int, text: str, *, language: str = "en") -> int:
        """A private text message from user `user_id`."""
        return await self.push({"message": self._message(user_id, text, language)})

    async def press(self, user_id: int, data: str, *, language: str = "en") -> int:
        """A callback query from user `user_id` pressing a button with `data`."""
        query = {
            "id": str(next(self._message_ids)),
            "from": _user(user_id, language),
            "chat_instance": str(user_id),
            "data": data,
            "message": self._message(user_id, "", language, bot=True),
        }
        return await self.push({"callback_query": query})

    def sent(self, chat_id: int | None = None) -> list[Request]:
        """The answered sendMessage requests, optionally to one chat."""
        return [
            r
            for r in self.requests
            if r.method == "sendmessage"
            and r.answered
            and (chat_id is None or r.params.get("chat_id") == chat_id)
        ]

    def texts(self, chat_id: int) -> list[str]:
        """The texts delivered to `chat_id`, in the order Telegram took them."""
        return [str(r.params["text"]) for r in self.sent(chat_id)]

    def _message(self, user_id: int, text: str, language: str, *, bot: bool = False) -> Any:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": f"P{user_id}"},
            "from": BOT_USER if bot else _user(user_id, language),
            "text": text,
        }

    # --- the Bot API ------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"].lower()
        params = _decode(await request.post()) if request.can_read_body else {}
        record = Request(method, params)
        self.requests.append(record)
        fault = self.outage or self._fault(method, params.get("chat_id"))
        if fault is not None:
            if fault.hang:
                if fault.taken:
                    await self._answer(method, params)
                    record.answered = True
                record.hanging = True
                await self._closing.wait()  # until the stand-in shuts down
                return _error(Fault(502, description="Bad Gateway"))
            await asyncio.sleep(fault.delay)
            if fault.status:
                return _error(fault)
        result = await self._answer(method, params)
        if isinstance(result, web.StreamResponse):
            return result
        record.answered = True
        return web.json_response({"ok": True, "result": result})

    def _fault(self, method: str, chat_id: Any) -> Fault | None:
        """The first queued fault of `method` that applies to `chat_id`, taken off the queue."""
        for fault in self.faults[method]:
            if fault.chat_id is None or fault.chat_id == chat_id:
                self.faults[method].remove(fault)
                return fault
        return None

    async def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getupdates":
            if self.webhook is not None:
                return _error(Fault(409, description="Conflict: webhook is active"))
            return await self._get_updates(params)
        if method == "sendmessage":
            return {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": params["chat_id"], "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        if method == "getme":
            return BOT_USER
        if method == "setwebhook":
            self.webhook = params
            if self._pusher is None:
                self._pusher = asyncio.create_task(self._push_to_webhook())
            return True
        if method == "deletewebhook":
            self.webhook = None
            return True
        return True  # answerCallbackQuery, editMessageReplyMarkup, … : accepted

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        for update_id in [i for i in self.pending if i < offset]:
            del self.pending[update_id]  # confirmed: Telegram forgets it
        deadline = time.monotonic() + int(params.get("timeout") or 0)
        while True:
            ready = sorted(i for i in self.pending if i >= offset)[: int(params.get("limit", 100))]
            if ready or time.monotonic() >= deadline:
                break
            async with self._new_update:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._new_update.wait(), timeout=deadline - time.monotonic()
                    )
        for update_id in ready:
            self.handed_out[update_id] += 1
        return [self.pending[i] for i in ready]

    async def _push_to_webhook(self) -> None:
        """Deliver each unconfirmed update until a target answers 2xx, many at a time."""
        in_flight: set[int] = set()
        targets = itertools.count()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
            while True:
                for update_id in sorted(set(self.pending) - in_flight):
                    in_flight.add(update_id)
                    index = next(targets)
                    post = self._post_update(http, update_id, index, in_flight)
                    task = asyncio.create_task(post)
                    self._posts.add(task)
                    task.add_done_callback(self._posts.discard)
                async with self._new_update:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._new_update.wait(), timeout=0.2)

    async def _post_update(
        self, http: aiohttp.ClientSession, update_id: int, index: int, in_flight: set[int]
    ) -> None:
        assert self.webhook is not None
        targets = self.webhook_targets or [str(self.webhook["url"])]
        headers = {"X-Telegram-Bot-Api-Secret-Token": str(self.webhook.get("secret_token", ""))}
        try:
            self.handed_out[update_id] += 1
            url = targets[index % len(targets)]
            async with http.post(url, json=self.pending[update_id], headers=headers) as response:
                if 200 <= response.status < 300:
                    self.pending.pop(update_id, None)
                    return
        except (aiohttp.ClientError, TimeoutError, OSError):
            pass
        await asyncio.sleep(0.5)  # Telegram retries a failed delivery later
        in_flight.discard(update_id)


def _user(user_id: int, language: str) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"P{user_id}", "language_code": language}


def _decode(form: Any) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in form.items():
        if key in JSON_FIELDS:
            params[key] = json.loads(value)
        elif key in INT_FIELDS:
            params[key] = int(value)
        else:
            params[key] = value
    return params


def _error(fault: Fault) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": fault.status}
    body["description"] = fault.description
    if fault.retry_after is not None:
        body["parameters"] = {"retry_after": fault.retry_after}
    return web.json_response(body, status=fault.status)
