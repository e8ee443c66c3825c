"""The committee package: the partnerships' finals for one year as numbered bilag, a cover
overview whose statuses are the appendices' own, and a manifest of SHA-256 sums."""

import hashlib
import io
import json
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from activities.models import StatusResponse
from indicators import committee
from indicators import report as report_data
from indicators.models import StatusReport
from indicators.services import goals_create_standard
from indicators.summary import indicator_summary
from tests import factories


def pdf_text(content):
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


@pytest.fixture
def second(db):
    """Tingbjerg-Husum: goals, one approved answer in 2022, its report labelled Bilag 2."""
    partnership = factories.PartnershipFactory(name="Tingbjerg-Husum Partnerskab", slug="tingbjerg")
    goals_create_standard(partnership=partnership)
    unit = factories.UnitFactory()
    activity = factories.ActivityFactory(partnership=partnership, number=1, responsible_units=[unit])
    round_ = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    factories.StatusResponseFactory(round=round_, activity=activity, status=StatusResponse.Status.APPROVED)
    StatusReport.objects.create(partnership=partnership, year=2022, appendix_label="Bilag 2")
    return partnership


def export_final(partnership):
    report = report_data.report_for(partnership, 2022)
    export, _created = report_data.status_report_export(report=report, acting_user=None)
    return export


def test_the_year_page_shows_every_partnership_and_what_the_package_lacks(client, demo, second):
    outside = factories.PartnershipFactory(
        name="Folehaven Partnerskab", slug="folehaven", first_year=2023, last_year=2026
    )
    client.force_login(factories.administrator())
    html = client.get(reverse("indicators:reporting_year", args=[2022])).content.decode()
    assert html.index("Amager Partnerskab") < html.index("Tingbjerg-Husum Partnerskab")
    assert "Aftalen dækker ikke 2022 (planperiode 2023–2026)." in html
    problems = html.split('data-testid="package-problems"')[1].split("</div>")[0]
    assert "Amager Partnerskab har ingen endelig rapport for 2022." in problems
    assert "Tingbjerg-Husum Partnerskab har ingen endelig rapport for 2022." in problems
    for goal in indicator_summary(demo, 2022).goals:
        if goal.status:
            assert goal.status.reason in html
    assert outside.name in html
    refused = client.post(reverse("indicators:reporting_year_package", args=[2022]))
    assert refused.status_code == 409 and "har ingen endelig rapport" in refused.content.decode()


def test_the_package_holds_the_finals_byte_for_byte_numbered_with_the_appendices_own_figures(
    client, demo, second
):
    finals = [export_final(demo), export_final(second)]
    client.force_login(factories.administrator())

    response = client.post(reverse("indicators:reporting_year_package", args=[2022]))

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names[:2] == [f"Bilag 1 - {finals[0].filename}", f"Bilag 2 - {finals[1].filename}"]
    for name, final in zip(names, finals, strict=False):
        assert archive.read(name) == final.read_bytes()  # byte-identical to the archive
        assert hashlib.sha256(archive.read(name)).hexdigest() == final.sha256
    manifest = json.loads(archive.read("manifest.json"))
    assert {entry["navn"]: entry["sha256"] for entry in manifest["filer"]} == {
        name: hashlib.sha256(archive.read(name)).hexdigest() for name in names if name != "manifest.json"
    }
    assert [entry["partnerskab"] for entry in manifest["bilag"]] == [demo.name, second.name]
    overview = pdf_text(archive.read("Oversigt over mål 2022.pdf"))
    assert "UDKAST" not in overview
    word = Document(io.BytesIO(archive.read("Oversigt over mål 2022.docx")))
    word_cells = {cell.text for row in word.tables[0].rows for cell in row.cells}
    assert f"Bilag 2: {second.name}" in word_cells
    # Every status and the numbers behind it, as each appendix prints them.
    for partnership, final in ((demo, finals[0]), (second, finals[1])):
        appendix = pdf_text(final.read_bytes())
        assert ("Bilag 1" if partnership == demo else "Bilag 2") in appendix[:400]
        for goal in indicator_summary(partnership, 2022).goals:
            if goal.status:
                assert goal.status.reason in overview, goal.label
                assert any(goal.status.reason in text for text in word_cells), goal.label
                assert goal.status.reason in appendix, goal.label


def test_a_draft_package_fills_in_what_is_missing_marked_udkast(client, demo, second):
    export_final(demo)
    client.force_login(factories.administrator())
    response = client.post(reverse("indicators:reporting_year_package", args=[2022]), {"udkast": "1"})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "Bilag 2 - udkast-tingbjerg-2022.pdf" in archive.namelist()
    assert "UDKAST" in pdf_text(archive.read("UDKAST - Oversigt over mål 2022.pdf"))
    assert "UDKAST" in pdf_text(archive.read("Bilag 2 - udkast-tingbjerg-2022.pdf"))
    assert json.loads(archive.read("manifest.json"))["udkast"] is True


def test_a_final_labelled_for_another_place_blocks_the_package(demo, second):
    export_final(demo)
    export_final(second)
    StatusReport.objects.filter(partnership=demo, year=2022).update(appendix_label="Bilag 3")
    rows = committee.reporting_year([demo, second], 2022)
    assert [row.partnership for row in rows] == [second, demo]  # the labels decide the order
    assert committee.package_problems(rows) == [
        "Tingbjerg-Husum Partnerskab: den endelige rapport er ikke mærket «Bilag 1». Ret bilagsbetegnelsen på "
        "rapportsiden og eksportér en ny version.",
        "Amager Partnerskab: den endelige rapport er ikke mærket «Bilag 2». Ret bilagsbetegnelsen på "
        "rapportsiden og eksportér en ny version.",
    ]


def test_the_command_writes_the_package_or_says_what_is_missing(demo, second, tmp_path):
    with pytest.raises(CommandError, match="Tingbjerg-Husum Partnerskab har ingen endelig rapport for 2022"):
        call_command("export_committee_package", "--year", "2022", "--output", str(tmp_path / "final"))
    out = io.StringIO()
    call_command(
        "export_committee_package",
        "--year",
        "2022",
        "--output",
        str(tmp_path / "udkast"),
        "--draft",
        stdout=out,
    )
    assert "Bilag 2: Tingbjerg-Husum Partnerskab (Udkast)" in out.getvalue()
    assert sorted(p.name for p in (tmp_path / "udkast").iterdir()) == [
        "Bilag 1 - udkast-amager-2022.pdf",
        "Bilag 2 - udkast-tingbjerg-2022.pdf",
        "UDKAST - Oversigt over mål 2022.docx",
        "UDKAST - Oversigt over mål 2022.pdf",
        "manifest.json",
    ]


def test_readers_see_only_their_partnerships(client, demo, second):
    reader = factories.reader_of(second)
    client.force_login(reader)
    html = client.get(reverse("indicators:reporting_year", args=[2022])).content.decode()
    assert "Tingbjerg-Husum Partnerskab" in html and "Amager Partnerskab" not in html
