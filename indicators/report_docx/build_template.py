"""Write ``statusrapport.docx``, the Word template of the appendix, with python-docx.

    python indicators/report_docx/build_template.py [OUTPUT]

The template holds the docxtpl placeholders (``{{ ... }}``, ``{%p ... %}`` paragraphs,
``{%tr ... %}`` table rows, ``{%tc ... %}`` table columns) in the report's order, and the
styles the document uses: Heading 1–3 (Overskrift 1–3 in a Danish Word), Caption for the
figure and table titles, and the styles named below for sources, tables and the draft
mark. A secretariat may restyle the file in Word and commit it instead; running this
script again gives the plain original back. The texts come from the app (translated),
so the template carries no wording of its own.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

TEMPLATE = Path(__file__).with_name("statusrapport.docx")

FONT = "Arial"  # Liberation Sans (the PDF's font) has Arial's metrics; LibreOffice swaps them
HEAD = RGBColor(0x0B, 0x3D, 0x6B)
MUTED = RGBColor(0x4A, 0x4A, 0x4A)
HEADER_FILL = "0B3D6B"
TOTAL_FILL = "E9EEF3"
PORTRAIT_WIDTH = 17.0  # cm of text on A4 with 2 cm margins
LANDSCAPE_WIDTH = 25.7

# Styles of the report's own parts: name → (size in pt, bold, italic, colour, alignment).
OWN_STYLES = {
    "Bilagsbetegnelse": (10, True, False, MUTED, None),
    "Udkast": (14, True, False, RGBColor(0xA0, 0x10, 0x10), None),
    "Kilde": (8, False, False, MUTED, None),
    "Mangler": (10, False, True, RGBColor(0x8A, 0x1C, 0x1C), None),
    "Tabeltekst": (9, False, False, None, None),
    "Tabeltal": (9, False, False, None, WD_ALIGN_PARAGRAPH.RIGHT),
    "Tabeloverskrift": (9, True, False, RGBColor(0xFF, 0xFF, 0xFF), None),
    "Sidefod": (8.5, False, False, MUTED, None),
}
# Character styles of a goal's status in Tabel 1 and the goal overview, as the PDF colours them.
STATUS_STYLES = {
    "StatusOpfyldt": (False, RGBColor(0x1B, 0x5E, 0x20)),
    "StatusIkkeOpfyldt": (False, RGBColor(0x8A, 0x1C, 0x1C)),
    "StatusMangler": (True, RGBColor(0x8A, 0x1C, 0x1C)),
}


def _plain_font(style, size=None, bold=None, italic=None, colour=None):
    """The style's font set outright: theme fonts of the stock template would win otherwise."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
    style.font.name = FONT
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if colour is not None:
        style.font.color.rgb = colour


def _styles(document):
    styles = document.styles
    normal = styles["Normal"]
    _plain_font(normal, 10)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    # Danish for spelling and hyphenation in Word and LibreOffice.
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in defaults.findall(qn("w:lang")):
        defaults.remove(old)
    defaults.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="da-DK" w:eastAsia="da-DK" w:bidi="ar-SA"/>'))
    for level, size in ((1, 18), (2, 13.5), (3, 11)):
        heading = styles[f"Heading {level}"]
        _plain_font(heading, size, bold=True, italic=False, colour=HEAD)
        heading.paragraph_format.space_before = Pt({1: 0, 2: 18, 3: 12}[level])
        heading.paragraph_format.space_after = Pt(6 if level < 3 else 4)
        heading.paragraph_format.keep_with_next = True
    caption = styles["Caption"]
    _plain_font(caption, 9.5, bold=True, italic=False, colour=RGBColor(0x1A, 0x1A, 0x1A))
    caption.paragraph_format.space_before = Pt(8)
    caption.paragraph_format.space_after = Pt(4)
    caption.paragraph_format.keep_with_next = True
    for name in ("List Number", "List Bullet 2", "List Continue", "Header", "Footer"):
        _plain_font(styles[name])
    for name, (size, bold, italic, colour, alignment) in OWN_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        _plain_font(style, size, bold, italic, colour)
        if alignment is not None:
            style.paragraph_format.alignment = alignment
        if name.startswith("Tabel"):
            style.paragraph_format.space_after = Pt(2)
            style.paragraph_format.line_spacing = 1.0
    styles["Kilde"].paragraph_format.space_after = Pt(10)
    for name, (italic, colour) in STATUS_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.quick_style = True
        style.font.italic = italic
        style.font.color.rgb = colour


