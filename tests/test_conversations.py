"""Conversations as data: tests/conversations/*.yaml, run through the real dispatcher.

A file has `lang` (the prospect's Telegram language), optionally `customers` (imported
rows), `rep` (a rep registered under this name, who can act in a turn), `pending` (why
the file is expected to fail until another part lands; it must then be removed), and `turns`.
Each turn says something, presses a button, lets time pass, or has the rep act
(`rep: accept`); `expect` lists what must hold afterwards:

- in the database: facts (a subset of each value), facts_absent, persona, stage, grade,
  temperature, lifecycle, handover (reason of the pending one), asks (the open question),
  language, consent, stored (messages kept), offers (library items offered so far);
- in the replies: replies (how many), says / never_says (text keys of content/locales,
  recognised by their wording in the lead's language up to the first placeholder), and
  replies_contain (words) where no key fits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from aiogram import Dispatcher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.content.texts import Texts
from bot.factory import Dependencies
from bot.jobs.upkeep import decay_job
from storage.facts import current_facts
from storage.models import Customer, Event, Handover, Lead, Message
from storage.reps import add_rep
from tests.support import REP, FakeClock, Prospect, Rep

FILES = sorted((Path(__file__).parent / "conversations").glob("*.yaml"))
DB_KEYS = (
    *("persona", "stage", "grade", "temperature", "lifecycle", "handover", "asks"),
    *("language", "consent", "stored", "offers"),
)


def _subset(want: Any, got: Any) -> bool:
    if isinstance(want, dict):
        return isinstance(got, dict) and all(_subset(v, got.get(k)) for k, v in want.items())
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(got - want) < 1e-6
    return bool(want == got)


async def _state(session: AsyncSession, user_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The lead's facts, and what DB_KEYS name."""
    lead = await session.scalar(select(Lead).where(Lead.telegram_user_id == user_id))
    assert lead is not None, f"no lead for user {user_id}"
    facts = {kind: fact.value for kind, fact in (await current_facts(session, lead)).items()}
    count = select(func.count())
    actual = {
        "persona": lead.persona,
        "stage": lead.stage,
        "grade": lead.fit_grade,
        "temperature": lead.temperature,
        "lifecycle": lead.lifecycle,
        "handover": await session.scalar(
            select(Handover.reason).where(
                Handover.lead_id == lead.id, Handover.status == "pending"
            )
        ),
        "asks": lead.dialog_step,
        "language": lead.language,
        "consent": lead.consent_state,
        "stored": await session.scalar(count.where(Message.lead_id == lead.id)),
        "offers": await session.scalar(
            count.where(Event.lead_id == lead.id, Event.kind == "content_offered")
        ),
    }
    return facts, actual


def _said(texts: Texts, locale: str, key: str, replies: list[str]) -> bool:
    """Whether a reply carries the text of `key` (its wording up to the first placeholder)."""
    wording = texts.by_locale[locale][key].split("{", 1)[0].strip()
    assert wording, f"{key} starts with a placeholder: name words with replies_contain"
    return any(wording in reply for reply in replies)


def _check_replies(expect: dict[str, Any], replies: list[str], texts: Texts, locale: str) -> None:
    if "replies" in expect:
        assert len(replies) == expect["replies"], f"replies were {replies}"
    for key in expect.get("says", []):
        assert _said(texts, locale, key, replies), f"{key} not said; replies were {replies}"
    for key in expect.get("never_says", []):
        assert not _said(texts, locale, key, replies), f"{key} said; replies were {replies}"
    if "replies_contain" in expect:
        want = expect["replies_contain"]
        assert any(want in reply for reply in replies), f"replies were {replies}"


async def _check(
    expect: dict[str, Any],
    replies: list[str],
    user_id: int,
    sessionmaker: async_sessionmaker[AsyncSession],
    texts: Texts,
) -> None:
    async with sessionmaker() as session:
        facts, actual = await _state(session, user_id)
    for kind, value in expect.get("facts", {}).items():
        assert _subset(value, facts.get(kind)), f"{kind} is {facts.get(kind)}"
    for kind in expect.get("facts_absent", []):
        assert kind not in facts, f"{kind} is {facts[kind]}"
    for key in DB_KEYS:
        if key in expect:
            want, got = expect[key], actual[key]
            assert got == want, f"{key} is {got!r}, expected {want!r}"
    _check_replies(expect, replies, texts, str(actual["language"]))


async def _setup(
    script: dict[str, Any], sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    async with sessionmaker() as session:
        for customer in script.get("customers", []):
            session.add(Customer(imported_at=clock(), **customer))
        if "rep" in script:
            await add_rep(
                session,
                telegram_user_id=REP,
                name=script["rep"],
                languages=[],
                personas=[],
                territories=[],
                weight=1,
                now=clock(),
            )
        await session.commit()


async def _play(
    turn: dict[str, Any], prospect: Prospect, rep: Rep, deps: Dependencies, clock: FakeClock
) -> list[str]:
    """One turn; the replies the prospect got."""
    if "say" in turn:
        return await prospect.says(turn["say"])
    if "press" in turn:
        return await prospect.presses(turn["press"])
    if turn.get("rep") == "accept":
        await rep.accepts()
        return []
    clock.advance(**turn["wait"])
    await decay_job(deps)
    return []


def _cases() -> list[Any]:
    """Every file; one marked `pending` is expected to fail, strictly (it says why)."""
    cases = []
    for path in FILES:
        pending = yaml.safe_load(path.read_text(encoding="utf-8")).get("pending")
        marks = [pytest.mark.xfail(reason=pending, strict=True)] if pending else []
        cases.append(pytest.param(path, id=path.stem, marks=marks))
    return cases


@pytest.mark.parametrize("path", _cases())
async def test_conversation(
    path: Path,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    script = yaml.safe_load(path.read_text(encoding="utf-8"))
    await _setup(script, sessionmaker, clock)
    prospect = Prospect(dispatcher, bot_session, user_id=6100, language_code=script["lang"])
    rep = Rep(dispatcher, bot_session, first_name=script.get("rep", "Mia"))
    texts = deps.content_store.current.texts
    for number, turn in enumerate(script["turns"], 1):
        clock.advance(minutes=1)
        replies = await _play(turn, prospect, rep, deps, clock)
        if "expect" in turn:
            try:
                await _check(turn["expect"], replies, prospect.user.id, sessionmaker, texts)
            except AssertionError as error:
                raise AssertionError(f"{path.name} turn {number}: {error}") from None
