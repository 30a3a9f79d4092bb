"""Cells for CSV files that a spreadsheet opens: text never runs as a formula.

OWASP "CSV Injection": a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage
return or a line feed is read by Excel, LibreOffice Calc or Google Sheets as a formula
(``=HYPERLINK("http://evil", "x")``). The fix OWASP gives is a single quote in front, which
makes the spreadsheet show the cell as text. Spreadsheets may drop leading spaces before
they look at the first character, so a trigger after leading whitespace is neutralised too.

Separators and quotes inside a value are the ``csv`` module's job: it quotes such cells, so a
value cannot start a new cell of its own.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe_cell(value: Any) -> str:
    """``value`` as text for one CSV cell, with ``'`` in front if it could start a formula.

    Numbers stay numbers (``-2`` as an int is data, not a formula); ``None`` is empty.
    """
    if value is None:
        return ""
    if isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_safe_row(values: Iterable[Any]) -> list[str]:
    """Every cell of one row through :func:`csv_safe_cell`."""
    return [csv_safe_cell(value) for value in values]


def csv_response(filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]):
    """A CSV download that opens in Excel (semicolons, UTF-8 with a BOM), every cell
    through :func:`csv_safe_row`. ``rows`` may be a lazy iterable: it is written row by row."""
    import csv

    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(csv_safe_row(header))
    for row in rows:
        writer.writerow(csv_safe_row(row))
    return response
