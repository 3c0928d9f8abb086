"""Writing the flat export: CSV for spreadsheets and xlsx with typed cells.

CSV starts with a UTF-8 byte-order mark, or Excel reads umlauts as Latin-1. With ';' (the
list separator of German Excel, our default) decimals are written with a comma as well, so
12,5 is a number there; with any other delimiter they keep the point.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from bot.export.table import Cell

BOM = "\ufeff"
DELIMITERS = {";": ";", ",": ",", "tab": "\t", "\\t": "\t", "\t": "\t", "|": "|"}
DATE_FORMAT = "%Y-%m-%d %H:%M"


def csv_cell(value: Cell, decimal: str) -> str:
    """One cell as CSV text: times in UTC to the minute, decimals with `decimal`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime(DATE_FORMAT)
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    return str(value)


def write_csv(
    handle: IO[str], columns: Sequence[str], rows: Sequence[Sequence[Cell]], delimiter: str
) -> None:
    """The header and rows, with a byte-order mark first."""
    decimal = "," if delimiter == ";" else "."
    handle.write(BOM)
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(value, decimal) for value in row])


def write_xlsx(path: Path, columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """One sheet "leads": bold header, numbers as numbers, times as dates (UTC)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = "leads"
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    book.save(path)


def _xlsx_cell(value: Cell) -> Cell:
    """xlsx has no time zones: times are written as UTC without one."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    return value
