"""Turning an uploaded file into a header and rows of text, whatever spreadsheet made it.

CSV: UTF-8 (with or without the BOM Excel writes), else Windows-1252 / Latin-1; comma,
semicolon or tab delimiters; quoted fields may hold newlines. XLSX: the first sheet, read
in openpyxl's streaming mode. The size limit is checked before anything is parsed.
"""
import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

MAX_BYTES = 50 * 1024 * 1024
BLOCK = 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
# Spreadsheet columns people fill with a whole CV; more than this is not a candidate field.
csv.field_size_limit(1024 * 1024)


class UnreadableFile(ValueError):
    """Said to the recruiter as it is: what is wrong with the file and what to do."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[list[str]]  # each row padded or cut to the header's width


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise UnreadableFile(
            f"The file is {size / 1024 / 1024:.1f} MB; imports take files up to {MAX_BYTES // 1024 // 1024} MB. "
            "Split it into smaller files and import them one after the other."
        )


def _decodes(data: bytes, encoding: str) -> bool:
    """Whether the whole file is valid in `encoding`, checked a block at a time (no copy of the text)."""
    decoder, view = codecs.getincrementaldecoder(encoding)(), memoryview(data)
    try:
        for start in range(0, len(view), BLOCK):
            decoder.decode(view[start:start + BLOCK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def encoding_of(data: bytes) -> tuple[str, str]:
    """(encoding, errors) to read the file with."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "replace"
    if _decodes(data, "utf-8"):
        return "utf-8", "strict"
    if _decodes(data, "cp1252"):  # what Excel on Windows saves as "CSV"
        return "cp1252", "strict"
    return "latin-1", "strict"


def _delimiter(header: str) -> str:
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _fit(row: list[str], width: int) -> list[str]:
    row = [cell.strip() for cell in row[:width]]
    return row + [""] * (width - len(row))


def _csv_table(data: bytes) -> Table:
    # Decoded as it is read, a block at a time: a 50 MB file never sits in memory twice as text.
    encoding, errors = encoding_of(data)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors=errors, newline="")
    header = stream.readline()
    stream.seek(0)
    reader = csv.reader(stream, delimiter=_delimiter(header))
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise UnreadableFile("The file is empty: it needs a header row and at least one candidate.") from None
    except csv.Error as error:
        raise UnreadableFile(f"The file is not a readable CSV ({error}).") from None
    width = len(headers)

    def rows():
        try:
            for row in reader:
                if any(cell.strip() for cell in row):
                    yield _fit(row, width)
        except csv.Error as error:
            # A broken quote swallows the rest of the file: say where it stopped.
            raise UnreadableFile(f"The CSV stops being readable at line {reader.line_num}: {error}.") from None

    return Table(headers, rows())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_table(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"The spreadsheet could not be opened ({error.__class__.__name__}).") from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        headers = [_cell(v).strip() for v in next(values)]
    except StopIteration:
        raise UnreadableFile("The first sheet is empty: it needs a header row and at least one candidate.") from None
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)

    def rows():
        for row in values:
            cells = [_cell(v) for v in row]
            if any(cell.strip() for cell in cells):
                yield _fit(cells, width)
        workbook.close()

    return Table(headers, rows())


def read_table(data: bytes, filename: str) -> Table:
    check_size(len(data))
    name = filename.lower()
    if data.startswith(XLSX_MAGIC):
        table = _xlsx_table(data)
    elif name.endswith((".xlsx", ".xls")):
        raise UnreadableFile("This is not an .xlsx workbook: save it from your spreadsheet as .xlsx or CSV.")
    elif b"\x00" in data[:4096]:
        raise UnreadableFile("This does not look like a CSV or XLSX file. Export it as CSV (UTF-8) and try again.")
    else:
        table = _csv_table(data)
    if not any(table.headers):
        raise UnreadableFile("The first row should name the columns (for example Name, Email, Company).")
    return table
