"""After a handover the bot still answers every message: it acknowledges, answers, keeps
recording facts, passes the prospect's words to the rep who accepted, and tells where the
request stands (who accepted it and when they will call)."""

from __future__ import annotations

from bot.qualify.dialog.reading import Reading
from bot.qualify.dialog.turn import Turn
from bot.qualify.handover import rep_locale
from bot.qualify.plan import Notice
from bot.qualify.stranded import STRANDED_STATUSES, is_stranded, promise
from storage.handovers import latest_accepted, lead_handovers
from storage.models import Fact, Rep
from storage.outbox import enqueue
from storage.reps import get_rep

BRIEF = ("thanks", "goodbye")  # small talk that needs nothing but a short answer


def small_talk(turn: Turn, reading: Reading, recorded: dict[str, Fact]) -> bool:
    """Answer thanks, a greeting or a goodbye briefly; True when nothing more is due."""
    kind = reading.cue("small_talk")
    if not kind:
        return False
    turn.plan.say(f"dialog.small_talk.{kind}")
    return kind in BRIEF and not recorded and not reading.asks


async def tell_status(turn: Turn, reading: Reading, recorded: dict[str, Fact]) -> None:
    """Acknowledge a message to a lead that is with a person, pass it on, say the status."""
    if small_talk(turn, reading, recorded):
        return
    rep = await _accepted_by(turn)
    if rep is None and turn.policy is not None and await _stranded(turn):
        promise(turn.plan, turn.policy, turn.now)  # no rep holds it: no "within the hour"
        return
    if rep is None:
        turn.plan.say("dialog.status_waiting")
        return
    if not reading.asks or recorded:
        _pass_on(turn, rep, reading.text)
        turn.plan.say("dialog.passed_on", rep=rep.name)
    turn.plan.say("dialog.status_accepted", rep=rep.name)


async def _stranded(turn: Turn) -> bool:
    waiting = await lead_handovers(turn.session, turn.lead.id, STRANDED_STATUSES)
    return any(is_stranded(handover) for handover in waiting)


async def _accepted_by(turn: Turn) -> Rep | None:
    handover = await latest_accepted(turn.session, turn.lead.id)
    if handover is None or handover.rep_id is None:
        return None
    return await get_rep(turn.session, handover.rep_id)


def _pass_on(turn: Turn, rep: Rep, text: str) -> None:
    """The prospect's words to the rep, who may want them before the call."""
    lead = turn.lead
    name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or "—"
    notice = Notice(
        "rep.relayed", {"name": name, "text": text}, locale=rep_locale(rep, turn.content)
    )
    chat_id = rep.telegram_user_id
    enqueue(turn.session, lead_id=lead.id, chat_id=chat_id, notice=notice, now=turn.now)
