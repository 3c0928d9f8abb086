"""One prospect action being handled: what every dialog step reads and writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
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
    state: DialogState
    plan: Plan = field(default_factory=Plan)
    _loaded: DialogState = field(default_factory=DialogState)

    @classmethod
    def begin(cls, session: AsyncSession, content: Content, lead: Lead, now: datetime) -> Turn:
        """A turn on the lead as it is stored now."""
        return cls(session, content, lead, now, DialogState.of(lead), Plan(), DialogState.of(lead))

    def keep_state(self) -> None:
        """Write the dialog state back to the lead's row if a step changed it."""
        if self.state != self._loaded:
            self.lead.dialog_state = self.state.data()
            self._loaded = DialogState.of(self.lead)

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
