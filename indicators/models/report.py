"""The yearly status report and its archived PDF exports."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import Partnership

__all__ = ["StatusReport", "ReportExport"]


class StatusReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports of the partnerships the user may read."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user))


class StatusReport(models.Model):
    """The "Status på tryghed og kriminalitet" appendix of one partnership and year.

    Everything but the meta block and the coordinator's commentary is generated from
    the plan, the midtvejsstatus and the indicator data when the report is rendered.
    """

    partnership = models.ForeignKey(
        "activities.Partnership",
        on_delete=models.PROTECT,
        related_name="status_reports",
        verbose_name=_("partnerskab"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    appendix_label = models.CharField(
        _("bilagsbetegnelse"), max_length=50, blank=True, default="Bilag 1", help_text=_("Fx 'Bilag 1'.")
    )
    report_date = models.DateField(_("dato"), null=True, blank=True)
    f2_case_number = models.CharField(_("sagsnummer i F2"), max_length=50, blank=True)
    f2_document_number = models.CharField(_("dokumentnummer i F2"), max_length=50, blank=True)
    edoc_case_number = models.CharField(_("sagsnummer eDoc"), max_length=50, blank=True)
    caseworker = models.CharField(_("sagsbehandler"), max_length=200, blank=True)
    introduction = models.TextField(
        _("indledning"),
        blank=True,
        help_text=_("Vises før partnerskabsaftalens målsætninger, fx om områdets afgrænsning."),
    )
    safety_commentary = models.TextField(
        _("kommentar til 1. Udviklingen i tryghed"),
        blank=True,
        help_text=_("Vises efter den genererede tekst og figurerne."),
    )
    survey_note = models.TextField(
        _("bemærkning til tryghedsundersøgelsen"),
        blank=True,
        help_text=_("Tilføjes kildeangivelsen under figur 1 og 2, fx om respondenter der udgår."),
    )
    figure_1_source = models.TextField(
        _("kilde og note under figur 1"), blank=True, help_text=_("Tomt: standardteksten for året.")
    )
    figure_2_source = models.TextField(
        _("kilde og note under figur 2"), blank=True, help_text=_("Tomt: standardteksten for året.")
    )
    table_1_source = models.TextField(
        _("kilde og note under tabel 1"), blank=True, help_text=_("Tomt: standardteksten for året.")
    )
    figure_3_source = models.TextField(
        _("kilde og note under figur 3"), blank=True, help_text=_("Tomt: standardteksten for året.")
    )
    table_2_source = models.TextField(
        _("kilde og note under tabel 2"), blank=True, help_text=_("Tomt: standardteksten for året.")
    )
    crime_commentary = models.TextField(
        _("kommentar til 2. Udviklingen i kriminalitet"),
        blank=True,
        help_text=_("Fx politiets forklaring på udviklingen; vises efter tabel 2."),
    )
    collaboration_commentary = models.TextField(_("kommentar til 3. Samarbejde på tværs"), blank=True)
    plan_commentary = models.TextField(
        _("kommentar til tryghedsplan og midtvejsstatus"),
        blank=True,
        help_text=_("Vises før tabel 3 og 4."),
    )
    # What each section's generated text said when the coordinator last saved the report:
    # {section: fingerprint}, so the page can say which commentary to re-read.
    commentary_basis = models.JSONField(_("grundlag for kommentarerne"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    objects = StatusReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        ordering = ["partnership", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"],
                name="status_report_one_per_partnership_and_year",
                violation_error_message=_("Partnerskabet har allerede en statusrapport for dette år."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="status_report_year_plausible",
                violation_error_message=_("Året skal ligge mellem 2000 og 2100."),
            ),
        ]

    def __str__(self):
        return _("Statusrapport %(year)s for %(partnership)s") % {
            "year": self.year,
            "partnership": self.partnership,
        }

    def get_absolute_url(self):
        return reverse("indicators:report", args=[self.partnership.slug, self.year])

    @property
    def case_numbers(self):
        """The meta block as it stands now, in the order the report prints it."""
        return {
            "report_date": self.report_date,
            "f2_case_number": self.f2_case_number,
            "f2_document_number": self.f2_document_number,
            "edoc_case_number": self.edoc_case_number,
            "caseworker": self.caseworker,
        }

    def next_export_version(self):
        latest = self.exports.aggregate(latest=Max("version"))["latest"]
        return (latest or 0) + 1


def export_upload_to(instance, filename):
    report = instance.report
    return f"statusrapporter/{report.partnership.slug}/{report.year}/{filename}"


class ReportExport(models.Model):
    """A final PDF as it was exported: the bytes (PDF/UA and a PDF/A copy), their SHA-256
    and the meta block of that moment. Written once and never changed; a new export is a
    new version."""

    report = models.ForeignKey(
        StatusReport, on_delete=models.PROTECT, related_name="exports", verbose_name=_("statusrapport")
    )
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fil"), upload_to=export_upload_to, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    report_date = models.DateField(_("dato"), null=True, blank=True)
    f2_case_number = models.CharField(_("sagsnummer i F2"), max_length=50, blank=True)
    f2_document_number = models.CharField(_("dokumentnummer i F2"), max_length=50, blank=True)
    edoc_case_number = models.CharField(_("sagsnummer eDoc"), max_length=50, blank=True)
    caseworker = models.CharField(_("sagsbehandler"), max_length=200, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eksporteret af"),
    )
    exported_at = models.DateTimeField(_("eksporteret"), auto_now_add=True)
    # The document's content without its version footer: the same content twice is one version.
    content_sha256 = models.CharField(_("SHA-256 af indholdet"), max_length=64, blank=True)
    content_text = models.TextField(_("indholdet som tekst"), blank=True)
    # The same document as PDF/A-2b for the archive (the file above is the accessible PDF/UA);
    # empty for versions exported before the archive copy was made.
    pdfa_file = models.FileField(
        _("arkivkopi (PDF/A)"), upload_to=export_upload_to, max_length=300, blank=True
    )
    pdfa_sha256 = models.CharField(_("SHA-256 af arkivkopien"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("endelig eksport")
        verbose_name_plural = _("endelige eksporter")
        ordering = ["report", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "version"],
                name="report_export_version_unique",
                violation_error_message=_("Denne version findes allerede."),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_export_version_positive"),
        ]

    def __str__(self):
        return _("%(report)s, version %(version)s") % {"report": self.report, "version": self.version}

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("En endelig eksport kan ikke ændres; eksportér en ny version."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("indicators:report_download", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ValidationError(_("En endelig eksport kan ikke slettes."))

    @property
    def filename(self):
        return f"statusrapport-{self.report.partnership.slug}-{self.report.year}-v{self.version}.pdf"

    @property
    def pdfa_filename(self):
        return f"statusrapport-{self.report.partnership.slug}-{self.report.year}-v{self.version}-pdfa.pdf"

    def read_bytes(self):
        with self.file.open("rb") as handle:
            return handle.read()

    def read_pdfa_bytes(self):
        with self.pdfa_file.open("rb") as handle:
            return handle.read()

    def verify(self):
        """True when the stored files still have the SHA-256 recorded at export."""
        if hashlib.sha256(self.read_bytes()).hexdigest() != self.sha256:
            return False
        return not self.pdfa_file or hashlib.sha256(self.read_pdfa_bytes()).hexdigest() == self.pdfa_sha256
