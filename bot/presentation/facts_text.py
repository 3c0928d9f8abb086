"""Facts written out in the prospect's language: "bis 50.000 EUR im Monat", "40 people"."""

from __future__ import annotations

import html
from typing import Any

from bot.content.texts import Texts


def number(value: float, locale: str) -> str:
    """15000 → "15,000" (en) or "15.000" (de); decimals kept where they matter."""
    text = f"{value:,.2f}" if value != int(value) else f"{int(value):,}"
    return text.translate(str.maketrans(",.", ".,")) if locale == "de" else text


def fact_text(texts: Texts, locale: str, kind: str, value: Any) -> str:
    """One fact value as safe HTML."""
    if kind == "budget":
        return _budget(texts, locale, value)
    if kind == "company_size":
        return texts.raw(locale, "facts.people", size=_range(texts, locale, value))
    if kind == "timeframe":
        return texts.get(locale, f"facts.timeframe_values.{value.get('bucket')}")
    if kind == "authority":
        return texts.get(locale, f"facts.authority_values.{value}")
    if kind == "role":
        return texts.get(locale, f"facts.role_values.{value}")
    if kind == "need":
        need = str(value.get("text", "")) if isinstance(value, dict) else str(value)
        return "“" + html.escape(need[:80] + ("…" if len(need) > 80 else ""), quote=False) + "”"
    return html.escape(str(value), quote=False)


def _budget(texts: Texts, locale: str, value: dict[str, Any]) -> str:
    status = value.get("status")
    if status != "known":
        return texts.get(locale, f"facts.budget_{status}")
    amount = _range(texts, locale, value)
    if value.get("currency"):
        amount += f" {value['currency']}"
    period = {"month": "facts.per_month", "year": "facts.per_year", "once": "facts.once"}.get(
        value.get("period") or ""
    )
    return f"{amount} {texts.get(locale, period)}" if period else amount


def _range(texts: Texts, locale: str, value: dict[str, Any]) -> str:
    low, high = value.get("min"), value.get("max")
    if low is not None and high is not None and low != high:
        return texts.raw(
            locale, "facts.between", low=number(low, locale), high=number(high, locale)
        )
    if low is None and high is not None:
        return texts.raw(locale, "facts.up_to", high=number(high, locale))
    if high is None and low is not None:
        return texts.raw(locale, "facts.at_least", low=number(low, locale))
    return number(low if low is not None else 0, locale)
