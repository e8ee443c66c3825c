"""The appendix as a Word document, for the case systems (F2, eDoc) and the secretariat.

:func:`context_to_docx` fills the template ``statusrapport.docx`` (written by
``build_template.py``; restyle it in Word as you like) with docxtpl from a
:func:`indicators.report.report_context`: the same numbers, sentences, goal statuses and
answers as the HTML and the PDF, only laid out for Word. Figur 1–3 are drawn as PNG from
the summary in that context (:mod:`indicators.charts`), with the values as alt text.
"""

import io
import re
from pathlib import Path

from django.conf import settings
from django.utils import dateformat, translation
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage, Listing, RichText

from indicators import charts
from indicators import report as report_data

TEMPLATE = Path(__file__).with_name("statusrapport.docx")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIGURE_WIDTH = Cm(16)
TEXT_WIDTH = Cm(17)  # the portrait pages' text width in the template
# The template's character style for each status class of the report context.
STATUS_STYLES = {
    "status-met": "StatusOpfyldt",
    "status-not-met": "StatusIkkeOpfyldt",
    "missing": "StatusMangler",
}


class _Figure(InlineImage):
    """A chart as an inline picture whose description (alt text) gives its values."""

    def __init__(self, template, chart):
        super().__init__(template, io.BytesIO(chart.png), width=FIGURE_WIDTH)
        self.alt_text = chart.alt_text

    def _insert_image(self):
        return super()._insert_image().replace("<wp:docPr ", f'<wp:docPr descr="{escape(self.alt_text)}" ', 1)


def render_report_docx(report, *, user=None, draft=None, version=None):
    """DOCX bytes of the report, as :func:`indicators.report.render_report_pdf` would print it."""
    context = report_data.report_context(report, user=user, draft=draft, version=version, charts=False)
    return context_to_docx(context)


def final_docx(export):
    """The DOCX of an archived final, or None when it cannot be made faithfully.

    A final keeps its PDF, not the data it was made of; its DOCX is built from today's
    data only when they give exactly the final's content (the SHA-256 recorded at export,
    in the language it was exported in), so the DOCX never says what the final did not.
    """
    if not export.content_sha256:
        return None
    report = export.report
    current = translation.get_language()
    languages = [current] + [code for code, _name in settings.LANGUAGES if code != current]
    for language in languages:
        with translation.override(language):
            if report_data.final_content(report)[0] == export.content_sha256:
                return render_report_docx(report, draft=False, version=export.version)
    return None


def context_to_docx(context):
    """DOCX bytes of a :func:`indicators.report.report_context`."""
    template = DocxTemplate(TEMPLATE)
    template.render(docx_context(context, template), autoescape=True)
    _fit_column_loops(template.docx)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _paragraphs(text):
    """A coordinator's text as the HTML's ``linebreaks`` shows it: blank lines part
    paragraphs, single line breaks stay line breaks."""
    return [Listing(part) for part in re.split(r"\n\s*\n", (text or "").strip()) if part.strip()]


def _answer(blocks):
    """An answer of Tabel 4 as paragraphs of one cell; list items keep their bullet or number."""
    paragraphs = []
    for block in blocks:
        if block.kind == "ul":
            paragraphs += [f"• {line}" for line in block.lines]
        elif block.kind == "ol":
            paragraphs += [f"{number}. {line}" for number, line in enumerate(block.lines, start=block.start)]
        else:
            paragraphs.append("\n".join(block.lines))
    return Listing("\a".join(paragraphs))


def _status(text, status_class):
    return RichText(text, style=STATUS_STYLES.get(status_class))


def _midterm_row(row):
    activity = row.activity if row.is_approved else f"{row.activity}\n({row.status})"
    cells = {
        "activity": Listing(activity),
        "responsible": row.responsible,
        "on_track": _answer(row.on_track),
        "deliverables": _answer(row.deliverables),
        "concerns": _answer(row.concerns),
        "adjustments": _answer(row.adjustments),
    }
    if not row.shown:
        cells["on_track"] = _("Svaret vises, når det er godkendt (status: %(status)s).") % {
            "status": row.status.lower()
        }
    return cells


