"""Organisation, the safety plan and the midtvejsstatus.

Partnerships and units are the organisation every other record is scoped by; activities
and budgets are the tryghedsplan; reporting rounds and status responses are the
midtvejsstatus that the units fill in and the coordinator reviews.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Partnerships the user may read: all for administrators, otherwise those the
        user coordinates or reads, or where one of the user's units has an activity."""
        from activities import permissions

        if not user.is_authenticated:
            return self.none()
        if permissions.is_administrator(user):
            return self.all()
        return self.filter(
            Q(coordinators=user)
            | Q(readers=user)
            | Q(activities__responsible_units__members=user)
            | Q(activities__partner_units__members=user)
        ).distinct()

    def coordinated_by(self, user):
        """Partnerships the user coordinates."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(coordinators=user)


class Partnership(models.Model):
    slug = models.SlugField(_("kort navn"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=200, unique=True)
    district = models.CharField(_("bydel"), max_length=100)
    first_year = models.PositiveSmallIntegerField(_("planperiodens første år"))
    last_year = models.PositiveSmallIntegerField(_("planperiodens sidste år"))
    baseline_year = models.PositiveSmallIntegerField(_("baselineår"))
    comparable_from_year = models.PositiveSmallIntegerField(
        _("sammenlignelige data fra"),
        null=True,
        blank=True,
        help_text=_(
            "Første år i den nuværende dataserie (fx når området er blevet udvidet). "
            "Tal fra tidligere år vises, men markeres som ikke direkte sammenlignelige."
        ),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("koordinatorer"),
        related_name="coordinated_partnerships",
        blank=True,
    )
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("læsere"),
        related_name="read_partnerships",
        blank=True,
    )

    objects = PartnershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partnerskab")
        verbose_name_plural = _("partnerskaber")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="partnership_plan_period_ordered",
                violation_error_message=_("Planperiodens første år skal ligge før det sidste."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("activities:partnership", args=[self.slug])

    @property
    def plan_years(self):
        return list(range(self.first_year, self.last_year + 1))

    def clean(self):
        if self.first_year and self.last_year and self.first_year > self.last_year:
            raise ValidationError({"last_year": _("Planperiodens sidste år skal ligge efter det første.")})


class Unit(models.Model):
    class Kind(models.TextChoices):
        FORVALTNING = "forvaltning", _("Forvaltning")
        HOUSING = "boligsocial", _("Boligsocial helhedsplan")
        POLICE = "politi", _("Politi")
        OTHER = "andet", _("Andet")

    short_name = models.CharField(_("forkortelse"), max_length=30, unique=True)
    name = models.CharField(_("fulde navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.FORVALTNING)
    email = models.EmailField(
        _("fælles e-mail"),
        blank=True,
        help_text=_("Bruges til påmindelser ud over medlemmernes egne adresser."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("medlemmer"), related_name="units", blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enhed")
        verbose_name_plural = _("enheder")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name


class ActivityQuerySet(models.QuerySet):
    def numbered(self):
        """Activities proper; unnumbered rows are budget lines such as Videnspuljen."""
        return self.filter(number__isnull=False)

    def budget_lines(self):
        return self.filter(number__isnull=True)

    def visible_to(self, user):
        """Activities of the partnerships the user may read."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def in_plan_order(self):
        return self.order_by("partnership", "order", "number", "pk")


class Activity(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="activities", verbose_name=_("partnerskab")
    )
    number = models.PositiveSmallIntegerField(
        _("nr."), null=True, blank=True, help_text=_("Tomt for budgetlinjer som Videnspuljen.")
    )
    title = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    responsible_units = models.ManyToManyField(
        Unit, verbose_name=_("ansvarlige enheder"), related_name="responsible_for", blank=True
    )
    partner_units = models.ManyToManyField(
        Unit, verbose_name=_("samarbejdspartnere"), related_name="partner_in", blank=True
    )
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[responsible_units, partner_units])

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["order", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"],
                condition=Q(number__isnull=False),
                name="activity_number_unique_per_partnership",
                violation_error_message=_("Partnerskabet har allerede en aktivitet med dette nummer."),
            ),
        ]
        indexes = [models.Index(fields=["partnership", "order"])]

    def __str__(self):
        if self.number is None:
            return self.title
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("activities:activity_detail", args=[self.pk])

    @property
    def is_numbered(self):
        return self.number is not None


