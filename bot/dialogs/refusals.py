"""A role's command (admin, rep) from someone without that role."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import Message

log = logging.getLogger(__name__)


def refuse_unless(role: str) -> Callable[[Message], Awaitable[None]]:
    """A handler that logs the attempt, then lets the command fall through as unknown."""

    async def refuse(message: Message) -> None:
        user = message.from_user
        log.warning(
            "%s command %r from non-%s %s refused", role, message.text, role, user and user.id
        )
        raise SkipHandler

    return refuse
