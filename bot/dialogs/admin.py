"""Admin commands (admins are named in LEADBOT_ADMIN_IDS)."""

from __future__ import annotations

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command
from aiogram.types import Message

from bot.content.errors import ContentError
from bot.content.store import ContentStore
from bot.presentation.content_report import content_report
from bot.settings import Settings

router = Router(name=__name__)


@router.message(Command("reload"))
async def reload_content(
    message: Message, settings: Settings, content_store: ContentStore
) -> None:
    """Reload content/ now; report what is wrong instead when an edit is broken."""
    if message.from_user is None or message.from_user.id not in settings.admin_ids:
        # To anyone else this is an unknown command, like any other.
        raise SkipHandler
    try:
        content = content_store.reload()
    except ContentError as error:
        await message.answer(content_report(error), parse_mode=None)
        return
    await message.answer(
        f"content reloaded: {len(content.library)} library items, "
        f"{len(content.faq.faq)} FAQ entries",
        parse_mode=None,
    )
