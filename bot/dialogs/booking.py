"""Meeting buttons: a prospect picks a slot, moves or cancels; a rep moves or cancels.

The domain (bot.qualify.booking) books, refuses a taken slot and writes every
confirmation to the outbox; these handlers read the button, call it and, when a slot was
just taken or a meeting is to be moved, show the free slots that are left.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.content.texts import Texts
from bot.dialogs.callbacks import BookingAction, BookingCallback
from bot.dialogs.filters import CallbackPrefix, ConsentedLead, IsRep
from bot.middlewares.lead_chat import LeadChat
from bot.presentation.booking import at_of, slot_keyboard
from bot.presentation.replies import close_buttons
from bot.qualify.booking import actions, offers
from bot.qualify.booking.policy import BookingPolicy
from bot.qualify.clock import Clock
from bot.qualify.handover import rep_locale
from bot.qualify.plan import Plan
from bot.settings import Settings
from storage.meetings import SlotTaken
from storage.models import Rep

log = logging.getLogger(__name__)
DONE, TAKEN, REFUSED = "done", "taken", "refused"


async def _gone(query: CallbackQuery, text: str, why: object) -> None:
    log.info("refused meeting button from %s: %s", query.from_user.id, why)
    await query.answer(text, show_alert=True)


async def _tried(query: CallbackQuery, texts: Texts, locale: str, step: Awaitable[object]) -> str:
    """Run a booking step: DONE, TAKEN (the slot went to someone else) or REFUSED (the
    meeting is gone or not theirs: an alert says so)."""
    try:
        await step
    except SlotTaken as taken:
        log.info("slot taken for %s: %s", query.from_user.id, taken)
        return TAKEN
    except actions.NotBookable as refusal:
        await _gone(query, texts.get(locale, "booking.gone"), refusal)
        return REFUSED
    return DONE


async def _offer_again(chat: LeadChat, policy: BookingPolicy, key: str) -> None:
    """The free slots left, after a taken slot or to move the meeting."""
    session, lead, now = chat.session, chat.lead, chat.clock()
    current = await actions.current_meeting(session, lead)
    if current is None:
        offer = await offers.slots_for_lead(session, policy, lead, now)
    else:
        zone = policy.zone_of(lead)
        offer = await offers.slots_to_move(session, policy, current, lead, zone, now)
    plan = Plan()
    if offer.slots:
        plan.say(key, offer.buttons(), zone=offer.zone)
    else:
        plan.say("booking.no_slots")
    await chat.send(plan)


async def pick(
    query: CallbackQuery, callback_data: BookingCallback, chat: LeadChat, settings: Settings
) -> None:
    """The prospect picks a slot: booked (or their meeting moved there), or others offered."""
    policy, at, lead = BookingPolicy.from_settings(settings), at_of(callback_data.at), chat.lead
    step = actions.book(
        chat.session, chat.content, policy, lead, callback_data.rep, at, chat.clock()
    )
    outcome = await _tried(query, chat.content.texts, chat.locale, step)
    if outcome != REFUSED:
        await close_buttons(query)
    if outcome == TAKEN:
        await _offer_again(chat, policy, "booking.taken")


async def move(
    query: CallbackQuery, callback_data: BookingCallback, chat: LeadChat, settings: Settings
) -> None:
    """The prospect wants another time: the free slots with the same rep."""
    step = actions.meeting_of(chat.session, callback_data.meeting, lead=chat.lead)
    if await _tried(query, chat.content.texts, chat.locale, step) == DONE:
        await query.answer()
        await _offer_again(chat, BookingPolicy.from_settings(settings), "booking.pick_new")


async def cancel(
    query: CallbackQuery, callback_data: BookingCallback, chat: LeadChat, settings: Settings
) -> None:
    """The prospect cancels: both sides are told."""
    policy, meeting_id = BookingPolicy.from_settings(settings), callback_data.meeting
    step = actions.cancel(
        chat.session, chat.content, policy, meeting_id, chat.clock(), lead=chat.lead
    )
    if await _tried(query, chat.content.texts, chat.locale, step) == DONE:
        await close_buttons(query)


@dataclass(frozen=True)
class RepCalendar:
    """What a rep's meeting button needs, bundled by the `rep_calendar` filter."""

    rep: Rep
    content: Content
    policy: BookingPolicy
    now: datetime
    session: AsyncSession

    @property
    def locale(self) -> str:
        return rep_locale(self.rep, self.content)


