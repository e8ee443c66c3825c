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

    def with_budget_years(self, years):
        """Annotate `budget_<year>` (the amount; None when not funded or not decided) and
        `decided_<year>` (a budget row exists) for each year: Tabel 3 in one query."""
        annotations = {}
        for year in years:
            budgets = Budget.objects.filter(activity=models.OuterRef("pk"), year=year)
            annotations[f"budget_{year}"] = models.Subquery(budgets.values("amount")[:1])
            annotations[f"decided_{year}"] = models.Exists(budgets)
        return self.annotate(**annotations)


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


class ReportingRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rounds of the partnerships the user may read."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def open(self):
        return self.filter(is_open=True)

    def with_status_counts(self):
        """Annotate each round with its number of responses and how many are awaiting the
        unit (``unanswered``), the coordinator (``awaiting_review``) or are approved."""
        from activities.workflow import EDITABLE_STATES

        Status = StatusResponse.Status
        return self.annotate(
            total=models.Count("responses"),
            unanswered=models.Count("responses", filter=Q(responses__status__in=EDITABLE_STATES)),
            awaiting_review=models.Count("responses", filter=Q(responses__status=Status.SUBMITTED)),
            approved=models.Count("responses", filter=Q(responses__status=Status.APPROVED)),
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

    objects = ReportingRoundQuerySet.as_manager()
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

    def get_absolute_url(self):
        return reverse("activities:round_overview", args=[self.pk])

    def days_to_deadline(self, today=None):
        """Whole days from today to the deadline; negative once it has passed."""
        from django.utils import timezone

        return (self.deadline - (today or timezone.localdate())).days


class StatusResponseQuerySet(models.QuerySet):
    def awaiting_review(self):
        """Submitted answers waiting for the coordinator."""
        return self.filter(status=StatusResponse.Status.SUBMITTED)

    def awaiting_answer(self):
        """Answers the unit still has to submit: drafts and returned answers."""
        from activities.workflow import EDITABLE_STATES

        return self.filter(status__in=EDITABLE_STATES)

    def approved(self):
        return self.filter(status=StatusResponse.Status.APPROVED)

    def status_counts(self):
        """``{status: count}`` in one query."""
        rows = self.order_by().values("status").annotate(count=models.Count("pk"))
        return {row["status"]: row["count"] for row in rows}

    def visible_to(self, user):
        """Answers the user may read: every answer of a partnership the user administers,
        coordinates or reads; for unit members the answers of their own units."""
        from activities import permissions

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if permissions.is_administrator(user):
            return self.all()
        partnerships = Partnership.objects.filter(Q(coordinators=user) | Q(readers=user)).values("pk")
        own = Activity.objects.filter(responsible_units__members=user).values("pk")
        return self.filter(Q(round__partnership__in=partnerships) | Q(activity__in=own))

    def open_tasks_for(self, user):
        """What the unit member still has to answer: drafts and returned answers of open
        rounds for the user's units, most urgent deadline first."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return (
            self.awaiting_answer()
            .filter(
                round__is_open=True,
                activity__in=Activity.objects.filter(responsible_units__members=user).values("pk"),
            )
            .select_related("round", "round__partnership", "activity")
            .order_by("round__deadline", "activity__number", "pk")
        )


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
    responsible_text = models.CharField(
        _("ansvarlig (som i rapporten)"),
        max_length=300,
        blank=True,
        help_text=_("Tomt betyder aktivitetens ansvarlige enheder."),
    )
    on_track = models.CharField(
        _("Kører aktiviteten som planlagt, og forventer I at opnå jeres mål?"),
        max_length=10,
        choices=Progress.choices,
        blank=True,
    )
    on_track_text = models.TextField(_("uddybning"), blank=True)
    deliverables_intro = models.TextField(_("indledning til eksemplerne"), blank=True)
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

    objects = StatusResponseQuerySet.as_manager()
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

    # The fields a respondent fills in; edits of these are shown in the response's history.
    ANSWER_FIELDS = (
        "responsible_text",
        "on_track",
        "on_track_text",
        "deliverables_intro",
        "deliverable_1",
        "deliverable_2",
        "deliverable_3",
        "concerns",
        "concerns_text",
        "adjustments",
        "adjustments_text",
    )

    def get_absolute_url(self):
        return reverse("activities:response", args=[self.pk])

    @property
    def deliverables(self):
        return [text for text in (self.deliverable_1, self.deliverable_2, self.deliverable_3) if text]

    @property
    def responsible_display(self):
        """The "Ansvarlig" column of Tabel 4: the unit's own wording, else the units' names."""
        if self.responsible_text:
            return self.responsible_text
        # Translators: joins the names of the responsible units, e.g. "ØKF og BUF".
        return str(_(" og ")).join(unit.name for unit in self.activity.responsible_units.all())

    @property
    def on_track_answer(self):
        """Question 1 as the report prints it: the explanation, else the bare Ja/Delvist/Nej."""
        return self.on_track_text or self.get_on_track_display()

    @property
    def deliverables_answer(self):
        """Question 2 as the report prints it: the introduction, then the examples, numbered
        when there are several."""
        examples = self.deliverables
        if len(examples) > 1:
            examples = [f"{number}. {text}" for number, text in enumerate(examples, start=1)]
        return "\n".join([self.deliverables_intro, *examples] if self.deliverables_intro else examples)

    @property
    def concerns_answer(self):
        return self.concerns_text or self.get_concerns_display()

    @property
    def adjustments_answer(self):
        return self.adjustments_text or self.get_adjustments_display()

    def missing_answers(self):
        """Danish messages for each question not yet answered well enough to submit, keyed
        by field name; empty when the answer can be submitted."""
        missing = {}
        if not self.on_track:
            missing["on_track"] = _("Svar Ja, Delvist eller Nej.")
        if not self.on_track_text.strip():
            missing["on_track_text"] = _("Uddyb, hvordan aktiviteten kører.")
        if not self.deliverable_1.strip():
            missing["deliverable_1"] = _("Nævn mindst ét eksempel på en leverance.")
        for choice, text in (("concerns", "concerns_text"), ("adjustments", "adjustments_text")):
            if not getattr(self, choice):
                missing[choice] = _("Svar Ja eller Nej.")
            elif getattr(self, choice) == self.YesNo.YES and not getattr(self, text).strip():
                missing[text] = _("Du har svaret Ja; beskriv hvilke.")
        return missing


class ReminderLog(models.Model):
    """One reminder e-mail to one unit about one round, so a second run sends nothing new."""

    class Kind(models.TextChoices):
        WEEK_BEFORE = "7_dage_foer", _("7 dage før fristen")
        TWO_DAYS_BEFORE = "2_dage_foer", _("2 dage før fristen")
        DAY_AFTER = "dagen_efter", _("dagen efter fristen")

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("runde")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("enhed"))
    kind = models.CharField(_("påmindelse"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    recipients = models.TextField(_("modtagere"), blank=True)

    class Meta:
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "kind"], name="reminder_once_per_round_unit_kind"
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.unit} · {self.get_kind_display()}"


class DigestLog(models.Model):
    """A daily digest sent to one coordinator, up to and including one transition."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("modtager")
    )
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    last_transition_id = models.PositiveBigIntegerField(_("til og med statusskift"))
    submissions = models.PositiveIntegerField(_("antal indsendelser"))

    class Meta:
        verbose_name = _("daglig oversigt")
        verbose_name_plural = _("daglige oversigter")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.recipient} {self.sent_at:%Y-%m-%d}"


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
