"""Forged, unknown and stale callback data, through the dispatcher: every press is answered
with a short notice (no button keeps spinning), and nothing breaks."""

from __future__ import annotations

import pytest
from aiogram.methods import AnswerCallbackQuery

from bot.channels.local_session import LocalSession
from tests.support import Prospect, Rep

HUGE = "99999999999999999999"
FORGED = [
    f"h:accept:{HUGE}:",
    f"h:reject:{HUGE}:",
    f"h:reason:{HUGE}:price",
    "h:accept:-1:",
    "h:accept:0x10:",
    "h:accept:²:",
    "h:reason:7:bribe",
    "h:accept",
    "h:",
    "h:accept:7:extra:fields",
    "consent:everything",
    "forget:maybe",
    "lang:" + "x" * 60,
    "q:answer:budget:" + HUGE,
    "q:open::" + HUGE,
    "privacy:",
    "",
    ":",
    "\u202e\u200b",
    "x" * 64,
]


def _answers(session: LocalSession, mark: int) -> list[AnswerCallbackQuery]:
    return [r for r in session.requests[mark:] if isinstance(r, AnswerCallbackQuery)]


@pytest.mark.parametrize("data", FORGED)
async def test_a_forged_press_of_a_rep_is_answered(
    mia: Rep, bot_session: LocalSession, data: str
) -> None:
    mark = len(bot_session.requests)
    await mia.presses_data(data)
    answers = _answers(bot_session, mark)
    assert len(answers) == 1, data
    assert answers[0].text and len(answers[0].text) <= 200


@pytest.mark.parametrize("data", FORGED)
async def test_a_forged_press_of_a_prospect_is_answered(
    prospect: Prospect, bot_session: LocalSession, data: str
) -> None:
    await prospect.says("/start")
    mark = len(bot_session.requests)
    await prospect.presses_data(data)
    answers = _answers(bot_session, mark)
    assert len(answers) == 1, data
    assert answers[0].text, data
