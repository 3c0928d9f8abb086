"""One prospect action being handled: what every dialog step reads and writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify.booking.policy import BookingPolicy
from bot.qualify.desk import SlaPolicy
from bot.qualify.dialog.state import DialogState
from bot.qualify.plan import Plan
from bot.qualify.vocabulary import Score
from storage.history import record_score_change
from storage.models import Lead


@dataclass
class Turn:
    """The lead, its dialog state, the content, the time, and the replies so far."""

    session: AsyncSession
    content: Content
    lead: Lead
    now: datetime
    plan: Plan = field(default_factory=Plan)
    support_chat_id: int | None = None  # where a customer's request goes without an owner
    policy: SlaPolicy | None = None  # business hours and admins, for a lead no rep can take
    booking: BookingPolicy | None = None  # meetings offered when a lead becomes sales-ready
    state: DialogState = field(init=False)
    _stored: DialogState = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.state = DialogState.of(self.lead)
        self._stored = DialogState.of(self.lead)

    def keep_state(self) -> None:
        """Write the dialog state back to the lead's row if a step changed it."""
        if self.state != self._stored:
            self.lead.dialog_state = self.state.data()
            self._stored = DialogState.of(self.lead)

    def score_changed(
        self, score: Score, old: str | None, new: str, *, rule: str, reason: str, quote: str | None
    ) -> None:
        """Keep why one of the lead's scores moved (the one place score changes are written)."""
        record_score_change(
            self.session,
            lead_id=self.lead.id,
            score=score,
            old=old,
            new=new,
            rule=rule,
            reason=reason,
            quote=quote,
            now=self.now,
        )
