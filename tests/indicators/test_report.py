"""The status report as a reader of the PDF sees it: the seed's tables and figures from the
demo, the UDKAST mark, the archived final versions, other partnerships and missing data."""

import hashlib
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from activities.models import StatusResponse
from indicators import report as report_data
from indicators.models import (
    Category,
    DataSource,
    Level,
    Measure,
    PoliceCount,
    Population,
    ReportExport,
    StatusReport,
    SurveyResult,
)
from indicators.pdf import BASE_URL, StaticFilesFetcher
from indicators.services import goals_create_standard
from tests import factories

SEED_ACTIVITIES = [
    "Dialog, kommunikation og værtskab, inkl. produkter",
    "Tryghedspulje og dialogpavilloner",
    "Formidlingsindsats målrettet familier med flerkulturel baggrund",
    "Aktiviteter for unge omkring containeren i Remiseparken",
    "Bemandede legepladser som arena for et tryggere lokalmiljø",
    "Koordinationsnetværk for 18+ i gaderummet",
    "God stil i Remiseparken",
    "Lommepengejobs for 13-15-årige",
    "Blå bane - arena for brobygning",
    "Udvikling af ungetilbud i Hørgården",
    "Samfundshjælperne",
    "Appendiks: Dybdegående undersøgelse af partnerskabsområdet (ny)",
]


def squash(text):
    """Text without whitespace and hyphens, so line breaks and hyphenation in the PDF do
    not matter when looking for a phrase or a table row."""
    return re.sub(r"[\s\-\u2010\u2011\u00ad–]", "", text)


def pdf_pages(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf):
    return "\n".join(pdf_pages(pdf))


def assert_in_pdf(text, *phrases):
    squashed = squash(text)
    for phrase in phrases:
        assert squash(phrase) in squashed, phrase


def approve_all(partnership, year):
    StatusResponse.objects.filter(round__partnership=partnership, round__year=year).update(
        status=StatusResponse.Status.APPROVED
    )


@pytest.fixture
def demo_report(demo):
    return StatusReport.objects.get(partnership=demo, year=2022)


@pytest.fixture
def demo_pdf(demo_report):
    return report_data.render_report_pdf(demo_report)


# --- The demo reads like the seed ----------------------------------------------------------


def test_demo_pdf_has_the_seeds_tables_and_case_numbers(demo_pdf):
    text = pdf_text(demo_pdf)
    # Meta block.
    assert_in_pdf(text, "24-05-2022", "2022 - 7384", "1356296", "2022-0154726", "Tone Schnell DiBona")
    # Section 2, Tabel 1 rows with goal and status, and the seed's own sentence.
    assert_in_pdf(
        text,
        "I 2021 blev der i partnerskabsområdet anmeldt 217 tilfælde af borgervendt kriminalitet",
        "Det svarer til 26,0 anmeldelser af borgervendt kriminalitet pr. 1000 indbyggere",
        "hvilket er en stigning siden 2020 (24,2)",
        "Antal anmeldelser af borgervendt kriminalitet Minimum fastholdelse 24,2 anmeldelser pr. 1000 "
        "indbyggere 26,0 anmeldelser pr. 1000 indbyggere 1,8 Ikke opfyldt",
        "Indbrud Minimum fastholdelse 11 9 -2 Opfyldt",
        "Tyveri/Røveri Minimum fastholdelse 49 35 -14 Opfyldt",
        "Vold/Våben Minimum fastholdelse 53 67 14 Ikke opfyldt",
    )
    # Tabel 2 with its total.
    assert_in_pdf(
        text,
        "Chikane 80 61 -19",
        "Hærværk 33 37 4",
        "Narkotika 78 119 41",
        "Trusler 24 22 -2",
        "Total 215 239 24",
    )
    # Section 3 and Tabel 3's SUM row.
    assert_in_pdf(text, "11 ud af 12 aktiviteter", "svarende til 92 %", "SUM (KR.) 1.289.000 1.313.000")
    assert_in_pdf(
        text, "1 Dialog, kommunikation og værtskab, inkl. produkter 335.000 335.000 350.000 350.000"
    )
    assert_in_pdf(text, "- Videnspuljen 18.000 -")
    for title in SEED_ACTIVITIES:
        assert_in_pdf(text, title)
    # Figures with their sources.
    assert_in_pdf(
        text,
        "Figur 1: Andel utrygge i nabolaget",
        "Figur 2: Andel utrygge i aften- og nattetimerne",
        "Figur 3: Borgervendt kriminalitet, antal anmeldelser pr. 1000 indbyggere",
        "Kilde: Københavns Tryghedsundersøgelse 2022",
        "Kilde: Københavns Politi",
    )
    assert text.count("Kilde:") >= 6


