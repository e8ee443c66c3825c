"""The appendix as DOCX: the demo's numbers, sentences and four tables as the PDF's context
holds them, real headings, repeated table headers, Tabel 4 in landscape, the draft mark,
the downloads and the command; and LibreOffice opens the file."""

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from activities.models import StatusResponse
from indicators import report as report_data
from indicators import report_docx
from indicators.models import StatusReport
from indicators.report_docx import build_template
from tests import factories

TITLE = "Status på tryghed og kriminalitet for Amager Partnerskab"


@pytest.fixture(scope="module")
def demo_documents(demo_once, django_db_blocker):
    """The demo's 2022 report context, and the DOCX made of it as a draft and as a final;
    built once for the module."""
    with django_db_blocker.unblock(), translation.override("da"):
        report = StatusReport.objects.get(partnership=demo_once, year=2022)
        context = report_data.report_context(report, draft=True, charts=False)
        draft = report_docx.context_to_docx(context)
        final = report_docx.render_report_docx(report, draft=False, version=3)
    return context, draft, final


@pytest.fixture
def context(demo_documents):
    return demo_documents[0]


@pytest.fixture
def document(demo_documents):
    return Document(io.BytesIO(demo_documents[1]))


def blocks(document):
    """The body's paragraphs and tables in order."""
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document)
        elif child.tag == qn("w:tbl"):
            yield Table(child, document)


def captioned_tables(document):
    """{"Tabel 1": table, …}: each table under the caption that names it."""
    tables, caption = {}, ""
    for block in blocks(document):
        if isinstance(block, Paragraph) and block.style.name == "Caption":
            caption = block.text
        elif isinstance(block, Table) and caption.startswith("Tabel"):
            tables[caption.split(":")[0]] = block
            caption = ""
    return tables


def cell_texts(row):
    """The row's cells once each (a merged cell is listed once per grid column by python-docx)."""
    texts, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            texts.append(cell.text)
    return texts


def is_header(row):
    properties = row._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def all_text(document):
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def test_the_four_tables_hold_the_rows_of_the_report_context(document, context):
    tables = captioned_tables(document)
    assert sorted(tables) == ["Tabel 1", "Tabel 2", "Tabel 3", "Tabel 4"]
    crime = context["indicators"]["crime"]

    table_1 = tables["Tabel 1"].rows
    assert cell_texts(table_1[0])[2:4] == [f"{crime['baseline_year']} (baseline)", str(crime["year"])]
    assert [cell_texts(row) for row in table_1[1:]] == [
        [row["label"], row["goal"], row["baseline"], row["current"], row["change"], row["status"]]
        for row in crime["goal_rows"]
    ]

    table_2 = tables["Tabel 2"].rows
    total = crime["monitoring_total"]
    assert [cell_texts(row) for row in table_2[1:]] == [
        [row["label"], row["baseline"], row["current"], row["change"]] for row in crime["monitoring_rows"]
    ] + [["Total", total["baseline"], total["current"], total["change"]]]

    plan = context["plan"]
    table_3 = tables["Tabel 3"].rows
    assert cell_texts(table_3[0]) == ["NR.", "AKTIVITET", "FINANSIERING (KR.)"]
    assert cell_texts(table_3[1])[2:] == [str(year) for year in plan.years]
    assert [cell_texts(row) for row in table_3[2:-1]] == [
        [row.number, row.title, *row.cells] for row in plan.rows
    ]
    assert cell_texts(table_3[-1]) == ["SUM (KR.)", *plan.totals]
    assert "1.289.000" in plan.totals  # the seed's sum for 2021

    table_4 = tables["Tabel 4"].rows
    midterm = context["midterm"]
    assert len(table_4) == len(midterm) + 1
    for row, answer in zip(table_4[1:], midterm, strict=True):
        activity, responsible, *answers = cell_texts(row)
        assert activity.startswith(answer.activity) and responsible == answer.responsible
        deliverables = [line for block in answer.deliverables for line in block.lines]
        assert deliverables and all(line in answers[1] for line in deliverables)


def test_the_generated_sentences_meta_block_and_commentary_are_there(document, context):
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    indicators = context["indicators"]
    sentences = [
        *(paragraph for measure in indicators["safety"] for paragraph in measure["paragraphs"]),
        *indicators["crime"]["paragraphs"],
        *indicators["crime"]["monitoring_paragraphs"],
        *indicators["collaboration_sentences"],
        *indicators["plan_sentences"],
        *(measure["source"] for measure in indicators["safety"]),
        indicators["crime"]["table1_source"],
        indicators["crime"]["figure3_source"],
        indicators["crime"]["table2_source"],
    ]
    assert [sentence for sentence in sentences if sentence not in paragraphs] == []
    report = context["report"]
    assert report.crime_commentary in paragraphs
    assert report.plan_commentary in paragraphs
    text = all_text(document)
    for value in ("24-05-2022", "2022 - 7384", "1356296", "2022-0154726", "Tone Schnell DiBona"):
        assert value in text
    for group in context["goals"]:
        assert group.text in paragraphs and all(bullet in paragraphs for bullet in group.bullets)
    for row in context["goal_overview"]:
        assert row.reason in text


def test_headings_use_the_built_in_heading_styles(document, context):
    headings = {1: [], 2: [], 3: []}
    for paragraph in document.paragraphs:
        style = paragraph.style
        if style.style_id in ("Heading1", "Heading2", "Heading3"):
            headings[int(style.style_id[-1])].append(paragraph.text)
    assert headings[1] == [TITLE]
    assert headings[2] == [
        "1. Udviklingen i tryghed",
        "2. Udviklingen i kriminalitet",
        "3. Samarbejde på tværs",
        "Tryghedsplan for Amager Partnerskab og midtvejsstatus på tryghedsplanens aktiviteter",
    ]
    assert headings[3] == [m["heading"] for m in context["indicators"]["safety"]] + [
        "Årlig monitorering på udvalgte gerningstyper"
    ]


