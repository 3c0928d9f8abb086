"""/start, the consent question and the privacy notice."""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message, User

from bot.content.catalog import Content
from bot.dialogs.callbacks import ConsentCallback, PrivacyCallback
from bot.middlewares.lead_chat import LeadChat
from bot.presentation.keyboards import consent_keyboard
from bot.presentation.messages import consent_question, privacy_notice
from bot.presentation.replies import close_buttons
from bot.qualify.consent import ConsentState
from bot.qualify.rights import decide_consent
from storage.leads import keep_names
from storage.models import Lead

# Telegram allows A-Z, a-z, 0-9, _ and - in deep-link payloads, up to 64 characters.
_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


async def awaits_consent(query: CallbackQuery, lead: Lead) -> bool:
    """The consent question is open; a second tap on an old one changes nothing."""
    return lead.consent_state in (ConsentState.PENDING, ConsentState.REFUSED)


async def start(message: Message, command: CommandObject, chat: LeadChat) -> None:
    """Greet at once, say what the bot does and ask for consent unless it is standing."""
    lead, content = chat.lead, chat.content
    if command.args and _PAYLOAD.match(command.args):
        lead.source = command.args
    name = f", {message.from_user.first_name}" if message.from_user else ""
    await message.answer(
        chat.text("start.greeting", name=name) + "\n" + chat.text("start.what_i_do")
    )
    if lead.consent_state == ConsentState.GRANTED:
        await message.answer(chat.text("consent.already", version=content.privacy_version))
        await chat.send(await chat.qualifier.returned(chat.session, lead, chat.clock()))
        return
    lead.consent_state = ConsentState.PENDING
    await message.answer(
        consent_question(content, chat.locale),
        reply_markup=consent_keyboard(content.texts, chat.locale),
    )


async def consent_given_or_refused(
    query: CallbackQuery, callback_data: ConsentCallback, chat: LeadChat
) -> None:
    """Record the choice per purpose with the notice's version, then carry on or step back."""
    lead, now = chat.lead, chat.clock()
    state = await decide_consent(
        chat.session,
        lead,
        choice=callback_data.choice,
        text_version=chat.content.privacy_version,
        now=now,
    )
    await close_buttons(query)
    if state is not ConsentState.GRANTED:
        await chat.bot.send_message(lead.chat_id, chat.text("consent.refused"))
        return
    _keep_names(lead, query.from_user)
    await chat.bot.send_message(lead.chat_id, chat.text("consent.granted"))
    await chat.send(await chat.qualifier.start(chat.session, lead, now))


def _keep_names(lead: Lead, user: User) -> None:
    # Consent given on this very update: the lead loader could not keep the names yet.
    keep_names(lead, user.first_name, user.last_name, user.username)


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