def _labels(partnership, year):
    names = {"name": partnership.name, "year": year}
    return {
        "draft_banner": _("UDKAST – ikke endelig"),
        "page": _("Side"),
        "of": _("af"),
        "goals_intro": _(
            "I partnerskabsaftalen for %(name)s (%(first)s-%(last)s) fremgår følgende målsætninger:"
        )
        % {"name": partnership.name, "first": partnership.first_year, "last": partnership.last_year},
        "no_goals": _("Partnerskabet har ingen mål registreret."),
        "goal_overview_title": _("Målopfyldelse i %(year)s") % names,
        "goal": _("Mål"),
        "status": _("Status"),
        "reason": _("Begrundelse"),
        "safety": _("1. Udviklingen i tryghed"),
        "crime": _("2. Udviklingen i kriminalitet"),
        "crime_type": _("Gerningstype"),
        "change": _("Ændring"),
        "monitoring": _("Årlig monitorering på udvalgte gerningstyper"),
        "total": _("Total"),
        "collaboration": _("3. Samarbejde på tværs"),
        "plan_heading": _("Tryghedsplan for %(name)s og midtvejsstatus på tryghedsplanens aktiviteter")
        % names,
        "table3_title": _("Tabel 3: Tryghedsplan for %(name)s %(year)s") % names,
        "nr": _("NR."),
        "activity_upper": _("AKTIVITET"),
        "financing": _("FINANSIERING (KR.)"),
        "sum": _("SUM (KR.)"),
        "plan_source": _(
            "Kilde: Tryghedsplanen. “-” betyder ikke finansieret; et tomt felt betyder, at finansieringen "
            "ikke er besluttet. SUM vises kun for år, hvor alle linjer er besluttet."
        ),
        "no_plan": _("Partnerskabet har endnu ingen aktiviteter i tryghedsplanen."),
        "table4_title": _("Tabel 4: Midtvejsstatus for aktiviteterne i Tryghedsplanen %(year)s") % names,
        "activity": _("Aktivitet"),
        "responsible": _("Ansvarlig"),
        "question_1": _("Kører aktiviteten som planlagt, og forventer I at opnå jeres mål?"),
        "question_2": _("Nævn 1-3 eksempler på leverancer der er opnået."),
        "question_3": _(
            "Er der op til nu opstået bekymringer knyttet til opfyldelse af aktivitetens leverancer?"
        ),
        "question_4": _("Er der behov for justeringer? Hvis ja, hvilke?"),
        "no_midterm": _("Der er ingen midtvejsstatus for %(year)s.") % names,
    }


def _meta(report):
    date = dateformat.format(report.report_date, "d-m-Y") if report.report_date else _("ikke angivet")
    return [
        {"label": _("Dato"), "value": date},
        {"label": _("Sagsnummer i F2"), "value": report.f2_case_number or "–"},
        {"label": _("Dokumentnummer i F2"), "value": report.f2_document_number or "–"},
        {"label": _("Sagsnummer eDoc"), "value": report.edoc_case_number or "–"},
        {"label": _("Sagsbehandler"), "value": report.caseworker or "–"},
    ]


