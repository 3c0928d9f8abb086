"""The qualification dialog: each message or button becomes facts, events, scores and a plan.

Asks only what is still unknown, one question at a time; quotes back what it is unsure of;
asks once more with an example after a non-answer, then moves on; takes corrections; and
hands a lead to a person when it is sales-ready or when the prospect asks for one.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify import faq, handover, lifecycle, nurture, scoring
from bot.qualify.lifecycle import Stage
from bot.qualify.nlu.facts import Extraction
from bot.qualify.plan import Button, FactValue, Plan, TextKey
from bot.qualify.reading import Reading, read_message
from bot.qualify.signals import need_topic, persona_for, stage_after
from storage.customers import find_customer
from storage.facts import current_facts, record_fact
from storage.models import (
    Event,
    Fact,
    Handover,
    Lead,
    Message,
    ScoreChange,
    UnansweredQuestion,
)

EXTRACTED = ("company_size", "role", "timeframe", "budget", "authority")
OPEN_HANDOVER = ("pending", "offered")


def _replans(method: Callable[..., Awaitable[Plan]]) -> Callable[..., Awaitable[Plan]]:
    """After a dialog step, bring the lead's follow-ups in line with where it stands."""
    signature = inspect.signature(method)

    @functools.wraps(method)
    async def step(self: Qualifier, *args: Any, **kwargs: Any) -> Plan:
        plan = await method(self, *args, **kwargs)
        given = signature.bind(self, *args, **kwargs).arguments
        await nurture.replan(given["session"], given["lead"], self.content.nurture, given["now"])
        return plan

    return step


