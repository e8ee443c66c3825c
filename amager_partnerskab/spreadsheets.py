"""Reading uploaded tables and writing downloads, the one place that knows CSV and XLSX.

Imports read a file with :func:`read_table` and get the same :class:`Table` whatever the
user saved from Excel: XLSX, or CSV in UTF-8 (with or without BOM) or Windows-1252,
separated by ";" or ",". Exports go out through :func:`csv_response` and
:func:`xlsx_response`, which write what Danish Excel opens directly and never a cell that
Excel would run as a formula.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
# Files people pick by mistake; recognised by their first bytes, whatever they are called.
OTHER_FORMATS = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"{\\rtf": "RTF",
    b"\x1f\x8b": "gzip",
    b"7z\xbc\xaf": "7z",
    b"Rar!": "RAR",
    b"MZ": "program (EXE)",
}

# Uploads: plan and indicator files are a few hundred kilobytes at most.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A plan has tens of rows and a year of indicators a few hundred; more is another kind of
# file, and its preview would be too long to read and too slow to confirm.
MAX_DATA_ROWS = 5000
# An XLSX is a zip archive; these bound what unpacking it may cost (zip bombs).
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_XLSX_MEMBERS = 500
MAX_XLSX_RATIO = 100
MACRO_CONTENT_TYPES = (b"macroEnabled", b"vbaProject", b"ms-office.activeX")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A text cell starting with one of these is taken as a formula by Excel and LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# "-" alone (not funded) and plain negative numbers are data, not formulas.
HARMLESS_DASH = re.compile(r"-|-\d[\d.,]*")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SpreadsheetError(Exception):
    """The file cannot be read as a table; the message says why, in Danish."""


@dataclass(frozen=True)
class Row:
    number: int  # as Excel shows it: the header is row 1
    values: dict[str, str]


@dataclass
class Table:
    header: list[str]
    rows: list[Row] = field(default_factory=list)


# --- Reading -------------------------------------------------------------------------------


def read_table(source):
    """Read the first sheet of an XLSX file or a CSV file into a :class:`Table`.

    `source` is a Django UploadedFile, a binary file object or a path. The header is the
    first non-blank row; its names are stripped and lower-cased. Every value is a
    stripped string ("" for an empty cell); blank rows are left out. Raises
    :class:`SpreadsheetError` when the file is empty, broken or not a table, and when it
    is ambiguous: text in two encodings, a formula cell without a saved result, a column
    without a name, or more than :data:`MAX_DATA_ROWS` rows of data.
    """
    data = _read_bytes(source)
    if not data.strip():
        raise SpreadsheetError(_("Filen er tom."))
    if data.startswith(ZIP_MAGIC):
        _check_xlsx_archive(data)
        records = _xlsx_records(data)
    elif data.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            _("Filen er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV, og prøv igen.")
        )
    else:
        for magic, kind in OTHER_FORMATS.items():
            if data.startswith(magic):
                raise SpreadsheetError(
                    _("Filen er hverken en CSV-fil eller en Excel-fil (XLSX), men en %(kind)s-fil.")
                    % {"kind": kind}
                )
        records = _csv_records(data)
    return _table(records)


def _too_large():
    return SpreadsheetError(
        _("Filen er for stor: højst %(limit)s MB. Del den op, eller fjern overflødige ark og rækker.")
        % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
    )


def _check_xlsx_archive(data):
    """Refuse what is not a plain workbook before openpyxl unpacks anything: other zip
    files, workbooks with macros (.xlsm, VBA, ActiveX) and archives that unpack to far
    more than they weigh (zip bombs). Sizes come from the archive's directory, which
    Python's zipfile also enforces while unpacking."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        content_types = (
            archive.read("[Content_Types].xml") if "[Content_Types].xml" in archive.namelist() else b""
        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError) as error:
        raise SpreadsheetError(
            _(
                "Filen ligner en Excel-fil (XLSX), men den kan ikke læses. Gem den igen fra Excel eller som CSV."
            )
        ) from error
    names = {member.filename.lower() for member in members}
    if "xl/workbook.bin" in names:
        raise SpreadsheetError(
            _("Filen er en binær Excel-projektmappe (.xlsb). Gem den som .xlsx eller CSV.")
        )
    if not content_types or "xl/workbook.xml" not in names:
        raise SpreadsheetError(_("Filen er en ZIP-fil, men ikke en Excel-fil (XLSX)."))
    if any(name.endswith("vbaproject.bin") for name in names) or any(
        marker in content_types for marker in MACRO_CONTENT_TYPES
    ):
        raise SpreadsheetError(
            _(
                "Filen indeholder makroer og afvises af sikkerhedshensyn. "
                "Gem den i Excel som almindelig projektmappe (.xlsx) eller som CSV, og prøv igen."
            )
        )
    unpacked = sum(member.file_size for member in members)
    ratio = max((member.file_size / max(member.compress_size, 1) for member in members), default=0)
    if (
        len(members) > MAX_XLSX_MEMBERS
        or unpacked > MAX_XLSX_UNPACKED_BYTES
        or (ratio > MAX_XLSX_RATIO and unpacked > 1024 * 1024)
    ):
        raise SpreadsheetError(
            _(
                "Excel-filen fylder unormalt meget, når den pakkes ud, og afvises af sikkerhedshensyn. "
                "Gem kun de nødvendige rækker i en ny projektmappe eller som CSV."
            )
        )


