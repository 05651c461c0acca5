import io

import pytest
from openpyxl import Workbook

from outreach.imports.models import file_pack, file_unpack
from outreach.imports.reading import MAX_BYTES, UnreadableFile, read_table


def _read(data: bytes, filename="people.csv"):
    table = read_table(data, filename)
    return table.headers, list(table.rows)


def test_utf8_with_the_bom_excel_writes():
    assert _read("\ufeffName,Email\nZoë,zoe@example.com\n".encode()) == (
        ["Name", "Email"], [["Zoë", "zoe@example.com"]])


def test_latin1_and_windows_1252():
    assert _read("Name;Email\nJosé Müller;jose@example.com\n".encode("latin-1"))[1] == [
        ["José Müller", "jose@example.com"]]
    assert _read("Name,Note\nAda,“quoted” – dash\n".encode("cp1252"))[1] == [["Ada", "“quoted” – dash"]]


def test_semicolons_tabs_and_quoted_newlines():
    assert _read(b'Name;Email;Notes\n"Smith; Jo";jo@example.com;"line one\nline two"\n')[1] == [
        ["Smith; Jo", "jo@example.com", "line one\nline two"]]
    assert _read(b"Name\tEmail\nAda\tada@example.com\n")[1] == [["Ada", "ada@example.com"]]


def test_short_rows_are_padded_long_ones_cut_and_blank_ones_dropped():
    assert _read(b"Name,Email,Company\nAda\n\n,,\nBob,b@example.com,X,extra\n")[1] == [
        ["Ada", "", ""], ["Bob", "b@example.com", "X"]]


def test_xlsx_first_sheet():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Email", "Phone", None])
    sheet.append(["Ada", "ada@example.com", 4420123456.0, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _read(buffer.getvalue(), "people.xlsx") == (
        ["Name", "Email", "Phone"], [["Ada", "ada@example.com", "4420123456"]])


def test_a_file_over_the_limit_is_refused_with_its_size():
    with pytest.raises(UnreadableFile, match=r"The file is 50\.0 MB; imports take files up to 50 MB"):
        read_table(b"x" * (MAX_BYTES + 1), "big.csv")


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"", "empty.csv", "The file is empty"),
    (b"\x00\x01\x02binary", "photo.csv", "does not look like a CSV"),
    (b"Name,Email\n", "old.xls", "not an .xlsx workbook"),
    (b"PK\x03\x04broken", "broken.xlsx", "could not be opened"),
])
def test_unreadable_files_say_what_is_wrong(data, filename, message):
    with pytest.raises(UnreadableFile, match=message):
        _read(data, filename)


def test_the_upload_is_kept_compressed_and_read_back_as_it_came():
    data = ("Name,Email\n" + "".join(f"Person {n},p{n}@example.com\n" for n in range(2000))).encode()
    stored = file_pack(data)
    assert len(stored) < len(data) / 3
    assert file_unpack(memoryview(stored)) == data  # the database hands back a memoryview
    # A run uploaded before uploads were compressed still reads as it came, CSV or XLSX.
    assert file_unpack(memoryview(data)) == data
    assert file_unpack(b"PK\x03\x04rest") == b"PK\x03\x04rest"
