"""What the booking tests share: a rep with working hours, and what reached one chat."""

from __future__ import annotations

from aiogram.methods import SendDocument, SendMessage
from aiogram.types import BufferedInputFile
from icalendar import Calendar
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from storage.meetings import set_hours
from tests.support import HOT, REP, Prospect, TelegramUser


async def give_hours(
    sessionmaker: async_sessionmaker[AsyncSession],
    rep_user_id: int = REP,
    *,
    days: str = "mon,tue,wed,thu,fri",
    span: tuple[str, str] = ("09:00", "17:00"),
    zone: str = "Europe/Berlin",
) -> None:
    """Working hours for a registered rep."""
    async with sessionmaker() as session:
        rep = await set_hours(
            session,
            telegram_user_id=rep_user_id,
            days=days,
            opens=span[0],
            closes=span[1],
            timezone=zone,
        )
        assert rep is not None
        await session.commit()


def sent_to(
    session: LocalSession, chat_id: int, since: int = 0
) -> list[SendMessage | SendDocument]:
    """Messages and documents the bot sent to one chat."""
    return [
        request
        for request in session.requests[since:]
        if isinstance(request, SendMessage | SendDocument) and int(request.chat_id) == chat_id
    ]


def documents_to(session: LocalSession, chat_id: int, since: int = 0) -> list[SendDocument]:
    """The documents (with their captions) the bot sent to one chat."""
    return [r for r in sent_to(session, chat_id, since) if isinstance(r, SendDocument)]


def text_of(request: SendMessage | SendDocument) -> str:
    """A message's text or a document's caption."""
    return request.text if isinstance(request, SendMessage) else request.caption or ""


def event_of(document: SendDocument) -> Calendar:
    """The invitation a document carries, parsed back by the icalendar library."""
    assert isinstance(document.document, BufferedInputFile)
    assert document.document.filename == "meeting.ics"
    return Calendar.from_ical(document.document.data)


async def hot_prospect(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession], zone: str = "Europe/Berlin"
) -> None:
    """Mia works mon-fri 09:00-17:00 in `zone`; the prospect consents and turns sales-ready."""
    await give_hours(sessionmaker, zone=zone)
    await prospect.agrees()
    await prospect.says(HOT)


async def press_for_documents(
    session: LocalSession, user: TelegramUser, label: str, *chat_ids: int
) -> list[SendDocument]:
    """Press a button; the one document each of `chat_ids` got for it, in that order."""
    since = len(session.requests)
    await user.presses(label)
    found = [documents_to(session, chat_id, since) for chat_id in chat_ids]
    assert all(len(documents) == 1 for documents in found), found
    return [documents[0] for documents in found]