def _read_bytes(source):
    """The file's bytes, refusing one over :data:`MAX_UPLOAD_BYTES` without reading it all."""
    if isinstance(source, (str, Path)):
        if Path(source).stat().st_size > MAX_UPLOAD_BYTES:
            raise _too_large()
        return Path(source).read_bytes()
    if getattr(source, "size", None) is not None and source.size > MAX_UPLOAD_BYTES:
        raise _too_large()
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read(MAX_UPLOAD_BYTES + 1)
    if hasattr(source, "seek"):
        source.seek(0)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large()
    return data


def _xlsx_records(data):
    """Rows of the first worksheet as lists of strings, numbered as Excel numbers them.

    The workbook is read twice, for the values Excel saved and for the formulas: a formula
    without a saved value (a file written by a program, never opened in Excel) would
    otherwise read as an empty cell."""
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:
        raise SpreadsheetError(
            _(
                "Filen ligner en Excel-fil (XLSX), men den kan ikke læses. Gem den igen fra Excel eller som CSV."
            )
        ) from error
    try:
        if not values.worksheets:
            raise SpreadsheetError(_("Excel-filen indeholder intet regneark."))
        records = []
        limit = _RowLimit()
        value_rows = values.worksheets[0].iter_rows(min_row=1)
        formula_rows = formulas.worksheets[0].iter_rows(min_row=1)
        for number, (cells, formula_cells) in enumerate(zip(value_rows, formula_rows, strict=False), start=1):
            texts = []
            for column, (cell, formula_cell) in enumerate(zip(cells, formula_cells, strict=False), start=1):
                if cell.value is None and _is_formula(formula_cell.value):
                    raise SpreadsheetError(
                        _(
                            "Cellen %(cell)s (række %(row)s, kolonne %(column)s) indeholder en formel uden gemt "
                            "resultat. Åbn filen i Excel, og gem den igen, eller kopiér cellerne, og indsæt "
                            "dem som værdier."
                        )
                        % {
                            "cell": f"{_column_letter(column)}{number}",
                            "row": number,
                            "column": _column_letter(column),
                        }
                    )
                texts.append(_cell_text(cell.value, getattr(cell, "number_format", "")))
            limit.count(number, texts)
            records.append((number, texts))
        return records
    finally:
        values.close()
        formulas.close()


def _is_formula(value):
    return (isinstance(value, str) and value.startswith("=")) or isinstance(
        value, (ArrayFormula, DataTableFormula)
    )


def _column_letter(column):
    """Excel's name for the 1-based column: A, B, …, Z, AA."""
    return get_column_letter(column)


