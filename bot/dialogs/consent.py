"""/start, the consent question and the privacy notice."""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.dialogs.callbacks import ConsentCallback, PrivacyCallback
from bot.dialogs.keyboards import consent_keyboard
from bot.dialogs.plan_render import send_plan
from bot.dialogs.qualify import qualifier_for
from bot.dialogs.render import consent_question, privacy_notice
from bot.qualify.clock import Clock
from bot.qualify.consent import ConsentChoice, ConsentState
from bot.qualify.rights import decide_consent
from bot.settings import Settings
from storage.models import Lead

router = Router(name=__name__)
# Telegram allows A-Z, a-z, 0-9, _ and - in deep-link payloads, up to 64 characters.
_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@router.message(CommandStart())
async def start(
    message: Message,
    command: CommandObject,
    lead: Lead | None,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    """Greet at once, say what the bot does and ask for consent unless it is standing."""
    if lead is None:
        return
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
        plan = await qualifier_for(content, settings).returned(session, lead, clock())
        await send_plan(message.bot, lead.chat_id, texts, locale, plan)  # type: ignore[arg-type]
        return
    lead.consent_state = ConsentState.PENDING
    await message.answer(
        consent_question(content, locale), reply_markup=consent_keyboard(texts, locale)
    )


@router.callback_query(ConsentCallback.filter())
async def consent_given_or_refused(
    query: CallbackQuery,
    bot: Bot,
    callback_data: ConsentCallback,
    lead: Lead | None,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    """Record the choice per purpose with the notice's version, then carry on or step back."""
    if lead is None or callback_data.choice not in ConsentChoice.__members__.values():
        await query.answer(content.texts.get(locale, "errors.expired_button"))
        return
    if lead.consent_state not in (ConsentState.PENDING, ConsentState.REFUSED):
        # A second tap on an old question changes nothing; /start asks again.
        await query.answer(content.texts.get(locale, "errors.expired_button"))
        return
    now = clock()
    state = await decide_consent(
        session,
        lead,
        choice=ConsentChoice(callback_data.choice),
        text_version=content.privacy_version,
        now=now,
    )
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    if state is ConsentState.GRANTED:
        user = query.from_user
        lead.first_name, lead.last_name, lead.username = (
            user.first_name,
            user.last_name,
            user.username,
        )
        await bot.send_message(lead.chat_id, content.texts.get(locale, "consent.granted"))
        plan = await qualifier_for(content, settings).start(session, lead, now)
        await send_plan(bot, lead.chat_id, content.texts, locale, plan)
    else:
        await bot.send_message(lead.chat_id, content.texts.get(locale, "consent.refused"))


@router.callback_query(PrivacyCallback.filter())
async def privacy_from_button(
    query: CallbackQuery, bot: Bot, locale: str, content: Content
) -> None:
    """Show the notice without leaving the consent question."""
    await query.answer()
    if query.message is not None:
        await bot.send_message(query.message.chat.id, privacy_notice(content, locale))
