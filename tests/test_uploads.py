"""Hostile uploads: too large, disguised, macro-carrying or zip-bomb files are refused with a
Danish message by both upload pages, and nothing is stored."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from activities.models import Activity, Budget
from amager_partnerskab import spreadsheets
from amager_partnerskab.spreadsheets import SpreadsheetError, read_table
from tests import factories

PLAN_CSV = "nr;aktivitet;ansvarlige;samarbejdspartnere;2021;2022\n1;Natteravne;E1;;100.000;100.000\n"


def workbook_bytes(rows=(("nr", "aktivitet"), (1, "Natteravne"))):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data, *, add=None, replace=None):
    """A copy of the XLSX `data` with members added or replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if replace and info.filename in replace:
                content = replace[info.filename](content)
            target.writestr(info.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def macro_workbook():
    return rezip(workbook_bytes(), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"Attribute VB_Name" * 50})


def macro_content_type_workbook():
    return rezip(
        workbook_bytes(),
        replace={
            "[Content_Types].xml": lambda xml: xml.replace(
                b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
            )
        },
    )


def zip_bomb_workbook():
    # 60 MB of one repeated row packs into well under 1 MB.
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    return rezip(
        workbook_bytes(),
        replace={"xl/worksheets/sheet1.xml": lambda xml: row * (60 * 1024 * 1024 // len(row))},
    )


def ratio_bomb_workbook():
    # Under the total limit, but 1.000 times smaller packed than unpacked.
    return rezip(workbook_bytes(), add={"xl/media/padding.bin": b"\0" * (4 * 1024 * 1024)})


def entity_bomb_workbook():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>'
    )
    return rezip(workbook_bytes(), replace={"xl/worksheets/sheet1.xml": lambda xml: bomb})


def other_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


ATTACKS = {
    "too-large-csv": (
        "plan.csv",
        lambda: PLAN_CSV.encode() + b"2;Fyld;E1;;0;0\n" * 400_000,
        "Filen er for stor",
    ),
    "xlsm-vba-project": ("plan.xlsx", macro_workbook, "indeholder makroer"),
    "xlsm-content-type": ("plan.xlsx", macro_content_type_workbook, "indeholder makroer"),
    "zip-bomb": ("plan.xlsx", zip_bomb_workbook, "fylder unormalt meget"),
    "compression-ratio": ("plan.xlsx", ratio_bomb_workbook, "fylder unormalt meget"),
    "xml-entity-bomb": ("plan.xlsx", entity_bomb_workbook, "kan ikke læses"),
    "pdf-named-csv": ("plan.csv", lambda: b"%PDF-1.7\n1 0 obj<<>>endobj\n", "men en PDF-fil"),
    "png-named-xlsx": ("plan.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "men en PNG-fil"),
    "word-file-named-xlsx": ("plan.xlsx", other_zip, "ikke en Excel-fil"),
    "binary-named-csv": (
        "plan.csv",
        lambda: bytes(range(1, 32)) * 10,
        "hverken en CSV-fil eller en Excel-fil",
    ),
}


@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
def test_read_table_refuses_the_attack(attack):
    name, make, message = ATTACKS[attack]
    with pytest.raises(SpreadsheetError, match=message):
        read_table(SimpleUploadedFile(name, make()))


def test_the_size_limit_is_checked_before_reading():
    class Endless:
        """A stream that never ends and does not know its size, like a chunked upload."""

        read_bytes = 0

        def read(self, size=-1):
            assert size != -1, "the whole stream was requested"
            self.read_bytes += size
            return (b"a;" * (size // 2 + 1))[:size]

    stream = Endless()
    with pytest.raises(SpreadsheetError, match="Filen er for stor"):
        read_table(stream)
    assert stream.read_bytes <= spreadsheets.MAX_UPLOAD_BYTES + 1


def test_a_plain_workbook_and_a_plain_csv_still_read(tmp_path):
    assert read_table(SimpleUploadedFile("x.xlsx", workbook_bytes())).rows[0].values == {
        "nr": "1",
        "aktivitet": "Natteravne",
    }
    assert read_table(SimpleUploadedFile("whatever.txt", PLAN_CSV.encode())).header[0] == "nr"


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.fixture
def plan_partnership(db):
    partnership = factories.PartnershipFactory(first_year=2021, last_year=2022)
    factories.UnitFactory(short_name="E1")
    return partnership


@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
@pytest.mark.parametrize("page", ["activities:plan_import", "indicators:import"])
def test_upload_pages_refuse_the_attack_and_store_nothing(client, plan_partnership, attack, page):
    name, make, message = ATTACKS[attack]
    client.force_login(factories.coordinator_of(plan_partnership))
    histories = (Activity.history.count(), Budget.history.count())

    response = client.post(
        reverse(page, args=[plan_partnership.slug]), {"file": SimpleUploadedFile(name, make())}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored_files() == []
    assert not any(key for key in client.session.keys() if "import" in key)
    assert (Activity.history.count(), Budget.history.count()) == histories
    assert not Activity.objects.filter(partnership=plan_partnership).exists()
