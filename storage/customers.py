"""Existing customers, imported from a CSV export of the CRM."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.ids import TELEGRAM_ID_MAX, parse_id
from storage.models import Customer

COLUMNS = ("telegram_user_id", "username", "company", "account_owner")


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    problems: list[str]


async def import_customers(session: AsyncSession, path: Path, *, now: datetime) -> ImportResult:
    """Add or update customers from a CSV with a header; bad rows are reported, not lost."""
    added = updated = 0
    problems: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [
            c for c in ("telegram_user_id", "username") if c not in (reader.fieldnames or [])
        ]
        if len(missing) == 2:
            return ImportResult(0, 0, [f"{path}:1: needs a telegram_user_id or username column"])
        for line, row in enumerate(reader, start=2):
            raw_id = (row.get("telegram_user_id") or "").strip()
            username = (row.get("username") or "").strip().lstrip("@") or None
            problem = _row_problem(raw_id, username)
            if problem:
                problems.append(f"{path}:{line}: {problem}")
                continue
            user_id = int(raw_id) if raw_id else None
            if user_id is None and username is None:
                problems.append(f"{path}:{line}: no telegram_user_id and no username")
                continue
            existing = await find_customer(session, telegram_user_id=user_id, username=username)
            customer = existing or Customer(imported_at=now)
            customer.telegram_user_id = user_id or customer.telegram_user_id
            customer.username = username or customer.username
            customer.company = (row.get("company") or "").strip() or customer.company
            customer.account_owner = (
                row.get("account_owner") or ""
            ).strip() or customer.account_owner
            if existing is None:
                session.add(customer)
                added += 1
            else:
                updated += 1
            await session.flush()
    return ImportResult(added, updated, problems)


def _row_problem(raw_id: str, username: str | None) -> str | None:
    """Why a row cannot be imported as it is, if it cannot."""
    if raw_id and not (raw_id.isascii() and raw_id.isdigit()):
        return f"telegram_user_id {raw_id[:40]!r} is not a number"
    if raw_id and parse_id(raw_id, TELEGRAM_ID_MAX) is None:
        return f"telegram_user_id {raw_id[:40]!r} is out of range for a Telegram id"
    length = Customer.__table__.c.username.type.length  # type: ignore[attr-defined]
    if username and len(username) > length:
        return f"username {username[:20]!r}… is longer than {length} characters"
    return None


async def find_customer(
    session: AsyncSession, *, telegram_user_id: int | None, username: str | None
) -> Customer | None:
    """The customer with this Telegram id or username, if imported."""
    conditions = []
    if telegram_user_id is not None:
        conditions.append(Customer.telegram_user_id == telegram_user_id)
    if username:
        conditions.append(Customer.username == username.lstrip("@"))
    if not conditions:
        return None
    return await session.scalar(select(Customer).where(or_(*conditions)).limit(1))
