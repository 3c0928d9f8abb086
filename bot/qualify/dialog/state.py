"""Where the dialog stands beyond the question being asked, kept on the lead's row."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.models import DialogStateData, Lead


@dataclass
class DialogState:
    """Non-answers per question, questions skipped, library items offered, and the fact
    kind waiting for a yes or no."""

    retries: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)
    confirm: str | None = None

    @classmethod
    def of(cls, lead: Lead) -> DialogState:
        """The lead's state; rows from before a key existed read as its default."""
        data = lead.dialog_state or {}
        return cls(
            retries=dict(data.get("retries") or {}),
            skipped=list(data.get("skipped") or []),
            offered=list(data.get("offered") or []),
            confirm=data.get("confirm"),
        )

    def data(self) -> DialogStateData:
        """The state as the JSON column keeps it."""
        return {
            "retries": dict(self.retries),
            "skipped": list(self.skipped),
            "offered": list(self.offered),
            "confirm": self.confirm,
        }

    def skip(self, slot: str) -> None:
        """Do not ask about `slot` again."""
        if slot not in self.skipped:
            self.skipped.append(slot)

    def offer(self, item_id: str) -> None:
        """Remember that a library item was offered or opened."""
        if item_id not in self.offered:
            self.offered.append(item_id)
