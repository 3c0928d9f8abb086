"""Hand a prospect's handler the lead's chat: one object instead of the same seven arguments."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.presentation.replies import send_plan
from bot.qualify.clock import Clock
from bot.qualify.plan import Plan
from bot.qualify.qualification import Qualifier
from storage.models import Lead


@dataclass(frozen=True)
class LeadChat:
    """The lead on this update: its dialog (session, content, qualifier, clock) and the chat
    and language to answer in."""

    bot: Bot
    lead: Lead
    locale: str
    content: Content
    clock: Clock
    session: AsyncSession
    qualifier: Qualifier

    def text(self, key: str, **values: Any) -> str:
        """The text `key` in the lead's language."""
        return self.content.texts.get(self.locale, key, **values)

    async def send(self, plan: Plan) -> None:
        """Send what the domain planned to the lead's chat."""
        await send_plan(self.bot, self.lead.chat_id, self.content.texts, self.locale, plan)


class LeadChatMiddleware(BaseMiddleware):
    """Puts `chat` into the handler data; an inner middleware of the prospect routers, so
    the lead, its locale, the content and the session are there already."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data["chat"] = LeadChat(
            bot=data["bot"],
            lead=data["lead"],
            locale=data["locale"],
            content=data["content"],
            clock=data["clock"],
            session=data["session"],
            qualifier=data["qualifier"],
        )
        return await handler(event, data)
