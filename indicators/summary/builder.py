"""Reading the data and building the :class:`~indicators.summary.results.IndicatorSummary`.

:func:`indicator_summary` and :func:`default_report_year` are the entry points. The
builder reads everything in a fixed number of queries, then fills section 1
(:mod:`indicators.summary.survey`), section 2 (:mod:`indicators.summary.police`) and
section 3 (collaboration, here), collecting goal statuses and missing-data messages.
"""

from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, Subquery, prefetch_related_objects
from django.utils.translation import gettext as _

from activities.models import Activity, Partnership
from activities.plan import DEFAULT_COLLABORATION_TARGET
from amager_partnerskab.choices import choice_label
from indicators import calculations as calc
from indicators.models import (
    Category,
    DataSource,
    Goal,
    Level,
    Measure,
    PoliceCount,
    Population,
    SurveyResult,
)
from indicators.summary.police import PoliceSectionBuilder
from indicators.summary.results import (
    CollaborationSummary,
    GoalRow,
    IndicatorSummary,
    SourceInfo,
)
from indicators.summary.survey import SurveySectionBuilder

DEFAULT_COLLABORATION_THRESHOLD = DEFAULT_COLLABORATION_TARGET  # the agreement's 75 %


def default_report_year(partnership):
    """The year whose report the latest data feed: the newest survey year, or the year
    after the newest police year, whichever is later; the plan's first year without data."""
    return default_report_years([partnership])[partnership.pk]


def default_report_years(partnerships):
    """{partnership pk: :func:`default_report_year`} for several partnerships in one query."""

    def newest(model):
        rows = model.objects.filter(partnership=OuterRef("pk")).order_by().values("partnership")
        return Subquery(rows.annotate(newest=Max("year")).values("newest"))

    partnerships = list(partnerships)
    newest_years = {
        pk: (survey, police)
        for pk, survey, police in Partnership.objects.filter(pk__in=[p.pk for p in partnerships]).values_list(
            "pk", newest(SurveyResult), newest(PoliceCount)
        )
    }
    years = {}
    for partnership in partnerships:
        survey, police = newest_years.get(partnership.pk, (None, None))
        candidates = [year for year in (survey, police + 1 if police else None) if year]
        years[partnership.pk] = max(candidates) if candidates else partnership.first_year
    return years


def indicator_summary(partnership, report_year):
    """Gather sections 1–3 of the report for ``partnership`` and ``report_year`` in seven queries.

    See :class:`IndicatorSummary` for the fields. Never raises for missing data.
    """
    return indicator_summaries([(partnership, report_year)])[0]


def indicator_summaries(requests):
    """:func:`indicator_summary` for several (partnership, report year) pairs, in the same
    seven queries however many there are (the start page's row per partnership)."""
    requests = list(requests)
    partnerships = [partnership for partnership, _year in requests]
    if not partnerships:
        return []
    prefetch_related_objects(partnerships, "extensions")  # the agreement in force each year
    data = _read(partnerships, max(year for _partnership, year in requests))
    return [_Builder(partnership, year).build(data[partnership.pk]) for partnership, year in requests]


@dataclass
class _Data:
    """One partnership's rows, up to the latest report year asked for."""

    goals: list = field(default_factory=list)
    survey: list = field(default_factory=list)
    counts: list = field(default_factory=list)
    populations: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    collaboration: dict = field(default_factory=dict)  # {(first year, last year): CollaborationCount}


def _read(partnerships, last_report_year):
    data = {partnership.pk: _Data() for partnership in partnerships}
    ids = list(data)
    # The report of year Y is a record: later years' data never reach it (see build()).
    # The values are read as named rows of their fields, not model instances: a partnership
    # has some thousand of them, and building models was most of the summary's time.
    survey = SurveyResult.objects.filter(partnership__in=ids, year__lte=last_report_year)
    counts = PoliceCount.objects.filter(partnership__in=ids, year__lte=last_report_year - 1)
    populations = Population.objects.filter(partnership__in=ids, year__lte=last_report_year - 1)
    for name, rows in (
        ("goals", Goal.objects.filter(partnership__in=ids)),
        (
            "survey",
            survey.values_list(
                "partnership_id",
                "measure",
                "level",
                "year",
                "percent",
                "respondents",
                "significant",
                named=True,
            ),
        ),
        ("counts", counts.values_list("partnership_id", "category", "level", "year", "count", named=True)),
        ("populations", populations.values_list("partnership_id", "level", "year", "population", named=True)),
        (
            "sources",
            DataSource.objects.filter(partnership__in=ids).values_list(
                "partnership_id", "dataset", "source", "as_of", "note", named=True
            ),
        ),
    ):
        for row in rows:
            getattr(data[row.partnership_id], name).append(row)
    for (partnership_id, *years), count in (
        Activity.objects.filter(partnership__in=ids).collaboration_counts().items()
    ):
        data[partnership_id].collaboration[tuple(years)] = count
    return data


