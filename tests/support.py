"""Test doubles: a settable clock, and a prospect and a rep who talk to the real dispatcher."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage
from aiogram.types import (
    CallbackQuery,
    Chat,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import BOT_USER, LocalSession
from bot.dialogs.callbacks import QualifyCallback
from bot.factory import Dependencies
from storage.models import Lead
from storage.reps import add_rep

T = TypeVar("T")
# A frozen copy of content/ for the logic tests: an editor's change to the shipped content
# never breaks them. tests/acceptance/ checks the shipped content itself.
TEST_CONTENT_DIR = Path(__file__).resolve().parent / "content"

_update_ids = itertools.count(1)

REP = 4711  # the Telegram id of the rep in the `rep` fixture
HOT = (
    "We need a helpdesk for our IT tickets, we're 80 people, I'm the CTO and I decide, "
    "budget about 40k a year, we need it asap"
)  # one message that makes a consenting prospect sales-ready


def with_settings(deps: Dependencies, **changes: Any) -> Dependencies:
    """The same dependencies with some settings changed."""
    return dataclasses.replace(deps, settings=deps.settings.model_copy(update=changes))


async def stored_lead(sessionmaker: async_sessionmaker[AsyncSession], user_id: int = 5001) -> Lead:
    """The lead of a Telegram user (Greta by default) as the database has it now."""
    async with sessionmaker() as session:
        lead = await session.scalar(select(Lead).where(Lead.telegram_user_id == user_id))
        assert lead is not None
        return lead


@asynccontextmanager
async def changing_lead(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: int = 5001
) -> AsyncIterator[tuple[AsyncSession, Lead]]:
    """A session and the lead of a Telegram user in it, committed after the block."""
    async with sessionmaker() as session:
        lead = await session.scalar(select(Lead).where(Lead.telegram_user_id == user_id))
        assert lead is not None
        yield session, lead
        await session.commit()


async def add_plain_rep(
    session: AsyncSession,
    user_id: int,
    name: str,
    *,
    now: datetime,
    languages: Sequence[str] = ("en",),
    weight: int = 1,
) -> None:
    """A rep with no persona or territory: only language and weight decide the routing."""
    await add_rep(
        session,
        telegram_user_id=user_id,
        name=name,
        languages=list(languages),
        personas=[],
        territories=[],
        weight=weight,
        now=now,
    )


@dataclass
class FakeClock:
    """A clock the test moves by hand."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 22, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class TelegramUser:
    """One Telegram user chatting with the bot; every step goes through dp.feed_update."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        session: LocalSession,
        *,
        user_id: int = 5001,
        first_name: str = "Greta",
        last_name: str | None = "Lindqvist",
        language_code: str = "en",
    ) -> None:
        self.dispatcher = dispatcher
        self.session = session
        self.bot = Bot(
            "42:test-token-for-local-session",
            session=session,
            default=DefaultBotProperties(parse_mode="HTML"),
        )
        self.user = User(
            id=user_id,
            is_bot=False,
            first_name=first_name,
            last_name=last_name,
            language_code=language_code,
        )
        self.chat = Chat(id=user_id, type="private", first_name=first_name)
        self._seen = 0
        self._message_ids = itertools.count(10_000)

    async def feed(self, update: Update) -> Any:
        """Deliver one update exactly as Telegram would."""
        self._seen = len(self.session.requests)
        return await self.dispatcher.feed_update(self.bot, update)

    def message_update(self, text: str | None = None, **fields: Any) -> Update:
        """An update carrying a new message from the prospect."""
        message = Message(
            message_id=next(self._message_ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            text=text,
            **fields,
        )
        return Update(update_id=next(_update_ids), message=message)

    async def says(self, text: str | None = None, **fields: Any) -> list[str]:
        """Send a message; return the texts the bot sent in reply."""
        await self.feed(self.message_update(text, **fields))
        return self.replies()

    async def edits(self, message_id: int, text: str) -> list[str]:
        """Edit an earlier message."""
        message = Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            text=text,
            edit_date=int(datetime.now(UTC).timestamp()),
        )
        await self.feed(Update(update_id=next(_update_ids), edited_message=message))
        return self.replies()

    async def presses(self, label: str) -> list[str]:
        """Press the newest inline button whose label contains `label`."""
        for request in reversed(self.session.requests):
            if isinstance(request, SendMessage | SendDocument) and isinstance(
                request.reply_markup, InlineKeyboardMarkup
            ):
                for row in request.reply_markup.inline_keyboard:
                    for button in row:
                        if label in button.text and button.callback_data:
                            return await self.presses_data(button.callback_data)
        raise AssertionError(f"no button labelled {label!r} was sent")

    async def presses_data(self, data: str) -> list[str]:
        """Send a callback query with raw data (to test stale and forged buttons)."""
        query = CallbackQuery(
            id=str(next(_update_ids)),
            from_user=self.user,
            chat_instance="test",
            data=data,
            message=Message(
                message_id=1,
                date=datetime.now(UTC),
                chat=self.chat,
                from_user=BOT_USER,
                text="",
            ),
        )
        await self.feed(Update(update_id=next(_update_ids), callback_query=query))
        return self.replies()

    def new_requests(self) -> list[Any]:
        """Requests the bot made for the last update."""
        return self.session.requests[self._seen :]

    def replies(self) -> list[str]:
        """Texts (and captions) the bot sent for the last update."""
        texts: list[str] = []
        for request in self.new_requests():
            if isinstance(request, SendMessage):
                texts.append(request.text)
            elif isinstance(request, SendDocument) and request.caption:
                texts.append(request.caption)
            elif isinstance(request, AnswerCallbackQuery) and request.text:
                texts.append(request.text)
        return texts

    def last_document(self) -> bytes:
        """The bytes of the newest document the bot sent."""
        return self.session.sent_documents[max(self.session.sent_documents)]


class Prospect(TelegramUser):
    """A prospect: by default Greta Lindqvist, English-speaking."""

    async def agrees(self) -> None:
        """/start, accept everything, and answer that we are not a customer yet."""
        await self.says("/start")
        await self.presses("✅")
        await self.presses_data(
            QualifyCallback(action="answer", slot="customer", value="no").pack()
        )


class Rep(TelegramUser):
    """A sales rep in their own chat with the bot: by default Mia of the `rep` fixture."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        session: LocalSession,
        *,
        user_id: int = REP,
        first_name: str = "Mia",
        last_name: str | None = "Berg",
        language_code: str = "en",
    ) -> None:
        super().__init__(
            dispatcher,
            session,
            user_id=user_id,
            first_name=first_name,
            last_name=last_name,
            language_code=language_code,
        )

    async def accepts(self) -> list[str]:
        """Press Accept on the newest handover card."""
        return await self.presses("Accept")

    async def rejects(self, reason: str) -> list[str]:
        """Press Reject on the newest card, then the reason labelled `reason`."""
        await self.presses("Reject")
        return await self.presses(reason)


async def taken_over(
    prospect: Prospect, rep: Rep, sessionmaker: async_sessionmaker[AsyncSession]
) -> int:
    """A consenting prospect turns sales-ready, the rep accepts and takes the chat over;
    the lead's id."""
    await prospect.agrees()
    await prospect.says(HOT)
    await rep.accepts()
    lead_id = (await stored_lead(sessionmaker, prospect.user.id)).id
    await rep.says(f"/takeover {lead_id}")
    return lead_id


async def one(session: AsyncSession, statement: Select[T]) -> T:
    """The single row a statement must find; the test fails when there is none."""
    row = await session.scalar(statement)
    assert row is not None, f"no row for {statement}"
    return row


def inline_labels(markup: object) -> list[str]:
    """The labels of an inline keyboard, row by row."""
    assert isinstance(markup, InlineKeyboardMarkup), markup
    return [button.text for row in markup.inline_keyboard for button in row]