def _page(section, *, landscape=False):
    section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.2)


def _header_and_footer(section):
    header = section.header.paragraphs[0]
    header.text = "{% if draft %}{{ t.draft_banner }}{% endif %}"
    header.style = "Udkast"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.style = "Sidefod"
    footer.add_run("{{ footer_title }} · {{ t.page }} ")
    footer._p.append(_field("PAGE"))
    footer.add_run(" {{ t.of }} ")
    footer._p.append(_field("NUMPAGES"))


def _field(instruction):
    return parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} \\* MERGEFORMAT "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    )


def _tag(container, text):
    """A paragraph holding only a docxtpl block tag; docxtpl removes it when rendering."""
    container.add_paragraph(text)


def _repeated(container, loop, text, style=None):
    _tag(container, "{%p for " + loop + " %}")
    container.add_paragraph(text, style=style)
    _tag(container, "{%p endfor %}")


def _commentary(document, name):
    _repeated(document, f"paragraph in {name}", "{{ paragraph }}")


def _shade(cell, fill):
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def _repeat_as_header(row):
    """Word and LibreOffice repeat this row at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_row_whole(row):
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _table(document, widths):
    """A table with fixed column widths (cm); rows come from :func:`_row` and :func:`_loop_rows`."""
    table = document.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    return table


def _row(table, texts, widths, styles, *, header=False, fill=None):
    row = table.add_row()
    for cell, text, width, style in zip(row.cells, texts, widths, styles, strict=True):
        cell.width = Cm(width)
        paragraph = cell.paragraphs[0]
        paragraph.text = text
        paragraph.style = "Tabeloverskrift" if header else style
        if header:
            _shade(cell, HEADER_FILL)
        elif fill:
            _shade(cell, fill)
    if header:
        _repeat_as_header(row)
    else:
        _keep_row_whole(row)
    return row


def _loop_rows(table, loop, texts, widths, styles, *, keep_whole=True):
    """The three rows of a docxtpl row loop: ``{%tr for %}``, the row itself, ``{%tr endfor %}``."""
    blank = ["" for _ in widths]
    _row(table, ["{%tr for " + loop + " %}"] + blank[1:], widths, styles)
    row = _row(table, texts, widths, styles)
    if not keep_whole:
        row._tr.trPr.remove(row._tr.trPr.find(qn("w:cantSplit")))
    _row(table, ["{%tr endfor %}"] + blank[1:], widths, styles)


def _merge(first, last):
    """One cell from ``first`` to ``last``, keeping only the first cell's paragraph."""
    cell = first.merge(last)
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    return cell


def _goals(document):
    document.add_paragraph("{{ t.goals_intro }}")
    _tag(document, "{%p for group in goals %}")
    document.add_paragraph("{{ group.text }}", style="List Number")
    _repeated(document, "bullet in group.bullets", "{{ bullet }}", style="List Bullet 2")
    _tag(document, "{%p if group.note %}")
    document.add_paragraph("{{ group.note }}", style="List Continue")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if not goals %}")
    document.add_paragraph("{{ t.no_goals }}", style="Mangler")
    _tag(document, "{%p endif %}")


def _meta(document):
    widths = [4.5, 6.0]
    table = _table(document, widths)
    _loop_rows(table, "item in meta", ["{{ item.label }}", "{{ item.value }}"], widths, ["Tabeltekst"] * 2)
    for cell in table.columns[0].cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True
    document.add_paragraph()


def _goal_overview(document):
    document.add_paragraph("{{ t.goal_overview_title }}", style="Caption")
    widths = [5.1, 2.7, 9.2]
    table = _table(document, widths)
    _row(table, ["{{ t.goal }}", "{{ t.status }}", "{{ t.reason }}"], widths, [None] * 3, header=True)
    _loop_rows(
        table,
        "row in goal_overview",
        ["{{ row.goal }}", "{{r row.status_text }}", "{{ row.reason }}"],
        widths,
        ["Tabeltekst"] * 3,
    )


