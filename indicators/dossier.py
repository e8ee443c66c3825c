"""The dossier of a final for the case file: one ZIP with the archived PDF and its PDF/A
copy, the DOCX, the indicator data the report reads and the round's answers as XLSX, the
answers' history as CSV, and ``manifest.json`` with every file's SHA-256, the case numbers
and who exported the final and made the dossier, and when."""

import hashlib
import io
import json
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from activities import exports
from amager_partnerskab.spreadsheets import csv_bytes, xlsx_bytes
from indicators import report_docx
from indicators.importers import COLUMNS, POLICE, POPULATION, export_rows
from indicators.report import reporting_round

MANIFEST = "manifest.json"


def _person(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def report_year_rows(partnership, year):
    """The stored indicator values the report of ``year`` reads: the survey up to the year,
    police and population figures up to the year before."""
    return [
        row
        for row in export_rows(partnership)
        if row[4] <= (year - 1 if row[1] in (POLICE, POPULATION) else year)
    ]


def dossier_files(export, *, user):
    """({file name: bytes}, notes) of the dossier; a note says why a file is left out.
    Raises OSError when an archived PDF cannot be read."""
    report = export.report
    partnership = report.partnership
    base = export.filename.removesuffix(".pdf")
    files = {export.filename: export.read_bytes()}
    notes = []
    if export.pdfa_file:
        files[export.pdfa_filename] = export.read_pdfa_bytes()
    else:
        notes.append(_("Versionen blev eksporteret, før arkivkopien (PDF/A) blev lavet."))
    document = report_docx.final_docx(export)
    if document is None:
        notes.append(
            _(
                "Word-udgaven er udeladt: data eller tekster i rapporten er ændret, siden versionen blev eksporteret."
            )
        )
    else:
        files[f"{base}.docx"] = document
    files[f"indikatorer-{partnership.slug}-{report.year}.xlsx"] = xlsx_bytes(
        COLUMNS, report_year_rows(partnership, report.year), sheet_title=_("Indikatorer")
    )
    round_ = reporting_round(partnership, report.year)
    if round_ is not None:
        header, rows = exports.round_answers(round_, user=user)
        files[f"midtvejsstatus-{partnership.slug}-{report.year}.xlsx"] = xlsx_bytes(
            header, rows, round_.title
        )
        header, rows = exports.round_history(round_)
        files[f"midtvejsstatus-{partnership.slug}-{report.year}-historik.csv"] = csv_bytes(header, rows)
    return files, notes


def manifest(export, files, notes, *, user):
    """The dossier's manifest: the final, its case numbers, the export and this dossier's
    making, and the SHA-256 and size of every file beside it in the ZIP."""
    report = export.report
    return {
        "rapport": str(report),
        "version": export.version,
        "sagsnumre": {
            "dato": export.report_date.isoformat() if export.report_date else "",
            "f2_sagsnummer": export.f2_case_number,
            "f2_dokumentnummer": export.f2_document_number,
            "edoc_sagsnummer": export.edoc_case_number,
            "sagsbehandler": export.caseworker,
        },
        "eksporteret": timezone.localtime(export.exported_at).isoformat(),
        "eksporteret_af": _person(export.exported_by),
        "dannet": timezone.localtime().isoformat(),
        "dannet_af": _person(user),
        "filer": [
            {"navn": name, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for name, content in files.items()
        ],
        "bemaerkninger": notes,
    }


def final_dossier(export, *, user):
    """ZIP bytes of the dossier of ``export`` as ``user`` may read it."""
    files, notes = dossier_files(export, user=user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr(
            MANIFEST, json.dumps(manifest(export, files, notes, user=user), ensure_ascii=False, indent=2)
        )
    return buffer.getvalue()
