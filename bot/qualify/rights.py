"""Consent decisions, withdrawal, export and erasure: the prospect's data rights."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify import lifecycle
from bot.qualify.closing import Closure, close_with_sales
from bot.qualify.consent import (
    GRANTS,
    WITHDRAWAL,
    ConsentChoice,
    ConsentState,
    Purpose,
    state_after,
)
from storage.leads import erase_lead, record_consent
from storage.models import Lead, Rep
from storage.personal import export_person


async def decide_consent(
    session: AsyncSession, lead: Lead, *, choice: ConsentChoice, text_version: str, now: datetime
) -> ConsentState:
    """Record the prospect's answer to the consent question, one row per purpose."""
    for purpose, granted in GRANTS[choice].items():
        await record_consent(
            session, lead, purpose=purpose, granted=granted, text_version=text_version, now=now
        )
    state = state_after(choice)
    if state is ConsentState.GRANTED and lead.lifecycle == lifecycle.Stage.SUPPRESSED:
        await lifecycle.move(
            session, lead, lifecycle.Stage.ENGAGED, reason="consent given again", now=now
        )
    lead.consent_state = state
    lead.marketing_allowed = GRANTS[choice][Purpose.MARKETING]
    if state is ConsentState.REFUSED:
        lead.dialog_step = None
    return state


async def withdraw_consent(
    session: AsyncSession, content: Content, lead: Lead, *, now: datetime
) -> bool:
    """Withdraw every purpose, suppress the lead and close whatever sales holds of it; False
    if there was nothing to withdraw."""
    if lead.consent_state == ConsentState.WITHDRAWN:
        return False
    text_version = content.privacy_version
    await close_with_sales(session, content, lead, Closure.WITHDRAWN, now)
    if lead.consent_state == ConsentState.GRANTED:
        for purpose, granted in WITHDRAWAL.items():
            await record_consent(
                session, lead, purpose=purpose, granted=granted, text_version=text_version, now=now
            )
        lead.consent_state = ConsentState.WITHDRAWN
        await lifecycle.move(
            session, lead, lifecycle.Stage.SUPPRESSED, reason="consent withdrawn", now=now
        )
    else:
        # Saying "stop" before agreeing is a refusal; it is recorded the same way.
        await decide_consent(
            session, lead, choice=ConsentChoice.REFUSE, text_version=text_version, now=now
        )
        lead.consent_state = ConsentState.WITHDRAWN
    lead.marketing_allowed = False
    lead.dialog_step = None
    return True


async def export_document(session: AsyncSession, lead: Lead, *, now: datetime) -> bytes:
    """Everything stored about the lead as an indented UTF-8 JSON document."""
    document = {"exported_at": now.isoformat(), **await export_person(session, lead)}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


async def forget(
    session: AsyncSession, content: Content, lead: Lead, *, key: bytes, now: datetime
) -> list[Rep]:
    """Erase the lead everywhere, keeping only the anonymous do-not-contact marker; returns
    the reps who held it, to be told in one line (the outbox rows go with the lead)."""
    reps = await close_with_sales(session, content, lead, Closure.ERASED, now)
    await erase_lead(session, lead, key=key, now=now)
    return reps
