"""The tryghedsplan: activities and their budgets per year."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models.organisation import Partnership, Unit, link_table

# The agreement counts an activity as collaboration when two or more different
# organisations take part in it.
COLLABORATION_MINIMUM_ORGANISATIONS = 2


class CollaborationCount(NamedTuple):
    collaborating: int
    numbered: int


class ActivityQuerySet(models.QuerySet):
    def numbered(self):
        """Activities proper; unnumbered rows are budget lines such as Videnspuljen."""
        return self.filter(number__isnull=False)

    def budget_lines(self):
        return self.filter(number__isnull=True)

    def visible_to(self, user):
        """Activities of the partnerships the user may read."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def active_in(self, first_year, last_year=None):
        """Activities of the plan in ``first_year`` (or in any year up to ``last_year``):
        those neither ended before nor begun after."""
        return self.filter(Q(last_year__isnull=True) | Q(last_year__gte=first_year)).filter(
            Q(first_year__isnull=True) | Q(first_year__lte=last_year or first_year)
        )

    def in_plan_order(self):
        return self.order_by("partnership", "order", "number", "pk")

    def collaboration_counts(self):
        """The agreement's collaboration count over these activities, in one query, per
        partnership and the activity's first and last year (None: from the start, to the end):
        ``{(partnership pk, first year, last year): CollaborationCount}`` with how many numbered
        activities there are (`numbered`) and in how many at least
        :data:`COLLABORATION_MINIMUM_ORGANISATIONS` different organisations take part
        (`collaborating`). The plan page and the status report both read it.

        An activity's organisations are the different units of its two link tables together
        (responsible units and partners, a unit listed as both counted once). The query is
        written out over those tables, from the models' names: built with the ORM's
        subqueries it took several times as long to compile as to run, on every page that
        shows the share."""
        database = connections[self.db]
        quote = database.ops.quote_name
        activity = self.model._meta
        chosen, params = self.numbered().order_by().values("pk").query.sql_with_params()
        links = []
        for name in ("responsible_units", "partner_units"):
            table, link_activity, link_unit = link_table(self.model, name, "activity", "unit", quote)
            links.append(
                f"SELECT {link_activity} AS activity, {link_unit} AS unit FROM {table}"
                f" WHERE {link_activity} IN ({chosen})"
            )
        column = {
            name: quote(activity.get_field(name).column)
            for name in ("partnership", "first_year", "last_year")
        }
        group = f"a.{column['partnership']}, a.{column['first_year']}, a.{column['last_year']}"
        sql = (
            f"SELECT {group}, COUNT(*),"
            f" SUM(CASE WHEN COALESCE(o.organisations, 0) >= %s THEN 1 ELSE 0 END)"
            f" FROM {quote(activity.db_table)} a"
            f" LEFT JOIN (SELECT activity, COUNT(DISTINCT unit) AS organisations"
            f" FROM ({' UNION ALL '.join(links)}) links GROUP BY activity) o"
            f" ON o.activity = a.{quote(activity.pk.column)}"
            f" WHERE a.{quote(activity.pk.column)} IN ({chosen})"
            f" GROUP BY {group}"
        )
        with database.cursor() as cursor:
            cursor.execute(sql, [COLLABORATION_MINIMUM_ORGANISATIONS, *params, *params, *params])
            rows = cursor.fetchall()
        return {
            (partnership, first_year, last_year): CollaborationCount(collaborating, numbered)
            for partnership, first_year, last_year, numbered, collaborating in rows
        }

    def collaboration_count(self):
        """:meth:`collaboration_counts` added up."""
        counts = self.collaboration_counts().values()
        return CollaborationCount(
            collaborating=sum(count.collaborating for count in counts),
            numbered=sum(count.numbered for count in counts),
        )


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
    first_year = models.PositiveSmallIntegerField(
        _("første år"),
        null=True,
        blank=True,
        help_text=_(
            "Tomt: med fra planens begyndelse. Sættes for aktiviteter, en senere aftaleperiode tilføjer."
        ),
    )
    last_year = models.PositiveSmallIntegerField(
        _("sidste år"),
        null=True,
        blank=True,
        help_text=_("Tomt: aktiviteten fortsætter. Sættes, når en ny aftaleperiode ikke viderefører den."),
    )

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
        if self.activity_id and self.activity.first_year is not None and self.year < self.activity.first_year:
            raise ValidationError(
                {
                    "year": _("Aktiviteten begynder i %(first)s og kan ikke have et budget for %(year)s.")
                    % {"year": self.year, "first": self.activity.first_year}
                }
            )
        if self.activity_id and self.activity.last_year is not None and self.year > self.activity.last_year:
            raise ValidationError(
                {
                    "year": _("Aktiviteten sluttede i %(last)s og kan ikke have et budget for %(year)s.")
                    % {"year": self.year, "last": self.activity.last_year}
                }
            )