def test_demo_pdf_has_page_numbers_and_vector_charts(demo_pdf):
    pages = pdf_pages(demo_pdf)
    total = len(pages)
    for number, page_text in enumerate(pages, start=1):
        assert f"Side {number} af {total}" in page_text
    reader = PdfReader(io.BytesIO(demo_pdf))
    # The charts are vector drawings: no raster images anywhere in the document.
    assert all(not page.images for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is None:
                descendants = font.get_object().get("/DescendantFonts")
                if descendants:
                    descriptor = descendants[0].get_object().get("/FontDescriptor")
            if descriptor is not None:
                descriptor = descriptor.get_object()
                fonts.add(any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert fonts == {True}, "every font is embedded"


def test_demo_tabel_4_holds_all_twelve_approved_answers(demo):
    report = StatusReport.objects.get(partnership=demo, year=2022)
    rows = report_data.report_context(report)["midterm"]
    assert len(rows) == 12
    pdf = report_data.render_report_pdf(report)
    text = pdf_text(pdf)
    assert_in_pdf(
        text,
        "Tabel 4: Midtvejsstatus for aktiviteterne i Tryghedsplanen 2022",
        "Kører aktiviteten som planlagt, og forventer I at opnå jeres mål?",
        "Er der behov for justeringer? Hvis ja, hvilke?",
    )
    for title in SEED_ACTIVITIES:
        assert_in_pdf(text, title)
    assert_in_pdf(
        text,
        "Kommunikationsmedarbejder i partnerskabet",
        "Fokus på brobygning skal intensiveres",
        "Nej, ikke ud over de beskrevne.",
        "Epinion har færdiggjort analysen",
        "Alle dele af analysen er gennemført.",
        "Kilde: Midtvejsstatus fra de ansvarlige enheder for perioden 1. januar til 30. april 2022.",
        "I tabel 4 fremgår midtvejsstatus på aktiviteterne i tryghedsplanen, gældende for 1. januar til "
        "30. april 2022.",
    )
    assert "<p>" not in text and "&lt;" not in text


# --- Draft and final -----------------------------------------------------------------------


def test_udkast_until_every_answer_is_approved_then_final_without_it(demo_report):
    partnership = demo_report.partnership
    response = StatusResponse.objects.filter(round__partnership=partnership, round__year=2022).first()
    response.status = StatusResponse.Status.SUBMITTED
    response.save()

    draft_pages = pdf_pages(report_data.render_report_pdf(demo_report))
    assert all("UDKAST" in page for page in draft_pages)
    with pytest.raises(ValidationError, match="11 af 12 svar"):
        report_data.status_report_export(report=demo_report, acting_user=None)
    assert not ReportExport.objects.exists()

    approve_all(partnership, 2022)
    assert not report_data.round_state(partnership, 2022).reason
    coordinator = partnership.coordinators.get()
    export, created = report_data.status_report_export(report=demo_report, acting_user=coordinator)
    assert created
    final_pages = pdf_pages(export.read_bytes())
    assert not any("UDKAST" in page for page in final_pages)
    # The on-demand PDF stays a draft: only archived versions are final.
    assert "UDKAST" in pdf_pages(report_data.render_report_pdf(demo_report, draft=True))[0]


def test_final_export_is_stored_unchanged_with_hash_and_versions(demo_report):
    partnership = demo_report.partnership
    approve_all(partnership, 2022)
    coordinator = partnership.coordinators.get()

    first, _created = report_data.status_report_export(report=demo_report, acting_user=coordinator)
    stored = first.read_bytes()
    assert hashlib.sha256(stored).hexdigest() == first.sha256
    assert first.size == len(stored)
    assert (first.version, first.exported_by, first.f2_case_number) == (1, coordinator, "2022 - 7384")
    assert_in_pdf(pdf_text(stored), "2022 - 7384", "1356296", "2022-0154726")

    # The same content again is no new version.
    again, created = report_data.status_report_export(report=demo_report, acting_user=coordinator)
    assert (again, created) == (first, False) and ReportExport.objects.count() == 1

    demo_report.f2_document_number = "1400000"
    demo_report.save()
    second, created = report_data.status_report_export(report=demo_report, acting_user=coordinator)
    assert created and second.version == 2
    assert second.f2_document_number == "1400000"
    first.refresh_from_db()
    assert first.verify() and first.f2_document_number == "1356296"
    assert_in_pdf(pdf_text(first.read_bytes()), "1356296")
    assert_in_pdf(pdf_text(second.read_bytes()), "1400000", "endelig version 2")
    assert "endelig version 1" in pdf_text(stored)

    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        first.delete()
    assert ReportExport.objects.count() == 2


# --- Another partnership, missing data -----------------------------------------------------


def _second_partnership():
    partnership = factories.PartnershipFactory(
        slug="folehaven", name="Folehaven Partnerskab", district="Valby", baseline_year=2020
    )
    goals_create_standard(partnership=partnership)
    units = [factories.UnitFactory() for _ in range(3)]
    activity_a = factories.ActivityFactory(
        partnership=partnership, number=1, title="Natteravne i Folehaven", partner_units=units[:2]
    )
    activity_b = factories.ActivityFactory(
        partnership=partnership, number=2, title="Lektiecafé", partner_units=units[:1]
    )
    factories.BudgetFactory(activity=activity_a, year=2021, amount=120_000)
    factories.BudgetFactory(activity=activity_a, year=2022, amount=130_500)
    factories.BudgetFactory(activity=activity_b, year=2021, amount=None)
    factories.BudgetFactory(activity=activity_b, year=2022, amount=7_000)
    round_ = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    for activity in (activity_a, activity_b):
        factories.StatusResponseFactory(
            round=round_, activity=activity, complete=True, status=StatusResponse.Status.APPROVED
        )
    for measure, values in {
        Measure.NEIGHBOURHOOD: [(Level.AREA, 2021, 12), (Level.AREA, 2022, 10), (Level.CITY, 2022, 9)],
        Measure.EVENING_NIGHT: [(Level.AREA, 2021, 20), (Level.AREA, 2022, 22), (Level.CITY, 2022, 17)],
    }.items():
        for level, year, percent in values:
            SurveyResult.objects.create(
                partnership=partnership, measure=measure, level=level, year=year, percent=Decimal(percent)
            )
    for category, (before, after) in {
        Category.BORGERVENDT: (150, 120),
        Category.INDBRUD: (7, 8),
        Category.TYVERI_ROEVERI: (20, 20),
        Category.VOLD_VAABEN: (31, 29),
        Category.CHIKANE: (12, 15),
        Category.HAERVAERK: (9, 4),
        Category.NARKOTIKA: (40, 41),
        Category.TRUSLER: (5, 5),
    }.items():
        PoliceCount.objects.create(
            partnership=partnership, category=category, level=Level.AREA, year=2020, count=before
        )
        PoliceCount.objects.create(
            partnership=partnership, category=category, level=Level.AREA, year=2021, count=after
        )
    Population.objects.create(partnership=partnership, level=Level.AREA, year=2020, population=5000)
    DataSource.objects.create(
        partnership=partnership, dataset=DataSource.Dataset.POLICE, source="Valby Politi"
    )
    return partnership


def test_second_partnership_gets_its_own_numbers_and_no_amager_text(demo):
    partnership = _second_partnership()
    report = StatusReport.objects.create(
        partnership=partnership,
        year=2022,
        f2_case_number="2022 - 9999",
        table_2_source="Kilde: Valby Politi.",
    )
    context = report_data.report_context(report)
    text = pdf_text(report_data.render_report_pdf(report))

    assert "Amager" not in text
    assert_in_pdf(
        text,
        "Status på tryghed og kriminalitet for Folehaven Partnerskab",
        "2022 - 9999",
        "Natteravne i Folehaven",
        "1 ud af 2 aktiviteter",
        "svarende til 50 %",
        "1 Natteravne i Folehaven 120.000 130.500",
        "2 Lektiecafé - 7.000",
        "SUM (KR.) 120.000 137.500",
        "Indbrud Minimum fastholdelse 7 8 1 Ikke opfyldt",
        "Hærværk 9 4 -5",
        "Total 66 65 -1",
        "Kilde: Valby Politi.",
        "Kilde: Københavns Tryghedsundersøgelse 2022. Betegnelsen borgervendt kriminalitet",
    )
    # 2021 has no population: the rate is "ikke opgjort" and the page says which year.
    assert_in_pdf(text, "ikke opgjort", "mangler indbyggertal for")
    assert "mangler indbyggertal for partnerskabsområdet i 2021" in " ".join(
        context["indicators"]["crime"]["paragraphs"]
    )
    assert "Ingen befolkningstal for området i 2021." in context["problems"]
    # The collaboration goal is not met, and the sentence says so.
    assert_in_pdf(text, "er dermed ikke opfyldt")
    # Nothing was tested for significance, so nothing is claimed.
    for claim in ("Udviklingen fra 2021 til 2022 er signifikant", "Disse forskelle er signifikante"):
        assert squash(claim) not in squash(text)
    assert_in_pdf(text, "Det er ikke testet, om udviklingen fra 2021 til 2022 er signifikant")


def test_partnership_without_any_data_renders_with_messages(db):
    partnership = factories.PartnershipFactory(name="Tingbjerg-Husum Partnerskab", slug="tingbjerg")
    report = report_data.report_for(partnership, 2023)
    assert report.pk is None
    context = report_data.report_context(report)
    assert "Der er ingen midtvejsstatus-runde for året." in context["problems"]
    assert any("befolkningstal" in problem for problem in context["problems"])
    text = pdf_text(report_data.render_report_pdf(report))
    assert_in_pdf(
        text,
        "UDKAST",
        "Partnerskabet har ingen mål registreret.",
        "Partnerskabet har endnu ingen aktiviteter i tryghedsplanen.",
        "Der er ingen midtvejsstatus for 2023.",
        "ikke opgjort",
    )
    with pytest.raises(ValidationError, match="ingen midtvejsstatus-runde"):
        report_data.status_report_export(report=report, acting_user=None)
    assert not StatusReport.objects.exists()


# --- Answers are plain text ----------------------------------------------------------------


def test_answers_lose_markup_but_keep_line_breaks_and_lists():
    blocks = report_data.text_blocks(
        "<p>Vi har 3 vidensplatforme i gang.</p><ol><li>SFH cafeer</li><li>Kortlægning</li></ol>"
        "<script>alert(1)</script>Sidste linje\nmed linjeskift"
    )
    assert [(block.kind, block.lines) for block in blocks] == [
        ("p", ["Vi har 3 vidensplatforme i gang."]),
        ("ul", ["SFH cafeer", "Kortlægning"]),
        ("p", ["Sidste linje", "med linjeskift"]),
    ]
    numbered = report_data.text_blocks("Eksempler:\n1. Lysfestival\n2. Fællesspisning")
    assert [(block.kind, block.lines, block.start) for block in numbered] == [
        ("p", ["Eksempler:"], 1),
        ("ol", ["Lysfestival", "Fællesspisning"], 1),
    ]


def test_markup_in_an_answer_never_reaches_the_document(db):
    partnership = factories.PartnershipFactory()
    round_ = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    factories.StatusResponseFactory(
        round=round_,
        complete=True,
        status=StatusResponse.Status.APPROVED,
        on_track_text='Ja <b onmouseover="x()">fed</b> & <img src=x onerror=alert(1)>',
        deliverable_1="- første\n- anden",
    )
    html = report_data.render_report_html(report_data.report_for(partnership, 2022))
    table = html[html.index('id="table-4"') :]
    assert not re.search(r"<(b|img|script)[\s>]", table) and "onerror" not in table
    assert "Ja fed &amp;" in table
    assert "<ul><li>første</li><li>anden</li></ul>" in table


def test_pdf_renderer_reads_static_files_locally_and_refuses_the_network():
    fetcher = StaticFilesFetcher()
    response = fetcher.fetch(BASE_URL + "static/css/report.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"
    for url in ("https://example.com/static/css/report.css", "http://127.0.0.1:8000/static/css/report.css"):
        with pytest.raises(ValueError, match="Ekstern adresse afvist"):
            fetcher.fetch(url)
    with pytest.raises(ValueError, match="findes ikke"):
        fetcher.fetch(BASE_URL + "static/css/../../settings.py")


def _plan_with_answers(partnership, size):
    unit = factories.UnitFactory()
    round_ = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    for number in range(1, size + 1):
        activity = factories.ActivityFactory(
            partnership=partnership, number=number, responsible_units=[unit], partner_units=[unit]
        )
        factories.BudgetFactory(activity=activity, year=2022, amount=1000 * number)
        factories.StatusResponseFactory(round=round_, activity=activity, complete=True)


def test_report_queries_do_not_grow_with_the_plan(db):
    counts = {}
    for size in (2, 20):
        partnership = factories.PartnershipFactory(slug=f"storrelse-{size}")
        _plan_with_answers(partnership, size)
        report = report_data.report_for(partnership, 2022)
        with CaptureQueriesContext(connection) as queries:
            html = report_data.render_report_html(report)
        assert f"{size}. Aktivitet" in html
        counts[size] = len(queries)
    assert counts[2] == counts[20], counts
