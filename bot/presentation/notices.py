"""Rendering an outbox row into what Telegram is sent, at the moment it is delivered."""

from __future__ import annotations

import html
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.content.texts import Texts
from bot.dialogs.callbacks import HandoverCallback, QualifyCallback
from bot.presentation.booking import ACTIONS as BOOKING_ACTIONS
from bot.presentation.booking import Document, button_data, meeting_message
from bot.presentation.card import card_text
from bot.presentation.replies import reply_text
from bot.qualify.booking.actions import INVITATION
from bot.qualify.plan import CARD, ESCALATION, VERBATIM, Button, Notice, Reply
from storage.handovers import get_handover
from storage.leads import get_lead
from storage.models import Outbox

HANDOVER_ACTIONS = frozenset({"accept", "reject"})  # buttons under a rep's card


@dataclass(frozen=True)
class Rendered:
    """The text and buttons of one outgoing Telegram message."""

    text: str
    markup: InlineKeyboardMarkup | None
    document: Document | None = None  # (file name, bytes): sent as a file, the text its caption


async def render_outbox_row(session: AsyncSession, content: Content, row: Outbox) -> Rendered:
    """The message for `row`: its notice rendered with the current content, or its stored text."""
    if row.payload is None:
        return Rendered(row.text, _stored_markup(row.buttons))
    notice = Notice.from_payload(row.payload)
    locale = notice.locale or await _lead_language(session, content, row.lead_id)
    markup = _markup(content.texts, locale, notice.buttons)
    if INVITATION in notice.values:
        text, document = await meeting_message(session, content.texts, locale, notice)
        return Rendered(text, markup, document)
    text = await _text(session, content, notice, row.lead_id, locale)
    return Rendered(text, markup)


async def _text(
    session: AsyncSession, content: Content, notice: Notice, lead_id: int | None, locale: str
) -> str:
    if notice.key == VERBATIM:
        return html.escape(str(notice.values["text"]), quote=False)
    if notice.key not in (CARD, ESCALATION):
        return reply_text(content.texts, locale, Reply(notice.key, notice.values))
    handover = await get_handover(session, int(notice.values["handover"]))
    lead = await get_lead(session, lead_id) if lead_id is not None else None
    if handover is None or lead is None:
        raise LookupError(f"the handover of notice {notice.key} is gone")
    card = await card_text(session, content, handover, lead, locale)
    if notice.key == CARD:
        return card
    preface = content.texts.get(locale, ESCALATION, tries=notice.values["tries"])
    return f"{preface}\n\n{card}"


async def _lead_language(session: AsyncSession, content: Content, lead_id: int | None) -> str:
    lead = await get_lead(session, lead_id) if lead_id is not None else None
    return lead.language if lead is not None else content.texts.fallback


def _markup(texts: Texts, locale: str, buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    """Buttons two to a row, as the replies in a dialog have them."""
    if not buttons:
        return None
    row = [
        InlineKeyboardButton(text=texts.get(locale, button.label_key), callback_data=_data(button))
        for button in buttons
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row[i : i + 2] for i in range(0, len(row), 2)])


def _data(button: Button) -> str:
    if button.action in BOOKING_ACTIONS:
        return button_data(button)
    if button.action in HANDOVER_ACTIONS:
        return HandoverCallback(action=button.action, handover=int(button.value)).pack()
    return QualifyCallback(action=button.action, slot=button.slot, value=button.value).pack()


def _stored_markup(buttons: list[list[list[str]]]) -> InlineKeyboardMarkup | None:
    """Rows written before notices existed carry their labels and callback data."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )
