"""The midtvejsstatus: reporting rounds, the units' responses, their workflow history and mail logs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities import roles
from activities.models.organisation import Partnership, Unit
from activities.models.plan import Activity
from amager_partnerskab.choices import choice_label


class ReportingRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rounds of the partnerships the user may read."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def open(self):
        return self.filter(is_open=True)

    def with_status_counts(self):
        """Annotate each round with its number of responses and how many are awaiting the
        unit (``unanswered``), the coordinator (``awaiting_review``) or are approved."""
        Status = StatusResponse.Status
        return self.annotate(
            total=models.Count("responses"),
            unanswered=models.Count(
                "responses", filter=Q(responses__status__in=StatusResponse.EDITABLE_STATES)
            ),
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

    def has_answers(self):
        """Has any unit written, saved or submitted anything in the round? A round without
        answers may still be deleted."""
        # Every save and every transition moves the version on from 1.
        untouched = {name: "" for name in StatusResponse.ANSWER_FIELDS}
        return self.responses.exclude(status=StatusResponse.Status.DRAFT, version=1, **untouched).exists()

    def days_to_deadline(self, today=None):
        """Whole days from today to the deadline; negative once it has passed."""
        return (self.deadline - (today or timezone.localdate())).days


class StatusResponseQuerySet(models.QuerySet):
    def awaiting_review(self):
        """Submitted answers waiting for the coordinator."""
        return self.filter(status=StatusResponse.Status.SUBMITTED)

    def awaiting_answer(self):
        """Answers the unit still has to submit: drafts and returned answers."""
        return self.filter(status__in=StatusResponse.EDITABLE_STATES)

    def approved(self):
        return self.filter(status=StatusResponse.Status.APPROVED)

    def status_counts(self):
        """``{status: count}`` in one query."""
        rows = self.order_by().values("status").annotate(count=models.Count("pk"))
        return {row["status"]: row["count"] for row in rows}

    def visible_to(self, user):
        """Answers the user may read: every answer of a partnership the user administers,
        coordinates or reads; for unit members the answers of their own units."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if roles.is_administrator(user):
            return self.all()
        partnerships = Partnership.objects.filter(Q(coordinators=user) | Q(readers=user)).values("pk")
        own = Activity.objects.filter(responsible_units__members=user).values("pk")
        return self.filter(Q(round__partnership__in=partnerships) | Q(activity__in=own))

    def of_units_of(self, user):
        """Every answer for the activities the user's units are responsible for."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(activity__in=Activity.objects.filter(responsible_units__members=user).values("pk"))

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

    # The unit edits exactly what it may still submit (the workflow's submit starts from
    # these); everything else is frozen for it.
    EDITABLE_STATES = frozenset({Status.DRAFT, Status.RETURNED})

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
    def is_untouched(self):
        """A draft nobody has written or saved anything in yet."""
        return (
            self.status == self.Status.DRAFT
            and self.version == 1
            and not any(getattr(self, name) for name in self.ANSWER_FIELDS)
        )

    @property
    def state_label(self):
        """The state as the unit reads it: an untouched draft is "not started"."""
        if self.is_untouched:
            return _("Ikke påbegyndt")
        return choice_label(self.Status, self.status)

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
        return self.on_track_text or choice_label(self.Progress, self.on_track)

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
        return self.concerns_text or choice_label(self.YesNo, self.concerns)

    @property
    def adjustments_answer(self):
        return self.adjustments_text or choice_label(self.YesNo, self.adjustments)

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
    """One reminder e-mail to one unit about one round, so a second run sends nothing new.
    Reminders the coordinator sends by hand may be repeated."""

    class Kind(models.TextChoices):
        WEEK_BEFORE = "7_dage_foer", _("7 dage før fristen")
        TWO_DAYS_BEFORE = "2_dage_foer", _("2 dage før fristen")
        DAY_AFTER = "dagen_efter", _("dagen efter fristen")
        MANUAL = "manuel", _("sendt af koordinatoren")

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
                fields=["round", "unit", "kind"],
                condition=~Q(kind="manuel"),
                name="reminder_once_per_round_unit_kind",
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.unit} · {self.get_kind_display()}"


class MailPreference(models.Model):
    """How a coordinator hears of submitted answers; without a row, in the daily digest."""

    class Submissions(models.TextChoices):
        DIGEST = "daglig", _("Samlet i en daglig oversigt")
        IMMEDIATE = "straks", _("Straks, én e-mail pr. indsendt svar")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_preference",
        verbose_name=_("bruger"),
    )
    submissions = models.CharField(
        _("indsendte svar"), max_length=10, choices=Submissions.choices, default=Submissions.DIGEST
    )

    class Meta:
        verbose_name = _("e-mailindstilling")
        verbose_name_plural = _("e-mailindstillinger")

    def __str__(self):
        return f"{self.user}: {self.get_submissions_display()}"

    @classmethod
    def wants_immediate(cls, user):
        return cls.objects.filter(user=user, submissions=cls.Submissions.IMMEDIATE).exists()


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
        constraints = [
            # Two digest runs at once both see the same new submissions; only one may log them.
            models.UniqueConstraint(
                fields=["recipient", "last_transition_id"], name="digest_once_per_transition"
            ),
        ]

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
