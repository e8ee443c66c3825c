"""The frozen result records of :func:`indicators.summary.indicator_summary`.

One dataclass per thing the indicator page and the status report print: the goals
(:class:`GoalRow`), section 1's survey series (:class:`SurveyMeasureSummary` and its points),
section 2's police tables (:class:`PoliceSummary`, :class:`CrimeRow`, :class:`RatePoint`),
section 3 (:class:`CollaborationSummary`), the sources (:class:`SourceInfo`) and the whole
(:class:`IndicatorSummary`). They never query the database.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import calculations as calc
from indicators.calculations import Comparison, GoalStatus, SignificanceResult
from indicators.models import DataSource, Measure

NOT_AVAILABLE = gettext_lazy("ikke opgjort")


# --- Goals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalRow:
    """One goal of the partnership agreement and, for the report year, its status.

    ``rule_text`` is what the "Mål" column prints ("Minimum fastholdelse", "Mindst 75 %");
    ``description`` the agreement's own wording and ``note`` the paragraph it adds (which
    data the goal is measured on). ``status`` is None for goals that are
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
    note: str = ""

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
    previous_comparable: bool
    first_comparable: bool
    district_current: SurveyPoint | None
    city_current: SurveyPoint | None
    goal: GoalRow | None
    # The change since last year as the text states it and the goal judges it; the other
    # comparisons below are derived from the printed points, so page and text share them.
    since_previous: Comparison | None = None

    def _against_current(self, other):
        """``other`` (``before``) against the area's report year (``after``), as printed."""
        return calc.compare_printed(
            other.printed if other else None, self.current.printed if self.current else None
        )

    @property
    def since_first(self):
        return self._against_current(self.first)

    @property
    def versus_district(self):
        """Bydel against the area in the report year."""
        return self._against_current(self.district_current)

    @property
    def versus_city(self):
        """The city against the area in the report year."""
        return self._against_current(self.city_current)

    @property
    def change_since_previous(self):
        return self.since_previous.change if self.since_previous else None

    @property
    def direction_since_previous(self):
        return self.since_previous.direction if self.since_previous else None

    @property
    def change_since_first(self):
        return self.since_first.change if self.since_first else None

    @property
    def direction_since_first(self):
        return self.since_first.direction if self.since_first else None

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
    def since_baseline(self):
        """The row's change as one :class:`Comparison`; None when a value is missing."""
        if self.direction is None:
            return None
        return Comparison(
            before=self.baseline,
            after=self.current,
            places=self.places,
            direction=self.direction,
            significance=None,
        )

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
    def versus_city(self):
        """The city's rate (``before``) against the area's (``after``) in the last full year."""
        return calc.compare_printed(self.city_rate, self.borgervendt.current, places=1)

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
