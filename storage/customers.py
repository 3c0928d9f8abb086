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


DELIMITERS = ",;\t"
SHOWN = {"\t": "tab"}


@dataclass(frozen=True)
class ImportResult:
    """What an import did, and what it read: so a wrong file is recognised at once."""

    added: int
    updated: int
    problems: list[str]
    rows: int = 0
    delimiter: str = ","
    columns: tuple[str, ...] = ()

    def summary(self) -> str:
        """`read 12 rows, delimiter ';', columns: telegram_user_id, company`."""
        shown = SHOWN.get(self.delimiter, self.delimiter)
        return f"read {self.rows} rows, delimiter {shown!r}, columns: {', '.join(self.columns)}"


def sniff_delimiter(sample: str) -> str:
    """Comma, semicolon (German Excel) or tab, whichever the header line is split by."""
    header = sample.splitlines()[0] if sample else ""
    by_header = max(DELIMITERS, key=header.count)
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return by_header
    # A company "Müller, Berg & Co" in a semicolon file can fool the sniffer; the header not.
    return sniffed if sniffed in header or by_header not in header else by_header


async def import_customers(session: AsyncSession, path: Path, *, now: datetime) -> ImportResult:
    """Add or update customers from a CSV with a header (delimiter detected); bad rows are
    reported, not lost."""
    added = updated = 0
    problems: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        delimiter = sniff_delimiter(handle.read(8192))
        handle.seek(0)
        reader = csv.DictReader(handle, delimiter=delimiter)
        columns = tuple(name.strip() for name in reader.fieldnames or [])
        reader.fieldnames = list(columns)
        if not {"telegram_user_id", "username"} & set(columns):
            seen = ", ".join(columns) or "none"
            problem = f"{path}:1: needs a telegram_user_id or username column; found: {seen}"
            return ImportResult(0, 0, [problem], 0, delimiter, columns)
        line = 1
        for line, row in enumerate(reader, start=2):
            outcome = await _import_row(session, row, now)
            if outcome in ("added", "updated"):
                added, updated = added + (outcome == "added"), updated + (outcome == "updated")
            else:
                problems.append(f"{path}:{line}: {outcome}")
    return ImportResult(added, updated, problems, line - 1, delimiter, columns)


async def _import_row(session: AsyncSession, row: dict[str, str], now: datetime) -> str:
    """"added", "updated", or what is wrong with the row."""
    raw_id = (row.get("telegram_user_id") or "").strip()
    username = (row.get("username") or "").strip().lstrip("@") or None
    problem = _row_problem(raw_id, username)
    if problem:
        return problem
    user_id = int(raw_id) if raw_id else None
    if user_id is None and username is None:
        return "no telegram_user_id and no username"
    existing = await find_customer(session, telegram_user_id=user_id, username=username)
    customer = existing or Customer(imported_at=now)
    customer.telegram_user_id = user_id or customer.telegram_user_id
    customer.username = username or customer.username
    customer.company = (row.get("company") or "").strip() or customer.company
    customer.account_owner = (row.get("account_owner") or "").strip() or customer.account_owner
    if existing is None:
        session.add(customer)
    await session.flush()
    return "added" if existing is None else "updated"


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
