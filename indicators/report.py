"""Everything the status report shows, gathered from the plan, the midtvejsstatus and the
indicator data; and the final export that archives the PDF.

:func:`report_context` is the one entry point for the template; the views, the export
command and the tests all go through it, so the HTML preview and the PDF never differ.
"""

import difflib
import hashlib
import html
import json
import logging
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import emails, plan, roles, workflow
from activities.models import Activity, ReportingRound, StatusResponse
from amager_partnerskab.choices import choice_label
from indicators import report_text
from indicators.models import ReportExport, StatusReport
from indicators.pdf import html_to_pdf, html_to_pdfa
from indicators.summary import indicator_summary

logger = logging.getLogger(__name__)

# --- Answers as plain text ------------------------------------------------------------------

_HIDDEN_ELEMENTS = re.compile(r"<\s*(script|style)\b.*?(<\s*/\s*\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_LIST_ITEM_END = re.compile(r"<\s*/\s*li\s*>", re.IGNORECASE)
_BLOCK_TAGS = re.compile(r"<\s*(/?\s*(p|div|br|li|ul|ol|h[1-6]|tr)\b)[^>]*>", re.IGNORECASE)
_LIST_ITEM_TAG = re.compile(r"<\s*li\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")
_BULLET = re.compile(r"^\s*[-•*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(.*)$")


@dataclass
class TextBlock:
    """A paragraph (``kind == "p"``) or a list (``"ul"``/``"ol"``) of plain-text lines."""

    kind: str
    lines: list = field(default_factory=list)
    start: int = 1


def plain_text(value):
    """Answer text without markup: tags become line breaks or list dashes, entities are
    decoded, and what is left is plain text for the template to escape."""
    text = _HIDDEN_ELEMENTS.sub("", str(value or ""))
    text = _LIST_ITEM_END.sub("", text)
    text = _LIST_ITEM_TAG.sub("\n- ", text)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def text_blocks(value):
    """Paragraphs and lists of an answer, keeping the writer's line breaks.

    Lines starting with "-", "•" or "*" form a bullet list; lines starting with "1." or
    "1)" a numbered list; other lines separated by a blank line are paragraphs, and single
    line breaks inside a paragraph are kept as lines.
    """
    blocks = []
    for line in plain_text(value).split("\n"):
        if not line.strip():
            blocks.append(None)
            continue
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if bullet:
            kind, content = "ul", bullet.group(1)
        elif numbered:
            kind, content = "ol", numbered.group(2)
        else:
            kind, content = "p", line.strip()
        last = blocks[-1] if blocks else None
        if last is not None and last.kind == kind:
            last.lines.append(content)
        else:
            block = TextBlock(kind, [content])
            if numbered:
                block.start = int(numbered.group(1))
            blocks.append(block)
    return [block for block in blocks if block is not None]


# --- Tabel 3: the plan --------------------------------------------------------------------


@dataclass
class PlanRow:
    number: str
    title: str
    cells: list


@dataclass
class PlanTable:
    years: list
    rows: list
    totals: list


def plan_table(partnership, year):
    """Tabel 3: every activity and budget line of the agreement in force in ``year`` with
    financing per year of that agreement, and the SUM row (printed only for years where
    every row is decided)."""
    agreement = partnership.agreement(year)
    years = list(range(agreement.first_year, agreement.last_year + 1))
    activities = Activity.objects.filter(partnership=partnership).active_in(
        agreement.first_year, agreement.last_year
    )
    activities = list(activities.order_by("order", "number", "pk"))
    cells = plan.PlanCells.of(activities, years)
    rows = [
        PlanRow(
            number=str(activity.number) if activity.is_numbered else "-",
            title=activity.title,
            cells=[cells.cell(activity.pk, year).display for year in years],
        )
        for activity in activities
    ]
    totals = [total.display for total in cells.totals]
    return PlanTable(years=years, rows=rows, totals=totals if rows else [])


# --- Tabel 4: the midtvejsstatus ----------------------------------------------------------


@dataclass
class MidtermRow:
    activity: str
    responsible: str
    on_track: list
    deliverables: list
    concerns: list
    adjustments: list
    status: str
    is_approved: bool
    shown: bool = True


def reporting_round(partnership, year):
    return ReportingRound.objects.filter(partnership=partnership, year=year).first()


def answer_shown_in_report(response, user, *, final):
    """May Tabel 4 print this answer's text for ``user``?

    A final holds approved answers only. A draft shows approved answers to everyone who
    may read the report, submitted ones to those who review them, and an unsubmitted
    draft only to its own unit. ``user`` None is the document as the committee reads it.
    """
    Status = StatusResponse.Status
    if response.status == Status.APPROVED:
        return True
    if final or user is None:
        return False
    if workflow.is_respondent(user, response):
        return True
    return response.status == Status.SUBMITTED and (
        workflow.is_reviewer(user, response) or roles.is_administrator(user)
    )


def midterm_rows(round_, *, user=None, final=False):
    """Tabel 4: one row per response of the round, in plan order; the answer text only
    where :func:`answer_shown_in_report` allows it."""
    if round_ is None:
        return []
    responses = (
        StatusResponse.objects.filter(round=round_)
        .select_related("activity", "round__partnership")
        .prefetch_related("activity__responsible_units")
        .order_by("activity__order", "activity__number", "activity__pk")
    )
    if final:
        responses = responses.filter(status=StatusResponse.Status.APPROVED)
    rows = []
    for response in responses:
        shown = answer_shown_in_report(response, user, final=final)
        rows.append(
            MidtermRow(
                activity=str(response.activity),
                responsible=plain_text(response.responsible_display),
                on_track=text_blocks(response.on_track_answer) if shown else [],
                deliverables=text_blocks(response.deliverables_answer) if shown else [],
                concerns=text_blocks(response.concerns_answer) if shown else [],
                adjustments=text_blocks(response.adjustments_answer) if shown else [],
                status=choice_label(StatusResponse.Status, response.status),
                is_approved=response.status == StatusResponse.Status.APPROVED,
                shown=shown,
            )
        )
    return rows


@dataclass
class RoundState:
    """Whether the year's midtvejsstatus allows a final export, and why not."""

    round: object
    total: int
    approved: int

    @property
    def all_approved(self):
        return self.round is not None and self.total > 0 and self.approved == self.total

    @property
    def reason(self):
        if self.round is None:
            return _("Der er ingen midtvejsstatus-runde for året.")
        if self.total == 0:
            return _("Midtvejsstatus-runden har ingen svar.")
        if self.approved < self.total:
            return _("%(approved)s af %(total)s svar i midtvejsstatus er godkendt.") % {
                "approved": self.approved,
                "total": self.total,
            }
        return ""


def round_state(partnership, year):
    round_ = ReportingRound.objects.filter(partnership=partnership, year=year).with_status_counts().first()
    if round_ is None:
        return RoundState(None, 0, 0)
    return RoundState(round_, total=round_.total, approved=round_.approved)


# --- The whole report ---------------------------------------------------------------------


def report_for(partnership, year):
    """The saved report of the year, or an unsaved one with empty meta block and commentary."""
    report = StatusReport.objects.filter(partnership=partnership, year=year).first()
    if report is None:
        return StatusReport(partnership=partnership, year=year)
    report.partnership = partnership  # already read; saves a query per render
    return report


def report_context(report, *, user=None, draft=None, preview=False, version=None, charts=True):
    """The template context of the report document.

    ``draft`` None marks the document UDKAST unless every response of the round is
    approved; True or False forces the mark on or off. ``version`` is the archived
    version number a final export prints in its footer; a final (``draft`` False) holds
    approved answers only. ``charts`` False leaves the figures out (for what the
    sections say, not for a document). ``user`` is who reads a draft: Tabel 4 shows them only the
    answers they may read (see :func:`answer_shown_in_report`).
    """
    partnership = report.partnership
    year = report.year
    state = round_state(partnership, year)
    problems = period_problems(partnership, year)
    indicators = report_text.indicator_sections(
        partnership, year, report=report, problems=problems, charts=charts
    )
    indicators["plan_sentences"] = report_text.plan_sentences(partnership, year, state.round)
    if not state.all_approved:
        problems.append(state.reason)
    is_draft = (not state.all_approved) if draft is None else draft
    return {
        "report": report,
        "partnership": partnership,
        "year": year,
        "draft": is_draft,
        "preview": preview,
        "version": version,
        "goals": report_text.goal_groups(indicators["summary"].goals),  # in the agreement's order
        "goal_overview": report_text.goal_overview(indicators["summary"].goals),
        "indicators": indicators,
        "plan": plan_table(partnership, year),
        "agreement": partnership.agreement(year),
        "round": state.round,
        "round_state": state,
        "midterm": midterm_rows(state.round, user=user, final=not is_draft),
        "problems": problems,
    }


def period_problems(partnership, year):
    """A report year outside the agreement's period, said first: its data are not the plan's."""
    if year in partnership.plan_years:
        return []
    return [
        _("%(year)s ligger uden for partnerskabsaftalens periode (%(first)s-%(last)s).")
        % {"year": year, "first": partnership.first_year, "last": partnership.last_year}
    ]


def report_status(report):
    """What the report page shows about the document without rendering it: the state of
    the year's midtvejsstatus and the Danish messages about missing data."""
    state = round_state(report.partnership, report.year)
    problems = period_problems(report.partnership, report.year)
    problems += indicator_summary(report.partnership, report.year).messages
    if not state.all_approved:
        problems.append(state.reason)
    return state, problems


def render_report_html(report, *, user=None, draft=None, preview=False, version=None, request=None):
    if request is not None and user is None:
        user = request.user
    context = report_context(report, user=user, draft=draft, preview=preview, version=version)
    return render_to_string("indicators/report/report.html", context, request=request)


def render_report_pdf(report, *, user=None, draft=None, version=None):
    return html_to_pdf(render_report_html(report, user=user, draft=draft, version=version))


# --- Commentary that went stale ------------------------------------------------------------

# Each section with commentary: its heading and the coordinator's field.
COMMENTARY_SECTIONS = {
    "safety": (gettext_lazy("1. Udviklingen i tryghed"), "safety_commentary"),
    "crime": (gettext_lazy("2. Udviklingen i kriminalitet"), "crime_commentary"),
    "collaboration": (gettext_lazy("3. Samarbejde på tværs"), "collaboration_commentary"),
    "plan": (gettext_lazy("Tryghedsplan og midtvejsstatus"), "plan_commentary"),
}


def section_fingerprints(context):
    """{section: SHA-256 of what the section's generated text and tables say}, from a
    :func:`report_context`; the charts draw the same numbers, so they are left out."""
    indicators = context["indicators"]
    crime = dict(indicators["crime"])
    crime.pop("chart", None)
    parts = {
        "safety": [{k: v for k, v in measure.items() if k != "chart"} for measure in indicators["safety"]],
        "crime": crime,
        "collaboration": indicators["collaboration_sentences"],
        "plan": [indicators["plan_sentences"], context["plan"].rows, context["plan"].totals],
    }
    return {
        name: hashlib.sha256(json.dumps(value, default=repr, sort_keys=True).encode()).hexdigest()
        for name, value in parts.items()
    }


def status_report_save(report):
    """Save the coordinator's texts with what the sections say now as their basis: one
    save, so one history entry."""
    report.commentary_basis = section_fingerprints(report_context(report, draft=False, charts=False))
    report.save()
    return report


def stale_commentary(report, context=None):
    """Headings of the sections whose commentary was written on other data than they
    show now; empty for commentary saved before its basis was recorded."""
    if not report.pk or not report.commentary_basis:
        return []
    current = section_fingerprints(context or report_context(report, draft=False, charts=False))
    stale = []
    for name, (heading, field_name) in COMMENTARY_SECTIONS.items():
        written_on = report.commentary_basis.get(name)
        if getattr(report, field_name).strip() and written_on and written_on != current[name]:
            stale.append(str(heading))
    return stale


# --- Finals -----------------------------------------------------------------------------------

_TEXT_BREAKS = re.compile(r"<\s*(/?\s*(p|div|br|li|tr|h[1-6]|dt|dd|th|td|figcaption|text)\b)[^>]*>", re.I)


def document_text(document_html):
    """The words of a rendered report, one line per paragraph, cell or chart label."""
    text = _HIDDEN_ELEMENTS.sub("", document_html)
    text = _TEXT_BREAKS.sub("\n", text)
    text = html.unescape(_ANY_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def final_content(report):
    """(SHA-256, text) of the final document's content, its version footer left out."""
    document = render_report_html(report, draft=False)
    return hashlib.sha256(document.encode()).hexdigest(), document_text(document)


@dataclass
class FinalCheck:
    """What the coordinator confirms before a final export."""

    round_state: RoundState
    last: object  # the newest ReportExport, or None
    identical: bool
    differences: list
    stale: list

    @property
    def allowed(self):
        return self.round_state.all_approved


def final_export_check(report):
    """The state of the round, the last final, the lines that differ from it (as a unified
    diff, at most 200 lines) and the sections whose commentary may be stale."""
    state = round_state(report.partnership, report.year)
    last = report.exports.order_by("-version").first() if report.pk else None
    sha, text = final_content(report)
    differences = []
    identical = False
    if last is not None:
        identical = bool(last.content_sha256) and last.content_sha256 == sha
        if not identical:
            before = last.content_text.splitlines() if last.content_text else []
            differences = list(difflib.unified_diff(before, text.splitlines(), lineterm="", n=0))[2:202]
    return FinalCheck(state, last, identical, differences, stale_commentary(report))


@transaction.atomic
def status_report_export(*, report, acting_user):
    """Render the final PDF and archive it unchanged as the next version.

    Refuses (ValidationError) unless every response of the year's round is approved.
    The report is saved first if it only existed on screen. Returns ``(export, created)``:
    when the content equals the last final's, that export and False, and nothing is written.
    """
    state = round_state(report.partnership, report.year)
    if not state.all_approved:
        raise ValidationError(
            _("Den endelige rapport kræver, at alle svar i midtvejsstatus er godkendt. %(reason)s")
            % {"reason": state.reason}
        )
    if report.pk is None:
        report.save()
    # Lock the report so two exports at once cannot take the same version number.
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    content_sha256, content_text = final_content(report)
    last = report.exports.order_by("-version").first()
    if last is not None and last.content_sha256 == content_sha256:
        return last, False
    version = report.next_export_version()
    # One document, written twice: the accessible PDF (PDF/UA) and the archive copy (PDF/A).
    document = render_report_html(report, draft=False, version=version)
    pdf = html_to_pdf(document)
    pdfa = html_to_pdfa(document)
    export = ReportExport(
        report=report,
        version=version,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        pdfa_sha256=hashlib.sha256(pdfa).hexdigest(),
        exported_by=acting_user,
        content_sha256=content_sha256,
        content_text=content_text,
        **report.case_numbers,
    )
    _archive_file(export, export.file, export.filename, pdf)
    try:
        _archive_file(export, export.pdfa_file, export.pdfa_filename, pdfa)
        export.save()
    except BaseException:
        for stored in (export.file, export.pdfa_file):
            if stored.name:
                stored.storage.delete(stored.name)
        raise
    return export, True


def _archive_file(export, stored, filename, pdf):
    """Write one file of the export to the archive, or raise a Danish ValidationError and
    leave no file (a full disk must not leave a truncated PDF behind)."""
    storage = stored.storage
    name = storage.get_available_name(stored.field.generate_filename(export, filename))
    try:
        stored.name = storage.save(name, ContentFile(pdf))
    except OSError:
        logger.exception("Den endelige rapport kunne ikke gemmes i arkivet (%s)", name)
        if storage.exists(name):
            storage.delete(name)
        raise ValidationError(
            _(
                "Den endelige rapport kunne ikke gemmes, fordi serveren ikke kan skrive filen "
                "(fx fordi disken er fuld). Intet er gemt. Kontakt administratoren."
            )
        ) from None


def report_file_missing(export):
    """Tell the administrators (once a day per file) that an archived PDF is gone."""
    logger.error("Arkiveret rapport mangler: %s (eksport %s)", export.file.name, export.pk)
    if not cache.add(f"report-file-missing:{export.pk}", True, 60 * 60 * 24):
        return
    administrators = get_user_model().objects.filter(is_active=True, is_superuser=True).exclude(email="")
    with transaction.atomic():
        emails.queue_mail(
            _("Arkiveret rapport mangler: %(file)s") % {"file": export.filename},
            "emails/report_file_missing.txt",
            {"export": export},
            [user.email for user in administrators],
        )
