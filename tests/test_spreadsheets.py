import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from amager_partnerskab.spreadsheets import SpreadsheetError, csv_response, read_table, xlsx_response

HEADER = "nr;aktivitet;ansvarlige;2021;2022\r\n"
ROWS = "1;Dialog og værtskab;ØKF;335.000;335000\r\n;Videnspuljen;ØKF;18.000;-\r\n"


def xlsx_bytes(rows, *, title="Ark1"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="plan.csv"):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "content",
    [
        (HEADER + ROWS).encode("utf-8"),
        b"\xef\xbb\xbf" + (HEADER + ROWS).encode("utf-8"),
        (HEADER + ROWS).encode("cp1252"),
        (HEADER + ROWS).replace("335.000", '"335.000"').replace(";", ",").encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "windows-1252-comma"],
)
def test_csv_in_every_encoding_and_delimiter_reads_the_same(content):
    table = read_table(upload(content))

    assert table.header == ["nr", "aktivitet", "ansvarlige", "2021", "2022"]
    assert [row.number for row in table.rows] == [2, 3]
    assert table.rows[0].values == {
        "nr": "1",
        "aktivitet": "Dialog og værtskab",
        "ansvarlige": "ØKF",
        "2021": "335.000",
        "2022": "335000",
    }
    assert table.rows[1].values["nr"] == "" and table.rows[1].values["2022"] == "-"


def test_header_names_are_stripped_and_lower_cased_and_values_stripped():
    table = read_table(upload(b" Nr ; AKTIVITET \n 3 ;  Blaa bane  \n"))
    assert table.header == ["nr", "aktivitet"]
    assert table.rows[0].values == {"nr": "3", "aktivitet": "Blaa bane"}


def test_blank_rows_are_skipped_but_row_numbers_stay_as_in_excel():
    table = read_table(upload(b"nr;aktivitet\n\n1;A\n;\n\n2;B\n"))
    assert [(row.number, row.values["aktivitet"]) for row in table.rows] == [(3, "A"), (6, "B")]


def test_quoted_cell_with_line_break_is_one_row():
    table = read_table(upload(b'nr;aktivitet\n1;"to\nlinjer"\n2;B\n'))
    assert [row.number for row in table.rows] == [2, 3]
    assert table.rows[0].values["aktivitet"] == "to\nlinjer"


def test_short_rows_get_empty_values_for_missing_columns():
    table = read_table(upload(b"nr;aktivitet;2021\n1;A\n"))
    assert table.rows[0].values == {"nr": "1", "aktivitet": "A", "2021": ""}


