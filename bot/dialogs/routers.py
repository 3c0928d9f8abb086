"""Every router of the bot, joined in one place in the order they are tried."""

from __future__ import annotations

from aiogram import Router

from bot.dialogs import (
    admin,
    admin_handovers,
    booking,
    consent,
    contact,
    conversation,
    errors,
    fallback,
    handover,
    help,
    language,
    library,
    qualify,
    reps,
    rights,
)
from bot.dialogs.filters import IsProspect
from bot.middlewares.lead import LeadMiddleware
from bot.middlewares.lead_chat import LeadChatMiddleware


def prospect_router() -> Router:
    """Everything a prospect does, behind one gate: reps and admins never pass it, so they
    never become leads. The gate is a filter on an outer router, the lead loader an outer
    middleware of an inner one: a router runs its outer middleware before its own filters.
    Once a handler matched, the inner middleware bundles the lead's chat for it.
    """
    gate = Router(name="prospects")
    leads = Router(name="prospects.leads")
    for observer in (gate.message, gate.edited_message, gate.callback_query):
        observer.filter(IsProspect())
    for observer in (leads.message, leads.edited_message, leads.callback_query):
        observer.outer_middleware(LeadMiddleware())
        observer.middleware(LeadChatMiddleware())
    leads.include_routers(
        consent.create_router(),
        rights.create_router(),
        language.create_router(),
        help.create_router(),
        qualify.create_router(),
        booking.create_prospect_router(),
        contact.create_router(),
        library.create_router(),
        conversation.create_router(),
        fallback.create_router(),  # in the lead's language
    )
    gate.include_router(leads)
    return gate


def get_routers() -> list[Router]:
    """Every router, new for each dispatcher, in the order they are tried."""
    return [
        admin.create_router(),
        admin_handovers.create_router(),
        handover.create_router(),
        booking.create_router(),
        reps.create_router(),
        prospect_router(),
        # Reps, admins and group chats: help and the polite answers, in Telegram's language.
        help.create_router(),
        fallback.create_router(),
        errors.create_router(),
    ]
