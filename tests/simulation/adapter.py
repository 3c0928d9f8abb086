"""Everything the simulation knows about leadbot's insides, in one module.

The player speaks in profile terms (say, press, wait, read the label); this module turns
them into updates, callback data and table rows. When routers, callbacks or tables move,
this is the one file of tests/simulation to fix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiogram import Dispatcher
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.content.store import ContentStore
from bot.dialogs.callbacks import ConsentCallback, ForgetCallback, QualifyCallback
from bot.factory import Dependencies, build_dispatcher
from bot.jobs.upkeep import decay_job
from bot.qualify.consent import ConsentChoice
from bot.settings import DEFAULT_CONTENT_DIR, Settings
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Base, Event, Fact, Handover, Lead, Message
from storage.reps import add_rep
from tests.support import FakeClock, Prospect

SIM_REP = 4712  # the rep's Telegram id; any id no prospect uses
SIM_PROSPECT = 7001
CONSENT = {
    "all": ConsentChoice.ALL,
    "qualification": ConsentChoice.NO_MARKETING,
    "refuse": ConsentChoice.REFUSE,
}
# Handover.reason -> the decision a profile expects; a cancelled handover is no decision.
DECISIONS = {"sales_ready": "sales_ready", "human_request": "person", "customer": "customer"}
NOT_A_DECISION = frozenset({"cancelled"})


@dataclass(frozen=True)
class World:
    """One bot on one empty database, with the clock the simulation moves."""

    deps: Dependencies
    dispatcher: Dispatcher
    bot_session: LocalSession
    clock: FakeClock


@dataclass(frozen=True)
class Button:
    """An inline button the bot showed: what it says and what pressing it sends."""

    label: str
    data: str


@dataclass(frozen=True)
class LeadState:
    """What the database says about the prospect after a step."""

    step: str | None  # the question the bot is waiting for
    consent: str
    temperature: str
    grade: str | None
    level: int
    lifecycle: str
    handovers: tuple[tuple[str, str], ...]  # (reason, status), oldest first
    engagement: tuple[tuple[str, int, float], ...]  # (event kind, count, points)
    facts: int
    messages: int


def question_slots(content_dir: Path = DEFAULT_CONTENT_DIR) -> tuple[str, ...]:
    """The questions the bot can ask, in its order (the keys of a profile's `answers`)."""
    return tuple(ContentStore(content_dir).current.qualification.order)


def world_on(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, store: ContentStore
) -> World:
    """A fresh clock, dispatcher and recording bot session on an existing database."""
    clock = FakeClock()
    deps = Dependencies(
        settings=settings,
        sessionmaker=sessionmaker,
        content_store=store,
        clock=clock,
        erasure_key=b"simulation-erasure-key-0123456",
    )
    return World(deps, build_dispatcher(deps), LocalSession(), clock)


@dataclass(frozen=True)
class WorldFactory:
    """Makes worlds one after another on the same database."""

    sessionmaker: async_sessionmaker[AsyncSession]
    settings: Settings
    store: ContentStore

    async def fresh(self) -> World:
        """Empty every table, then a new world on it."""
        async with self.sessionmaker.begin() as session:
            for table in reversed(Base.metadata.sorted_tables):
                await session.execute(table.delete())
        return world_on(self.sessionmaker, self.settings, self.store)


@asynccontextmanager
async def sqlite_worlds(directory: Path) -> AsyncIterator[WorldFactory]:
    """One migrated SQLite database; each world the factory makes starts it empty."""
    engine = create_engine(f"sqlite+aiosqlite:///{directory / 'simulation.db'}")
    await upgrade(engine)
    settings = Settings(_env_file=None, data_dir=directory, content_dir=DEFAULT_CONTENT_DIR)
    try:
        yield WorldFactory(
            create_sessionmaker(engine), settings, ContentStore(DEFAULT_CONTENT_DIR)
        )
    finally:
        await engine.dispose()


async def register_rep(world: World) -> None:
    """One available rep for both languages and every persona, so a handover can be offered."""
    async with world.deps.sessionmaker() as session:
        await add_rep(
            session,
            telegram_user_id=SIM_REP,
            name="Sim Rep",
            languages=["de", "en"],
            personas=[],
            territories=[],
            weight=1,
            now=world.clock(),
        )
        await session.commit()


def prospect_in(world: World, *, name: str, lang: str) -> Prospect:
    """A Telegram user writing in `lang` to the world's dispatcher."""
    first, _, last = name.partition(" ")
    return Prospect(
        world.dispatcher,
        world.bot_session,
        user_id=SIM_PROSPECT,
        first_name=first,
        last_name=last or None,
        language_code=lang,
    )


async def pass_days(world: World, days: int) -> None:
    """Let days go by and run the engagement decay the scheduler runs."""
    world.clock.advance(days=days)
    await decay_job(world.deps)


# ---- what the bot sent -------------------------------------------------------------------


def bot_texts(prospect: Prospect) -> list[str]:
    """What the prospect saw in reply to the last update (not what went to the rep)."""
    texts: list[str] = []
    for request in prospect.new_requests():
        if isinstance(request, SendMessage) and int(request.chat_id) == prospect.chat.id:
            texts.append(request.text)
        elif isinstance(request, SendDocument) and int(request.chat_id) == prospect.chat.id:
            texts.append(f"[document] {request.caption or ''}")
        elif isinstance(request, AnswerCallbackQuery) and request.text:
            texts.append(request.text)
    return texts


def shown_buttons(prospect: Prospect) -> list[Button]:
    """The buttons under the bot's replies to the last update, newest first."""
    buttons: list[Button] = []
    for request in reversed(prospect.new_requests()):
        if not isinstance(request, SendMessage) or int(request.chat_id) != prospect.chat.id:
            continue
        if isinstance(request.reply_markup, InlineKeyboardMarkup):
            for row in request.reply_markup.inline_keyboard:
                buttons.extend(
                    Button(b.text, b.callback_data) for b in row if b.callback_data is not None
                )
    return buttons


def consent_data(consent: str) -> str:
    """The consent button for a profile's `consent` (all, qualification, refuse)."""
    return ConsentCallback(choice=CONSENT[consent]).pack()


def skip_data(slot: str) -> str:
    """The "skip" button under a question."""
    return QualifyCallback(action="skip", slot=slot).pack()


def open_data(item_id: str) -> str:
    """What a library button sends (the offer's "read" button and /menu both use it)."""
    return QualifyCallback(action="open", value=item_id).pack()


def forget_data() -> str:
    """The button that confirms erasure."""
    return ForgetCallback(confirm=True).pack()


def erasure_yes(buttons: list[Button]) -> Button | None:
    """The "yes, erase it" button when the bot asks to confirm an erasure, else None."""
    wanted = forget_data()
    return next((button for button in buttons if button.data == wanted), None)


def confirmation_yes(buttons: list[Button]) -> Button | None:
    """The "yes, that's right" button when the bot quoted a fact back, else None."""
    for button in buttons:
        try:
            data = QualifyCallback.unpack(button.data)
        except (TypeError, ValueError):
            continue  # another kind of button
        if data.action == "confirm" and data.value == "yes":
            return button
    return None


# ---- what the database says --------------------------------------------------------------


async def lead_state(world: World, user_id: int = SIM_PROSPECT) -> LeadState | None:
    """The prospect's lead as the tables have it now; None when there is no Lead row."""
    async with world.deps.sessionmaker() as session:
        lead = await session.scalar(select(Lead).where(Lead.telegram_user_id == user_id))
        if lead is None:
            return None
        handovers = (
            await session.execute(
                select(Handover.reason, Handover.status)
                .where(Handover.lead_id == lead.id)
                .order_by(Handover.id)
            )
        ).all()
        events = [
            (kind, weight)
            for kind, weight in await session.execute(
                select(Event.kind, Event.weight).where(Event.lead_id == lead.id)
            )
        ]
        facts = await session.scalar(
            select(func.count()).select_from(Fact).where(Fact.lead_id == lead.id)
        )
        messages = await session.scalar(
            select(func.count()).select_from(Message).where(Message.lead_id == lead.id)
        )
    return LeadState(
        step=lead.dialog_step,
        consent=lead.consent_state,
        temperature=lead.temperature,
        grade=lead.fit_grade,
        level=lead.engagement_level,
        lifecycle=lead.lifecycle,
        handovers=tuple((reason, status) for reason, status in handovers),
        engagement=_engagement(events),
        facts=facts or 0,
        messages=messages or 0,
    )


def _engagement(events: list[tuple[str, float]]) -> tuple[tuple[str, int, float], ...]:
    counts: dict[str, int] = defaultdict(int)
    points: dict[str, float] = defaultdict(float)
    for kind, weight in events:
        counts[kind] += 1
        points[kind] += weight
    return tuple(sorted(((k, counts[k], points[k]) for k in counts), key=lambda e: -e[2]))


def decision(state: LeadState | None) -> str:
    """The handover decision: the reason of the first handover nobody cancelled, or none."""
    if state is None:
        return "none"
    for reason, status in state.handovers:
        if status not in NOT_A_DECISION:
            return DECISIONS.get(reason, reason)
    return "none"


def stopped(state: LeadState) -> bool:
    """Whether the prospect withdrew consent."""
    return state.consent == "withdrawn"