def docx_context(context, template):
    """The template's variables: the report context's values, captions with their numbers,
    the figures as pictures and the coordinator's texts as paragraphs."""
    report = context["report"]
    partnership = context["partnership"]
    year = context["year"]
    indicators = context["indicators"]
    summary = indicators["summary"]
    names = {"name": partnership.name, "year": year}
    safety = [
        {
            **measure,
            "caption": _("Figur %(number)s: %(title)s")
            % {"number": measure["figure_number"], "title": measure["figure_title"]},
            "image": _Figure(template, charts.survey_chart_png(measure_summary)),
        }
        for measure, measure_summary in zip(indicators["safety"], summary.survey.values(), strict=True)
    ]
    crime = indicators["crime"]
    periods = {"baseline": crime["baseline_year"], "year": crime["year"]}
    crime = {
        **crime,
        "table1_title": _("Tabel 1: Antal anmeldelser af borgervendt kriminalitet %(baseline)s og %(year)s")
        % periods,
        "table2_title": _("Tabel 2: Antal anmeldelser i %(baseline)s og %(year)s (helårsdata)") % periods,
        "figure3_caption": _("Figur 3: Borgervendt kriminalitet, antal anmeldelser pr. 1000 indbyggere"),
        "figure3_image": _Figure(template, charts.crime_rate_chart_png(summary.police)),
        "goal_rows": [
            {**row, "status_text": _status(row["status"], row["status_class"])} for row in crime["goal_rows"]
        ],
    }
    labels = _labels(partnership, year)
    labels["baseline"] = _("%(baseline)s (baseline)") % periods
    footer_title = _("Status på tryghed og kriminalitet · %(name)s %(year)s") % names
    if context["version"]:
        footer_title += " · " + _("endelig version %(version)s") % {"version": context["version"]}
    round_ = context["round"]
    midterm_source = ""
    if round_ is not None:
        midterm_source = _(
            "Kilde: Midtvejsstatus fra de ansvarlige enheder for perioden %(start)s til %(end)s."
        ) % {
            "start": dateformat.format(round_.period_start, "j. F"),
            "end": dateformat.format(round_.period_end, "j. F Y"),
        }
    return {
        "t": labels,
        "draft": context["draft"],
        "document_title": _("Status på tryghed og kriminalitet for %(name)s %(year)s") % names,
        "author": report.caseworker or _("Københavns Kommune"),
        "language": get_language() or "da",
        "footer_title": footer_title,
        "appendix_label": report.appendix_label,
        "title": _("Status på tryghed og kriminalitet for %(name)s") % names,
        "introduction": _paragraphs(report.introduction),
        "goals": context["goals"],
        "meta": _meta(report),
        "goal_overview": [
            {**vars(row), "status_text": _status(row.status, row.status_class)}
            for row in context["goal_overview"]
        ],
        "safety": safety,
        "safety_commentary": _paragraphs(report.safety_commentary),
        "crime": crime,
        "crime_commentary": _paragraphs(report.crime_commentary),
        "collaboration_sentences": indicators["collaboration_sentences"],
        "collaboration_commentary": _paragraphs(report.collaboration_commentary),
        "plan_sentences": indicators["plan_sentences"],
        "plan_commentary": _paragraphs(report.plan_commentary),
        "plan": context["plan"],
        "midterm": [_midterm_row(row) for row in context["midterm"]],
        "midterm_source": midterm_source,
    }


def _fit_column_loops(document):
    """Column widths after a ``{%tc %}`` loop (Tabel 3's years): each grid column as wide as
    its cells say, the table no wider than the text. docxtpl spreads the template's width
    evenly instead, which squeezes the activity column."""
    for table in document.tables:
        tbl = table._tbl
        grid = tbl.tblGrid.findall(qn("w:gridCol"))
        rows = tbl.findall(qn("w:tr"))
        widest = max(rows, key=lambda tr: len(tr.findall(qn("w:tc"))), default=None)
        if widest is None:
            continue
        cells = widest.findall(qn("w:tc"))
        if len(cells) != len(grid) or any(_span(cell) != 1 for cell in cells):
            continue
        widths = [_width(cell) for cell in cells]
        if None in widths or sum(widths) == sum(int(column.get(qn("w:w"))) for column in grid):
            continue
        scale = min(1, int(TEXT_WIDTH.twips) / sum(widths))
        widths = [int(width * scale) for width in widths]
        for column, width in zip(grid, widths, strict=True):
            column.set(qn("w:w"), str(width))
        for tr in rows:
            position = 0
            for cell in tr.findall(qn("w:tc")):
                span = _span(cell)
                width = cell.tcPr.find(qn("w:tcW")) if cell.tcPr is not None else None
                if width is not None:
                    width.set(qn("w:w"), str(sum(widths[position : position + span])))
                    width.set(qn("w:type"), "dxa")
                position += span


def _span(cell):
    span = cell.tcPr.find(qn("w:gridSpan")) if cell.tcPr is not None else None
    return int(span.get(qn("w:val"))) if span is not None else 1


def _width(cell):
    width = cell.tcPr.find(qn("w:tcW")) if cell.tcPr is not None else None
    return int(width.get(qn("w:w"))) if width is not None else None
