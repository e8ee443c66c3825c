"""The committee package: every partnership's appendix for one reporting year as numbered
bilag, with one cover overview of all goals side by side.

The overview's statuses come from the same computation as each appendix
(:func:`~indicators.summary.indicator_summaries`, which reads only data up to the year,
so they equal what the archived finals print). The package holds each final's archived
PDF byte for byte; a draft package renders the missing ones now, marked UDKAST.
"""

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from activities.models import ReportingRound
from indicators.models import ReportExport, StatusReport
from indicators.pdf import html_to_pdf
from indicators.report import render_report_pdf, report_for
from indicators.summary import indicator_summaries

MANIFEST = "manifest.json"
LABEL_NUMBER = re.compile(r"(\d+)")


@dataclass(frozen=True)
class PartnershipYear:
    """One partnership in the reporting year: its report, newest final, round and goals."""

    partnership: object
    year: int
    covered: bool  # the year lies in the partnership's plan period
    report: object  # StatusReport or None
    final: object  # the newest ReportExport or None
    round: object  # the year's ReportingRound with its counts, or None
    goals: tuple  # GoalRow with a status, in the agreement's order
    number: int | None = None  # bilag number in the package

    @property
    def label(self):
        return _("Bilag %(number)s") % {"number": self.number} if self.number else ""

    @property
    def state(self):
        if self.final is not None:
            return _("Endelig, version %(version)s") % {"version": self.final.version}
        if self.report is not None:
            return _("Udkast")
        return _("Intet udkast endnu")


def _label_order(report, partnership):
    match = LABEL_NUMBER.search(report.appendix_label) if report and report.appendix_label else None
    return (int(match.group(1)) if match else 10_000, partnership.name)


def reporting_year(partnerships, year):
    """A :class:`PartnershipYear` per partnership; those covering the year first, in the
    order of their reports' bilag labels ("Bilag 1", "Bilag 2", …), then by name."""
    partnerships = list(partnerships)
    reports = {
        report.partnership_id: report
        for report in StatusReport.objects.filter(partnership__in=partnerships, year=year)
    }
    finals = {}
    for export in ReportExport.objects.filter(report__in=reports.values()).order_by("report", "-version"):
        finals.setdefault(export.report_id, export)
    rounds = {
        round_.partnership_id: round_
        for round_ in ReportingRound.objects.filter(
            partnership__in=partnerships, year=year
        ).with_status_counts()
    }
    covered = [p for p in partnerships if year in p.plan_years]
    covered.sort(key=lambda p: _label_order(reports.get(p.pk), p))
    summaries = indicator_summaries((partnership, year) for partnership in covered)
    rows = []
    for number, (partnership, summary) in enumerate(zip(covered, summaries, strict=True), start=1):
        report = reports.get(partnership.pk)
        rows.append(
            PartnershipYear(
                partnership=partnership,
                year=year,
                covered=True,
                report=report,
                final=finals.get(report.pk) if report else None,
                round=rounds.get(partnership.pk),
                goals=tuple(goal for goal in summary.goals if goal.status is not None),
                number=number,
            )
        )
    for partnership in sorted(set(partnerships) - set(covered), key=lambda p: p.name):
        rows.append(PartnershipYear(partnership, year, False, None, None, None, ()))
    return rows


def goal_table(rows):
    """The overview's rows: [(goal label, [GoalRow or None per partnership column])]."""
    columns = [row for row in rows if row.covered]
    keys = []
    labels = {}
    for row in columns:
        for goal in row.goals:
            key = (goal.indicator, goal.category)
            if key not in labels:
                keys.append(key)
                labels[key] = goal.label
    by_column = [{(goal.indicator, goal.category): goal for goal in row.goals} for row in columns]
    return [(labels[key], [goals.get(key) for goals in by_column]) for key in keys]


