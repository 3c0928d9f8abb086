"""The CRM webhook worker: each lifecycle change POSTed as signed JSON, retried until it lands.

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
from datetime import datetime
from typing import TYPE_CHECKING, Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession

from bot.jobs.engine import Outcome, Send, drain
from bot.jobs.retry import RetryPolicy
from storage.delivery import CRM_CHANGES
from storage.facts import current_facts
from storage.lead_queries import lead_profile
from storage.leads import get_lead
from storage.models import LifecycleChange

if TYPE_CHECKING:
    from bot.factory import Dependencies

EVENT = "lifecycle.changed"


def signature(secret: bytes, body: bytes) -> str:
    """The value of X-Leadbot-Signature for a body."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


async def payload(session: AsyncSession, change: LifecycleChange) -> dict[str, Any]:
    """What the CRM receives about one lifecycle change."""
    lead = await get_lead(session, change.lead_id)
    assert lead is not None, "a change is erased together with its lead"
    facts = {kind: fact.value for kind, fact in (await current_facts(session, lead)).items()}
    return {
        "event": EVENT,
        "delivery": change.id,
        "at": change.changed_at.isoformat(),
        "from": change.from_state,
        "to": change.to_state,
        "reason": change.reason,
        "lead": {
            **lead_profile(lead),
            "fit_score": lead.fit_score,
            "fit_grade": lead.fit_grade,
            "temperature": lead.temperature,
            "facts": facts,
        },
    }


async def post_pending(
    deps: Dependencies, *, batch: int = 50, timeout: float = 10.0
) -> dict[str, int]:
    """POST the unsent changes in the order they happened to LEADBOT_CRM_WEBHOOK_URL."""
    url, secret = deps.settings.crm_webhook_url, deps.settings.crm_webhook_secret
    if not url or secret is None:
        return {}
    key = secret.get_secret_value().encode()
    policy = RetryPolicy.from_settings(deps.settings)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http:

        async def post(session: AsyncSession, change: LifecycleChange, now: datetime) -> Send:
            body = json.dumps(
                await payload(session, change), ensure_ascii=False, sort_keys=True
            ).encode()
            return Send(lambda: _post(http, url, key, change.id, body))

        return await drain(
            deps.sessionmaker, CRM_CHANGES, post, now=deps.clock(), policy=policy, batch=batch
        )


async def _post(
    http: aiohttp.ClientSession, url: str, secret: bytes, change_id: int, body: bytes
) -> Outcome:
    headers = {
        "Content-Type": "application/json",
        "X-Leadbot-Event": EVENT,
        "X-Leadbot-Delivery": str(change_id),
        "X-Leadbot-Signature": signature(secret, body),
    }
    try:
        async with http.post(url, data=body, headers=headers) as response:
            if 200 <= response.status < 300:
                return Outcome.sent()
            return Outcome.retry(f"HTTP {response.status}")
    except (aiohttp.ClientError, TimeoutError) as error:
        return Outcome.retry(f"{type(error).__name__}: {error}")
