"""The qualification dialog: each message or button becomes facts, events, scores and a plan.

Asks only what is still unknown, one question at a time; quotes back what it is unsure of;
asks once more with an example after a non-answer, then moves on; takes corrections; and
hands a lead to a person when it is sales-ready or when the prospect asks for one.

A message goes through the steps of bot/qualify/dialog/ in the order of Rasa's form loop:
take the message and extract once (reading), validate and record facts (facts), refresh
the verdict (verdict), choose the next question (asking). Every entry point ends in
`_finish`, which keeps the dialog state and replans the lead's follow-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify import nurture
from bot.qualify.booking.policy import BookingPolicy
from bot.qualify.conversation import MessageOutcome, take_message
from bot.qualify.desk import SlaPolicy
from bot.qualify.dialog import contact
from bot.qualify.dialog.asking import ask, ask_next
from bot.qualify.dialog.asking import with_a_person as already_with_a_person
from bot.qualify.dialog.engagement import signal
from bot.qualify.dialog.facts import record_button_answer, record_message_facts
from bot.qualify.dialog.outcomes import become_customer, decline, request_person
from bot.qualify.dialog.policy import respond
from bot.qualify.dialog.reading import Reading, read_message, take_in
from bot.qualify.dialog.status import tell_status
from bot.qualify.dialog.turn import Turn
from bot.qualify.dialog.verdict import refresh
from bot.qualify.dialog.wishes import switch_language
from bot.qualify.plan import Plan
from bot.qualify.vocabulary import EventKind, Intent
from storage.customers import find_customer
from storage.facts import current_facts, supersede
from storage.models import Lead


@dataclass
class Qualifier:
    """The dialog over one content version; stateless apart from what is in the database."""

    content: Content
    model: dict[str, str | None] | None = None
    support_chat_id: int | None = None  # LEADBOT_SUPPORT_CHAT_ID
    policy: SlaPolicy | None = None  # business hours and admins (settings)
    booking: BookingPolicy | None = None  # LEADBOT_MEETING_*; None offers no meetings

    def _turn(self, session: AsyncSession, lead: Lead, now: datetime) -> Turn:
        return Turn(
            session,
            self.content,
            lead,
            now,
            support_chat_id=self.support_chat_id,
            policy=self.policy,
            booking=self.booking,
        )

    async def take_message(
        self, session: AsyncSession, lead: Lead, text: str, now: datetime, limit: int
    ) -> MessageOutcome:
        """Read a message once and keep it where consent allows (see conversation.py)."""
        return await take_message(
            session, lead, text=text, now=now, limit=limit, content=self.content, models=self.model
        )

    async def start(self, session: AsyncSession, lead: Lead, now: datetime) -> Plan:
        """After consent: the first open question (customers from the imported list skip sales)."""
        turn = self._turn(session, lead, now)
        if await find_customer(
            session, telegram_user_id=lead.telegram_user_id, username=lead.username
        ):
            become_customer(lead)
        turn.state.asked, turn.state.asked_times = None, 0  # a fresh start asks afresh
        await signal(turn, EventKind.CONSENT)
        await refresh(turn, quote=None)
        await ask_next(turn)
        return await self._finish(turn)

    async def returned(self, session: AsyncSession, lead: Lead, now: datetime) -> Plan:
        """The prospect came back (/start again): a signal, and the next open question."""
        turn = self._turn(session, lead, now)
        await signal(turn, EventKind.RETURN)
        if not await refresh(turn, quote=None):
            await ask_next(turn)
        return await self._finish(turn)

    async def message(
        self,
        session: AsyncSession,
        lead: Lead,
        text: str,
        now: datetime,
        previous_seen_at: datetime | None = None,
        reading: Reading | None = None,
    ) -> Plan:
        """A free-text message from a prospect who consented, read once (by the caller, who
        also checked it for an opt-out, or here)."""
        turn = self._turn(session, lead, now)
        slot, signals_before = lead.dialog_step, (lead.persona, lead.stage)
        reading = reading or read_message(self.content, lead, text, now, self.model)
        if turn.state.contact in contact.ASKING and await contact.take_answer(turn, reading):
            return await self._finish(turn)
        switch_language(turn, reading)
        await take_in(turn, reading, previous_seen_at)
        recorded = await record_message_facts(turn, reading, slot)
        with_a_person = await already_with_a_person(turn)
        if reading.intent == Intent.HUMAN and not with_a_person:
            # Asked for a person: that is the hand-over, even when these facts make it ready.
            await refresh(turn, quote=text, announce=False, to_sales=False)
            await request_person(turn)
        elif reading.intent == Intent.NOT_INTERESTED:
            await refresh(turn, quote=text, announce=False)
            await decline(turn, text)
        elif not await refresh(turn, quote=text):
            if with_a_person:
                await tell_status(turn, reading, recorded)
            else:
                await respond(turn, reading, slot, recorded, signals_before)
        return await self._finish(turn)

    async def opened(self, session: AsyncSession, lead: Lead, item_id: str, now: datetime) -> Plan:
        """The prospect opened a library item: an engagement signal, which may make them ready."""
        turn = self._turn(session, lead, now)
        turn.state.offer(item_id)
        await signal(turn, EventKind.CONTENT_OPENED, item=item_id)
        await refresh(turn, quote=None)
        return await self._finish(turn)

    async def answer(
        self, session: AsyncSession, lead: Lead, slot: str, key: str, label: str, now: datetime
    ) -> Plan:
        """A quick-reply button: a fact we are sure of."""
        turn = self._turn(session, lead, now)
        options = self.content.qualification.options.get(slot, [])
        option = next((o for o in options if o.key == key), None)
        if option is None:
            return await self._finish(turn)
        await record_button_answer(turn, slot, option, label)
        if not await refresh(turn, quote=label):
            await ask_next(turn)
        return await self._finish(turn)

    async def skip(self, session: AsyncSession, lead: Lead, slot: str, now: datetime) -> Plan:
        """The prospect does not want to answer this question."""
        turn = self._turn(session, lead, now)
        if slot == contact.COMPANY_SLOT:
            await contact.skip_company(turn)
            return await self._finish(turn)
        turn.state.skip(slot)
        await signal(turn, EventKind.BUTTON, skipped=slot)
        turn.plan.say("dialog.skipped")
        await refresh(turn, quote=None)
        await ask_next(turn)
        return await self._finish(turn)

    async def confirm(
        self, session: AsyncSession, lead: Lead, kind: str, correct: bool, now: datetime
    ) -> Plan:
        """Yes or no to a fact we quoted back."""
        turn = self._turn(session, lead, now)
        turn.state.confirm = None
        fact = (await current_facts(session, lead)).get(kind)
        await signal(turn, EventKind.BUTTON, confirmed=kind)
        if fact is not None and not correct:
            supersede(session, fact, now)
            turn.plan.say("dialog.confirm_again")
            await refresh(turn, quote=None)
            ask(turn, kind)
            return await self._finish(turn)
        if fact is not None:
            fact.confirmed, fact.confidence = True, 1.0
        await refresh(turn, quote=None)
        await ask_next(turn)
        return await self._finish(turn)

    async def human(
        self, session: AsyncSession, lead: Lead, now: datetime, quote: str | None = None
    ) -> Plan:
        """ "Talk to a person", by button or command, honoured at any point."""
        turn = self._turn(session, lead, now)
        await request_person(turn)
        return await self._finish(turn)

    async def phone_shared(
        self, session: AsyncSession, lead: Lead, phone: str, own: bool, now: datetime
    ) -> Plan:
        """The prospect shared a phone number with Telegram's button (`own`: their own)."""
        turn = self._turn(session, lead, now)
        await contact.phone_shared(turn, phone, own)
        return await self._finish(turn)

    async def _finish(self, turn: Turn) -> Plan:
        """Ask for contact details when a person was just asked for, keep the dialog state,
        and bring the lead's follow-ups in line with where it stands."""
        await contact.ask_if_due(turn)
        turn.keep_state()
        await nurture.replan(turn.session, turn.lead, self.content.nurture, turn.now)
        return turn.plan
