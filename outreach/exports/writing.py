"""Writing an export to a file a chunk at a time: memory stays flat whatever the list's size.

CSV through csv.writer straight to disk; XLSX through openpyxl's write-only mode, which writes
each row out as it is appended instead of keeping a worksheet in memory.
"""
import csv
from pathlib import Path

from .columns import HEADERS, export_rows


def write_csv(queryset, path: Path) -> int:
    rows = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:  # the BOM makes Excel read UTF-8
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for row in export_rows(queryset):
            writer.writerow(row)
            rows += 1
    return rows


def write_xlsx(queryset, path: Path) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Candidates")
    sheet.append(HEADERS)
    rows = 0
    for row in export_rows(queryset):
        sheet.append(row)
        rows += 1
    workbook.save(path)
    return rows


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}
