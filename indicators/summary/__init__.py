"""Everything sections 1 to 3 of the status report need from the indicator data, in one call.

:func:`indicator_summary` reads the partnership's survey results, police counts,
populations, sources, goals and numbered activities with a fixed number of queries
(six, whatever the amount of data) and returns frozen dataclasses that both the indicator
page and the status report render. All numbers are already rounded as printed, and every
change is computed from printed values, so the tables add up for a reader.

Years follow design.md: for report year Y the survey of Y is compared with Y−1 and with
the first year of the series; the police figures of the last full year Y−1 are compared
with the goals' baseline year. Missing data never raises: the value is None (shown as
"ikke opgjort") and a Danish sentence is added to :attr:`IndicatorSummary.messages`.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity
from indicators import calculations as calc
from indicators.calculations import GoalStatus, SignificanceResult
from indicators.models import (
    CATEGORIES,
    Category,
    DataSource,
    Goal,
    Level,
    Measure,
    PoliceCount,
    Population,
    SurveyResult,
)

NOT_AVAILABLE = gettext_lazy("ikke opgjort")

GOAL_CATEGORIES = [Category.INDBRUD, Category.TYVERI_ROEVERI, Category.VOLD_VAABEN]
MONITORING_CATEGORIES = [Category.CHIKANE, Category.HAERVAERK, Category.NARKOTIKA, Category.TRUSLER]
LEVELS = [Level.AREA, Level.DISTRICT, Level.CITY]
DEFAULT_COLLABORATION_THRESHOLD = Decimal(75)


# --- Goals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalRow:
    """One goal of the partnership agreement and, for the report year, its status.

    ``rule_text`` is what the "Mål" column prints ("Minimum fastholdelse", "Mindst 75 %");
    ``description`` the agreement's own wording. ``status`` is None for goals that are
    only monitored (Tabel 2), else a :class:`~indicators.calculations.GoalStatus` with
    state met / not met / not measurable and a Danish reason.
    """

    pk: int
    indicator: str
    indicator_label: str
    category: str
    category_label: str
    rule: str
    rule_text: str
    description: str
    baseline_year: int | None
    target_year: int | None
    threshold: Decimal | None
    status: GoalStatus | None

    @property
    def label(self):
        return self.category_label or self.indicator_label

    def __str__(self):
        return f"{self.label}: {self.rule_text}"


# --- Section 1: survey -------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyPoint:
    """One survey value. ``percent`` is as stored, ``printed`` as the report prints it
    (whole percent, half-up). ``comparable`` is False for area values before the
    partnership's series break. ``significance`` is about the change since the year before
    (area) or the difference to the area that year (bydel, by)."""

    level: str
    year: int
    percent: Decimal
    printed: Decimal
    respondents: int | None
    significance: SignificanceResult
    comparable: bool

    @property
    def display(self):
        return calc.format_percent(self.printed)


@dataclass(frozen=True)
class SurveySeries:
    """The values of one level over the years, oldest first."""

    level: str
    label: str
    points: tuple[SurveyPoint, ...]

    def get(self, year):
        for point in self.points:
            if point.year == year:
                return point
        return None

    @property
    def years(self):
        return [point.year for point in self.points]


@dataclass(frozen=True)
class SurveyMeasureSummary:
    """Figur 1 or 2 and the sentences around it, for one measure.

    ``area``, ``district`` and ``city`` are the three series (possibly empty). ``current``,
    ``previous`` and ``first`` are the area's points for the report year, the year before
    and the first year of the series (None when missing). Changes are in percentage points
    between printed values; ``*_comparable`` says whether the two years lie on the same
    side of the series break (``comparable_from_year``, None when there is none).
    ``district_current``/``city_current`` are bydel and by in the
    report year, their significance being that of the difference to the area.
    """

    measure: str
    label: str
    report_year: int
    comparable_from_year: int | None
    area: SurveySeries
    district: SurveySeries
    city: SurveySeries
    years: tuple[int, ...]
    current: SurveyPoint | None
    previous: SurveyPoint | None
    first: SurveyPoint | None
    change_since_previous: Decimal | None
    direction_since_previous: str | None
    previous_comparable: bool
    change_since_first: Decimal | None
    direction_since_first: str | None
    first_comparable: bool
    district_current: SurveyPoint | None
    city_current: SurveyPoint | None
    goal: GoalRow | None

    @property
    def series(self):
        return (self.area, self.district, self.city)

    @property
    def significance_since_previous(self):
        return self.current.significance if self.current else calc.NOT_TESTED

    def table_rows(self):
        """(year, [point or None for område, bydel, by]) for every year, oldest first."""
        return [(year, [series.get(year) for series in self.series]) for year in self.years]


# --- Section 2: police -------------------------------------------------------------------


@dataclass(frozen=True)
class CrimeRow:
    """A row of Tabel 1 or Tabel 2: the baseline year against the last full year.

    For borgervendt kriminalitet (``per_1000`` True) ``baseline`` and ``current`` are rates
    per 1000 residents rounded to one decimal, and the counts and populations behind them
    are kept; otherwise they are counts. ``change`` is ``current − baseline`` of the
    printed values. ``goal`` is None for monitored categories.
    """

    category: str
    label: str
    per_1000: bool
    baseline: Decimal | int | None
    current: Decimal | int | None
    change: Decimal | int | None
    direction: str | None
    baseline_count: int | None
    current_count: int | None
    baseline_population: int | None
    current_population: int | None
    goal: GoalRow | None

    @property
    def places(self):
        return 1 if self.per_1000 else 0

    @property
    def baseline_display(self):
        return _display(self.baseline, self.places)

    @property
    def current_display(self):
        return _display(self.current, self.places)

    @property
    def change_display(self):
        return _display(self.change, self.places)

    @property
    def status(self):
        return self.goal.status if self.goal else None


@dataclass(frozen=True)
class RatePoint:
    """Borgervendt kriminalitet per 1000 residents in one year, area and city (Figur 3)."""

    year: int
    area: Decimal | None
    city: Decimal | None


@dataclass(frozen=True)
class PoliceSummary:
    """Section 2: Tabel 1 (``goal_rows``: borgervendt per 1000 first, then indbrud,
    tyveri/røveri and vold/våben), the city's rate in the last full year, Figur 3's series
    and Tabel 2 (``monitoring_rows`` with totals; a total is None when a value is missing).
    ``year`` is the last full year (report year − 1), ``baseline_year`` the goals'."""

    baseline_year: int
    year: int
    goal_rows: tuple[CrimeRow, ...]
    city_rate: Decimal | None
    city_count: int | None
    city_population: int | None
    rates: tuple[RatePoint, ...]
    monitoring_rows: tuple[CrimeRow, ...]
    monitoring_baseline_total: int | None
    monitoring_current_total: int | None
    monitoring_change: int | None
    borgervendt_definition: str

    @property
    def borgervendt(self):
        return self.goal_rows[0]

    @property
    def city_rate_display(self):
        return _display(self.city_rate, 1)

    @property
    def monitoring_totals_display(self):
        return (
            _display(self.monitoring_baseline_total),
            _display(self.monitoring_current_total),
            _display(self.monitoring_change),
        )


