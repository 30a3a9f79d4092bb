"""Every report table as CSV or XLSX: the same header and rows, two encodings."""

from __future__ import annotations

import io
from collections.abc import Sequence

import xlsxwriter
from django.http import HttpResponse

from kundcenter.csv_safety import csv_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(*, name: str, header: Sequence[str], rows: Sequence[Sequence],
                   file_format: str) -> HttpResponse:
    if file_format == "xlsx":
        return _xlsx(name, header, rows)
    return _csv(name, header, rows)


def _csv(name: str, header: Sequence[str], rows: Sequence[Sequence]) -> HttpResponse:
    return csv_response(f"{name}.csv", header, rows)


def _xlsx(name: str, header: Sequence[str], rows: Sequence[Sequence]) -> HttpResponse:
    """Numbers stay numbers; text is never read as a formula (strings_to_formulas off)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    sheet = book.add_worksheet(name[:31])
    bold = book.add_format({"bold": True})
    for column, title in enumerate(header):
        sheet.write_string(0, column, str(title), bold)
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, bool) or value is None:
                sheet.write_string(row_number, column, "" if value is None else str(value))
            elif isinstance(value, int | float):
                sheet.write_number(row_number, column, value)
            else:
                sheet.write_string(row_number, column, str(value))
    sheet.freeze_panes(1, 0)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