def package_problems(rows):
    """What keeps the final package from being built: a missing final, or a final whose
    printed bilag label is not its number in the package."""
    problems = []
    for row in rows:
        if not row.covered:
            continue
        name = row.partnership.name
        if row.final is None:
            problems.append(
                _("%(name)s har ingen endelig rapport for %(year)s.") % {"name": name, "year": row.year}
            )
        elif row.label not in row.final.content_text:
            problems.append(
                _(
                    "%(name)s: den endelige rapport er ikke mærket «%(label)s». Ret bilagsbetegnelsen på "
                    "rapportsiden og eksportér en ny version."
                )
                % {"name": name, "label": row.label}
            )
    return problems


def overview_html(rows, year, *, draft):
    return render_to_string(
        "indicators/committee/overview_document.html",
        {
            "rows": [row for row in rows if row.covered],
            "table": goal_table(rows),
            "year": year,
            "draft": draft,
        },
    )


def overview_docx(rows, year, *, draft):
    """The cover overview as a Word document: the same table as the PDF, in a landscape
    section with a repeated header row, for the secretariat to edit."""
    columns = [row for row in rows if row.covered]
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    if draft:
        document.add_paragraph(_("UDKAST – ikke endelig"))
    document.add_heading(
        _("Afrapportering af Sikker By tryghedspartnerskaber %(year)s") % {"year": year}, level=1
    )
    for row in columns:
        document.add_paragraph(
            f"{row.label}: "
            + _("Status på tryghed og kriminalitet for %(name)s") % {"name": row.partnership.name}
            + f" ({row.state})",
            style="List Number",
        )
    table = document.add_table(rows=1, cols=len(columns) + 1)
    table.style = "Table Grid"
    header = table.rows[0]
    header.cells[0].text = _("Mål")
    for cell, row in zip(header.cells[1:], columns, strict=True):
        cell.text = f"{row.label}: {row.partnership.name}"
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for label, goals in goal_table(rows):
        cells = table.add_row().cells
        cells[0].text = label
        for cell, goal in zip(cells[1:], goals, strict=True):
            if goal is None:
                cell.text = _("Intet mål")
                continue
            paragraph = cell.paragraphs[0]
            paragraph.add_run(str(goal.status.label)).bold = True
            cell.add_paragraph(goal.status.reason)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def committee_package(rows, year, *, draft, user):
    """ZIP bytes: "Bilag N - <file>.pdf" per partnership, the cover overview and a manifest
    of SHA-256 sums. Without ``draft`` every partnership must have its final
    (:func:`package_problems` empty)."""
    files = {}
    notes = []
    for row in rows:
        if not row.covered:
            notes.append(
                _("%(name)s: %(year)s ligger uden for partnerskabsaftalens periode.")
                % {"name": row.partnership.name, "year": year}
            )
            continue
        if row.final is not None:
            files[f"{row.label} - {row.final.filename}"] = row.final.read_bytes()
        elif draft:
            report = row.report or report_for(row.partnership, year)
            files[f"{row.label} - udkast-{row.partnership.slug}-{year}.pdf"] = render_report_pdf(
                report, draft=True
            )
            notes.append(_("%(name)s: udkast, ingen endelig rapport endnu.") % {"name": row.partnership.name})
        else:
            raise ValueError(package_problems(rows))
    prefix = _("UDKAST") + " - " if draft else ""
    files[f"{prefix}{_('Oversigt over mål')} {year}.pdf"] = html_to_pdf(
        overview_html(rows, year, draft=draft)
    )
    files[f"{prefix}{_('Oversigt over mål')} {year}.docx"] = overview_docx(rows, year, draft=draft)
    manifest = {
        "aar": year,
        "udkast": draft,
        "dannet": timezone.localtime().isoformat(),
        "dannet_af": (user.get_full_name() or user.get_username()) if user else "",
        "bilag": [
            {
                "bilag": row.number,
                "partnerskab": row.partnership.name,
                "version": row.final.version if row.final else None,
            }
            for row in rows
            if row.covered
        ],
        "filer": [
            {"navn": name, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for name, content in files.items()
        ],
        "bemaerkninger": notes,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return buffer.getvalue()