# --- Section 3, sources and the whole ----------------------------------------------------


@dataclass(frozen=True)
class CollaborationSummary:
    """Section 3: numbered activities with two or more partner units (``part``) out of all
    numbered activities (``whole``), the printed share and the goal's threshold."""

    part: int
    whole: int
    share: Decimal | None
    threshold: Decimal
    status: GoalStatus

    @property
    def share_display(self):
        return calc.format_percent(self.share) if self.share is not None else str(NOT_AVAILABLE)

    @property
    def threshold_display(self):
        return calc.format_percent(self.threshold)


@dataclass(frozen=True)
class SourceInfo:
    """A data set's "Kilde:" line: the source, the date the data are from, and caveats."""

    dataset: str
    label: str
    source: str
    as_of: object
    note: str

    @property
    def line(self):
        """ "Kilde: Københavns Politi. Det bemærkes, …" as printed under a table."""
        parts = [_("Kilde: %(source)s.") % {"source": self.source.rstrip(".")}]
        if self.note:
            parts.append(self.note)
        return " ".join(parts)


@dataclass(frozen=True)
class IndicatorSummary:
    """The indicator part of one partnership's report for ``report_year``.

    ``survey`` maps each measure code to its :class:`SurveyMeasureSummary` (nabolag first);
    ``police`` is section 2; ``collaboration`` section 3; ``goals`` every goal with its
    status; ``sources`` the data sets' sources by dataset code ("tryghed", "anmeldelser",
    "indbyggere"); ``messages`` Danish sentences about data that are missing.
    ``comparable_from_year`` is the partnership's series break (None when there is none).
    """

    partnership_id: int
    report_year: int
    comparable_from_year: int | None
    survey: dict
    police: PoliceSummary
    collaboration: CollaborationSummary
    goals: tuple[GoalRow, ...]
    sources: dict
    messages: tuple[str, ...]

    @property
    def neighbourhood(self):
        return self.survey[Measure.NEIGHBOURHOOD]

    @property
    def evening_night(self):
        return self.survey[Measure.EVENING_NIGHT]

    @property
    def survey_source(self):
        return self.sources.get(DataSource.Dataset.SURVEY)

    @property
    def police_source(self):
        return self.sources.get(DataSource.Dataset.POLICE)

    @property
    def population_source(self):
        return self.sources.get(DataSource.Dataset.POPULATION)


