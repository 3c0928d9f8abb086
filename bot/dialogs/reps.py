"""Commands for sales reps (registered with `leadbot reps add` or /addrep).

Every handler here is behind IsRep, which injects the `rep`; to anyone else these are
unknown commands, and the attempt is logged.
"""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.dialogs.filters import InTakeover, IsRep, has_text
from bot.dialogs.refusals import refuse_unless
from bot.presentation.card import card_text
from bot.presentation.card_parts import lifecycle_name
from bot.presentation.messages import lead_name, rep_leads_text
from bot.qualify import handover, rep_desk
from bot.qualify.clock import Clock
from bot.qualify.ids import ROW_ID_MAX, parse_id
from bot.qualify.lifecycle import IllegalMove, Stage
from storage.models import Lead, Rep
from storage.rep_queries import lead_by_id
from storage.reps import set_available

log = logging.getLogger(__name__)
MARKS = {"sql": Stage.SQL, "won": Stage.WON, "lost": Stage.LOST}
COMMANDS = ("leads", "lead", *MARKS, "away", "back", "takeover", "release")


async def lead_number(message: Message, command: CommandObject) -> bool | dict[str, int]:
    """The command names a lead by its number; injects `lead_id`."""
    lead_id = parse_id(command.args or "", ROW_ID_MAX)
    return {"lead_id": lead_id} if lead_id is not None else False


async def usage(message: Message, command: CommandObject, rep: Rep, content: Content) -> None:
    """A command that needs a lead's number came without one."""
    locale = handover.rep_locale(rep, content)
    await message.answer(content.texts.get(locale, "rep.usage", command=command.command.lower()))


async def my_leads(message: Message, rep: Rep, session: AsyncSession, content: Content) -> None:
    """The rep's open leads, and those offered to them."""
    leads = await rep_desk.rep_leads(session, rep.telegram_user_id)
    offered = await rep_desk.offered_to(session, rep.telegram_user_id)
    locale = handover.rep_locale(rep, content)
    await message.answer(rep_leads_text(content.texts, locale, leads, offered))


async def one_lead(
    message: Message, lead_id: int, rep: Rep, session: AsyncSession, content: Content
) -> None:
    """The card of a lead the rep accepted or has been offered."""
    locale = handover.rep_locale(rep, content)
    try:
        shown = await rep_desk.card_handover(session, lead_id, rep.telegram_user_id)
    except handover.NotYourLead as refusal:
        log.warning("refused /lead: %s", refusal)
        await message.answer(content.texts.get(locale, "rep.not_yours"))
        return
    lead = await lead_by_id(session, lead_id)
    assert lead is not None  # the handover found above belongs to it
    await message.answer(await card_text(session, content, shown, lead, locale))


async def mark_lead(
    message: Message,
    command: CommandObject,
    lead_id: int,
    rep: Rep,
    session: AsyncSession,
    content: Content,
    clock: Clock,
) -> None:
    """/sql, /won or /lost with a lead number."""
    locale, texts = handover.rep_locale(rep, content), content.texts
    name = command.command.lower()
    try:
        lead = await rep_desk.mark(session, lead_id, rep.telegram_user_id, MARKS[name], clock())
    except handover.NotYourLead as refusal:
        log.warning("refused /%s: %s", name, refusal)
        await message.answer(texts.get(locale, "rep.not_yours"))
        return
    except IllegalMove:
        current = await lead_by_id(session, lead_id)
        assert current is not None  # only a lead that exists can refuse a move
        now, wanted = (lifecycle_name(texts, locale, s) for s in (current.lifecycle, MARKS[name]))
        await message.answer(
            texts.get(locale, "rep.illegal", id=lead_id, current=now, state=wanted)
        )
        return
    await message.answer(
        texts.get(
            locale, "rep.marked", id=lead.id, state=lifecycle_name(texts, locale, lead.lifecycle)
        )
    )


async def availability(
    message: Message, command: CommandObject, rep: Rep, session: AsyncSession, content: Content
) -> None:
    """A rep takes no new leads while away."""
    back = command.command.lower() == "back"
    await set_available(session, rep.telegram_user_id, back)
    await message.answer(
        content.texts.get(handover.rep_locale(rep, content), "rep.back" if back else "rep.away")
    )


async def takeover(
    message: Message, lead_id: int, rep: Rep, session: AsyncSession, content: Content, clock: Clock
) -> None:
    """Talk to the prospect yourself through the bot; /release ends it."""
    locale = handover.rep_locale(rep, content)
    try:
        lead, _ = await rep_desk.take_over(
            session, content, lead_id, rep.telegram_user_id, clock()
        )
    except rep_desk.OneAtATime as busy:
        await message.answer(content.texts.get(locale, "rep.takeover_busy", id=busy.busy_lead_id))
        return
    except handover.NotYourLead as refusal:
        log.warning("refused /takeover: %s", refusal)
        await message.answer(content.texts.get(locale, "rep.not_yours"))
        return
    await message.answer(content.texts.get(locale, "rep.takeover_started", name=lead_name(lead)))


async def release(
    message: Message, rep: Rep, session: AsyncSession, content: Content, clock: Clock
) -> None:
    """Give the chat back to the bot."""
    await rep_desk.release(session, content, rep.telegram_user_id, clock())
    await message.answer(
        content.texts.get(handover.rep_locale(rep, content), "rep.takeover_ended")
    )


async def relay(message: Message, prospect: Lead, session: AsyncSession, clock: Clock) -> None:
    """While a rep has taken over a chat, what they type goes to the prospect."""
    rep_desk.relay_to_prospect(session, prospect, message.text or "", clock())


async def no_chat(message: Message, rep: Rep, content: Content) -> None:
    """A rep wrote with no chat taken over: said, so the words are not lost unnoticed."""
    locale = handover.rep_locale(rep, content)
    await message.answer(content.texts.get(locale, "rights_and_errors.rep_no_chat"))


def create_router() -> Router:
    """The reps router."""
    router = Router(name=__name__)
    rep = IsRep()
    router.message.register(my_leads, Command("leads"), rep)
    router.message.register(one_lead, Command("lead"), rep, lead_number)
    router.message.register(mark_lead, Command(*MARKS), rep, lead_number)
    router.message.register(availability, Command("away", "back"), rep)
    router.message.register(takeover, Command("takeover"), rep, lead_number)
    router.message.register(release, Command("release"), rep)
    router.message.register(usage, Command("lead", *MARKS, "takeover"), rep)
    router.message.register(refuse_unless("rep"), Command(*COMMANDS))
    router.message.register(relay, has_text, InTakeover())
    router.message.register(no_chat, has_text, rep)
    return router
