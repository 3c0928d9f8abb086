"""Notices: the domain writes keys and values to the outbox; the edge renders them when sent."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dialogs.callbacks import HandoverCallback, QualifyCallback
from bot.factory import Dependencies
from bot.presentation.notices import render_outbox_row
from bot.qualify.plan import CARD, VERBATIM, Button, FactValue, Notice, TextKey
from storage.handovers import create_handover
from storage.leads import get_or_create_lead
from storage.models import Outbox
from storage.outbox import enqueue
from tests.support import FakeClock


def test_a_notice_survives_the_outbox_payload() -> None:
    notice = Notice(
        "dialog.noted",
        {
            "facts": [FactValue("role", "cto"), FactValue("budget", {"status": "unknown"})],
            "label": TextKey("facts.budget"),
            "count": 3,
        },
        buttons=(Button("rep.accept", "accept", value="7"),),
        locale="de",
    )
    assert Notice.from_payload(notice.to_payload()) == notice


async def _rendered(
    deps: Dependencies,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    notice: Notice | None = None,
    *,
    handover: bool = False,
) -> tuple[str, list[str], int | None]:
    handover_id = None
    async with sessionmaker() as session:
        lead = await get_or_create_lead(
            session, telegram_user_id=5001, chat_id=5001, language="en", now=clock()
        )
        if handover:
            opened = await create_handover(
                session, lead_id=lead.id, reason="customer", now=clock()
            )
            handover_id = opened.id
            notice = Notice(
                CARD,
                {"handover": opened.id},
                buttons=(
                    Button("rep.accept", "accept", value=str(opened.id)),
                    Button("questions.human", "human"),
                ),
            )
        assert notice is not None
        enqueue(session, lead_id=lead.id, chat_id=4711, notice=notice, now=clock())
        row = await session.scalar(select(Outbox))
        assert row is not None and row.text == ""
        rendered = await render_outbox_row(session, deps.content_store.current, row)
    markup = rendered.markup.inline_keyboard if rendered.markup else []
    data = [button.callback_data or "" for line in markup for button in line]
    return rendered.text, data, handover_id


async def test_values_are_escaped_and_the_lead_language_is_the_default(
    deps: Dependencies, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    notice = Notice("rep.relayed", {"name": "Ann <b>", "text": "a & b"})
    text, _, _ = await _rendered(deps, sessionmaker, clock, notice)
    assert text == "› Ann &lt;b&gt;: a &amp; b"


async def test_a_verbatim_notice_is_the_escaped_text_alone(
    deps: Dependencies, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    text, _, _ = await _rendered(
        deps, sessionmaker, clock, Notice(VERBATIM, {"text": "<i>hi</i>"})
    )
    assert text == "&lt;i&gt;hi&lt;/i&gt;"


async def test_a_card_is_built_at_delivery_with_typed_callback_data(
    deps: Dependencies, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    text, data, handover_id = await _rendered(deps, sessionmaker, clock, handover=True)
    assert text.startswith("<b>New lead ") and "</b> (existing customer)" in text
    accept = HandoverCallback.unpack(data[0])
    assert (accept.action, accept.handover) == ("accept", handover_id)
    assert QualifyCallback.unpack(data[1]).action == "human"
