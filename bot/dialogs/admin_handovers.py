"""Admins' handover commands: /handovers [open|all|STATUS] lists them, /reassign ID REP_ID
offers one to a rep (the way out for a lead no rep could take)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.dialogs.filters import IsAdmin
from bot.dialogs.refusals import refuse_unless
from bot.qualify.clock import Clock
from bot.qualify.handover_desk import (
    HANDOVER_ID_LIMIT,
    OPEN,
    STATUS_CHOICES,
    TELEGRAM_ID_LIMIT,
    Refused,
    checked_id,
    reassign,
    statuses_for,
)
from bot.qualify.stranded import lead_name
from storage.handover_queries import handover_lines

SHOWN = 30  # lines in one message; the CLI lists them all


def _locale(message: Message, content: Content) -> str:
    language = (message.from_user and message.from_user.language_code) or ""
    locale = language[:2].lower()
    return locale if locale in content.texts.locales() else content.texts.fallback


async def list_handovers(
    message: Message, command: CommandObject, session: AsyncSession, content: Content
) -> None:
    """The handovers in a status (open by default), longest waiting first."""
    texts, locale = content.texts, _locale(message, content)
    status = (command.args or OPEN).strip().lower()
    if status not in STATUS_CHOICES:
        status = OPEN
    lines = await handover_lines(session, statuses_for(status), limit=SHOWN)
    if not lines:
        named = texts.get(locale, f"operations.statuses.{status}")
        await message.answer(texts.get(locale, "operations.no_handovers", status=named))
        return
    named = texts.get(locale, f"operations.statuses.{status}")
    body = [texts.get(locale, "operations.handovers_header", status=named, count=len(lines))]
    body += [
        texts.get(
            locale,
            "operations.handover_line",
            handover=line.id,
            id=line.lead_id,
            name=line.lead_name,
            status=texts.get(locale, f"operations.statuses.{line.status}"),
            rep=line.rep or texts.get(locale, "operations.no_rep"),
            since=f"{line.since:%Y-%m-%d %H:%M} UTC",
        )
        for line in lines
    ]
    await message.answer("\n".join(body))


async def reassign_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    content: Content,
    clock: Clock,
) -> None:
    """/reassign HANDOVER_ID REP_TELEGRAM_ID: offer the handover to that rep."""
    texts, locale = content.texts, _locale(message, content)
    parts = (command.args or "").split()
    if len(parts) != 2:
        await message.answer(texts.get(locale, "operations.reassign_usage"))
        return
    try:
        handover_id = checked_id(parts[0], HANDOVER_ID_LIMIT)
        rep_user_id = checked_id(parts[1], TELEGRAM_ID_LIMIT)
        handover, lead, rep = await reassign(session, content, handover_id, rep_user_id, clock())
    except Refused as refusal:
        values = dict(refusal.values)
        if "status" in values:  # a handover's status, in words of the admin's language
            values["status"] = texts.get(locale, f"operations.statuses.{values['status']}")
        await message.answer(texts.get(locale, refusal.key, **values))
        return
    await message.answer(
        texts.get(
            locale,
            "operations.reassigned",
            handover=handover.id,
            id=lead.id,
            name=lead_name(lead),
            rep=rep.name,
        )
    )


def create_router() -> Router:
    """The router of /handovers and /reassign; to anyone but an admin they are unknown."""
    router = Router(name=__name__)
    admin = IsAdmin()
    router.message.register(list_handovers, Command("handovers"), admin)
    router.message.register(reassign_command, Command("reassign"), admin)
    router.message.register(refuse_unless("admin"), Command("handovers", "reassign"))
    return router
