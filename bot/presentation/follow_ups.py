"""The text of a follow-up in the lead's language, looked up in content/nurture.yaml."""

from __future__ import annotations

from typing import cast

from bot.content.catalog import Content
from bot.content.schemas import Locale
from bot.presentation.messages import find_item, item_text
from bot.qualify.vocabulary import FollowUpKind
from storage.models import Lead, ScheduledMessage


def follow_up_text(content: Content, row: ScheduledMessage, lead: Lead) -> str | None:
    """The follow-up's text, or None if it is gone from content/ or not in this language."""
    nurture = content.nurture
    locale = cast(Locale, lead.language)  # content/ is keyed by the languages leads speak
    if row.kind == FollowUpKind.REMINDER:
        return nurture.reminder.text.get(locale)
    if row.kind == FollowUpKind.CAMPAIGN:
        campaign_id = row.ref.split("/", 1)[1]
        campaign = next((c for c in nurture.campaigns if c.id == campaign_id), None)
        return campaign.text.get(locale) if campaign else None
    sequence_id, step_id = row.ref.split("/", 1)
    sequence = next((s for s in nurture.sequences if s.id == sequence_id), None)
    step = next((s for s in sequence.steps if s.id == step_id), None) if sequence else None
    if step is None:
        return None
    if step.text is not None:
        return step.text.get(locale)
    item = find_item(content, step.item or "", locale)
    return item_text(content, locale, item) if item else None
