"""Where the dialog stands beyond the question being asked, kept on the lead's row."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.models import DialogStateData, Lead


@dataclass
class DialogState:
    """Non-answers per question, questions skipped, library items offered, the fact kind
        waiting for a yes or no (and those queued behind it), the question asked last and how
        often in a row, the prospect's turns, the turn of the last offer, and where the question
    for contact details stands."""

    retries: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)
    confirm: str | None = None
    to_confirm: list[str] = field(default_factory=list)
    asked: str | None = None
    asked_times: int = 0
    turn: int = 0
    offer_turn: int | None = None
    consent_reasked: bool = False
    contact: str | None = None  # the contact-details step (dialog/contact.py)

    @classmethod
    def of(cls, lead: Lead) -> DialogState:
        """The lead's state; rows from before a key existed read as its default."""
        data = lead.dialog_state or {}
        return cls(
            retries=dict(data.get("retries") or {}),
            skipped=list(data.get("skipped") or []),
            offered=list(data.get("offered") or []),
            confirm=data.get("confirm"),
            to_confirm=list(data.get("to_confirm") or []),
            asked=data.get("asked"),
            asked_times=int(data.get("asked_times") or 0),
            turn=int(data.get("turn") or 0),
            offer_turn=data.get("offer_turn"),
            consent_reasked=bool(data.get("consent_reasked")),
            contact=data.get("contact"),
        )

    def data(self) -> DialogStateData:
        """The state as the JSON column keeps it."""
        return {
            "retries": dict(self.retries),
            "skipped": list(self.skipped),
            "offered": list(self.offered),
            "confirm": self.confirm,
            "to_confirm": list(self.to_confirm),
            "asked": self.asked,
            "asked_times": self.asked_times,
            "turn": self.turn,
            "offer_turn": self.offer_turn,
            "consent_reasked": self.consent_reasked,
            "contact": self.contact,
        }

    def skip(self, slot: str) -> None:
        """Do not ask about `slot` again."""
        if slot not in self.skipped:
            self.skipped.append(slot)

    def offer(self, item_id: str) -> None:
        """Remember that a library item was offered or opened."""
        if item_id not in self.offered:
            self.offered.append(item_id)

    def asking(self, slot: str) -> int:
        """Count one more asking of `slot`; how often it has now been asked in a row."""
        self.asked_times = self.asked_times + 1 if self.asked == slot else 1
        self.asked = slot
        return self.asked_times
