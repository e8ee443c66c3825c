"""The organisation every record is scoped by: partnerships and the units that work in them."""

import functools
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities import roles


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Partnerships the user may read: all for administrators, otherwise those the
        user coordinates or reads, or where one of the user's units has an activity."""
        if not user.is_authenticated:
            return self.none()
        if roles.is_administrator(user):
            return self.all()
        return self.filter(pk__in=[partnership.pk for partnership in visible_partnerships(user)])

    def coordinated_by(self, user):
        """Partnerships the user coordinates."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(coordinators=user)


def visible_partnerships(user):
    """The partnerships of `PartnershipQuerySet.visible_to`, in name order, read in one query
    the first time a request asks and kept on its user object, like the user's roles and
    units: the menu, the page's own lookup and its permission checks share them."""
    if "_visible_partnerships" not in user.__dict__:
        if not user.is_authenticated:
            found = []
        elif roles.is_administrator(user):
            found = list(Partnership.objects.all())
        else:
            found = list(Partnership.objects.raw(_visible_partnerships_sql(), [user.pk] * 4))
        user.__dict__["_visible_partnerships"] = found
    return user.__dict__["_visible_partnerships"]


def link_table(model, name, left, right, quote):
    """The link table of ``model``'s many-to-many field ``name`` and its ``left`` and
    ``right`` key columns, quoted by ``quote``, for the queries written out over them."""
    through = model._meta.get_field(name).remote_field.through._meta
    return (
        quote(through.db_table),
        quote(through.get_field(left).column),
        quote(through.get_field(right).column),
    )


@functools.cache
def _visible_partnerships_sql():
    """The partnerships a user coordinates or reads, or where one of the user's units is
    responsible for or a partner in an activity: one UNION of the four link tables, each by
    its user. Every logged-in page asks this for its menu; written with the ORM the query
    took twenty times as long to build as to run, so it is written once here, from the
    models' own table and column names."""
    from activities.models import Activity  # noqa: PLC0415 - models/plan.py imports this module for the Partnership key

    quote = connection.ops.quote_name
    parts = []
    for name in ("coordinators", "readers"):
        table, partnership, user = link_table(Partnership, name, "partnership", "user", quote)
        parts.append(f"SELECT {partnership} FROM {table} WHERE {user} = %s")
    members, member_unit, member_user = link_table(Unit, "members", "unit", "user", quote)
    activity = Activity._meta
    for name in ("responsible_units", "partner_units"):
        table, link_activity, link_unit = link_table(Activity, name, "activity", "unit", quote)
        parts.append(
            f"SELECT a.{quote(activity.get_field('partnership').column)} FROM {quote(activity.db_table)} a"
            f" JOIN {table} l ON l.{link_activity} = a.{quote(activity.pk.column)}"
            f" JOIN {members} m ON m.{member_unit} = l.{link_unit} WHERE m.{member_user} = %s"
        )
    meta = Partnership._meta
    order = ", ".join(
        quote(meta.get_field(name.lstrip("-")).column) + (" DESC" if name.startswith("-") else "")
        for name in meta.ordering
    )
    return (
        f"SELECT * FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} IN ({' UNION '.join(parts)})"
        f" ORDER BY {order}"
    )


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
    history = HistoricalRecords(m2m_fields=[coordinators, readers])

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

    def agreement(self, year):
        """The partnership agreement in force in ``year``: the first agreement is the
        partnership's own fields, each extension an :class:`AgreementPeriod`. A year after
        the last agreement belongs to the last one, a year before the first to the first."""
        extensions = list(self.extensions.all())  # ordered by first year; prefetch-friendly
        for period in reversed(extensions):
            if year >= period.first_year:
                return Agreement(
                    period.first_year,
                    period.last_year,
                    period.baseline_year,
                    period.comparable_from_year,
                    True,
                )
        first_last = extensions[0].first_year - 1 if extensions else self.last_year
        return Agreement(self.first_year, first_last, self.baseline_year, self.comparable_from_year, False)

    @property
    def current_agreement(self):
        return self.agreement(self.last_year)

    def agreements(self):
        """Every agreement period, the first first."""
        starts = [self.first_year] + [period.first_year for period in self.extensions.all()]
        return [self.agreement(year) for year in starts]

    def clean(self):
        if self.first_year and self.last_year and self.first_year > self.last_year:
            raise ValidationError({"last_year": _("Planperiodens sidste år skal ligge efter det første.")})


class Agreement(NamedTuple):
    """One agreement period as the reports read it (see :meth:`Partnership.agreement`)."""

    first_year: int
    last_year: int
    baseline_year: int
    comparable_from_year: int | None  # the series break: earlier area figures do not compare
    is_extension: bool


class AgreementPeriod(models.Model):
    """A later partnership agreement (a forlængelse): its years, its baseline year and,
    where the area changed, the first year whose figures compare with the new area's."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("partnerskab")
    )
    first_year = models.PositiveSmallIntegerField(_("aftalens første år"))
    last_year = models.PositiveSmallIntegerField(_("aftalens sidste år"))
    baseline_year = models.PositiveSmallIntegerField(_("baselineår"))
    comparable_from_year = models.PositiveSmallIntegerField(
        _("sammenlignelige data fra"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aftaleperiode")
        verbose_name_plural = _("aftaleperioder")
        ordering = ["partnership", "first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "first_year"],
                name="agreement_period_one_per_start",
                violation_error_message=_(
                    "Partnerskabet har allerede en aftaleperiode, der begynder dette år."
                ),
            ),
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="agreement_period_ordered",
                violation_error_message=_("Aftalens første år skal ligge før det sidste."),
            ),
        ]

    def __str__(self):
        return _("%(partnership)s %(first)s–%(last)s") % {
            "partnership": self.partnership,
            "first": self.first_year,
            "last": self.last_year,
        }


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

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("enhed")
        verbose_name_plural = _("enheder")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name