def test_table_headers_repeat_and_tabel_4_is_landscape(document):
    tables = captioned_tables(document)
    for name, header_rows in (("Tabel 1", 1), ("Tabel 2", 1), ("Tabel 3", 2), ("Tabel 4", 1)):
        rows = tables[name].rows
        assert [is_header(row) for row in rows[: header_rows + 1]] == [True] * header_rows + [False], name
    portrait, landscape = document.sections
    assert portrait.orientation == WD_ORIENT.PORTRAIT and portrait.page_width < portrait.page_height
    assert landscape.orientation == WD_ORIENT.LANDSCAPE and landscape.page_width > landscape.page_height
    # The section break comes after Tabel 3 and before Tabel 4's caption.
    order = []
    for block in blocks(document):
        if isinstance(block, Paragraph) and block._p.pPr is not None and block._p.pPr.sectPr is not None:
            order.append("break")
        elif isinstance(block, Table):
            order += [name for name, table in tables.items() if table._tbl is block._tbl]
    assert order == ["Tabel 1", "Tabel 2", "Tabel 3", "break", "Tabel 4"]


def test_figures_are_pictures_with_their_values_as_alt_text(demo_documents, document):
    assert len(document.inline_shapes) == 3
    with zipfile.ZipFile(io.BytesIO(demo_documents[1])) as archive:
        body = archive.read("word/document.xml").decode()
        pictures = [name for name in archive.namelist() if name.startswith("word/media/")]
    assert len(pictures) == 3 and all(name.endswith(".png") for name in pictures)
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    assert len(descriptions) == 3
    assert descriptions[0].startswith("Andel utrygge i nabolaget.") and "2022: Område 17 %" in descriptions[0]
    assert "24,2" in descriptions[2] and "26,0" in descriptions[2]


def test_a_draft_is_marked_and_a_final_is_not(demo_documents, document):
    banner = "UDKAST – ikke endelig"
    assert banner in [paragraph.text for paragraph in document.paragraphs]
    assert banner in document.sections[0].header.paragraphs[0].text
    final = Document(io.BytesIO(demo_documents[2]))
    assert "UDKAST" not in all_text(final)
    assert "UDKAST" not in final.sections[0].header.paragraphs[0].text
    assert "endelig version 3" in final.sections[0].footer.paragraphs[0].text
    assert final.core_properties.title == "Status på tryghed og kriminalitet for Amager Partnerskab 2022"


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice Writer er ikke installeret")
def test_libreoffice_opens_the_docx(demo_documents, tmp_path):
    source = tmp_path / "statusrapport.docx"
    source.write_bytes(demo_documents[1])
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/profil",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "statusrapport.pdf"
    assert pdf.exists()
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    squashed = " ".join(text.split())
    assert TITLE in squashed
    assert "Tabel 4: Midtvejsstatus" in squashed


# --- Downloads and the command -----------------------------------------------------------


@pytest.fixture
def approved_round(partnership):
    round_ = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    factories.StatusResponseFactory(
        round=round_,
        activity=factories.ActivityFactory(partnership=partnership, number=1),
        complete=True,
        status=StatusResponse.Status.APPROVED,
    )
    return round_


def test_the_draft_downloads_as_docx(client, coordinator, partnership):
    client.force_login(coordinator)
    response = client.get(reverse("indicators:report_docx", args=[partnership.slug, 2022]))
    assert response["Content-Type"] == report_docx.CONTENT_TYPE
    assert f"statusrapport-{partnership.slug}-2022-udkast.docx" in response["Content-Disposition"]
    assert "UDKAST – ikke endelig" in all_text(Document(io.BytesIO(response.content)))


def test_a_final_downloads_as_docx_while_the_data_give_its_content(
    client, coordinator, partnership, approved_round
):
    report = StatusReport.objects.create(partnership=partnership, year=2022, f2_case_number="2022 - 1")
    export, _created = report_data.status_report_export(report=report, acting_user=coordinator)
    client.force_login(coordinator)
    url = reverse("indicators:report_download_docx", args=[export.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert f"statusrapport-{partnership.slug}-2022-v1.docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert "2022 - 1" in all_text(document) and "UDKAST" not in all_text(document)
    assert "endelig version 1" in document.sections[0].footer.paragraphs[0].text

    report.f2_case_number = "2022 - 2"
    report.save()
    refused = client.get(url)
    assert refused.status_code == 409
    assert "Word-udgaven kan ikke dannes" in refused.content.decode()


def test_command_writes_docx_for_a_docx_output(db, tmp_path, partnership):
    output = tmp_path / "udkast.docx"
    call_command(
        "export_status_report",
        partnership=partnership.slug,
        year=2022,
        output=str(output),
        draft=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    document = Document(str(output))
    assert document.paragraphs and "UDKAST – ikke endelig" in all_text(document)


def test_the_template_is_what_build_template_writes(tmp_path):
    """The committed template and the script agree (restyled copies are committed with a new script run)."""
    built = Document(str(build_template.build(tmp_path / "skabelon.docx")))
    committed = Document(str(report_docx.TEMPLATE))
    assert [p.text for p in built.paragraphs] == [p.text for p in committed.paragraphs]
    assert len(built.tables) == len(committed.tables)
