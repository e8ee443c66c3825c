"""Survey results, police counts, population, data sources and goals.

Every value belongs to a partnership and a level (område, bydel, by) and a year. The
crime categories are fixed data (:data:`CATEGORIES`), so a category is a code on the row,
not a table. Goals are data too: one row per indicator and category, with a rule that
:mod:`indicators.calculations` knows how to evaluate.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import Partnership
from amager_partnerskab.choices import choice_label
from indicators.calculations import format_percent

__all__ = [
    "CATEGORIES",
    "BORGERVENDT_DEFINITION",
    "CategoryInfo",
    "Category",
    "DataSource",
    "Goal",
    "Level",
    "Measure",
    "PoliceCount",
    "Population",
    "SurveyResult",
    "category_by_name",
]


class Level(models.TextChoices):
    AREA = "omraade", _("Område")
    DISTRICT = "bydel", _("Bydel")
    CITY = "by", _("By")


class Measure(models.TextChoices):
    """The survey's two measures of the share of residents feeling unsafe."""

    NEIGHBOURHOOD = "utrygge_nabolag", _("Andel utrygge i nabolaget")
    EVENING_NIGHT = "utrygge_aften_nat", _("Andel utrygge i aften- og nattetimerne")


class Category(models.TextChoices):
    BORGERVENDT = "borgervendt", _("Borgervendt kriminalitet")
    INDBRUD = "indbrud", _("Indbrud")
    TYVERI_ROEVERI = "tyveri_roeveri", _("Tyveri/Røveri")
    VOLD_VAABEN = "vold_vaaben", _("Vold/Våben")
    CHIKANE = "chikane", _("Chikane")
    HAERVAERK = "haervaerk", _("Hærværk")
    NARKOTIKA = "narkotika", _("Narkotika")
    TRUSLER = "trusler", _("Trusler")


BORGERVENDT_DEFINITION = _(
    "Betegnelsen borgervendt kriminalitet følger politiets definition og omhandler følgende "
    "sagsområder: drab (mv.), færdselslov, indbrud, narkotika og smugling, røveri, sædelighed, "
    "tyveri, vold og øvrig straffelov, herunder brugstyveri."
)


@dataclass(frozen=True)
class CategoryInfo:
    """A crime category and the part of the report it belongs to.

    ``group`` is ``"rate"`` (reported per 1000 residents), ``"goal"`` (one of the three
    selected crime codes with a count goal) or ``"monitoring"`` (Tabel 2).
    """

    code: str
    group: str
    definition: str = ""

    @property
    def label(self):
        return Category(self.code).label


CATEGORIES = {
    info.code: info
    for info in [
        CategoryInfo(Category.BORGERVENDT, "rate", BORGERVENDT_DEFINITION),
        CategoryInfo(Category.INDBRUD, "goal"),
        CategoryInfo(Category.TYVERI_ROEVERI, "goal"),
        CategoryInfo(Category.VOLD_VAABEN, "goal"),
        CategoryInfo(Category.CHIKANE, "monitoring"),
        CategoryInfo(Category.HAERVAERK, "monitoring"),
        CategoryInfo(Category.NARKOTIKA, "monitoring"),
        CategoryInfo(Category.TRUSLER, "monitoring"),
    ]
}


def category_by_name(text):
    """The category code for a code or Danish display name ("Tyveri/Røveri"), or None."""
    wanted = (text or "").strip().casefold()
    for category in Category:
        if wanted in (category.value, str(category.label).casefold()):
            return category.value
    return None


YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
YEAR_PLAUSIBLE = Q(year__gte=2000) & Q(year__lte=2100)


class PartnershipDataQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)


class SurveyResult(models.Model):
    """One share of residents feeling unsafe from the yearly tryghedsundersøgelse.

    ``significant`` is the flag given with the data: on an area row it is about the change
    since the previous year, on a bydel or by row about the difference to the area that
    year. Empty when not given.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="survey_results", verbose_name=_("partnerskab")
    )
    measure = models.CharField(_("måling"), max_length=30, choices=Measure.choices)
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    percent = models.DecimalField(
        _("andel (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    respondents = models.PositiveIntegerField(_("respondenter"), null=True, blank=True)
    significant = models.BooleanField(_("signifikant"), null=True, blank=True)

    objects = PartnershipDataQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultat fra tryghedsundersøgelsen")
        verbose_name_plural = _("resultater fra tryghedsundersøgelsen")
        ordering = ["partnership", "measure", "level", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "measure", "level", "year"],
                name="survey_one_per_measure_level_year",
                violation_error_message=_("Der findes allerede et tal for denne måling, dette niveau og år."),
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="survey_percent_0_100",
                violation_error_message=_("Andelen skal ligge mellem 0 og 100 %."),
            ),
            models.CheckConstraint(condition=YEAR_PLAUSIBLE, name="survey_year_plausible"),
        ]

    def __str__(self):
        return f"{self.get_measure_display()}, {self.get_level_display()} {self.year}: {self.percent} %"


class PoliceCount(models.Model):
    """Police reports (anmeldelser) of one category in one year."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="police_counts", verbose_name=_("partnerskab")
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    count = models.PositiveIntegerField(_("antal anmeldelser"))

    objects = PartnershipDataQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("antal anmeldelser")
        verbose_name_plural = _("antal anmeldelser")
        ordering = ["partnership", "category", "level", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "category", "level", "year"],
                name="police_one_per_category_level_year",
                violation_error_message=_(
                    "Der findes allerede et tal for denne kategori, dette niveau og år."
                ),
            ),
            models.CheckConstraint(condition=YEAR_PLAUSIBLE, name="police_year_plausible"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}, {self.get_level_display()} {self.year}: {self.count}"