@dataclass
class Qualifier:
    """The dialog over one content version; stateless apart from what is in the database."""

    content: Content
    model: dict[str, str | None] | None = None

    # ---- entry points -------------------------------------------------------------------

    @_replans
    async def start(self, session: AsyncSession, lead: Lead, now: datetime) -> Plan:
        """After consent: the first open question (customers from the imported list skip sales)."""
        plan = Plan()
        if await find_customer(
            session, telegram_user_id=lead.telegram_user_id, username=lead.username
        ):
            self._become_customer(lead)
        await self._event(session, lead, "consent", now)
        await self._refresh(session, lead, now, quote=None, plan=plan)
        await self._ask_next(session, lead, plan)
        return plan

    @_replans
    async def returned(self, session: AsyncSession, lead: Lead, now: datetime) -> Plan:
        """The prospect came back (/start again): a signal, and the next open question."""
        plan = Plan()
        await self._event(session, lead, "return", now)
        if await self._refresh(session, lead, now, quote=None, plan=plan):
            return plan
        await self._ask_next(session, lead, plan, now)
        return plan

    @_replans
    async def message(
        self,
        session: AsyncSession,
        lead: Lead,
        text: str,
        now: datetime,
        previous_seen_at: datetime | None = None,
        reading: Reading | None = None,
    ) -> Plan:
        """A free-text message from a prospect who consented (read once, by the caller or here)."""
        plan = Plan()
        pause = self.content.scoring.engagement.return_after_days
        if previous_seen_at is not None and (now - previous_seen_at).days >= pause:
            await self._event(session, lead, "return", now)
        slot = lead.dialog_step
        state = self._state(lead)
        signals_before = (lead.persona, lead.stage)
        # Read the message in the language it is written in; reply in the chat's language.
        reading = reading or read_message(self.content, lead, text, now, self.model)
        written_in, extraction = reading.language, reading.extraction
        intent = extraction.value("intent")
        await self._event(session, lead, "message", now, length=len(text))
        if lead.stage != (stage := stage_after(self.content.stages, lead.stage, text, written_in)):
            lead.stage = stage
            if stage == "decision":
                await self._event(session, lead, "price_question", now)
        words = self.content.qualification.customer_words.get(written_in, [])  # type: ignore[call-overload]
        if not lead.is_customer and any(word in text.lower() for word in words):
            self._become_customer(lead)
        if intent == "question":
            await self._event(session, lead, "question", now)
            self._answer_question(session, lead, text, written_in, now, plan)
        recorded = await self._take_facts(
            session, lead, extraction, text, slot, now, plan, written_in
        )
        if slot == "customer" and (answer := self._yes_or_no(text, written_in)) is not None:
            recorded["customer"] = await record_fact(
                session,
                lead,
                kind="customer",
                value=answer,
                confidence=0.9,
                quote=text.strip()[:300],
                now=now,
            )
            if answer:
                self._become_customer(lead)
        if recorded:
            await self._event(session, lead, "answer", now, facts=sorted(recorded))
        if intent == "human":
            await self._refresh(session, lead, now, quote=text, plan=plan, announce=False)
            await self._human(session, lead, now, text, plan)
            return plan
        if intent == "not_interested":
            await self._refresh(session, lead, now, quote=text, plan=plan, announce=False)
            await self._decline(session, lead, now, text, plan)
            return plan
        handed_over = await self._refresh(session, lead, now, quote=text, plan=plan)
        if handed_over:
            return plan
        fact = recorded.get(slot or "")
        if fact is not None and fact.confidence < self.content.qualification.confirm_below:
            self._confirm(lead, fact, plan)
            return plan
        if slot and slot not in recorded and not recorded and intent is None:
            retries = state["retries"].get(slot, 0) + 1
            state["retries"][slot] = retries
            if retries <= self.content.qualification.retries:
                plan.say(f"questions.{slot}.retry", buttons=self._buttons(slot))
                lead.dialog_state = state
                return plan
            state["skipped"].append(slot)
            plan.say("dialog.skipped")
        lead.dialog_state = state
        if (lead.persona, lead.stage) != signals_before:
            self._offer(lead, plan)  # before the next question, which should come last
        await self._ask_next(session, lead, plan, now)
        return plan

    @_replans
    async def opened(self, session: AsyncSession, lead: Lead, item_id: str, now: datetime) -> Plan:
        """The prospect opened a library item: an engagement signal, which may make them ready."""
        plan = Plan()
        state = self._state(lead)
        if item_id not in state["offered"]:
            state["offered"].append(item_id)
        lead.dialog_state = state
        await self._event(session, lead, "content_opened", now, item=item_id)
        await self._refresh(session, lead, now, quote=None, plan=plan)
        return plan

    @_replans
    async def answer(
        self,
        session: AsyncSession,
        lead: Lead,
        slot: str,
        key: str,
        label: str,
        now: datetime,
    ) -> Plan:
        """A quick-reply button: a fact we are sure of."""
        plan = Plan()
        option = next(
            (o for o in self.content.qualification.options.get(slot, []) if o.key == key), None
        )
        if option is None:
            return plan
        if slot == "customer" and option.value is True:
            self._become_customer(lead)
        current = await current_facts(session, lead)
        await record_fact(
            session,
            lead,
            kind=slot,
            value=option.value,
            confidence=1.0,
            quote=label,
            now=now,
            confirmed=True,
            replaces=current.get(slot),
        )
        await self._event(session, lead, "button", now, slot=slot)
        await self._event(session, lead, "answer", now, facts=[slot])
        if await self._refresh(session, lead, now, quote=label, plan=plan):
            return plan
        await self._ask_next(session, lead, plan)
        return plan

    @_replans
    async def skip(self, session: AsyncSession, lead: Lead, slot: str, now: datetime) -> Plan:
        """The prospect does not want to answer this question."""
        plan = Plan()
        state = self._state(lead)
        if slot not in state["skipped"]:
            state["skipped"].append(slot)
        lead.dialog_state = state
        await self._event(session, lead, "button", now, skipped=slot)
        plan.say("dialog.skipped")
        await self._refresh(session, lead, now, quote=None, plan=plan)
        await self._ask_next(session, lead, plan)
        return plan

    @_replans
    async def confirm(
        self, session: AsyncSession, lead: Lead, kind: str, correct: bool, now: datetime
    ) -> Plan:
        """Yes or no to a fact we quoted back."""
        plan = Plan()
        state = self._state(lead)
        state["confirm"] = None
        lead.dialog_state = state
        fact = (await current_facts(session, lead)).get(kind)
        await self._event(session, lead, "button", now, confirmed=kind)
        if fact is not None and correct:
            fact.confirmed = True
            fact.confidence = 1.0
        elif fact is not None:
            fact.superseded_at = now
            plan.say("dialog.confirm_again")
            await self._refresh(session, lead, now, quote=None, plan=plan)
            lead.dialog_step = kind
            plan.say(f"questions.{kind}.ask", buttons=self._buttons(kind))
            return plan
        await self._refresh(session, lead, now, quote=None, plan=plan)
        await self._ask_next(session, lead, plan)
        return plan

    @_replans
    async def human(
        self, session: AsyncSession, lead: Lead, now: datetime, quote: str | None = None
    ) -> Plan:
        """ "Talk to a person", by button or command, honoured at any point."""
        plan = Plan()
        await self._human(session, lead, now, quote, plan)
        return plan

    # ---- steps --------------------------------------------------------------------------

    async def _take_facts(
        self,
        session: AsyncSession,
        lead: Lead,
        extraction: Extraction,
        text: str,
        slot: str | None,
        now: datetime,
        plan: Plan,
        written_in: str,
    ) -> dict[str, Fact]:
        current = await current_facts(session, lead)
        recorded: dict[str, Fact] = {}
        noted: list[FactValue] = []
        for kind in EXTRACTED:
            found = extraction.facts.get(kind)
            if found is None:
                continue
            old = current.get(kind)
            value = _carry_over(kind, old.value if old else None, found.value)
            if old is not None and old.value == value:
                continue
            fact = await record_fact(
                session,
                lead,
                kind=kind,
                value=value,
                confidence=found.confidence,
                quote=found.quote,
                now=now,
                replaces=old,
            )
            recorded[kind] = fact
            if old is not None:
                plan.say(
                    "dialog.corrected",
                    fact=_label(kind),
                    old=FactValue(kind, old.value),
                    new=FactValue(kind, value),
                )
            else:
                noted.append(FactValue(kind, value))
        asked_back = extraction.value("intent") is not None
        if slot == "need" and "need" not in current and len(text.strip()) >= 3 and not asked_back:
            topic = need_topic(self.content.topics, text, written_in)
            recorded["need"] = await record_fact(
                session,
                lead,
                kind="need",
                value={"text": text.strip()[:1000], "topic": topic},
                confidence=0.9 if topic else 0.8,
                quote=text.strip()[:300],
                now=now,
            )
        if noted:
            plan.say("dialog.noted", facts=noted)
        return recorded

    def _yes_or_no(self, text: str, locale: str) -> bool | None:
        """A free-text answer to a yes/no question, or None when it is neither."""
        lowered = f" {text.lower()} "
        config = self.content.qualification

        def said(words: list[str]) -> bool:
            return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered) for word in words)

        yes = said(config.yes_words.get(locale, []))  # type: ignore[call-overload]
        no = said(config.no_words.get(locale, []))  # type: ignore[call-overload]
        return None if yes == no else yes

    def _answer_question(
        self,
        session: AsyncSession,
        lead: Lead,
        text: str,
        lang: str,
        now: datetime,
        plan: Plan,
    ) -> None:
        """Answer from the FAQ, or say honestly that we do not know, offer a person, and log it."""
        found = faq.answer(self.content.faq, text, lang)
        if found is not None:
            plan.say("dialog.faq_answer", answer=found.answer)
            return
        session.add(
            UnansweredQuestion(lead_id=lead.id, locale=lang, text=text[:2000], asked_at=now)
        )
        plan.say("dialog.faq_unknown", buttons=(Button("questions.human", "human"),))

    def _offer(self, lead: Lead, plan: Plan) -> None:
        """One library item that fits persona, stage and language and was not offered yet."""
        if any(reply.key == "dialog.offer" for reply in plan.replies):
            return  # one offer per reply is plenty
        state = self._state(lead)
        for item in self.content.library:
            fits_persona = (
                lead.persona is None or lead.persona in item.personas or ("any" in item.personas)
            )
            if (
                item.locale == lead.language
                and item.stage == lead.stage
                and fits_persona
                and item.id not in state["offered"]
            ):
                state["offered"].append(item.id)
                lead.dialog_state = state
                plan.say(
                    "dialog.offer",
                    title=item.title,
                    buttons=(Button("library.read", "open", value=item.id),),
                )
                return

    @staticmethod
    def _become_customer(lead: Lead) -> None:
        lead.is_customer = True
        lead.stage = "customer"

    def _confirm(self, lead: Lead, fact: Fact, plan: Plan) -> None:
        state = self._state(lead)
        state["confirm"] = fact.kind
        lead.dialog_state = state
        plan.say(
            "dialog.confirm",
            quote=fact.quote,
            value=FactValue(fact.kind, fact.value),
            buttons=(
                Button("dialog.confirm_yes", "confirm", fact.kind, "yes"),
                Button("dialog.confirm_no", "confirm", fact.kind, "no"),
            ),
        )

    async def _ask_next(
        self, session: AsyncSession, lead: Lead, plan: Plan, now: datetime | None = None
    ) -> None:
        if lead.lifecycle in lifecycle.WITH_SALES or await self._open_handover(session, lead):
            lead.dialog_step = None
            return
        current = await current_facts(session, lead)
        skipped = set(self._state(lead)["skipped"])
        for slot in self.content.qualification.order:
            if slot in current or slot in skipped:
                continue
            if lead.is_customer and slot != "need":
                continue
            lead.dialog_step = slot
            plan.say(f"questions.{slot}.ask", buttons=self._buttons(slot))
            return
        lead.dialog_step = None
        self._offer(lead, plan)
        if lead.is_customer:
            await self._handover(session, lead, "customer", now or lead.last_seen_at)
            plan.say("dialog.customer_welcome")
        else:
            plan.say("dialog.done")

    def _buttons(self, slot: str) -> tuple[Button, ...]:
        options = self.content.qualification.options.get(slot, [])
        return (
            *(Button(f"questions.{slot}.options.{o.key}", "answer", slot, o.key) for o in options),
            Button("questions.skip", "skip", slot),
            Button("questions.human", "human"),
        )

    async def _human(
        self, session: AsyncSession, lead: Lead, now: datetime, quote: str | None, plan: Plan
    ) -> None:
        await self._event(session, lead, "human_request", now)
        await self._handover(session, lead, "human_request", now)
        lead.dialog_step = None
        plan.say("dialog.human_requested")

    async def _decline(
        self, session: AsyncSession, lead: Lead, now: datetime, text: str, plan: Plan
    ) -> None:
        if lead.lifecycle == Stage.NEW:
            await lifecycle.move(session, lead, Stage.ENGAGED, reason="first message", now=now)
        if lifecycle.can_move(lead.lifecycle, Stage.LOST):
            await lifecycle.move(
                session, lead, Stage.LOST, reason="not interested", now=now, quote=text
            )
        lead.dialog_step = None
        plan.say("dialog.not_interested")

    async def _handover(
        self, session: AsyncSession, lead: Lead, reason: str, now: datetime
    ) -> None:
        if not await self._open_handover(session, lead):
            await handover.open_handover(session, self.content, lead, reason, now)

    async def _open_handover(self, session: AsyncSession, lead: Lead) -> bool:
        found = await session.scalar(
            select(Handover.id).where(
                Handover.lead_id == lead.id, Handover.status.in_(OPEN_HANDOVER)
            )
        )
        return found is not None

    # ---- scores -------------------------------------------------------------------------

    async def _event(
        self, session: AsyncSession, lead: Lead, kind: str, now: datetime, **detail: Any
    ) -> None:
        """Log an engagement signal and add its weight to the decayed engagement score."""
        weight = float(self.content.scoring.engagement.events.get(kind, 0.0))
        session.add(
            Event(lead_id=lead.id, kind=kind, weight=weight, detail=detail, occurred_at=now)
        )
        if weight:
            before = scoring.decayed(
                lead.engagement_score,
                lead.engagement_updated_at,
                now,
                self.content.scoring.engagement.half_life_days,
            )
            lead.engagement_score = before + weight
            lead.engagement_updated_at = now
            session.add(
                ScoreChange(
                    lead_id=lead.id,
                    score="engagement",
                    old=f"{before:.1f}",
                    new=f"{lead.engagement_score:.1f}",
                    rule=f"event:{kind}",
                    reason=f"{kind} +{weight:g}",
                    quote=None,
                    changed_at=now,
                )
            )

    async def _refresh(
        self,
        session: AsyncSession,
        lead: Lead,
        now: datetime,
        *,
        quote: str | None,
        plan: Plan,
        announce: bool = True,
    ) -> bool:
        """Recompute persona, fit, grade and temperature; hand over when sales-ready."""
        content = self.content
        current = await current_facts(session, lead)
        values: dict[str, Any] = {kind: fact.value for kind, fact in current.items()}
        texts = list(
            await session.scalars(
                select(Message.text)
                .where(Message.lead_id == lead.id)
                .order_by(Message.id.desc())
                .limit(20)
            )
        )
        persona = persona_for(content.personas, values, texts, lead.language)
        if persona != lead.persona:
            session.add(
                ScoreChange(
                    lead_id=lead.id,
                    score="persona",
                    old=lead.persona,
                    new=persona or "-",
                    rule="personas.yaml",
                    reason="cues in facts and words",
                    quote=quote,
                    changed_at=now,
                )
            )
            lead.persona = persona
        values["persona"] = persona
        result = scoring.fit(content.scoring, values)
        if result.points != lead.fit_score:
            session.add(
                ScoreChange(
                    lead_id=lead.id,
                    score="fit",
                    old=f"{lead.fit_score:g}",
                    new=f"{result.points:g}",
                    rule=",".join(r.id for r in result.rules) or "-",
                    reason="; ".join(f"{r.id} +{r.points}" for r in result.rules)
                    or "no rule applies",
                    quote=quote,
                    changed_at=now,
                )
            )
            lead.fit_score = result.points
        engagement = scoring.decayed(
            lead.engagement_score,
            lead.engagement_updated_at,
            now,
            content.scoring.engagement.half_life_days,
        )
        verdict = scoring.verdict(content.scoring, result.grade, engagement)
        self._record_verdict(session, lead, verdict, now, quote, "matrix")
        if lead.lifecycle == Stage.NEW:
            await lifecycle.move(
                session, lead, Stage.ENGAGED, reason="first answer", now=now, quote=quote
            )
        if (
            verdict.sales_ready
            and not lead.is_customer
            and lifecycle.can_move(lead.lifecycle, Stage.MQL)
        ):
            cell = f"{verdict.grade or '-'}{verdict.level}"
            await lifecycle.move(
                session, lead, Stage.MQL, reason=f"sales-ready ({cell})", now=now, quote=quote
            )
            await self._handover(session, lead, "sales_ready", now)
            lead.dialog_step = None
            if announce:
                plan.say("dialog.handover")
            return True
        return False

    @staticmethod
    def _record_verdict(
        session: AsyncSession,
        lead: Lead,
        verdict: scoring.Verdict,
        now: datetime,
        quote: str | None,
        rule: str,
    ) -> None:
        if verdict.temperature != lead.temperature:
            session.add(
                ScoreChange(
                    lead_id=lead.id,
                    score="temperature",
                    old=lead.temperature,
                    new=verdict.temperature,
                    rule=rule,
                    reason=f"grade {verdict.grade or '-'} x engagement level {verdict.level}",
                    quote=quote,
                    changed_at=now,
                )
            )
        lead.fit_grade = verdict.grade
        lead.engagement_level = verdict.level
        lead.temperature = verdict.temperature
        lead.sales_ready = verdict.sales_ready

    @staticmethod
    def _state(lead: Lead) -> dict[str, Any]:
        state = dict(lead.dialog_state or {})
        state.setdefault("retries", {})
        state["retries"] = dict(state["retries"])
        state["skipped"] = list(state.get("skipped", []))
        state["offered"] = list(state.get("offered", []))
        state.setdefault("confirm", None)
        return state


def _carry_over(kind: str, old: Any, new: Any) -> Any:
    """ "Actually it's 30k" corrects the amount and keeps the period and currency said before."""
    if kind != "budget" or not isinstance(old, dict) or not isinstance(new, dict):
        return new
    if old.get("status") != "known" or new.get("status") != "known":
        return new
    merged = dict(new)
    for key in ("currency", "period"):
        if merged.get(key) is None:
            merged[key] = old.get(key)
    return merged


def _label(kind: str) -> TextKey:
    return TextKey(f"facts.{kind}")
