"""Commands for sales reps (registered with `leadbot reps add` or /addrep) and admins."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.dialogs.filters import has_text
from bot.presentation.card import card_text
from bot.qualify import handover, rep_desk
from bot.qualify.clock import Clock
from bot.qualify.lifecycle import IllegalMove, Stage
from bot.settings import Settings
from storage.models import Handover, Lead, Rep
from storage.reps import add_rep, set_available

router = Router(name=__name__)
log = logging.getLogger(__name__)
MARKS = {"sql": Stage.SQL, "won": Stage.WON, "lost": Stage.LOST}


async def _rep(session: AsyncSession, message: Message) -> Rep:
    """The sender as a rep; anyone else gets "unknown command", and it is logged."""
    user = message.from_user
    rep = (
        await session.scalar(select(Rep).where(Rep.telegram_user_id == user.id)) if user else None
    )
    if rep is None:
        log.warning("rep command %r from non-rep %s refused", message.text, user and user.id)
        raise SkipHandler
    return rep


@router.message(Command("leads"))
async def my_leads(message: Message, session: AsyncSession, content: Content) -> None:
    """The rep's open leads."""
    rep = await _rep(session, message)
    locale = handover.rep_locale(rep, content)
    texts = content.texts
    leads = await rep_desk.rep_leads(session, rep.telegram_user_id)
    if not leads:
        await message.answer(texts.get(locale, "rep.no_leads"))
        return
    lines = [texts.get(locale, "rep.leads_header")] + [
        texts.get(
            locale,
            "rep.lead_line",
            id=lead.id,
            lifecycle=lead.lifecycle,
            temperature=lead.temperature,
            name=" ".join(p for p in (lead.first_name, lead.last_name) if p) or "—",
        )
        for lead in leads
    ]
    await message.answer("\n".join(lines))


@router.message(Command("lead"))
async def one_lead(
    message: Message, command: CommandObject, session: AsyncSession, content: Content
) -> None:
    """The card of one of the rep's leads."""
    rep = await _rep(session, message)
    locale = handover.rep_locale(rep, content)
    if not (command.args or "").strip().isdigit():
        await message.answer(content.texts.get(locale, "rep.usage", command="lead"))
        return
    lead_id = int(command.args.strip())  # type: ignore[union-attr]
    try:
        accepted: Handover = await rep_desk.assigned_lead(session, lead_id, rep.telegram_user_id)
    except handover.NotYourLead as refusal:
        log.warning("refused /lead: %s", refusal)
        await message.answer(content.texts.get(locale, "rep.not_yours"))
        return
    lead = await session.get(Lead, lead_id)
    assert lead is not None
    await message.answer(await card_text(session, content, accepted, lead, locale))


@router.message(Command(*MARKS))
async def mark_lead(
    message: Message, command: CommandObject, session: AsyncSession, content: Content, clock: Clock
) -> None:
    """/sql, /won or /lost with a lead number."""
    rep = await _rep(session, message)
    locale = handover.rep_locale(rep, content)
    texts = content.texts
    name = command.command.lower()
    if not (command.args or "").strip().isdigit():
        await message.answer(texts.get(locale, "rep.usage", command=name))
        return
    lead_id = int(command.args.strip())  # type: ignore[union-attr]
    try:
        lead = await rep_desk.mark(session, lead_id, rep.telegram_user_id, MARKS[name], clock())
    except handover.NotYourLead as refusal:
        log.warning("refused /%s: %s", name, refusal)
        await message.answer(texts.get(locale, "rep.not_yours"))
        return
    except IllegalMove:
        current = (await session.get(Lead, lead_id)).lifecycle  # type: ignore[union-attr]
        await message.answer(
            texts.get(locale, "rep.illegal", id=lead_id, current=current, state=MARKS[name])
        )
        return
    await message.answer(texts.get(locale, "rep.marked", id=lead.id, state=lead.lifecycle))


@router.message(Command("away", "back"))
async def availability(
    message: Message, command: CommandObject, session: AsyncSession, content: Content
) -> None:
    """A rep takes no new leads while away."""
    rep = await _rep(session, message)
    back = command.command.lower() == "back"
    await set_available(session, rep.telegram_user_id, back)
    await message.answer(
        content.texts.get(handover.rep_locale(rep, content), "rep.back" if back else "rep.away")
    )


@router.message(Command("addrep"))
async def add_rep_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    content: Content,
    settings: Settings,
    clock: Clock,
) -> None:
    """Admins register a rep: /addrep ID Name; languages=de,en; personas=it_lead;
    territories=fair2026; weight=2 (everything after the name is optional)."""
    if message.from_user is None or message.from_user.id not in settings.admin_ids:
        log.warning(
            "/addrep from non-admin %s refused", message.from_user and message.from_user.id
        )
        raise SkipHandler
    locale = content.texts.fallback
    first, *options = (command.args or "").split(";")
    parts = first.split(maxsplit=1)
    fields: dict[str, str] = {}
    for option in options:
        key, _, value = option.partition("=")
        fields[key.strip().lower()] = value.strip()
    weight = fields.get("weight", "1")
    if (
        len(parts) != 2
        or not parts[0].isdigit()
        or not weight.isdigit()
        or set(fields) - {"languages", "personas", "territories", "weight"}
    ):
        await message.answer(content.texts.get(locale, "rep.addrep_usage"))
        return

    def items(key: str) -> list[str]:
        return [item.strip() for item in fields.get(key, "").split(",") if item.strip()]

    rep = await add_rep(
        session,
        telegram_user_id=int(parts[0]),
        name=parts[1].strip(),
        languages=items("languages"),
        personas=items("personas"),
        territories=items("territories"),
        weight=max(int(weight), 1),
        now=clock(),
    )
    await message.answer(
        content.texts.get(locale, "rep.added", name=rep.name, id=rep.telegram_user_id)
    )


@router.message(Command("takeover"))
async def takeover(
    message: Message, command: CommandObject, session: AsyncSession, content: Content, clock: Clock
) -> None:
    """Talk to the prospect yourself through the bot; /release ends it."""
    rep = await _rep(session, message)
    locale = handover.rep_locale(rep, content)
    argument = (command.args or "").strip()
    if not argument.isdigit():
        await message.answer(content.texts.get(locale, "rep.usage", command="takeover"))
        return
    try:
        lead, _ = await rep_desk.take_over(
            session, content, int(argument), rep.telegram_user_id, clock()
        )
    except handover.NotYourLead as refusal:
        log.warning("refused /takeover: %s", refusal)
        await message.answer(content.texts.get(locale, "rep.not_yours"))
        return
    name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or "—"
    await message.answer(content.texts.get(locale, "rep.takeover_started", name=name))


@router.message(Command("release"))
async def release(message: Message, session: AsyncSession, content: Content, clock: Clock) -> None:
    """Give the chat back to the bot."""
    rep = await _rep(session, message)
    await rep_desk.release(session, content, rep.telegram_user_id, clock())
    await message.answer(
        content.texts.get(handover.rep_locale(rep, content), "rep.takeover_ended")
    )


@router.message(has_text)
async def relay(message: Message, session: AsyncSession, clock: Clock) -> None:
    """While a rep has taken over a chat, what they type goes to the prospect."""
    user = message.from_user
    lead = await rep_desk.taken_over_lead(session, user.id) if user else None
    if lead is None or message.text is None:
        raise SkipHandler  # not in a takeover: an ordinary message
    rep_desk.relay_to_prospect(session, lead, message.text, clock())
