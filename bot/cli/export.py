"""`leadbot leads export`: consenting leads for a spreadsheet (CSV, xlsx) or a CRM (JSONL)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated

import typer

from bot.cli.common import cli_settings, fail, in_database
from bot.export.table import rows
from bot.export.writers import DELIMITERS, write_csv, write_xlsx
from storage.export_queries import exported_leads
from storage.lead_queries import export_rows

FORMATS = ("csv", "xlsx", "jsonl")


def export_command(
    format: Annotated[str, typer.Option("--format", help="csv, xlsx or jsonl")] = "csv",
    output: Annotated[
        Path | None, typer.Option(help="a file; standard output if left out (not for xlsx)")
    ] = None,
    delimiter: Annotated[
        str, typer.Option(help="CSV only: ';' (German Excel, the default), ',', 'tab' or '|'")
    ] = ";",
) -> None:
    """Leads who consented: flat columns for a spreadsheet (CSV with a byte-order mark, or
    xlsx), or one JSON record per line with the facts as they are stored, for a CRM."""
    _check(format, output, delimiter)
    settings = cli_settings()
    if format == "jsonl":
        records = in_database(settings, export_rows) or []
        with _target(output) as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        count = len(records)
    else:
        columns, table = rows(in_database(settings, exported_leads) or [])
        count = len(table)
        if format == "xlsx" and output is not None:
            with _writable(output):
                write_xlsx(output, columns, table)
        else:
            with _target(output) as handle:
                write_csv(handle, columns, table, DELIMITERS[delimiter])
    if output is not None:
        typer.echo(f"{count} lead(s) written to {output}")


def _check(format: str, output: Path | None, delimiter: str) -> None:
    """Every wrong option is one line before the database is opened (exit status 2, or 1
    for a folder that is not there)."""
    if format not in FORMATS:
        fail(f"--format must be csv, xlsx or jsonl, not {format!r}", 2)
    if delimiter not in DELIMITERS:
        fail(f"--delimiter must be ';', ',', 'tab' or '|', not {delimiter!r}", 2)
    if format == "xlsx" and output is None:
        fail("--format xlsx needs --output FILE.xlsx (it is no text for a terminal)", 2)
    if output is not None and not output.parent.is_dir():
        fail(f"cannot write {output}: there is no folder {output.parent}", 1)


@contextmanager
def _target(output: Path | None) -> Iterator[IO[str]]:
    """Standard output, or the file (UTF-8, line ends as the writer makes them)."""
    if output is None:
        yield sys.stdout
        return
    with _writable(output), output.open("w", encoding="utf-8", newline="") as handle:
        yield handle


@contextmanager
def _writable(output: Path) -> Iterator[None]:
    """A file that cannot be written is one line, not a traceback."""
    try:
        yield
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}", 1)
