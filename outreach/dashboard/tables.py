"""The numbers behind each chart, as one table shape shared by the HTML page and the CSV download."""
import csv
import io
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """A cell that opens the filtered candidate list; the CSV keeps only the text."""

    text: object
    href: str

    def __str__(self) -> str:
        return str(self.text)


@dataclass
class Table:
    name: str  # the CSV route's table name
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    # Columns (by index) holding text; the rest are numbers, right-aligned on the page.
    text_columns: tuple[int, ...] = (0,)
    footnote: str = ""
    csv_url: str = ""

    def cells(self):
        """Rows as (value, is_text) pairs, for the template."""
        return [[(value, i in self.text_columns) for i, value in enumerate(row)] for row in self.rows]


# Spreadsheet apps run a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value) -> object:
    if isinstance(value, Link):
        value = value.text
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_csv_safe(value) for value in row])
    return out.getvalue()
