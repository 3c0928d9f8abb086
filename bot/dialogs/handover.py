"""A rep's buttons on a handover card: accept, reject, and why."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.content.texts import Texts
from bot.dialogs.callbacks import HandoverCallback
from bot.qualify import handover
from bot.qualify.clock import Clock
from storage.models import Rep

router = Router(name=__name__)
log = logging.getLogger(__name__)


@router.callback_query(HandoverCallback.filter())
async def decide(
    query: CallbackQuery,
    callback_data: HandoverCallback,
    content: Content,
    clock: Clock,
    session: AsyncSession,
) -> None:
    """Only the rep the lead was offered to may decide; anyone else is refused and logged."""
    rep = await session.scalar(select(Rep).where(Rep.telegram_user_id == query.from_user.id))
    locale = handover.rep_locale(rep, content) if rep else content.texts.fallback
    texts = content.texts
    action, handover_id = callback_data.action, callback_data.handover
    try:
        if action == "accept":
            await handover.accept(session, content, handover_id, query.from_user.id, clock())
            reply = texts.get(locale, "rep.accepted")
        elif action == "reject":
            await handover.check_owner(session, handover_id, query.from_user.id)
            await query.answer()
            if isinstance(query.message, Message):
                await query.message.answer(
                    texts.get(locale, "rep.reject_why"),
                    reply_markup=_reasons(texts, locale, handover_id),
                )
            return
        elif action == "reason" and callback_data.reason in handover.REASONS:
            await handover.reject(
                session, content, handover_id, query.from_user.id, callback_data.reason, clock()
            )
            reason = texts.get(locale, f"rep.reasons.{callback_data.reason}")
            reply = texts.get(locale, "rep.rejected", reason=reason)
        else:
            raise handover.NotYourLead(f"unknown action {action!r}")
    except handover.NotYourLead as refusal:
        log.warning("refused handover callback from %s: %s", query.from_user.id, refusal)
        await query.answer(texts.get(locale, "rep.not_yours"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(reply)


def _reasons(texts: Texts, locale: str, handover_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=texts.get(locale, f"rep.reasons.{reason}"),
                    callback_data=HandoverCallback(
                        action="reason", handover=handover_id, reason=reason
                    ).pack(),
                )
            ]
            for reason in handover.REASONS
        ]
    )