class _Builder(SurveySectionBuilder, PoliceSectionBuilder):
    def __init__(self, partnership, report_year):
        self.partnership = partnership
        self.report_year = report_year
        self.police_year = report_year - 1
        # The agreement in force that year decides the baseline and the series break.
        self.agreement = partnership.agreement(report_year)
        self.break_year = self.agreement.comparable_from_year
        self.messages = []

    def comparable(self, level, year):
        # Police figures are recomputed by the police for the current area, so the
        # series break only concerns the area's survey results.
        return level != Level.AREA or self.break_year is None or year >= self.break_year

    def goal_baseline(self, goal, default):
        """A goal's baseline year: an extension's own baseline replaces the first agreement's."""
        if goal is None or not goal.baseline_year:
            return default
        return self.agreement.baseline_year if self.agreement.is_extension else goal.baseline_year

    def goal_target(self, goal):
        if not goal.target_year:
            return None
        return self.agreement.last_year if self.agreement.is_extension else goal.target_year

    def missing(self, message):
        if message not in self.messages:
            self.messages.append(message)

    def build(self, data):
        partnership = self.partnership
        goals = data.goals
        survey_rows = [row for row in data.survey if row.year <= self.report_year]
        counts = {
            (row.category, row.level, row.year): row.count
            for row in data.counts
            if row.year <= self.police_year
        }
        populations = {
            (row.level, row.year): row.population for row in data.populations if row.year <= self.police_year
        }
        sources = {
            row.dataset: SourceInfo(
                row.dataset,
                choice_label(DataSource.Dataset, row.dataset),
                row.source,
                row.as_of,
                row.note,
            )
            for row in data.sources
        }
        self.collaboration_counts = data.collaboration
        goal_by_key = {(goal.indicator, goal.category): goal for goal in goals}

        self.goal_status = {}
        survey = {measure: self.survey_measure(measure, survey_rows, goal_by_key) for measure in Measure}
        police = self.police(counts, populations, goal_by_key)
        collaboration = self.collaboration(goal_by_key)
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
            indicator_label=choice_label(Goal.Indicator, goal.indicator),
            category=goal.category,
            category_label=choice_label(Category, goal.category) if goal.category else "",
            rule=goal.rule,
            rule_text=str(goal.rule_text),
            description=goal.description,
            baseline_year=self.goal_baseline(goal, None),
            target_year=self.goal_target(goal),
            threshold=goal.threshold,
            status=status,
            note=goal.note,
        )

    # Collaboration ------------------------------------------------------------------------

    def collaboration(self, goal_by_key):
        goal = goal_by_key.get((Goal.Indicator.COLLABORATION, ""))
        threshold = goal.threshold if goal and goal.threshold is not None else DEFAULT_COLLABORATION_THRESHOLD
        # Activities that ended before the report year, or begin after it, are not in its plan.
        year = self.report_year
        active = [
            count
            for (first, last), count in self.collaboration_counts.items()
            if (first is None or first <= year) and (last is None or last >= year)
        ]
        part = sum(count.collaborating for count in active)
        whole = sum(count.numbered for count in active)
        status = calc.status_minimum_share(part=part, whole=whole, threshold=threshold)
        if goal is not None:
            self.goal_status[goal.pk] = status
        if not whole:
            self.missing(_("Tryghedsplanen har ingen nummererede aktiviteter."))
        return CollaborationSummary(
            part=part, whole=whole, share=calc.share_percent(part, whole), threshold=threshold, status=status
        )
