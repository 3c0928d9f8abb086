"""/start, the consent question and the privacy notice."""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message, User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.dialogs.callbacks import ConsentCallback, PrivacyCallback
from bot.presentation.keyboards import consent_keyboard
from bot.presentation.messages import consent_question, privacy_notice
from bot.presentation.replies import send_plan
from bot.qualify.clock import Clock
from bot.qualify.consent import ConsentState
from bot.qualify.qualification import Qualifier
from bot.qualify.rights import decide_consent
from storage.models import Lead

# Telegram allows A-Z, a-z, 0-9, _ and - in deep-link payloads, up to 64 characters.
_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


async def awaits_consent(query: CallbackQuery, lead: Lead) -> bool:
    """The consent question is open; a second tap on an old one changes nothing."""
    return lead.consent_state in (ConsentState.PENDING, ConsentState.REFUSED)


async def start(
    message: Message,
    bot: Bot,
    command: CommandObject,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    qualifier: Qualifier,
) -> None:
    """Greet at once, say what the bot does and ask for consent unless it is standing."""
    if command.args and _PAYLOAD.match(command.args):
        lead.source = command.args
    texts = content.texts
    name = f", {message.from_user.first_name}" if message.from_user else ""
    await message.answer(
        texts.get(locale, "start.greeting", name=name)
        + "\n"
        + texts.get(locale, "start.what_i_do")
    )
    if lead.consent_state == ConsentState.GRANTED:
        await message.answer(texts.get(locale, "consent.already", version=content.privacy_version))
        plan = await qualifier.returned(session, lead, clock())
        await send_plan(bot, lead.chat_id, texts, locale, plan)
        return
    lead.consent_state = ConsentState.PENDING
    await message.answer(
        consent_question(content, locale), reply_markup=consent_keyboard(texts, locale)
    )


async def consent_given_or_refused(
    query: CallbackQuery,
    bot: Bot,
    callback_data: ConsentCallback,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    qualifier: Qualifier,
) -> None:
    """Record the choice per purpose with the notice's version, then carry on or step back."""
    now = clock()
    state = await decide_consent(
        session, lead, choice=callback_data.choice, text_version=content.privacy_version, now=now
    )
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    if state is not ConsentState.GRANTED:
        await bot.send_message(lead.chat_id, content.texts.get(locale, "consent.refused"))
        return
    _keep_names(lead, query.from_user)
    await bot.send_message(lead.chat_id, content.texts.get(locale, "consent.granted"))
    plan = await qualifier.start(session, lead, now)
    await send_plan(bot, lead.chat_id, content.texts, locale, plan)


def _keep_names(lead: Lead, user: User) -> None:
    # Consent given on this very update: the lead loader could not keep the names yet.
    lead.first_name, lead.last_name, lead.username = user.first_name, user.last_name, user.username


async def privacy_from_button(
    query: CallbackQuery, bot: Bot, locale: str, content: Content
) -> None:
    """Show the notice without leaving the consent question."""
    await query.answer()
    if query.message is not None:
        await bot.send_message(query.message.chat.id, privacy_notice(content, locale))


def create_router() -> Router:
    """The consent router; stale consent buttons fall through to the fallback."""
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.callback_query.register(
        consent_given_or_refused, ConsentCallback.filter(), awaits_consent
    )
    router.callback_query.register(privacy_from_button, PrivacyCallback.filter())
    return router
