"""Rows as CSV text and as Excel sheets: what the writers of extractions, comparisons and checklists
share."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def csv_text(columns: Sequence[str], rows: Iterable[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def fill_sheet(ws, header: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = (),
               freeze: str = "A2") -> None:
    """A sheet of `rows` under a bold `header`, the header frozen (and the columns left of `freeze`),
    a filter on every column, and the columns `widths` characters wide."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = freeze
    ws.auto_filter.ref = ws.dimensions
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def workbook_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
