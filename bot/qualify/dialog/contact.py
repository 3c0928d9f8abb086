"""How the prospect wants to be reached: asked once, right after they went to a person.

The handover is opened (and the rep's card sent) first, so a hot lead never waits for this;
then the company (when unknown) and the way to reach them: their own phone number through
Telegram's share button, an email address, or "here in Telegram". Each answer is a fact
with its quote, so /mydata, /forget and the export include it; the rep holding the lead is
told. Anything else ends the step and the dialog carries on: one ask, never a gate.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.qualify.dialog.reading import Reading
from bot.qualify.dialog.turn import Turn
from bot.qualify.handover import rep_locale
from bot.qualify.plan import CLOSE_KEYBOARD, SAY, SHARE_CONTACT, Button, Notice, TextKey
from bot.qualify.vocabulary import OPEN_HANDOVER, FactKind, HandoverStatus
from storage.customers import find_customer
from storage.facts import current_facts, record_fact
from storage.handovers import lead_handovers
from storage.outbox import enqueue
from storage.reps import get_rep


class Step(StrEnum):
    """Where the question for contact details stands (DialogState.contact)."""

    DUE = "due"  # a person was asked for: ask at the end of this turn
    COMPANY = "company"
    CHANNEL = "channel"
    DONE = "done"


ASKING = (Step.COMPANY, Step.CHANNEL)
COMPANY_SLOT = Step.COMPANY.value  # the slot of the company question's Skip button
EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,}"
)
TRIM = "\"'.,;:!?()<>[]“”„«»"
COMPANY_WORDS, COMPANY_CHARS = 6, 80  # longer than a company name: a message, not an answer
NO = frozenset({"no", "nein", "-", "skip", "überspringen"})
CHANNEL_BUTTONS = (
    Button("contact.button_phone", SHARE_CONTACT),
    Button("contact.button_telegram", SAY),
    Button("contact.button_skip", SAY),
)
CLOSE = (Button("", CLOSE_KEYBOARD),)


def email_in(text: str) -> tuple[str | None, str | None]:
    """(a valid email address in the text, or None; a word that tries to be one, or None)."""
    for word in text.split():
        if "@" not in word:
            continue
        word = word.strip(TRIM)
        if len(word) <= 254 and ".." not in word and EMAIL.fullmatch(word):
            return word, None
        return None, word
    return None, None


def due(turn: Turn) -> None:
    """A person was asked for: contact details are asked at the end of the turn (once)."""
    if turn.state.contact is None and not turn.lead.is_customer:
        turn.state.contact = Step.DUE


async def ask_if_due(turn: Turn) -> None:
    """The company when unknown, else how to reach the prospect."""
    if turn.state.contact != Step.DUE:
        return
    if await _company_known(turn):
        _ask_channel(turn)
        return
    turn.state.contact = Step.COMPANY
    turn.plan.say(
        "contact.ask_company", buttons=(Button("contact.button_skip", "skip", COMPANY_SLOT),)
    )


async def take_answer(turn: Turn, reading: Reading) -> bool:
    """A message while contact details are asked; False when it is no answer (the step
    ends and the dialog handles the message as any other)."""
    if turn.state.contact == Step.COMPANY:
        return await _company(turn, reading)
    if turn.state.contact == Step.CHANNEL:
        return await _channel(turn, reading.text)
    return False


async def skip_company(turn: Turn) -> None:
    """The Skip button under the company question."""
    _ask_channel(turn)


async def phone_shared(turn: Turn, phone: str, own: bool) -> None:
    """Telegram's share-contact button: only the prospect's own number is taken."""
    if not own:
        turn.plan.say("contact.not_your_contact", buttons=CHANNEL_BUTTONS)
        return
    number = phone if phone.startswith("+") else f"+{phone}"
    await _record(turn, FactKind.PHONE, number, number)
    await _chosen(turn, "phone", number)
    turn.plan.say("contact.noted_phone", buttons=CLOSE, phone=number)


async def _company(turn: Turn, reading: Reading) -> bool:
    text = " ".join(reading.text.split()).strip(TRIM + " ")
    if text.casefold() in NO or _skip_label(turn, text):
        _ask_channel(turn)
        return True
    short = len(text.split()) <= COMPANY_WORDS and len(text) <= COMPANY_CHARS
    if not text or reading.asks or reading.intent or reading.extraction.facts or not short:
        turn.state.contact = Step.DONE
        return False
    await _record(turn, FactKind.COMPANY, text, reading.text)
    turn.plan.say("contact.noted_company", company=text)
    _ask_channel(turn)
    return True


async def _channel(turn: Turn, text: str) -> bool:
    email, almost = email_in(text)
    if email is not None:
        await _record(turn, FactKind.EMAIL, email, text)
        await _chosen(turn, "email", email)
        turn.plan.say("contact.noted_email", buttons=CLOSE, email=email)
        return True
    if almost is not None:
        turn.plan.say("contact.invalid_email", buttons=CHANNEL_BUTTONS, email=almost)
        return True
    said = text.strip().casefold()
    if said == "telegram" or said in _labels(turn, "contact.button_telegram"):
        await _chosen(turn, "telegram", TextKey("card.reach.telegram"), quote=text)
        turn.plan.say("contact.noted_telegram", buttons=CLOSE)
        return True
    turn.state.contact = Step.DONE
    if said in NO or _skip_label(turn, text):
        turn.plan.say("contact.skipped", buttons=CLOSE)
        return True
    return False


def _ask_channel(turn: Turn) -> None:
    turn.state.contact = Step.CHANNEL
    turn.plan.say("contact.ask_channel", buttons=CHANNEL_BUTTONS)


async def _company_known(turn: Turn) -> bool:
    if FactKind.COMPANY in await current_facts(turn.session, turn.lead):
        return True
    lead = turn.lead
    customer = await find_customer(
        turn.session, telegram_user_id=lead.telegram_user_id, username=lead.username
    )
    return customer is not None and bool(customer.company)


def _labels(turn: Turn, key: str) -> set[str]:
    texts = turn.content.texts
    return {texts.get(locale, key).strip().casefold() for locale in texts.locales()}


def _skip_label(turn: Turn, text: str) -> bool:
    return text.strip().casefold() in _labels(turn, "contact.button_skip")


async def _record(turn: Turn, kind: FactKind, value: str, quote: str) -> None:
    current = (await current_facts(turn.session, turn.lead)).get(kind)
    await record_fact(
        turn.session,
        turn.lead,
        kind=kind,
        value=value,
        confidence=1.0,
        quote=quote,
        now=turn.now,
        confirmed=True,
        replaces=current,
    )


async def _chosen(turn: Turn, way: str, shown: str | TextKey, quote: str | None = None) -> None:
    """The way they prefer is a fact too; the rep who has the lead is told at once."""
    turn.state.contact = Step.DONE
    await _record(turn, FactKind.CONTACT, way, quote or str(shown))
    lead = turn.lead
    statuses = (*OPEN_HANDOVER, HandoverStatus.ACCEPTED)
    holders = [h.rep_id for h in await lead_handovers(turn.session, lead.id, statuses)]
    rep_ids = [rep_id for rep_id in holders if rep_id is not None]
    rep = await get_rep(turn.session, rep_ids[-1]) if rep_ids else None
    if rep is None:
        return
    name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or "—"
    values = {"id": lead.id, "name": name, "contact": shown}
    notice = Notice("card.contact_update", values, locale=rep_locale(rep, turn.content))
    chat_id = rep.telegram_user_id
    enqueue(turn.session, lead_id=lead.id, chat_id=chat_id, notice=notice, now=turn.now)
