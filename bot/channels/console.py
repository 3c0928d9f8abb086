"""`leadbot chat`: the real dispatcher behind a terminal instead of Telegram.

What the bot sends to this chat is printed (formatting kept, each message numbered, its
inline buttons as `[3.1]`); what the user types becomes an update: `3.1` presses that
button, a bare `1` the latest message's first, anything else is a message. Works
interactively and with piped standard input. A rep's console (`--user-id` of a registered
rep) beside a prospect's on the same database shows the rep's chat only.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import (
    CallbackQuery,
    Chat,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from rich.console import Console
from rich.text import Text

from bot.channels.console_buttons import Buttons, NoSuchButton, Press
from bot.channels.console_render import html_to_text
from bot.channels.local_session import BOT_USER, LocalSession

LOCAL_TOKEN = "42:local-console-no-telegram"
QUIT = {"/quit", "/exit"}


class _Quit(Exception):
    """The user typed /quit."""


class ConsoleSession(LocalSession):
    """Prints every message, edit, document and notice the bot sends to this console's chat;
    what goes to another chat (a rep's card, a prospect's reply) is that chat's console's."""

    def __init__(self, console: Console, chat_id: int) -> None:
        super().__init__()
        self.console = console
        self.chat_id = chat_id
        self.buttons = Buttons()

    def on_request(self, method: TelegramMethod[Any]) -> None:
        """Show what the bot did in this chat."""
        chat_id = getattr(method, "chat_id", None)
        if chat_id is not None and str(chat_id) != str(self.chat_id):
            return
        if isinstance(method, SendMessage):
            self._show(method.text, method.reply_markup, self._message_ids)
        elif isinstance(method, EditMessageText):
            self._show(method.text or "", method.reply_markup, method.message_id or 0, edited=True)
        elif isinstance(method, EditMessageReplyMarkup):
            self.buttons.remove(method.message_id or 0)
            if isinstance(method.reply_markup, InlineKeyboardMarkup):
                self._show_buttons(method.reply_markup, method.message_id or 0)
        elif isinstance(method, SendDocument):
            self._show_document(method)
        elif isinstance(method, AnswerCallbackQuery) and method.text:
            self.console.print(Text("bot (notice): ", style="magenta") + Text(method.text))

    def _show(self, text: str, markup: Any, message_id: int, *, edited: bool = False) -> None:
        label = "bot (edited): " if edited else "bot: "
        self.console.print(Text(label, style="bold green") + html_to_text(text))
        if edited:
            self.buttons.remove(message_id)  # as in Telegram: an edit without buttons drops them
        if isinstance(markup, InlineKeyboardMarkup):
            self._show_buttons(markup, message_id)

    def _show_buttons(self, markup: InlineKeyboardMarkup, message_id: int) -> None:
        for line in self.buttons.show(message_id, markup):
            self.console.print(line, markup=False)

    def _show_document(self, method: SendDocument) -> None:
        name = getattr(method.document, "filename", None) or "file"
        data = self.sent_documents.get(self._message_ids, b"")
        self.console.print(
            Text("bot sent a file: ", style="bold green") + Text(f"{name} ({len(data)} bytes)")
        )
        if method.caption:
            self.console.print(Text("     ") + html_to_text(method.caption))
        if data:
            self.console.print(data.decode("utf-8", errors="replace"), markup=False)
        if isinstance(method.reply_markup, InlineKeyboardMarkup):  # e.g. a meeting's Move
            self._show_buttons(method.reply_markup, self._message_ids)


class ConsoleChannel:
    """Feeds a terminal user's lines to the dispatcher as Telegram updates."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        console: Console,
        *,
        user_id: int = 1000,
        first_name: str = "Console",
        language_code: str = "en",
        first_update_id: int = 1,
    ) -> None:
        self.dispatcher = dispatcher
        self.session = ConsoleSession(console, user_id)
        self.bot = Bot(
            LOCAL_TOKEN, session=self.session, default=DefaultBotProperties(parse_mode="HTML")
        )
        self.user = User(
            id=user_id, is_bot=False, first_name=first_name, language_code=language_code
        )
        self.chat = Chat(id=user_id, type="private", first_name=first_name)
        self._update_id = first_update_id - 1
        self._message_id = 1_000_000

    def _next_update_id(self) -> int:
        """Above the last one and above every id handled before this run (first_update_id),
        and at least the microseconds since 1970: a second console on the same database,
        started at the same moment, still never numbers an update as this one did."""
        self._update_id = max(self._update_id + 1, time.time_ns() // 1000)
        return self._update_id

    def update_for(self, line: str) -> Update:
        """A button press when the line names a shown button, else a message."""
        press = self.session.buttons.find(line)
        if isinstance(press, Press) and press.button.callback_data:
            update_id = self._next_update_id()
            return Update(
                update_id=update_id,
                callback_query=CallbackQuery(
                    id=str(update_id),
                    from_user=self.user,
                    chat_instance="console",
                    data=press.button.callback_data,
                    message=Message(
                        message_id=press.message_id,
                        date=datetime.now(UTC),
                        chat=self.chat,
                        from_user=BOT_USER,
                        text="",
                    ),
                ),
            )
        self._message_id += 1
        return Update(
            update_id=self._next_update_id(),
            message=Message(
                message_id=self._message_id,
                date=datetime.now(UTC),
                chat=self.chat,
                from_user=self.user,
                text=line,
            ),
        )

    async def send(self, line: str) -> None:
        """Deliver one line the user typed."""
        if not line.strip():
            return
        press = self.session.buttons.find(line)
        if isinstance(press, NoSuchButton):
            message_id = int(press.line.split(".")[0])
            choices = self.session.buttons.choices(message_id)
            self.session.console.print(f"(no button {press.line}: type {choices})")
            return
        if isinstance(press, Press) and press.button.url:
            self.session.console.print(f"(open {press.button.url} in a browser)")
            return
        await self.dispatcher.feed_update(self.bot, self.update_for(line))

    async def run(self, lines: Iterable[str] | AsyncIterator[str], *, echo: bool) -> None:
        """Feed every line in order; `echo` shows them (for piped input)."""
        try:
            if isinstance(lines, AsyncIterator):
                async for line in lines:
                    await self._one(line, echo)
            else:
                for line in lines:
                    await self._one(line, echo)
        except _Quit:
            return

    async def _one(self, line: str, echo: bool) -> None:
        line = line.rstrip("\n")
        if line.strip() in QUIT:
            raise _Quit
        if echo and line.strip():
            self.session.console.print(Text("you: ", style="bold cyan") + Text(line))
        await self.send(line)


async def interactive_lines(prompt: str = "you> ") -> AsyncIterator[str]:
    """Lines typed at a terminal until end of input or /quit."""
    while True:
        try:
            line = await asyncio.to_thread(input, prompt)
        except EOFError:
            return
        yield line


async def piped_lines() -> AsyncIterator[str]:
    """Lines of a piped script, read beside the event loop: while the script's writer
    waits, the jobs go on and messages from another console's process are shown."""
    while line := await asyncio.to_thread(sys.stdin.readline):
        yield line


def stdin_is_terminal() -> bool:
    """Whether a person is typing (as opposed to a piped script)."""
    return sys.stdin.isatty()
