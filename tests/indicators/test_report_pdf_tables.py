"""A screen reader meets Tabel 3 and Tabel 4 as one table each, with one header and one row
per activity, however many pages they run over; the printed pages and their text stay
exactly as WeasyPrint drew them."""

import io
import logging
import shutil
import subprocess

import pikepdf
import pytest
from django.db.models import Max
from pypdf import PdfReader

from activities.models import Activity, StatusResponse
from indicators import pdf as pdf_module
from indicators import report as report_data
from indicators.models import StatusReport
from indicators.pdf_tables import join_split_tables
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_plan(demo):
    """The demo with enough further budget lines that Tabel 3 runs onto a second page too."""
    last = Activity.objects.filter(partnership=demo).aggregate(Max("number"), Max("order"))
    for n in range(1, 16):
        activity = factories.ActivityFactory(
            partnership=demo,
            number=last["number__max"] + n,
            order=last["order__max"] + n,
            title=f"Ekstra aktivitet {n} i tryghedsplanen",
        )
        factories.BudgetFactory(activity=activity, year=2022, amount=10_000 * n)
    return StatusReport.objects.get(partnership=demo, year=2022)


@pytest.fixture
def rendered(long_plan, monkeypatch):
    """The draft PDF of the long plan as WeasyPrint wrote it, its layout and the joined PDF."""
    captured = {}

    def recording(pdf, layout):
        captured.update(weasyprint=pdf, layout=layout)
        return join_split_tables(pdf, layout)

    monkeypatch.setattr(pdf_module, "join_split_tables", recording)
    captured["joined"] = report_data.render_report_pdf(long_plan)
    return captured


def kids(element):
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def texts_by_mcid(pdf_bytes):
    """(page number, MCID) -> the text drawn inside that marked content."""
    texts = {}
    for number, page in enumerate(PdfReader(io.BytesIO(pdf_bytes)).pages):
        open_mcids = []

        def operator(op, args, cm, tm, open_mcids=open_mcids):
            if op in (b"BDC", b"BMC"):
                properties = args[1] if op == b"BDC" and len(args) > 1 else None
                open_mcids.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif op == b"EMC" and open_mcids:
                open_mcids.pop()

        def text(value, cm, tm, font, size, number=number, open_mcids=open_mcids):
            mcid = next((m for m in reversed(open_mcids) if m is not None), None)
            if mcid is not None:
                texts[number, int(mcid)] = texts.get((number, int(mcid)), "") + value

        page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return texts


class Structure:
    """The structure tree of a tagged PDF with the text and pages of its marked content."""

    def __init__(self, pdf_bytes):
        self.pdf = pikepdf.open(io.BytesIO(pdf_bytes))
        self.root = self.pdf.Root.StructTreeRoot
        self.page_of = {page.obj.objgen: number for number, page in enumerate(self.pdf.pages)}
        self.texts = texts_by_mcid(pdf_bytes)

    def marked_content(self, element):
        """(page number, MCID) of the content directly in ``element``."""
        for kid in kids(element):
            if isinstance(kid, int):
                yield self.page_of[element.Pg.objgen], kid
            elif "/MCID" in kid:
                yield self.page_of[kid.get("/Pg", element.get("/Pg")).objgen], int(kid.MCID)

    def elements(self, element=None):
        for kid in kids(element if element is not None else self.root):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                yield from self.elements(kid)

    def content_below(self, element):
        yield from self.marked_content(element)
        for below in self.elements(element):
            yield from self.marked_content(below)

    def text(self, element):
        """The element's text, without the line breaks and spaces, which depend on layout."""
        return "".join("".join(self.texts.get(mcid, "") for mcid in self.content_below(element)).split())

    def tables(self):
        return [element for element in self.elements() if element.S == "/Table"]


def squeeze(text):
    return "".join(text.split())


def row_groups(table):
    return [kid for kid in kids(table) if kid.S != "/Caption"]


def body_row_headers(structure, table):
    """The text of each body row's first header cell (the activity), row by row."""
    (body,) = [group for group in row_groups(table) if group.S == "/TBody"]
    return [
        next(structure.text(cell) for cell in kids(row) if cell.S == "/TH")
        for row in kids(body)
        if row.S == "/TR"
    ]


def table_with_header(structure, *column_headers):
    tables = [
        table
        for table in structure.tables()
        if all(squeeze(header) in structure.text(row_groups(table)[0]) for header in column_headers)
    ]
    assert len(tables) == 1, f"{len(tables)} tabeller med overskriften {column_headers}"
    return tables[0]