def _display(value, places=0):
    if value is None:
        return str(NOT_AVAILABLE)
    return calc.format_number(value, places)


# --- Building ----------------------------------------------------------------------------


def default_report_year(partnership):
    """The year whose report the latest data feed: the newest survey year, or the year
    after the newest police year, whichever is later; the plan's first year without data."""
    from django.db.models import Max, Subquery

    from activities.models import Partnership

    def newest(model):
        rows = model.objects.for_partnership(partnership).order_by().values("partnership")
        return Subquery(rows.annotate(newest=Max("year")).values("newest"))

    # Both in one query.
    survey, police = (
        Partnership.objects.filter(pk=partnership.pk)
        .values_list(newest(SurveyResult), newest(PoliceCount))
        .get()
    )
    candidates = [year for year in (survey, police + 1 if police else None) if year]
    return max(candidates) if candidates else partnership.first_year


def indicator_summary(partnership, report_year):
    """Gather sections 1–3 of the report for ``partnership`` and ``report_year`` in six queries.

    See :class:`IndicatorSummary` for the fields. Never raises for missing data.
    """
    builder = _Builder(partnership, report_year)
    return builder.build()


class _Builder:
    def __init__(self, partnership, report_year):
        self.partnership = partnership
        self.report_year = report_year
        self.police_year = report_year - 1
        self.break_year = partnership.comparable_from_year
        self.messages = []

    def comparable(self, level, year):
        # Police figures are recomputed by the police for the current area, so the
        # series break only concerns the area's survey results.
        return level != Level.AREA or self.break_year is None or year >= self.break_year

    def missing(self, message):
        if message not in self.messages:
            self.messages.append(message)

    def build(self):
        partnership = self.partnership
        goals = list(Goal.objects.for_partnership(partnership))
        survey_rows = list(SurveyResult.objects.for_partnership(partnership))
        counts = {
            (row.category, row.level, row.year): row.count
            for row in PoliceCount.objects.for_partnership(partnership)
        }
        populations = {
            (row.level, row.year): row.population for row in Population.objects.for_partnership(partnership)
        }
        sources = {
            row.dataset: SourceInfo(
                row.dataset, str(row.get_dataset_display()), row.source, row.as_of, row.note
            )
            for row in DataSource.objects.for_partnership(partnership)
        }
        goal_by_key = {(goal.indicator, goal.category): goal for goal in goals}

        self.goal_status = {}
        survey = {measure: self.survey_measure(measure, survey_rows, goal_by_key) for measure in Measure}
        police = self.police(counts, populations, goal_by_key)
        collaboration = self.collaboration(goal_by_key)
        for dataset, label in [
            (DataSource.Dataset.SURVEY, DataSource.Dataset.SURVEY.label),
            (DataSource.Dataset.POLICE, DataSource.Dataset.POLICE.label),
        ]:
            if dataset not in sources:
                self.missing(_("Ingen kilde angivet for %(dataset)s.") % {"dataset": str(label).lower()})
        goal_rows = tuple(self.goal_row(goal, self.goal_status.get(goal.pk)) for goal in goals)
        return IndicatorSummary(
            partnership_id=partnership.pk,
            report_year=self.report_year,
            comparable_from_year=self.break_year,
            survey=survey,
            police=police,
            collaboration=collaboration,
            goals=goal_rows,
            sources=sources,
            messages=tuple(self.messages),
        )

    # Goals --------------------------------------------------------------------------------

    def goal_row(self, goal, status):
        if goal is None:
            return None
        if goal.rule == Goal.Rule.MONITOR:
            status = None
        elif status is None:
            status = calc.not_measurable(_("Målet indgår ikke i årets opgørelse."))
        return GoalRow(
            pk=goal.pk,
            indicator=goal.indicator,
            indicator_label=str(goal.get_indicator_display()),
            category=goal.category,
            category_label=str(goal.get_category_display()) if goal.category else "",
            rule=goal.rule,
            rule_text=str(goal.rule_text),
            description=goal.description,
            baseline_year=goal.baseline_year,
            target_year=goal.target_year,
            threshold=goal.threshold,
            status=status,
        )

    # Survey -------------------------------------------------------------------------------

    def survey_measure(self, measure, rows, goal_by_key):
        rows = [row for row in rows if row.measure == measure]
        by_level = defaultdict(dict)
        for row in rows:
            by_level[row.level][row.year] = row
        area_rows = by_level[Level.AREA]

        def point(row):
            if row.level == Level.AREA:
                before = area_rows.get(row.year - 1)
                same_series = before is not None and self.comparable(
                    Level.AREA, before.year
                ) == self.comparable(Level.AREA, row.year)
                if row.significant is None and not same_series:
                    significance = calc.NOT_TESTED
                else:
                    significance = calc.significance(
                        given=row.significant,
                        percent_1=row.percent,
                        respondents_1=row.respondents,
                        percent_2=before.percent if before else None,
                        respondents_2=before.respondents if before else None,
                    )
            else:
                area = area_rows.get(row.year)
                significance = calc.significance(
                    given=row.significant,
                    percent_1=area.percent if area else None,
                    respondents_1=area.respondents if area else None,
                    percent_2=row.percent,
                    respondents_2=row.respondents,
                )
            return SurveyPoint(
                level=row.level,
                year=row.year,
                percent=row.percent,
                printed=calc.printed_percent(row.percent),
                respondents=row.respondents,
                significance=significance,
                comparable=self.comparable(row.level, row.year),
            )

        series = {
            level: SurveySeries(
                level=level,
                label=str(Level(level).label),
                points=tuple(point(by_level[level][year]) for year in sorted(by_level[level])),
            )
            for level in LEVELS
        }
        area = series[Level.AREA]
        year = self.report_year
        current = area.get(year)
        previous = area.get(year - 1)
        first = area.points[0] if area.points else None
        if first is not None and first.year >= year:
            first = None
        label = str(Measure(measure).label)
        if current is None:
            self.missing(
                _("Ingen tal for %(measure)s i området i %(year)s.")
                % {"measure": label.lower(), "year": year}
            )
        city_current = series[Level.CITY].get(year)
        city_previous = series[Level.CITY].get(year - 1)
        if current is not None and city_current is None:
            self.missing(
                _("Ingen tal for %(measure)s for hele byen i %(year)s.")
                % {"measure": label.lower(), "year": year}
            )
        previous_comparable = previous is not None and previous.comparable == (
            current.comparable if current else True
        )
        first_comparable = first is not None and first.comparable == (current.comparable if current else True)

        goal = goal_by_key.get((measure, ""))
        if goal is not None and goal.rule == Goal.Rule.DECREASE_TOWARD_CITY:
            self.goal_status[goal.pk] = calc.status_decrease_toward_city(
                previous=previous.printed if previous else None,
                current=current.printed if current else None,
                city_previous=city_previous.printed if city_previous else None,
                city_current=city_current.printed if city_current else None,
                year=year,
                comparable=previous_comparable,
            )
        years = sorted({point.year for level_series in series.values() for point in level_series.points})
        return SurveyMeasureSummary(
            measure=measure,
            label=label,
            report_year=year,
            comparable_from_year=self.break_year,
            area=area,
            district=series[Level.DISTRICT],
            city=series[Level.CITY],
            years=tuple(years),
            current=current,
            previous=previous,
            first=first,
            change_since_previous=calc.change(
                previous.printed if previous else None, current.printed if current else None
            ),
            direction_since_previous=calc.direction(
                previous.printed if previous else None, current.printed if current else None
            ),
            previous_comparable=previous_comparable,
            change_since_first=calc.change(
                first.printed if first else None, current.printed if current else None
            ),
            direction_since_first=calc.direction(
                first.printed if first else None, current.printed if current else None
            ),
            first_comparable=first_comparable,
            district_current=series[Level.DISTRICT].get(year),
            city_current=city_current,
            goal=self.goal_row(goal, self.goal_status.get(goal.pk)) if goal else None,
        )

    # Police -------------------------------------------------------------------------------

    def rate(self, counts, populations, level, year, *, report_missing=True):
        count = counts.get((Category.BORGERVENDT, level, year))
        population = populations.get((level, year))
        where = {"level": _level_phrase(level), "year": year}
        if report_missing and count is None:
            self.missing(_("Ingen anmeldelser af borgervendt kriminalitet for %(level)s i %(year)s.") % where)
        if report_missing and population is None:
            self.missing(_("Ingen befolkningstal for %(level)s i %(year)s.") % where)
        return count, population, calc.rate_per_1000(count, population)

    def police(self, counts, populations, goal_by_key):
        year = self.police_year
        borgervendt_goal = goal_by_key.get((Goal.Indicator.REPORTS_PER_1000, Category.BORGERVENDT))
        baseline_year = (
            borgervendt_goal.baseline_year
            if borgervendt_goal and borgervendt_goal.baseline_year
            else self.partnership.baseline_year
        )

        base_count, base_population, base_rate = self.rate(counts, populations, Level.AREA, baseline_year)
        now_count, now_population, now_rate = self.rate(counts, populations, Level.AREA, year)
        if borgervendt_goal is not None and borgervendt_goal.rule == Goal.Rule.MAINTAIN:
            self.goal_status[borgervendt_goal.pk] = calc.status_maintain(
                baseline=base_rate, current=now_rate, baseline_year=baseline_year, year=year, places=1
            )
        rows = [
            CrimeRow(
                category=Category.BORGERVENDT,
                label=str(_("Antal anmeldelser af borgervendt kriminalitet")),
                per_1000=True,
                baseline=base_rate,
                current=now_rate,
                change=calc.change(base_rate, now_rate),
                direction=calc.direction(base_rate, now_rate),
                baseline_count=base_count,
                current_count=now_count,
                baseline_population=base_population,
                current_population=now_population,
                goal=self.goal_row(
                    borgervendt_goal, self.goal_status.get(getattr(borgervendt_goal, "pk", None))
                ),
            )
        ]
        for category in GOAL_CATEGORIES:
            goal = goal_by_key.get((Goal.Indicator.REPORTS, category))
            category_baseline = goal.baseline_year if goal and goal.baseline_year else baseline_year
            rows.append(self.count_row(counts, category, category_baseline, year, goal))

        city_count, city_population, city_rate = self.rate(counts, populations, Level.CITY, year)
        rate_years = sorted(
            {
                y
                for (category, level, y) in counts
                if category == Category.BORGERVENDT and level != Level.DISTRICT
            }
        )
        rates = tuple(
            RatePoint(
                year=y,
                area=self.rate(counts, populations, Level.AREA, y, report_missing=False)[2],
                city=self.rate(counts, populations, Level.CITY, y, report_missing=False)[2],
            )
            for y in rate_years
        )
        monitoring = [
            self.count_row(
                counts, category, baseline_year, year, goal_by_key.get((Goal.Indicator.REPORTS, category))
            )
            for category in MONITORING_CATEGORIES
        ]
        baseline_total = calc.total(row.baseline for row in monitoring)
        current_total = calc.total(row.current for row in monitoring)
        return PoliceSummary(
            baseline_year=baseline_year,
            year=year,
            goal_rows=tuple(rows),
            city_rate=city_rate,
            city_count=city_count,
            city_population=city_population,
            rates=rates,
            monitoring_rows=tuple(monitoring),
            monitoring_baseline_total=int(baseline_total) if baseline_total is not None else None,
            monitoring_current_total=int(current_total) if current_total is not None else None,
            monitoring_change=_int_or_none(calc.change(baseline_total, current_total)),
            borgervendt_definition=str(CATEGORIES[Category.BORGERVENDT].definition),
        )

    def count_row(self, counts, category, baseline_year, year, goal):
        baseline = counts.get((category, Level.AREA, baseline_year))
        current = counts.get((category, Level.AREA, year))
        label = str(Category(category).label)
        for value, value_year in ((baseline, baseline_year), (current, year)):
            if value is None:
                self.missing(
                    _("Ingen anmeldelser af %(category)s for området i %(year)s.")
                    % {"category": label.lower(), "year": value_year}
                )
        if goal is not None and goal.rule == Goal.Rule.MAINTAIN:
            self.goal_status[goal.pk] = calc.status_maintain(
                baseline=baseline, current=current, baseline_year=baseline_year, year=year
            )
        return CrimeRow(
            category=category,
            label=label,
            per_1000=False,
            baseline=baseline,
            current=current,
            change=_int_or_none(calc.change(baseline, current)),
            direction=calc.direction(baseline, current),
            baseline_count=baseline,
            current_count=current,
            baseline_population=None,
            current_population=None,
            goal=self.goal_row(goal, self.goal_status.get(goal.pk))
            if goal and goal.rule != Goal.Rule.MONITOR
            else None,
        )

    # Collaboration ------------------------------------------------------------------------

    def collaboration(self, goal_by_key):
        goal = goal_by_key.get((Goal.Indicator.COLLABORATION, ""))
        threshold = goal.threshold if goal and goal.threshold is not None else DEFAULT_COLLABORATION_THRESHOLD
        partner_counts = list(
            Activity.objects.numbered()
            .filter(partnership=self.partnership)
            .annotate(partners=Count("partner_units", distinct=True))
            .values_list("partners", flat=True)
        )
        part = sum(1 for partners in partner_counts if partners >= 2)
        whole = len(partner_counts)
        status = calc.status_minimum_share(part=part, whole=whole, threshold=threshold)
        if goal is not None:
            self.goal_status[goal.pk] = status
        if not whole:
            self.missing(_("Tryghedsplanen har ingen nummererede aktiviteter."))
        return CollaborationSummary(
            part=part, whole=whole, share=calc.share_percent(part, whole), threshold=threshold, status=status
        )


def _int_or_none(value):
    return int(value) if value is not None else None


def _level_phrase(level):
    return {
        Level.AREA: _("området"),
        Level.DISTRICT: _("bydelen"),
        Level.CITY: _("hele byen"),
    }[level]
