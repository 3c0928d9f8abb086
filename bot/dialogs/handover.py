"""A rep's buttons on a handover card: accept, reject, and why.

Only the rep the lead was offered to may decide: the domain refuses anyone else, and a
handover button pressed by someone who is no rep at all, or with forged data, is refused
here; every refusal is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.dialogs.callbacks import HandoverAction, HandoverCallback
from bot.dialogs.filters import CallbackPrefix, IsRep
from bot.presentation.keyboards import reasons_keyboard
from bot.presentation.replies import close_buttons
from bot.qualify import handover
from bot.qualify.clock import Clock
from storage.models import Rep

log = logging.getLogger(__name__)


async def _refuse(query: CallbackQuery, content: Content, locale: str, why: object) -> None:
    log.warning("refused handover callback from %s: %s", query.from_user.id, why)
    await query.answer(content.texts.get(locale, "rep.not_yours"), show_alert=True)


async def _by_owner(
    query: CallbackQuery, content: Content, locale: str, step: Awaitable[object]
) -> bool:
    """Run a decision the domain may refuse to anyone but the rep it was offered to."""
    try:
        await step
    except handover.NotYourLead as refusal:
        await _refuse(query, content, locale, refusal)
        return False
    return True


async def _decided(query: CallbackQuery, reply: str) -> None:
    await close_buttons(query)
    if isinstance(query.message, Message):
        await query.message.answer(reply)


async def accept(
    query: CallbackQuery,
    callback_data: HandoverCallback,
    rep: Rep,
    content: Content,
    clock: Clock,
    session: AsyncSession,
) -> None:
    """The rep takes the lead."""
    locale = handover.rep_locale(rep, content)
    step = handover.accept(session, content, callback_data.handover, rep.telegram_user_id, clock())
    if not await _by_owner(query, content, locale, step):
        return
    await _decided(query, content.texts.get(locale, "rep.accepted"))


async def ask_why(
    query: CallbackQuery,
    callback_data: HandoverCallback,
    rep: Rep,
    content: Content,
    session: AsyncSession,
) -> None:
    """Before a reject takes effect, the rep picks a reason."""
    locale = handover.rep_locale(rep, content)
    step = handover.check_owner(session, callback_data.handover, rep.telegram_user_id)
    if not await _by_owner(query, content, locale, step):
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            content.texts.get(locale, "rep.reject_why"),
            reply_markup=reasons_keyboard(content.texts, locale, callback_data.handover),
        )


async def reject(
    query: CallbackQuery,
    callback_data: HandoverCallback,
    rep: Rep,
    content: Content,
    clock: Clock,
    session: AsyncSession,
) -> None:
    """The rep declines with the reason picked: the lead goes back to nurturing."""
    locale, texts, reason = handover.rep_locale(rep, content), content.texts, callback_data.reason
    if reason is None:
        await _refuse(query, content, locale, handover.NotYourLead("a reject without a reason"))
        return
    step = handover.reject(
        session, content, callback_data.handover, rep.telegram_user_id, reason, clock()
    )
    if not await _by_owner(query, content, locale, step):
        return
    reason_text = texts.get(locale, f"rep.reasons.{reason}")
    await _decided(query, texts.get(locale, "rep.rejected", reason=reason_text))


async def refuse_the_rest(query: CallbackQuery, content: Content) -> None:
    """Handover data from someone who is no rep, or that does not unpack."""
    await _refuse(query, content, content.texts.fallback, f"not a rep or bad data {query.data!r}")


def create_router() -> Router:
    """The handover router: one handler per action, for reps; a refusal for everyone else."""
    router = Router(name=__name__)
    on = {action: HandoverCallback.filter(F.action == action) for action in HandoverAction}
    router.callback_query.register(accept, on[HandoverAction.ACCEPT], IsRep())
    router.callback_query.register(ask_why, on[HandoverAction.REJECT], IsRep())
    router.callback_query.register(reject, on[HandoverAction.REASON], IsRep())
    router.callback_query.register(refuse_the_rest, CallbackPrefix(HandoverCallback))
    return router
