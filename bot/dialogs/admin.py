"""Admin commands (admins are named in LEADBOT_ADMIN_IDS): /reload and /addrep."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.content.errors import ContentError
from bot.content.store import ContentStore
from bot.dialogs.filters import IsAdmin
from bot.dialogs.refusals import refuse_unless
from bot.presentation.messages import content_report
from bot.qualify.clock import Clock
from bot.qualify.ids import TELEGRAM_ID_MAX, parse_id
from storage.reps import add_rep

_OPTIONS = {"languages", "personas", "territories", "weight"}


async def reload_content(message: Message, content_store: ContentStore) -> None:
    """Reload content/ now; report what is wrong instead when an edit is broken."""
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


@dataclass(frozen=True)
class RepForm:
    """What /addrep says about a rep."""

    telegram_user_id: int
    name: str
    languages: list[str]
    personas: list[str]
    territories: list[str]
    weight: int


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


async def rep_form(message: Message, command: CommandObject) -> bool | dict[str, RepForm]:
    """/addrep ID Name; languages=de,en; personas=it_lead; territories=fair2026; weight=2
    (everything after the name is optional); injects the `form`."""
    first, *options = (command.args or "").split(";")
    parts = first.split(maxsplit=1)
    fields = {
        key.strip().lower(): value.strip()
        for key, _, value in (option.partition("=") for option in options)
    }
    weight = parse_id(fields.get("weight", "1"), 1000)
    user_id = parse_id(parts[0], TELEGRAM_ID_MAX) if len(parts) == 2 else None
    if user_id is None or weight is None or set(fields) - _OPTIONS:
        return False
    form = RepForm(
        telegram_user_id=user_id,
        name=parts[1].strip(),
        languages=_items(fields.get("languages", "")),
        personas=_items(fields.get("personas", "")),
        territories=_items(fields.get("territories", "")),
        weight=weight,
    )
    return {"form": form}


async def add_rep_command(
    message: Message, form: RepForm, session: AsyncSession, content: Content, clock: Clock
) -> None:
    """Register a rep (or update the one with that Telegram id)."""
    rep = await add_rep(session, **asdict(form), now=clock())
    texts = content.texts
    await message.answer(
        texts.get(texts.fallback, "rep.added", name=rep.name, id=rep.telegram_user_id)
    )


async def add_rep_usage(message: Message, content: Content) -> None:
    """/addrep that does not read."""
    await message.answer(content.texts.get(content.texts.fallback, "rep.addrep_usage"))


def create_router() -> Router:
    """The admin router; to anyone else its commands are unknown."""
    router = Router(name=__name__)
    admin = IsAdmin()
    router.message.register(reload_content, Command("reload"), admin)
    router.message.register(add_rep_command, Command("addrep"), admin, rep_form)
    router.message.register(add_rep_usage, Command("addrep"), admin)
    router.message.register(refuse_unless("admin"), Command("addrep"))
    return router