def _figure(document, caption, image, source):
    document.add_paragraph(caption, style="Caption")
    picture = document.add_paragraph(image)
    picture.paragraph_format.keep_with_next = True
    document.add_paragraph(source, style="Kilde")


def _safety(document):
    document.add_heading("{{ t.safety }}", level=2)
    _tag(document, "{%p for measure in safety %}")
    document.add_heading("{{ measure.heading }}", level=3)
    _repeated(document, "paragraph in measure.paragraphs", "{{ paragraph }}")
    _figure(document, "{{ measure.caption }}", "{{ measure.image }}", "{{ measure.source }}")
    _tag(document, "{%p endfor %}")
    _commentary(document, "safety_commentary")


def _crime(document):
    document.add_heading("{{ t.crime }}", level=2)
    _repeated(document, "paragraph in crime.paragraphs", "{{ paragraph }}")
    document.add_paragraph("{{ crime.table1_title }}", style="Caption")
    widths = [3.6, 2.6, 3.0, 3.0, 2.0, 2.8]
    table = _table(document, widths)
    _row(
        table,
        [
            "{{ t.crime_type }}",
            "{{ t.goal }}",
            "{{ t.baseline }}",
            "{{ crime.year }}",
            "{{ t.change }}",
            "{{ t.status }}",
        ],
        widths,
        [None] * 6,
        header=True,
    )
    _loop_rows(
        table,
        "row in crime.goal_rows",
        [
            "{{ row.label }}",
            "{{ row.goal }}",
            "{{ row.baseline }}",
            "{{ row.current }}",
            "{{ row.change }}",
            "{{r row.status_text }}",
        ],
        widths,
        ["Tabeltekst", "Tabeltekst", "Tabeltal", "Tabeltal", "Tabeltal", "Tabeltekst"],
    )
    document.add_paragraph("{{ crime.table1_source }}", style="Kilde")
    _figure(
        document, "{{ crime.figure3_caption }}", "{{ crime.figure3_image }}", "{{ crime.figure3_source }}"
    )
    document.add_heading("{{ t.monitoring }}", level=3)
    _repeated(document, "paragraph in crime.monitoring_paragraphs", "{{ paragraph }}")
    document.add_paragraph("{{ crime.table2_title }}", style="Caption")
    widths = [6.8, 3.4, 3.4, 3.4]
    table = _table(document, widths)
    _row(
        table,
        ["{{ t.crime_type }}", "{{ t.baseline }}", "{{ crime.year }}", "{{ t.change }}"],
        widths,
        [None] * 4,
        header=True,
    )
    numbers = ["Tabeltekst", "Tabeltal", "Tabeltal", "Tabeltal"]
    _loop_rows(
        table,
        "row in crime.monitoring_rows",
        ["{{ row.label }}", "{{ row.baseline }}", "{{ row.current }}", "{{ row.change }}"],
        widths,
        numbers,
    )
    total = _row(
        table,
        [
            "{{ t.total }}",
            "{{ crime.monitoring_total.baseline }}",
            "{{ crime.monitoring_total.current }}",
            "{{ crime.monitoring_total.change }}",
        ],
        widths,
        numbers,
        fill=TOTAL_FILL,
    )
    for cell in total.cells:
        cell.paragraphs[0].runs[0].bold = True
    document.add_paragraph("{{ crime.table2_source }}", style="Kilde")
    _commentary(document, "crime_commentary")


def _collaboration(document):
    document.add_heading("{{ t.collaboration }}", level=2)
    _repeated(document, "sentence in collaboration_sentences", "{{ sentence }}")
    _commentary(document, "collaboration_commentary")


