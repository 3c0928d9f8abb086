"""A phone number shared with Telegram's share-contact button (the keyboard under the
question for contact details). Only the prospect's own contact is taken: Telegram lets a
user share anyone's card from their address book, and that is not their consent."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import Message

from bot.dialogs.filters import ConsentedLead
from bot.middlewares.lead_chat import LeadChat
from bot.qualify.dialog.contact import Step
from storage.models import Lead


async def has_contact(message: Message) -> bool:
    """A message carrying a contact card."""
    return message.contact is not None


async def contact_expected(message: Message, lead: Lead) -> bool:
    """The prospect's own card, or any card while the bot asks how to reach them (to be
    told it must be their own); other cards get the polite answer for non-text."""
    shared, sender = message.contact, message.from_user
    own = shared is not None and sender is not None and shared.user_id == sender.id
    return own or (lead.dialog_state or {}).get("contact") == Step.CHANNEL


async def phone_shared(message: Message, chat: LeadChat) -> None:
    """Record the prospect's own number, or ask for it again."""
    shared = message.contact
    assert shared is not None  # has_contact let it through
    sender = message.from_user.id if message.from_user else None
    own = shared.user_id is not None and shared.user_id == sender
    plan = await chat.qualifier.phone_shared(
        chat.session, chat.lead, shared.phone_number, own, chat.clock()
    )
    await chat.send(plan)


def create_router() -> Router:
    """The contact router: a shared contact from a consenting prospect."""
    router = Router(name=__name__)
    router.message.register(phone_shared, has_contact, ConsentedLead(), contact_expected)
    return router
