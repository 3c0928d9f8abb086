"""Reading one message: the language it is written in and every fact it states, once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.content.catalog import Content
from bot.qualify.nlu.facts import Extraction
from bot.qualify.vocabulary import EXTRACTED
from storage.models import Lead


@dataclass(frozen=True)
class Reading:
    """What the extraction read in a message; shared by the opt-out check and the dialog."""

    language: str
    extraction: Extraction

    @property
    def intent(self) -> str | None:
        """stop, human, not_interested, question, or None."""
        value = self.extraction.value("intent")
        return None if value is None else str(value)


def read_message(
    content: Content,
    lead: Lead,
    text: str,
    now: datetime,
    models: Mapping[str, str | None] | None = None,
) -> Reading:
    """Read `text` in the language it is written in, expecting the question the lead is on."""
    extractor = content.extractor
    written_in = extractor.language_of(text, lead.language)
    slot = lead.dialog_step
    extraction = extractor.extract(
        text,
        written_in,
        today=now.date(),
        expect=slot if slot in EXTRACTED else None,
        model=(models or {}).get(written_in),
    )
    return Reading(written_in, extraction)
