"""The report PDF's text layer reads like the printed page: copying text, searching the
archived PDF or reading it aloud gives "Side 3 af 9" and "1. Andelen …", not hidden helper
text or list markers torn away from their items."""

import io
import re

import pytest
from pypdf import PdfReader

from indicators import report as report_data
from indicators.models import StatusReport

pytestmark = pytest.mark.django_db

LONE_MARKER = re.compile(r"^\s*(?:\d{1,2}\.|•)\s*$", re.MULTILINE)


@pytest.fixture(scope="module")
def demo_report(demo_once, django_db_blocker):
    with django_db_blocker.unblock():
        return StatusReport.objects.get(partnership=demo_once, year=2022)


@pytest.fixture(scope="module")
def demo_pages(demo_report, django_db_blocker):
    """The demo report's pages rendered once for the module's read-only checks."""
    with django_db_blocker.unblock():
        pdf = report_data.render_report_pdf(demo_report)
    # pypdf reads the text in the order the page draws it, as copy-and-paste and most
    # extraction tools do.
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_no_word_is_hyphenated_in_the_text_layer(demo_report, demo_pages):
    """A hyphen at a line's end is one the text has ("aften- og", "2021-2024"), never one
    that hyphenation put into a word."""
    source = " ".join(report_data.document_text(report_data.render_report_html(demo_report)).split())
    # WeasyPrint hyphenates with U+2010.
    broken = re.findall(r"(\w+)[-\u2010]\n(\w+)", "\n".join(demo_pages))
    assert [(a, b) for a, b in broken if f"{a}-{b}" not in source and f"{a}- {b}" not in source] == []


def test_every_page_number_reads_side_n_af_total_and_nothing_else_says_side(demo_pages):
    total = len(demo_pages)
    for number, text in enumerate(demo_pages, start=1):
        # Each "Side" in the text is the footer with both numbers; the translated labels the
        # footer is built from are not in the text layer a second time.
        assert re.findall(r"\bSide\b(?: \d+ af \d+)?", text) == [f"Side {number} af {total}"], text
        assert "Side af" not in text


def test_list_markers_stay_with_their_items(demo_pages):
    first = demo_pages[0]
    # Goals: the numbered list with a bulleted list inside its second item.
    assert "1. Andelen af utrygge borgere" in first
    assert "2. Udviklingen i kriminalitet:" in first
    assert "• Det samlede antal anmeldelser" in first
    assert "• Årlig monitorering på følgende gerningstyper" in first
    assert "3. Ud af det samlede antal aktiviteter" in first
    # Tabel 4: a numbered list inside an answer.
    text = "\n".join(demo_pages)
    assert "1. Lysfestival i februar måned" in text
    assert "1. SFH cafeer" in text
    for number, page in enumerate(demo_pages, start=1):
        assert not LONE_MARKER.search(page), f"side {number}: {LONE_MARKER.findall(page)}"
