"""The report PDF is tagged (PDF/UA-1) so a screen reader can read it: a structure tree with
headings, tables and described figures, the document language and its title."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from activities.models import StatusResponse
from indicators.models import ReportExport
from tests import factories

pytestmark = pytest.mark.django_db


def structure_roles(node, roles, figures):
    """Every structure type below `node`, and the /Alt of each figure."""
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            structure_roles(child, roles, figures)
        return
    if not hasattr(node, "get"):
        return  # a marked-content id: the leaf of the tree
    role = node.get("/S")
    if role:
        roles.add(str(role))
        if role == "/Figure":
            figures.append(str(node.get("/Alt", "")))
    if node.get("/K") is not None:
        structure_roles(node["/K"], roles, figures)


def assert_tagged(pdf, title):
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert str(catalog["/Lang"]) == "da"
    assert reader.metadata.title == title
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()

    roles, figures = set(), []
    structure_roles(catalog["/StructTreeRoot"]["/K"], roles, figures)
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Caption"} <= roles
    return figures


def test_draft_pdf_is_tagged_with_language_title_and_described_figures(client, demo):
    client.force_login(demo.coordinators.get())
    response = client.get(reverse("indicators:report_pdf", args=[demo.slug, 2022]))
    assert response["Content-Type"] == "application/pdf"
    figures = assert_tagged(response.content, "Status på tryghed og kriminalitet for Amager Partnerskab 2022")
    # Each figure's alternative text is its title and every value it shows.
    titles = [
        "Andel utrygge i nabolaget",
        "Andel utrygge i aften- og nattetimerne",
        "Borgervendt kriminalitet, antal anmeldelser pr. 1000 indbyggere",
    ]
    assert [figure.startswith(title + ". 20") for figure, title in zip(figures, titles, strict=True)] == [
        True
    ] * 3
    assert "2022: Område 17 %, Bydel 3 %, By 9 %" in figures[0]
    assert "2021: Område 26,0, Hele byen 34,5" in figures[2]


def test_archived_final_pdf_is_tagged_too(client, partnership, coordinator):
    factories.StatusResponseFactory(
        round__partnership=partnership, complete=True, status=StatusResponse.Status.APPROVED
    )
    client.force_login(coordinator)
    client.post(reverse("indicators:report_final", args=[partnership.slug, 2022]), {"confirm": "1"})
    export = ReportExport.objects.get(report__partnership=partnership, report__year=2022)
    response = client.get(reverse("indicators:report_download", args=[export.pk]))
    assert_tagged(response.content, f"Status på tryghed og kriminalitet for {partnership.name} 2022")