async def rep_calendar(
    query: CallbackQuery,
    rep: Rep,
    content: Content,
    settings: Settings,
    clock: Clock,
    session: AsyncSession,
) -> dict[str, Any]:
    """Injects the rep's `desk` (after IsRep has injected the rep)."""
    policy = BookingPolicy.from_settings(settings)
    return {"desk": RepCalendar(rep, content, policy, clock(), session)}


async def rep_move(
    query: CallbackQuery, callback_data: BookingCallback, desk: RepCalendar
) -> None:
    """The rep wants another time: their free slots, in their zone."""
    texts, locale, user = desk.content.texts, desk.locale, desk.rep.telegram_user_id
    try:
        meeting, lead, _ = await actions.meeting_of(
            desk.session, callback_data.meeting, rep_user_id=user
        )
    except actions.NotBookable as refusal:
        await _gone(query, texts.get(locale, "booking.gone"), refusal)
        return
    zone = await offers.rep_zone(desk.session, desk.policy, desk.rep.id)
    offer = await offers.slots_to_move(desk.session, desk.policy, meeting, lead, zone, desk.now)
    await query.answer()
    if isinstance(query.message, Message):
        key = "booking.pick_new" if offer.slots else "booking.no_slots"
        await query.message.answer(
            texts.get(locale, key, zone=zone),
            reply_markup=slot_keyboard(texts, locale, offer, meeting.id),
        )


async def rep_pick(
    query: CallbackQuery, callback_data: BookingCallback, desk: RepCalendar
) -> None:
    """The rep moves the meeting to the slot picked; the prospect is told."""
    at, user = at_of(callback_data.at), desk.rep.telegram_user_id
    step = actions.move(
        desk.session,
        desk.content,
        desk.policy,
        callback_data.meeting,
        at,
        desk.now,
        rep_user_id=user,
    )
    outcome = await _tried(query, desk.content.texts, desk.locale, step)
    if outcome == TAKEN:
        text = desk.content.texts.get(desk.locale, "booking.rep_taken")
        await _gone(query, text, "slot taken")
    elif outcome == DONE:
        await close_buttons(query)


async def rep_cancel(
    query: CallbackQuery, callback_data: BookingCallback, desk: RepCalendar
) -> None:
    """The rep cancels the meeting; the prospect is told."""
    step = actions.cancel(
        desk.session,
        desk.content,
        desk.policy,
        callback_data.meeting,
        desk.now,
        rep_user_id=desk.rep.telegram_user_id,
    )
    if await _tried(query, desk.content.texts, desk.locale, step) == DONE:
        await close_buttons(query)


async def refuse_the_rest(query: CallbackQuery, content: Content) -> None:
    """A meeting button from a rep that is no slot of theirs, or data that does not unpack."""
    await _gone(query, content.texts.get(content.texts.fallback, "booking.gone"), query.data)


def create_router() -> Router:
    """The reps' meeting buttons (before the prospects' gate: reps never pass it)."""
    router = Router(name=__name__)
    on = {action: BookingCallback.filter(F.action == action) for action in BookingAction}
    for action, handler in (
        (BookingAction.PICK, rep_pick),
        (BookingAction.MOVE, rep_move),
        (BookingAction.CANCEL, rep_cancel),
    ):
        router.callback_query.register(handler, on[action], IsRep(), rep_calendar)
    router.callback_query.register(refuse_the_rest, CallbackPrefix(BookingCallback), IsRep())
    return router


def create_prospect_router() -> Router:
    """The prospects' meeting buttons, for a lead whose consent stands."""
    router = Router(name=f"{__name__}.prospects")
    on = {action: BookingCallback.filter(F.action == action) for action in BookingAction}
    router.callback_query.register(pick, on[BookingAction.PICK], ConsentedLead())
    router.callback_query.register(move, on[BookingAction.MOVE], ConsentedLead())
    router.callback_query.register(cancel, on[BookingAction.CANCEL], ConsentedLead())
    return router
