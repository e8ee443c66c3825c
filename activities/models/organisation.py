"""The organisation every record is scoped by: partnerships and the units that work in them."""

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
        from activities.models import Activity

        # One subquery per way in: OR-ing the joins instead multiplies every activity by
        # its units and their members before DISTINCT, which grows with the plan.
        partnerships = Partnership.objects.order_by()
        activities = Activity.objects.order_by()
        return self.filter(
            Q(pk__in=partnerships.filter(coordinators=user).values("pk"))
            | Q(pk__in=partnerships.filter(readers=user).values("pk"))
            | Q(pk__in=activities.filter(responsible_units__members=user).values("partnership_id"))
            | Q(pk__in=activities.filter(partner_units__members=user).values("partnership_id"))
        )

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
