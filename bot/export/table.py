"""One flat row per lead: a spreadsheet wants one value per cell, not JSON in a cell.

Headers are English and stable, so a CRM mapping keeps working; facts this module does not
know (a slot added later) get a column named by their slot, so a new slot appears without a
change here. The contact details asked before a handover have columns of their own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.qualify.vocabulary import FactKind
from storage.export_queries import ExportedLead

Cell = str | int | float | datetime | None

LEAD_COLUMNS = (
    "lead id",
    "name",
    "username",
    "company",
    "language",
    "source",
    "persona",
    "stage",
    "temperature",
    "lifecycle",
    "fit",
    "fit score",
    "engagement",
    "sales ready",
    "customer",
)
FACT_COLUMNS = (
    "budget status",
    "budget min",
    "budget max",
    "budget currency",
    "budget period",
    "timeframe",
    "timeframe date",
    "company size",
    "authority",
    "role",
    "need",
    "email",
    "phone",
    "contact",
)
TAIL_COLUMNS = ("consent", "consent date", "marketing", "rep", "handover status", "meeting")
# Facts with columns of their own above; every other slot becomes a column by its name.
KNOWN_FACTS = frozenset({*FactKind, "company"})


def yes_no(value: object) -> str:
    """Spreadsheets and people read yes/no, not True/False."""
    return "yes" if value else "no"


def headers(leads: list[ExportedLead]) -> list[str]:
    """The columns, with one for each other fact slot any lead has, in name order."""
    extra = sorted({kind for item in leads for kind in item.facts} - KNOWN_FACTS)
    return [*LEAD_COLUMNS, *FACT_COLUMNS, *extra, *TAIL_COLUMNS]


def rows(leads: list[ExportedLead]) -> tuple[list[str], list[list[Cell]]]:
    """The headers and one row per lead, cells typed (numbers stay numbers)."""
    columns = headers(leads)
    cells = [_cells(item) for item in leads]
    return columns, [[row.get(column) for column in columns] for row in cells]


def _cells(item: ExportedLead) -> dict[str, Cell]:
    lead, facts = item.lead, item.facts
    name = " ".join(part for part in (lead.first_name, lead.last_name) if part)
    company = facts.get("company") or item.customer_company
    cells: dict[str, Cell] = {
        "lead id": lead.id,
        "name": name or None,
        "username": f"@{lead.username}" if lead.username else None,
        "company": _text(company),
        "language": lead.language,
        "source": lead.source,
        "persona": lead.persona,
        "stage": lead.stage,
        "temperature": lead.temperature,
        "lifecycle": lead.lifecycle,
        "fit": lead.fit_grade,
        "fit score": _number(lead.fit_score),
        "engagement": round(lead.engagement_score, 1),
        "sales ready": yes_no(lead.sales_ready),
        "customer": yes_no(lead.is_customer or facts.get(FactKind.CUSTOMER)),
        "consent": lead.consent_state,
        "consent date": item.consent_at,
        "marketing": yes_no(lead.marketing_allowed),
        "rep": item.rep,
        "handover status": item.handover_status,
        "meeting": item.meeting_at,
    }
    cells |= _fact_cells(facts)
    cells |= {kind: _text(value) for kind, value in facts.items() if kind not in KNOWN_FACTS}
    return cells


def _fact_cells(facts: dict[str, Any]) -> dict[str, Cell]:
    budget = _mapping(facts.get(FactKind.BUDGET))
    timeframe = _mapping(facts.get(FactKind.TIMEFRAME))
    return {
        "budget status": budget.get("status"),
        "budget min": _number(budget.get("min")),
        "budget max": _number(budget.get("max")),
        "budget currency": budget.get("currency"),
        "budget period": budget.get("period"),
        "timeframe": timeframe.get("bucket"),
        "timeframe date": timeframe.get("date"),
        "company size": _size(_mapping(facts.get(FactKind.COMPANY_SIZE))),
        "authority": _text(facts.get(FactKind.AUTHORITY)),
        "role": _text(facts.get(FactKind.ROLE)),
        "need": _text(facts.get(FactKind.NEED)),
        "email": _text(facts.get(FactKind.EMAIL)),
        "phone": _text(facts.get(FactKind.PHONE)),
        "contact": _text(facts.get(FactKind.CONTACT)),
    }


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _number(value: object) -> int | float | None:
    """A whole number as an int (a spreadsheet shows 40000, not 40000.0)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if float(value).is_integer() else float(value)


def _size(size: dict[str, Any]) -> int | float | str | None:
    """40 people as the number 40; a range as the text "10-50"."""
    low, high = _number(size.get("min")), _number(size.get("max"))
    if low is None and high is None:
        return None
    if low == high or high is None:
        return low
    return f"{low if low is not None else ''}-{high}"


def _text(value: object) -> str | None:
    """A fact's value as text: yes/no for a flag, the parts of a mapping joined."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dict):
        return ", ".join(f"{key} {item}" for key, item in value.items() if item is not None)
    return str(value)