def test_reads_a_path_and_a_binary_file_object(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes((HEADER + ROWS).encode("utf-8"))
    assert len(read_table(path).rows) == 2
    assert len(read_table(str(path)).rows) == 2
    with path.open("rb") as handle:
        handle.read(5)  # a file that has been read from before is read from the start
        assert len(read_table(handle).rows) == 2


def test_xlsx_is_recognised_by_content_and_numbers_become_parseable_text():
    content = xlsx_bytes(
        [
            ["Nr", "Aktivitet", 2021, 2022, "Værdi", "Signifikant", "Dato"],
            [1, "Dialog", 335000, 335000.0, 24.2, True, datetime.datetime(2022, 5, 24)],
            [None, None, None, None, None, None, None],
            [None, "Videnspuljen", 18000, "-", 0.00001, False, None],
        ]
    )
    table = read_table(upload(content, name="plan.csv"))  # a misleading name does not matter

    assert table.header == ["nr", "aktivitet", "2021", "2022", "værdi", "signifikant", "dato"]
    assert table.rows[0].number == 2
    assert table.rows[0].values == {
        "nr": "1",
        "aktivitet": "Dialog",
        "2021": "335000",
        "2022": "335000",
        "værdi": "24.2",
        "signifikant": "ja",
        "dato": "2022-05-24",
    }
    assert table.rows[1].number == 4
    assert table.rows[1].values["nr"] == ""
    assert table.rows[1].values["værdi"] == "0.00001"


def test_xlsx_reads_the_first_sheet():
    workbook = Workbook()
    workbook.active.append(["nr", "aktivitet"])
    workbook.active.append([7, "God stil"])
    workbook.create_sheet("Andet").append(["x"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(upload(buffer.getvalue()))
    assert table.rows[0].values == {"nr": "7", "aktivitet": "God stil"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Filen er tom."),
        (b"  \r\n\r\n", "Filen er tom."),
        (b";;;\n;;\n", "Filen er tom."),
        (b"PK\x03\x04 not really a workbook", "ligner en Excel-fil"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "gamle Excel-format"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "hverken en CSV-fil eller en Excel-fil"),
        (b"nr;aktivitet;nr\n1;A;2\n", "Kolonnen 'nr' står mere end én gang"),
    ],
    ids=["empty", "whitespace", "only-separators", "broken-xlsx", "xls", "binary", "duplicate-column"],
)
def test_unreadable_files_raise_a_danish_message(content, message):
    with pytest.raises(SpreadsheetError) as error:
        read_table(upload(content))
    assert message in str(error.value)


def test_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hej")
    with pytest.raises(SpreadsheetError, match="Excel-fil"):
        read_table(upload(buffer.getvalue()))


def test_xlsx_without_header_row_is_refused():
    with pytest.raises(SpreadsheetError, match="tom"):
        read_table(upload(xlsx_bytes([[None, None]])))


# --- Writing -------------------------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_csv_response_is_utf8_with_bom_semicolons_and_an_attachment():
    response = csv_response(
        "tryghedsplan-amager.csv",
        ["Nr", "Aktivitet", 2021],
        [[1, "Dialog; kommunikation og værtskab", 335000], ["", "Videnspuljen", "-"], [None, "Ø", 24.2]],
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tryghedsplan-amager.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Nr", "Aktivitet", "2021"],
        ["1", "Dialog; kommunikation og værtskab", "335000"],
        ["", "Videnspuljen", "-"],
        ["", "Ø", "24,2"],
    ]


def test_csv_response_names_a_file_with_danish_letters():
    response = csv_response("tryghedsplan-øst.csv", ["a"], [])
    assert "filename*=utf-8''tryghedsplan-%C3%B8st.csv" in response["Content-Disposition"]


def test_csv_round_trips_through_read_table():
    response = csv_response("x.csv", ["nr", "aktivitet", "2021"], [[1, "Blå bane", 55000], ["", "Møde", "-"]])
    table = read_table(upload(response.content))
    assert [row.values for row in table.rows] == [
        {"nr": "1", "aktivitet": "Blå bane", "2021": "55000"},
        {"nr": "", "aktivitet": "Møde", "2021": "-"},
    ]


def test_csv_response_neutralises_formulas_but_keeps_dashes_and_negative_numbers():
    response = csv_response("x.csv", ["tekst"], [[text] for text in DANGEROUS + ["-", "-12", "-1.289,5", -7]])
    cells = [row[0] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")]

    assert cells[1 : 1 + len(DANGEROUS)] == ["'" + text for text in DANGEROUS]
    assert cells[1 + len(DANGEROUS) :] == ["-", "-12", "-1.289,5", "-7"]


def test_xlsx_response_writes_numbers_as_numbers_and_text_never_as_formulas():
    response = xlsx_response(
        "plan.xlsx",
        ["Nr", "Aktivitet", 2021],
        [[1, "Dialog", 335000], ["", "Videnspuljen", "-"], [None, "=1+1", Decimal("24.2")]]
        + [[None, text, None] for text in DANGEROUS],
        sheet_title="Tryghedsplan: Amager/Vest [2022] med et alt for langt navn",
    )

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="plan.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Tryghedsplan  Amager Vest  2022"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Nr", "Aktivitet", 2021]
    assert values[1] == [1, "Dialog", 335000]
    assert sheet["C2"].data_type == "n" and sheet["C2"].number_format == "#,##0"
    assert values[2] == [None, "Videnspuljen", "-"]
    assert values[3] == [None, "'=1+1", 24.2]
    # Some XML readers turn the carriage return into a line feed (openpyxl without lxml);
    # what matters is the leading "'".
    assert [row[1][:2].replace("\r", "\n") for row in values[4:]] == [
        "'" + text[0].replace("\r", "\n") for text in DANGEROUS
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["A1"].font.bold


def test_xlsx_round_trips_through_read_table():
    response = xlsx_response(
        "x.xlsx", ["nr", "aktivitet", "2021"], [[1, "Blå bane", 55000], [None, "Møde", "-"]]
    )
    table = read_table(upload(response.content, name="x.xlsx"))
    assert [row.values for row in table.rows] == [
        {"nr": "1", "aktivitet": "Blå bane", "2021": "55000"},
        {"nr": "", "aktivitet": "Møde", "2021": "-"},
    ]


def test_exports_write_dates_in_danish_form():
    moment = datetime.date(2022, 5, 24)
    response = csv_response("x.csv", ["dato"], [[moment]])
    assert response.content.decode("utf-8-sig").splitlines()[1] == "24-05-2022"
    workbook = load_workbook(io.BytesIO(xlsx_response("x.xlsx", ["dato"], [[moment]]).content))
    cell = workbook.worksheets[0]["A2"]
    assert cell.is_date and cell.number_format == "dd-mm-yyyy"