class Budget(models.Model):
    """Financing of one activity in one year.

    A row with an amount is funded (0 kr. included); a row without an amount is
    "not funded" (shown as "-"); no row at all means "not decided" (shown blank).
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("aktivitet")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.PositiveIntegerField(_("beløb (kr.)"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetter")
        ordering = ["activity", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "year"],
                name="budget_one_per_activity_and_year",
                violation_error_message=_("Aktiviteten har allerede et budget for dette år."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="budget_amount_not_negative",
                violation_error_message=_("Beløbet kan ikke være negativt."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="budget_year_plausible",
                violation_error_message=_("Året skal ligge mellem 2000 og 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.activity} {self.year}: {self.display}"

    @property
    def is_funded(self):
        return self.amount is not None

    @property
    def display(self):
        from django.utils.formats import number_format

        if self.amount is None:
            return "-"
        return number_format(self.amount, force_grouping=True)

    def clean(self):
        partnership = self.activity.partnership if self.activity_id else None
        if partnership and not (partnership.first_year <= self.year <= partnership.last_year):
            raise ValidationError(
                {
                    "year": _("Året %(year)s ligger uden for planperioden %(first)s–%(last)s.")
                    % {"year": self.year, "first": partnership.first_year, "last": partnership.last_year}
                }
            )


class ReportingRound(models.Model):
    """A midtvejsstatus round: one response per numbered activity of the partnership."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("partnerskab")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("titel"), max_length=200)
    period_start = models.DateField(_("periodens start"))
    period_end = models.DateField(_("periodens slutning"))
    deadline = models.DateField(_("svarfrist"))
    is_open = models.BooleanField(_("åben"), default=True)
    opened_at = models.DateTimeField(_("åbnet"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("åbnet af"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indrapporteringsrunde")
        verbose_name_plural = _("indrapporteringsrunder")
        ordering = ["partnership", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"],
                name="round_one_per_partnership_and_year",
                violation_error_message=_("Partnerskabet har allerede en runde for dette år."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="round_period_ordered",
                violation_error_message=_("Periodens start skal ligge før dens slutning."),
            ),
        ]

    def __str__(self):
        return self.title


class StatusResponse(models.Model):
    """One responsible unit's answer to the four questions for one activity."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SUBMITTED = "submitted", _("Indsendt")
        RETURNED = "returned", _("Returneret til rettelse")
        APPROVED = "approved", _("Godkendt")

    class Progress(models.TextChoices):
        YES = "ja", _("Ja")
        PARTLY = "delvist", _("Delvist")
        NO = "nej", _("Nej")

    class YesNo(models.TextChoices):
        YES = "ja", _("Ja")
        NO = "nej", _("Nej")

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="responses", verbose_name=_("runde")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="responses", verbose_name=_("aktivitet")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    on_track = models.CharField(
        _("Kører aktiviteten som planlagt, og forventer I at opnå jeres mål?"),
        max_length=10,
        choices=Progress.choices,
        blank=True,
    )
    on_track_text = models.TextField(_("uddybning"), blank=True)
    deliverable_1 = models.TextField(_("eksempel 1"), blank=True)
    deliverable_2 = models.TextField(_("eksempel 2"), blank=True)
    deliverable_3 = models.TextField(_("eksempel 3"), blank=True)
    concerns = models.CharField(
        _("Er der op til nu opstået bekymringer knyttet til opfyldelse af aktivitetens leverancer?"),
        max_length=10,
        choices=YesNo.choices,
        blank=True,
    )
    concerns_text = models.TextField(_("uddybning"), blank=True)
    adjustments = models.CharField(
        _("Er der behov for justeringer? Hvis ja, hvilke?"), max_length=10, choices=YesNo.choices, blank=True
    )
    adjustments_text = models.TextField(_("uddybning"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indsendt af"),
    )
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senest ændret af"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("midtvejsstatus")
        verbose_name_plural = _("midtvejsstatusser")
        ordering = ["round", "activity__order", "activity__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "activity"],
                name="response_one_per_round_and_activity",
                violation_error_message=_("Aktiviteten har allerede et svar i denne runde."),
            ),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self):
        return f"{self.round}: {self.activity}"

    @property
    def deliverables(self):
        return [text for text in (self.deliverable_1, self.deliverable_2, self.deliverable_3) if text]


class ResponseTransition(models.Model):
    """Append-only history of the workflow: who moved a response from which state to which."""

    response = models.ForeignKey(
        StatusResponse, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("svar")
    )
    action = models.CharField(_("handling"), max_length=20)
    from_status = models.CharField(_("fra"), max_length=20, choices=StatusResponse.Status.choices)
    to_status = models.CharField(_("til"), max_length=20, choices=StatusResponse.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("udført af")
    )
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("statusskift")
        verbose_name_plural = _("statusskift")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.response}: {self.from_status} → {self.to_status}"