class _RowLimit:
    """Refuses a file as soon as it has more than :data:`MAX_DATA_ROWS` rows of data below
    its header, before the rest is read."""

    def __init__(self):
        self.non_blank = 0

    def count(self, number, cells):
        if any(cells):
            self.non_blank += 1
            if self.non_blank > MAX_DATA_ROWS + 1:  # the header is not data
                raise SpreadsheetError(
                    _(
                        "Filen har mere end %(limit)s rækker med data; række %(row)s er én for meget. "
                        "Del den op i flere filer med højst %(limit)s rækker hver."
                    )
                    % {"limit": number_format(MAX_DATA_ROWS, force_grouping=True), "row": number}
                )


def _cell_text(value, number_format=""):
    """An XLSX cell as the text the importers parse: 335000, 24.2, ja, 2022-05-24, and a
    number formatted as percent as the percent it shows (0.18 → "18 %")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (int, float)) and _is_percent_format(number_format):
        percent = Decimal(repr(value)) * 100
        return format(percent.normalize(), "f") + " %"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # repr gives the shortest exact form; Decimal avoids exponents such as 1e-05.
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _is_percent_format(number_format):
    # A "%" outside quoted text and escapes is Excel's percent: "0%", "0.0%", "0,0 %".
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in unquoted


def _csv_records(data):
    if b"\x00" in data:
        raise SpreadsheetError(_("Filen er hverken en CSV-fil eller en Excel-fil (XLSX)."))
    text = _decode(data)
    if CONTROL_CHARACTERS.search(text):
        # Text files hold no control characters besides tab and line breaks.
        raise SpreadsheetError(_("Filen er hverken en CSV-fil eller en Excel-fil (XLSX)."))
    delimiter = _sniff_delimiter(text)
    limit = _RowLimit()
    records = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            cells = [cell.strip() for cell in cells]
            limit.count(number, cells)
            records.append((number, cells))
        return records
    except csv.Error as error:
        raise SpreadsheetError(
            _("CSV-filen kan ikke læses: %(error)s. Tjek anførselstegn og skilletegn.") % {"error": error}
        ) from error


def _decode(data):
    """UTF-8 (a BOM is dropped), else Windows-1252 as Danish Excel saves "CSV (semikolonsepareret)".

    A file with lines in both, as when rows from two files are pasted together, is refused
    naming the first line that is not in the encoding most of its lines use."""
    has_bom = data.startswith(b"\xef\xbb\xbf")
    if has_bom:
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    utf8_lines, other_lines = [], []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other_lines.append(number)
        else:
            utf8_lines.append(number)
    if utf8_lines:
        if has_bom or len(utf8_lines) >= len(other_lines):
            encoding, line = "UTF-8", other_lines[0]
        else:
            encoding, line = "Windows-1252", utf8_lines[0]
        raise SpreadsheetError(
            _(
                "Filen blander to tegnsæt: den er gemt som %(encoding)s, men linje %(line)s er ikke. "
                "Gem hele filen igen som CSV UTF-8 eller som Excel-fil (XLSX), og prøv igen."
            )
            % {"encoding": encoding, "line": line}
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _("Filens tegnsæt kan ikke genkendes. Gem den som CSV UTF-8 eller som Excel-fil (XLSX).")
        ) from error


def _sniff_delimiter(text):
    """ ";" or "," — whichever occurs more often outside quotes in the first non-blank line."""
    for line in text.splitlines():
        if line.strip():
            unquoted = re.sub(r'"[^"]*"', "", line)
            return ";" if unquoted.count(";") >= unquoted.count(",") and ";" in unquoted else ","
    return ","


def _table(records):
    records = [(number, cells) for number, cells in records if any(cells)]
    if not records:
        raise SpreadsheetError(_("Filen er tom."))
    header_number, header_cells = records[0]
    header = [name.strip().lower() for name in header_cells]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise SpreadsheetError(_("Filen har ingen overskriftsrække."))
    for index, name in enumerate(header):
        if not name:
            raise SpreadsheetError(
                _(
                    "Kolonne %(column)s i overskriftsrækken (række %(row)s) har intet navn. "
                    "Giv kolonnen et navn, eller slet den, og prøv igen."
                )
                % {"column": _column_letter(index + 1), "row": header_number}
            )
    for number, cells in records[1:]:
        for index in range(len(header), len(cells)):
            if cells[index]:
                raise SpreadsheetError(
                    _(
                        "Række %(row)s har en værdi i kolonne %(column)s, som intet navn har i "
                        "overskriftsrækken. Giv kolonnen et navn, eller slet værdien, og prøv igen."
                    )
                    % {"row": number, "column": _column_letter(index + 1)}
                )
    seen = set()
    for name in header:
        if name and name in seen:
            raise SpreadsheetError(
                _("Kolonnen '%(name)s' står mere end én gang i overskriftsrækken (række %(row)s).")
                % {"name": name, "row": header_number}
            )
        seen.add(name)
    rows = []
    for number, cells in records[1:]:
        values = {
            name: (cells[index] if index < len(cells) else "") for index, name in enumerate(header) if name
        }
        if any(values.values()):
            rows.append(Row(number=number, values=values))
    return Table(header=header, rows=rows)


def word_list(words, *, alternative=False):
    """Words as a Danish sentence lists them: "a, b og c", or "a, b eller c"."""
    words = [str(word) for word in words]
    if len(words) < 2:
        return "".join(words)
    values = {"rest": ", ".join(words[:-1]), "last": words[-1]}
    if alternative:
        return _("%(rest)s eller %(last)s") % values
    return _("%(rest)s og %(last)s") % values


def missing_columns_message(names):
    """The header lacks `names`: "Kolonnerne partnerskab, indikator og aar mangler." """
    return ngettext("Kolonnen %(names)s mangler.", "Kolonnerne %(names)s mangler.", len(names)) % {
        "names": word_list(names)
    }


def same_meaning_message(first, second):
    """The header has two names for one column, such as ansvarlig and ansvarlige."""
    return _(
        "Kolonnerne %(first)s og %(second)s betyder det samme, så det er uklart, hvilken der gælder. "
        "Slet den ene, og prøv igen."
    ) % {"first": first, "second": second}


# --- Writing -------------------------------------------------------------------------------


def neutralise(text):
    """Text that Excel cannot mistake for a formula: a leading "'" where it could."""
    if text.startswith(FORMULA_TRIGGERS) and not HARMLESS_DASH.fullmatch(text):
        return "'" + text
    return text


def _export_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        # Danish Excel reads "24,2" as a number; ";" separates the cells, so a comma is safe.
        return format(Decimal(str(value)), "f").replace(".", ",")
    return neutralise(str(value))


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def csv_bytes(header, rows):
    """CSV as Danish Excel opens it: UTF-8 with BOM, ";" between cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_export_text(name) for name in header])
    for row in rows:
        writer.writerow([_export_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()


def csv_response(filename, header, rows):
    """A CSV download (see :func:`csv_bytes`)."""
    return _download(csv_bytes(header, rows), "text/csv; charset=utf-8", filename)


def xlsx_response(filename, header, rows, sheet_title="Data"):
    """An XLSX download (see :func:`xlsx_bytes`)."""
    return _download(xlsx_bytes(header, rows, sheet_title), XLSX_CONTENT_TYPE, filename)


def xlsx_bytes(header, rows, sheet_title="Data"):
    """An XLSX workbook: numbers as numbers (whole kroner with thousands separators),
    dates as dates, text that cannot run as a formula, the header bold and frozen."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value, *, header_cell=False):
        if isinstance(value, bool) or not isinstance(
            value, (int, float, Decimal, datetime.date, datetime.datetime)
        ):
            result = WriteOnlyCell(sheet, value=_export_text(value))
        elif isinstance(value, datetime.datetime):
            naive = timezone.make_naive(value) if timezone.is_aware(value) else value
            result = WriteOnlyCell(sheet, value=naive)
            result.number_format = "dd-mm-yyyy hh:mm"
        elif isinstance(value, datetime.date):
            result = WriteOnlyCell(sheet, value=value)
            result.number_format = "dd-mm-yyyy"
        else:
            result = WriteOnlyCell(sheet, value=value)
            result.number_format = "#,##0" if isinstance(value, int) else "#,##0.0##"
        if header_cell:
            result.font = bold
        return result

    sheet.append([cell(name, header_cell=True) for name in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title):
    # Excel allows 31 characters and none of []:*?/\ in a sheet name.
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()
    return cleaned[:31] or "Data"