def test_tabel_3_and_tabel_4_are_one_table_each_with_a_row_per_activity(long_plan):
    demo = long_plan.partnership
    export, _created = report_data.status_report_export(report=long_plan, acting_user=demo.coordinators.get())
    structure = Structure(export.read_bytes())

    plan = table_with_header(structure, "NR.", "AKTIVITET", "FINANSIERING (KR.)")
    activities = Activity.objects.filter(partnership=demo).in_plan_order()
    assert body_row_headers(structure, plan) == [squeeze(a.title) for a in activities] + ["SUM(KR.)"]

    midterm = table_with_header(structure, "Aktivitet", "Ansvarlig", "Kører aktiviteten som planlagt")
    responses = StatusResponse.objects.filter(round__partnership=demo, round__year=2022).order_by(
        "activity__order", "activity__number", "activity__pk"
    )
    assert body_row_headers(structure, midterm) == [squeeze(str(r.activity)) for r in responses]

    for table in (plan, midterm):
        # One header, drawn again at the top of each page but read once.
        assert [group.S for group in row_groups(table)] == ["/THead", "/TBody"]
        # Both tables do run over several pages here.
        assert len({page for page, _mcid in structure.content_below(table)}) > 1


def tagged_content(structure):
    """Where each tagged content of the PDF belongs: the element of the tree that holds
    it, the drawn content outside the tree, and the ParentTree's element for each."""
    owners = {}
    for element in [structure.root, *structure.elements()]:
        for mcid in structure.marked_content(element):
            assert mcid not in owners, f"{mcid} står i to elementer"
            owners[mcid] = element
        for kid in kids(element):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                assert kid.P.objgen == element.objgen
    drawn = set()
    for number, page in enumerate(structure.pdf.pages):
        drawn |= {(number, mcid) for mcid in tagged_content_on(page)}
    nums = structure.root.ParentTree.Nums
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    parents = {}
    for number, page in enumerate(structure.pdf.pages):
        for mcid, element in enumerate(by_key[int(page.obj.StructParents)]):
            if element is not None:
                parents[number, mcid] = element
    return owners, drawn, parents


def test_every_tagged_content_and_its_structure_element_point_at_each_other(rendered):
    structure = Structure(rendered["joined"])
    owners, drawn, parents = tagged_content(structure)
    assert set(owners) <= drawn
    for mcid, owner in owners.items():
        assert parents[mcid].objgen == owner.objgen
    for element in parents.values():
        assert reaches_root(element, structure.root)
    assert set(parents) == drawn

    # WeasyPrint tags the page footer without placing it in the tree; joining the tables
    # leaves nothing else outside it.
    weasyprint = Structure(rendered["weasyprint"])
    weasyprint_owners, weasyprint_drawn, weasyprint_parents = tagged_content(weasyprint)
    outside = drawn - set(owners)
    assert outside == weasyprint_drawn - set(weasyprint_owners)
    assert {mcid: structure.text(parents[mcid]) for mcid in outside} == {
        mcid: weasyprint.text(weasyprint_parents[mcid]) for mcid in outside
    }


def tagged_content_on(page):
    """The MCIDs a page draws outside artifacts, in its content and its form XObjects."""
    found = set()

    def scan(holder):
        for instruction in pikepdf.parse_content_stream(holder):
            if str(getattr(instruction, "operator", "")) != "BDC":
                continue
            tag, properties = instruction.operands
            if (
                tag != pikepdf.Name.Artifact
                and isinstance(properties, pikepdf.Dictionary)
                and "/MCID" in properties
            ):
                found.add(int(properties.MCID))
        resources = (holder.obj if isinstance(holder, pikepdf.Page) else holder).get("/Resources", {})
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form":
                scan(xobject)

    scan(page)
    return found


def reaches_root(element, root):
    for _step in range(100):
        if element.objgen == root.objgen:
            return True
        element = element.P
    return False


def test_the_text_layer_and_the_pages_are_those_weasyprint_drew(rendered, tmp_path):
    def page_texts(pdf):
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    assert rendered["joined"] != rendered["weasyprint"]
    assert page_texts(rendered["joined"]) == page_texts(rendered["weasyprint"])
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftoppm) er ikke installeret")
    for name in ("weasyprint", "joined"):
        (tmp_path / f"{name}.pdf").write_bytes(rendered[name])
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", tmp_path / f"{name}.pdf", tmp_path / name], check=True
        )
    drawn = sorted(tmp_path.glob("weasyprint-*.png"))
    assert len(drawn) == len(page_texts(rendered["joined"]))
    for page in drawn:
        assert page.read_bytes() == (tmp_path / page.name.replace("weasyprint", "joined")).read_bytes(), (
            page.name
        )


def test_a_structure_that_does_not_match_the_layout_is_left_as_weasyprint_wrote_it(rendered, caplog):
    shifted = [[], *rendered["layout"][:-1]]
    with caplog.at_level(logging.WARNING, logger="indicators.pdf_tables"):
        assert join_split_tables(rendered["weasyprint"], shifted) == rendered["weasyprint"]
    assert "ikke samlet" in caplog.text
