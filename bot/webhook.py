"""The CRM webhook: each lifecycle change POSTed as signed JSON, retried until it lands.

Headers of every request:
- `X-Leadbot-Event: lifecycle.changed`
- `X-Leadbot-Delivery: <change id>` (the same id on a retry: deduplicate on it)
- `X-Leadbot-Signature: sha256=<hex>`: HMAC-SHA256 of the raw body with
  LEADBOT_CRM_WEBHOOK_SECRET; compare it in constant time before trusting the body.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.qualify.clock import Clock
from storage.facts import current_facts
from storage.models import Lead, LifecycleChange

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


def signature(secret: bytes, body: bytes) -> str:
    """The value of X-Leadbot-Signature for a body."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


async def payload(session: AsyncSession, change: LifecycleChange) -> dict[str, Any]:
    """What the CRM receives about one lifecycle change."""
    lead = await session.get(Lead, change.lead_id)
    assert lead is not None
    facts = {kind: fact.value for kind, fact in (await current_facts(session, lead)).items()}
    return {
        "event": "lifecycle.changed",
        "delivery": change.id,
        "at": change.changed_at.isoformat(),
        "from": change.from_state,
        "to": change.to_state,
        "reason": change.reason,
        "lead": {
            "id": lead.id,
            "telegram_user_id": lead.telegram_user_id,
            "first_name": lead.first_name,
            "last_name": lead.last_name,
            "username": lead.username,
            "language": lead.language,
            "source": lead.source,
            "persona": lead.persona,
            "stage": lead.stage,
            "fit_score": lead.fit_score,
            "fit_grade": lead.fit_grade,
            "temperature": lead.temperature,
            "facts": facts,
        },
    }


async def post_pending(
    sessionmaker: async_sessionmaker[AsyncSession],
    url: str,
    secret: bytes,
    clock: Clock,
    *,
    batch: int = 50,
    timeout: float = 10.0,
) -> dict[str, int]:
    """Claim unsent changes, POST them in order, and set when to retry the failures."""
    now = clock()
    async with sessionmaker() as session:
        due = (
            select(LifecycleChange.id)
            .where(
                LifecycleChange.webhook_status == "pending",
                (LifecycleChange.webhook_due_at.is_(None))
                | (LifecycleChange.webhook_due_at <= now),
            )
            .order_by(LifecycleChange.id)
            .limit(batch)
        )
        ids = sorted(
            await session.scalars(
                update(LifecycleChange)
                .where(LifecycleChange.id.in_(due), LifecycleChange.webhook_status == "pending")
                .values(webhook_status="claimed", webhook_due_at=now)
                .returning(LifecycleChange.id)
            )
        )
        await session.commit()
    outcomes: dict[str, int] = {}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http:
        for change_id in ids:
            async with sessionmaker() as session:
                change = await session.get(LifecycleChange, change_id)
                if change is None:
                    continue  # the lead was erased meanwhile
                outcome = await _post(session, http, url, secret, change, now)
                await session.commit()
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


async def _post(
    session: AsyncSession,
    http: aiohttp.ClientSession,
    url: str,
    secret: bytes,
    change: LifecycleChange,
    now: datetime,
) -> str:
    body = json.dumps(await payload(session, change), ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Leadbot-Event": "lifecycle.changed",
        "X-Leadbot-Delivery": str(change.id),
        "X-Leadbot-Signature": signature(secret, body),
    }
    try:
        async with http.post(url, data=body, headers=headers) as response:
            if 200 <= response.status < 300:
                change.webhook_status, change.webhook_note = "sent", None
                return "sent"
            problem = f"HTTP {response.status}"
    except (aiohttp.ClientError, TimeoutError) as error:
        problem = f"{type(error).__name__}: {error}"
    change.webhook_attempts += 1
    change.webhook_note = problem[:500]
    if change.webhook_attempts >= MAX_ATTEMPTS:
        change.webhook_status = "failed"
        log.error("webhook for change %s gave up: %s", change.id, problem)
        return "failed"
    change.webhook_status = "pending"
    change.webhook_due_at = now + timedelta(seconds=2**change.webhook_attempts)
    return "retry"
