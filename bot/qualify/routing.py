"""Which rep gets a lead: the account owner of a customer, else weighted round robin among
the available reps whose languages, personas and territories fit."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from storage.customers import find_customer
from storage.models import Lead, Rep
from storage.reps import available_rep_named, available_reps


def fits(rep: Rep, lead: Lead) -> bool:
    """Whether a rep covers the lead; an empty list on the rep means "any"."""
    languages, personas, territories = rep.languages, rep.personas, rep.territories
    return (
        (not languages or lead.language in languages)
        and (not personas or lead.persona in personas)
        and (not territories or lead.source in territories)
    )


def choose(reps: Iterable[Rep], lead: Lead, *, skip: Collection[int] = ()) -> Rep | None:
    """Among the reps who fit, the one furthest below its share by weight (ties: the first
    added); None if nobody fits."""
    candidates = [rep for rep in reps if fits(rep, lead) and rep.id not in skip]
    if not candidates:
        return None
    return min(candidates, key=lambda rep: ((rep.assigned + 1) / max(rep.weight, 1), rep.id))


async def route(session: AsyncSession, lead: Lead, *, skip: Collection[int] = ()) -> Rep | None:
    """The next rep for a lead, counted as assigned (fair over time); None if nobody fits."""
    chosen = choose(await available_reps(session), lead, skip=skip)
    if chosen is not None:
        chosen.assigned += 1
    return chosen


async def account_owner(session: AsyncSession, lead: Lead) -> Rep | None:
    """An existing customer's account owner (by rep name or Telegram id), if available."""
    if not lead.is_customer:
        return None
    customer = await find_customer(
        session, telegram_user_id=lead.telegram_user_id, username=lead.username
    )
    owner = (customer.account_owner or "").strip() if customer else ""
    if not owner:
        return None
    rep = await available_rep_named(session, owner)
    if rep is not None:
        rep.assigned += 1
    return rep