def _plan(document):
    """Tabel 3: one column per plan year (a docxtpl column loop), under one merged header."""
    document.add_heading("{{ t.plan_heading }}", level=2)
    _repeated(document, "sentence in plan_sentences", "{{ sentence }}")
    _commentary(document, "plan_commentary")
    document.add_paragraph("{{ t.table3_title }}", style="Caption")
    _tag(document, "{%p if plan.rows %}")
    # NR., AKTIVITET, then the loop's opening cell, the year's cell and the closing cell.
    widths = [1.0, 7.8, 0.1, 2.05, 0.1]
    table = _table(document, widths)
    top = _row(table, ["{{ t.nr }}", "{{ t.activity_upper }}", "", "", ""], widths, [None] * 5, header=True)
    years = _row(
        table,
        ["", "", "{%tc for year in plan.years %}", "{{ year }}", "{%tc endfor %}"],
        widths,
        [None] * 5,
        header=True,
    )
    financing = _merge(top.cells[2], top.cells[4])
    financing.paragraphs[0].text = "{% colspan plan.years|length %}{{ t.financing }}"
    financing.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for column in (0, 1):
        _merge(top.cells[column], years.cells[column])
    for cell in years.cells[2:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _loop_rows(
        table,
        "row in plan.rows",
        [
            "{{ row.number }}",
            "{{ row.title }}",
            "{%tc for cell in row.cells %}",
            "{{ cell }}",
            "{%tc endfor %}",
        ],
        widths,
        ["Tabeltekst", "Tabeltekst", "Tabeltal", "Tabeltal", "Tabeltal"],
    )
    total = _row(
        table,
        ["{{ t.sum }}", "", "{%tc for total in plan.totals %}", "{{ total }}", "{%tc endfor %}"],
        widths,
        ["Tabeltekst", "Tabeltekst", "Tabeltal", "Tabeltal", "Tabeltal"],
        fill=TOTAL_FILL,
    )
    _merge(total.cells[0], total.cells[1])
    for cell in total.cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    document.add_paragraph("{{ t.plan_source }}", style="Kilde")
    _tag(document, "{%p else %}")
    document.add_paragraph("{{ t.no_plan }}", style="Mangler")
    _tag(document, "{%p endif %}")


def _midterm(document):
    """Tabel 4 in a landscape section of its own."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    document.add_paragraph("{{ t.table4_title }}", style="Caption")
    _tag(document, "{%p if midterm %}")
    widths = [3.4, 3.0, 6.1, 6.8, 3.2, 3.2]
    table = _table(document, widths)
    _row(
        table,
        [
            "{{ t.activity }}",
            "{{ t.responsible }}",
            "{{ t.question_1 }}",
            "{{ t.question_2 }}",
            "{{ t.question_3 }}",
            "{{ t.question_4 }}",
        ],
        widths,
        [None] * 6,
        header=True,
    )
    # Long answers may run over a page, so these rows may split.
    _loop_rows(
        table,
        "row in midterm",
        [
            "{{ row.activity }}",
            "{{ row.responsible }}",
            "{{ row.on_track }}",
            "{{ row.deliverables }}",
            "{{ row.concerns }}",
            "{{ row.adjustments }}",
        ],
        widths,
        ["Tabeltekst"] * 6,
        keep_whole=False,
    )
    document.add_paragraph("{{ midterm_source }}", style="Kilde")
    _tag(document, "{%p else %}")
    document.add_paragraph("{{ t.no_midterm }}", style="Mangler")
    _tag(document, "{%p endif %}")


def build(path=TEMPLATE):
    document = Document()
    _styles(document)
    _page(document.sections[0])
    _header_and_footer(document.sections[0])
    properties = document.core_properties
    properties.title = "{{ document_title }}"
    properties.author = "{{ author }}"
    properties.language = "{{ language }}"
    properties.comments = ""
    # python-docx's stock body ends in an empty paragraph; the report starts on its own.
    for paragraph in document.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)

    _tag(document, "{%p if appendix_label %}")
    document.add_paragraph("{{ appendix_label }}", style="Bilagsbetegnelse")
    _tag(document, "{%p endif %}")
    document.add_heading("{{ title }}", level=1)
    _tag(document, "{%p if draft %}")
    document.add_paragraph("{{ t.draft_banner }}", style="Udkast")
    _tag(document, "{%p endif %}")
    _commentary(document, "introduction")
    _goals(document)
    _meta(document)
    _goal_overview(document)
    _safety(document)
    _crime(document)
    _collaboration(document)
    _plan(document)
    _midterm(document)
    document.save(path)
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE))
