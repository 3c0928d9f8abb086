"""aiogram routers: thin handlers that call the domain and render content."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    """Every router in the order they are tried; the fallback comes last."""
    from bot.dialogs import (
        admin,
        consent,
        conversation,
        fallback,
        handover,
        help,
        language,
        library,
        qualify,
        reps,
        rights,
    )

    routers = [
        admin.router,
        handover.router,
        reps.router,
        consent.router,
        rights.router,
        language.router,
        help.router,
        qualify.router,
        library.router,
        conversation.router,
        fallback.router,
    ]
    for router in routers:
        # Routers are module singletons; a process that builds a second dispatcher
        # (the test suite, `chat` after a reload) must be able to attach them again.
        router._parent_router = None
    return routers