class Population(models.Model):
    """Residents (indbyggere) of a level in a year; the denominator of rates per 1000."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="populations", verbose_name=_("partnerskab")
    )
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    population = models.PositiveIntegerField(_("indbyggere"), validators=[MinValueValidator(1)])

    objects = PartnershipDataQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("befolkningstal")
        verbose_name_plural = _("befolkningstal")
        ordering = ["partnership", "level", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "level", "year"],
                name="population_one_per_level_year",
                violation_error_message=_("Der findes allerede et befolkningstal for dette niveau og år."),
            ),
            models.CheckConstraint(
                condition=Q(population__gte=1),
                name="population_positive",
                violation_error_message=_("Befolkningstallet skal være mindst 1."),
            ),
            models.CheckConstraint(condition=YEAR_PLAUSIBLE, name="population_year_plausible"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.year}: {self.population}"


class DataSource(models.Model):
    """Where a data set comes from: the "Kilde:" line under its tables and figures."""

    class Dataset(models.TextChoices):
        SURVEY = "tryghed", _("Tryghedsundersøgelsen")
        POLICE = "anmeldelser", _("Politiets anmeldelser")
        POPULATION = "indbyggere", _("Befolkningstal")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="data_sources", verbose_name=_("partnerskab")
    )
    dataset = models.CharField(_("datasæt"), max_length=20, choices=Dataset.choices)
    source = models.CharField(_("kilde"), max_length=300, help_text=_("Fx 'Københavns Politi'."))
    as_of = models.DateField(_("data pr."), null=True, blank=True)
    note = models.TextField(
        _("bemærkning"), blank=True, help_text=_("Forbehold der trykkes efter kilden, fx om dynamiske tal.")
    )

    objects = PartnershipDataQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("datakilde")
        verbose_name_plural = _("datakilder")
        ordering = ["partnership", "dataset"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "dataset"],
                name="data_source_one_per_dataset",
                violation_error_message=_("Partnerskabet har allerede en kilde for dette datasæt."),
            ),
        ]

    def __str__(self):
        return f"{self.get_dataset_display()}: {self.source}"


class Goal(models.Model):
    """One target of the partnership agreement and the rule that decides whether it is met."""

    class Indicator(models.TextChoices):
        NEIGHBOURHOOD = Measure.NEIGHBOURHOOD.value, Measure.NEIGHBOURHOOD.label
        EVENING_NIGHT = Measure.EVENING_NIGHT.value, Measure.EVENING_NIGHT.label
        REPORTS_PER_1000 = "anmeldelser_pr_1000", _("Anmeldelser pr. 1000 indbyggere")
        REPORTS = "anmeldelser", _("Antal anmeldelser")
        COLLABORATION = "samarbejde", _("Aktiviteter med to eller flere samarbejdspartnere")

    class Rule(models.TextChoices):
        MAINTAIN = "fastholdelse", _("Minimum fastholdelse")
        DECREASE_TOWARD_CITY = "fald_mod_by", _("Årligt fald og nærme sig Københavnniveau")
        MINIMUM_SHARE = "mindst_andel", _("Mindst en andel")
        MONITOR = "monitorering", _("Årlig monitorering")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="goals", verbose_name=_("partnerskab")
    )
    indicator = models.CharField(_("indikator"), max_length=30, choices=Indicator.choices)
    category = models.CharField(
        _("kategori"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text=_("Kun for anmeldelser."),
    )
    rule = models.CharField(_("regel"), max_length=20, choices=Rule.choices)
    baseline_year = models.PositiveSmallIntegerField(
        _("baselineår"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    target_year = models.PositiveSmallIntegerField(
        _("målår"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    threshold = models.DecimalField(
        _("tærskel (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    description = models.TextField(_("formulering i partnerskabsaftalen"), blank=True)
    note = models.TextField(
        _("bemærkning i partnerskabsaftalen"),
        blank=True,
        help_text=_("Vises efter målets gruppe, fx hvilke data der danner grundlag for målingen."),
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    objects = PartnershipDataQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["partnership", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "indicator", "category"],
                name="goal_one_per_indicator_and_category",
                violation_error_message=_("Partnerskabet har allerede et mål for denne indikator."),
            ),
        ]

    def __str__(self):
        if self.category:
            return f"{self.get_category_display()}: {self.rule_text}"
        return f"{self.get_indicator_display()}: {self.rule_text}"

    @property
    def rule_text(self):
        """The rule as the report's "Mål" column prints it ("Minimum fastholdelse", "Mindst 75 %")."""
        if self.rule == self.Rule.MINIMUM_SHARE and self.threshold is not None:
            return _("Mindst %(share)s") % {"share": format_percent(self.threshold)}
        return choice_label(self.Rule, self.rule)

    def clean(self):
        errors = {}
        needs_category = self.indicator in (self.Indicator.REPORTS, self.Indicator.REPORTS_PER_1000)
        if needs_category and not self.category:
            errors["category"] = _("Vælg en kategori for et mål om anmeldelser.")
        if not needs_category and self.category:
            errors["category"] = _("Kun mål om anmeldelser har en kategori.")
        if self.rule == self.Rule.MAINTAIN and not self.baseline_year:
            errors["baseline_year"] = _("Et mål om fastholdelse skal have et baselineår.")
        if self.rule == self.Rule.MINIMUM_SHARE and self.threshold is None:
            errors["threshold"] = _("Angiv den andel, der mindst skal nås.")
        if errors:
            raise ValidationError(errors)
