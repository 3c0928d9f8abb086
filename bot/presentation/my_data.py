"""/mydata as a person reads it: a short summary in their language over the full JSON."""

from __future__ import annotations

from typing import Any

from bot.content.texts import Texts

# The lead's own row and the imported customer row are summarised in the lines above the
# counts; every other table of the export is counted under its label (or its name).
_SUMMARISED = frozenset({"exported_at", "lead"})


def data_summary(texts: Texts, locale: str, document: dict[str, Any]) -> str:
    """Who we think the person is, where they stand, and how many records of each kind."""
    lead = document.get("lead") or {}
    name = " ".join(str(p) for p in (lead.get("first_name"), lead.get("last_name")) if p) or "—"
    counts = [
        texts.get(locale, "rights.export_count", count=len(rows), label=_label(texts, locale, key))
        for key, rows in document.items()
        if key not in _SUMMARISED and isinstance(rows, list) and rows
    ]
    return texts.get(
        locale,
        "rights.export_summary",
        name=name,
        language=lead.get("language") or "—",
        source=lead.get("source") or "—",
        consent=_label(texts, locale, f"consent_{lead.get('consent_state', 'pending')}"),
        lifecycle=lead.get("lifecycle") or "—",
        temperature=lead.get("temperature") or "—",
        grade=lead.get("fit_grade") or "—",
        counts=", ".join(counts) or "—",
    )


def _label(texts: Texts, locale: str, key: str) -> str:
    full = f"rights.export_labels.{key}"
    return texts.get(locale, full) if full in texts.by_locale.get(locale, {}) else key
