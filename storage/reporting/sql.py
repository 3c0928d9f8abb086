"""What SQLite and PostgreSQL spell differently, said once: seconds between two times, the
day of a time, a score's bucket; and the window every report query is cut to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Date, Float, Integer, Select, and_, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from storage.models import Lead
from storage.reporting.rows import Window

# A query of any columns (Select is generic over the tuple of its column types).
AnySelect = Select[*tuple[Any, ...]]


class seconds_between(FunctionElement[float]):
    """`later - earlier` in seconds, as a float."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    earlier, later = list(element.clauses)
    # A Julian day as a double is exact to some 20 microseconds: keep milliseconds.
    return (
        f"round((julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)})) * 86400.0, 3)"
    )


@compiles(seconds_between, "postgresql")
def _seconds_postgres(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    earlier, later = list(element.clauses)
    return (
        f"CAST(EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - "
        f"{compiler.process(earlier, **kw)})) AS DOUBLE PRECISION)"
    )


class day_of(FunctionElement[Any]):
    """The day (UTC) a time falls on, as a date ('YYYY-MM-DD' on SQLite)."""

    type = Date()
    inherit_cache = True
    name = "day_of"


@compiles(day_of, "sqlite")
def _day_sqlite(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(day_of, "postgresql")
def _day_postgres(element: day_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC') AS DATE)"


class bucket(FunctionElement[int]):
    """The lower bound of a value's bucket of `width`: floor(value / width) * width."""

    type = Integer()
    inherit_cache = True
    name = "bucket"


@compiles(bucket, "sqlite")
def _bucket_sqlite(element: bucket, compiler: SQLCompiler, **kw: Any) -> str:
    value, width = (compiler.process(c, **kw) for c in element.clauses)
    # CAST truncates towards zero; a negative value below its truncation goes one lower.
    whole = f"CAST(({value}) / ({width}) AS INTEGER)"
    return f"(({whole} - (({value}) < {whole} * ({width}))) * ({width}))"


@compiles(bucket, "postgresql")
def _bucket_postgres(element: bucket, compiler: SQLCompiler, **kw: Any) -> str:
    value, width = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(floor(({value}) / ({width})) * ({width}) AS INTEGER)"


def in_window(window: Window) -> ColumnElement[bool]:
    """The leads a report counts: started (created) in the window, from its source."""
    conditions: list[ColumnElement[bool]] = []
    if window.since is not None:
        conditions.append(Lead.created_at >= window.since)
    if window.until is not None:
        conditions.append(Lead.created_at < window.until)
    if window.source is not None:
        conditions.append(Lead.source == window.source)
    return and_(true(), *conditions)


async def pairs(session: AsyncSession, query: AnySelect) -> dict[Any, Any]:
    """A query of (key, value) rows as a dict."""
    return {key: value for key, value in await session.execute(query)}


def restrict(
    query: AnySelect, lead_id: QueryableAttribute[int] | ColumnElement[int], window: Window
) -> AnySelect:
    """`query` cut to the window's leads; without a join when the window takes every lead."""
    if window == Window():
        return query
    return query.join(Lead, Lead.id == lead_id).where(in_window(window))
