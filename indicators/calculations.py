"""The report's arithmetic, in one place and without the database.

Every function takes and returns :class:`~decimal.Decimal` (or int) so a reader can redo
the sums by hand: rates and shares are rounded half-up, and changes are computed from the
values as printed, so the tables add up. Nothing here rounds through float.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The collaboration share is the plan's rule: the plan page prints it from the same functions.
from activities.plan import meets_minimum_share
from activities.plan import round_percent as share_percent

ONE_DECIMAL = Decimal("0.1")
WHOLE = Decimal("1")
# Two-sided test at the 95 % level.
Z_CRITICAL_95 = Decimal("1.959964")


def to_decimal(value):
    """A Decimal from an int, str or Decimal (None stays None); floats are refused."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        raise TypeError("Use Decimal or str, never float, for indicator values.")
    return Decimal(value)


def round_half_up(value, places=0):
    """Round as people do on paper: 0,5 goes up (24,25 → 24,3; 91,5 → 92)."""
    if value is None:
        return None
    exponent = WHOLE if places == 0 else Decimal(1).scaleb(-places)
    return to_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def rate_per_1000(count, population):
    """Reports per 1000 residents, half-up to one decimal (217 of 8346 → 26,0); None without data."""
    if count is None or not population:
        return None
    return round_half_up(Decimal(count) * 1000 / Decimal(population), 1)


def printed_percent(percent):
    """A survey share as the report prints it: whole percent, half-up (16,5 → 17)."""
    return round_half_up(percent)


def change(before, after):
    """The difference of two printed values (26,0 − 24,2 = 1,8); None if either is missing."""
    if before is None or after is None:
        return None
    return to_decimal(after) - to_decimal(before)


def total(values):
    """The sum of a column; None when any value is missing, so no total is printed half-known."""
    values = list(values)
    if any(value is None for value in values):
        return None
    return sum((to_decimal(value) for value in values), Decimal(0))


class Direction(models.TextChoices):
    INCREASE = "stigning", gettext_lazy("stigning")
    DECREASE = "fald", gettext_lazy("fald")
    UNCHANGED = "uændret", gettext_lazy("uændret")


def direction(before, after):
    """Stigning, fald or uændret between two printed values; None if either is missing."""
    difference = change(before, after)
    if difference is None:
        return None
    if difference > 0:
        return Direction.INCREASE
    if difference < 0:
        return Direction.DECREASE
    return Direction.UNCHANGED


# --- Danish formatting -------------------------------------------------------------------


def format_number(value, places=None):
    """A number in the active language's format: 1.289.000, 24,2, -14 ("–" never)."""
    if value is None:
        return ""
    value = to_decimal(value)
    if places is not None:
        value = round_half_up(value, places)
    return number_format(value, decimal_pos=places, force_grouping=True)


def format_percent(value):
    """A percentage as printed: "17 %", or "16,5 %" when the value has a decimal."""
    if value is None:
        return ""
    value = to_decimal(value)
    places = 0 if value == value.to_integral_value() else 1
    return _("%(value)s %%") % {"value": format_number(value, places)}


# --- Significance ------------------------------------------------------------------------


class Significance(models.TextChoices):
    SIGNIFICANT = "signifikant", gettext_lazy("signifikant")
    NOT_SIGNIFICANT = "ikke_signifikant", gettext_lazy("ikke signifikant")
    NOT_TESTED = "ikke_testet", gettext_lazy("ikke testet")


@dataclass(frozen=True)
class SignificanceResult:
    """Whether a difference is significant, and on what basis.

    ``basis`` is ``"given"`` (the flag came with the data), ``"computed"`` (two-proportion
    z-test from respondent counts; ``z`` holds the statistic) or ``""`` (not tested).
    """

    kind: str
    basis: str = ""
    z: Decimal | None = None

    @property
    def is_significant(self):
        return self.kind == Significance.SIGNIFICANT

    @property
    def label(self):
        return Significance(self.kind).label

    @property
    def tested(self):
        return self.kind != Significance.NOT_TESTED


NOT_TESTED = SignificanceResult(Significance.NOT_TESTED)


@dataclass(frozen=True)
class Comparison:
    """Two survey shares as the report prints and judges them, decided once.

    ``before``/``after`` are the printed values (whole percent, or one decimal where the
    whole percents are equal but the change is significant, so no sentence says "uændret"
    beside "signifikant"); ``direction`` and ``change`` are taken from them.
    """

    before: Decimal | None
    after: Decimal | None
    places: int
    direction: str | None
    significance: SignificanceResult | None

    @property
    def change(self):
        return change(self.before, self.after)


def compare_printed(before, after, places=0):
    """The :class:`Comparison` of two values as printed (a whole percent, a rate with one
    decimal); None when either is missing."""
    if before is None or after is None:
        return None
    return Comparison(
        before=before, after=after, places=places, direction=direction(before, after), significance=None
    )


def compare_shares(before, after, significance=None):
    """The :class:`Comparison` of two shares in percent (raw values, not yet rounded)."""
    places = 0
    printed_before, printed_after = round_half_up(before), round_half_up(after)
    if (
        printed_before is not None
        and printed_before == printed_after
        and significance is not None
        and significance.is_significant
    ):
        places = 1
        printed_before, printed_after = round_half_up(before, 1), round_half_up(after, 1)
    return Comparison(
        before=printed_before,
        after=printed_after,
        places=places,
        direction=direction(printed_before, printed_after),
        significance=significance,
    )


def two_proportion_z(percent_1, respondents_1, percent_2, respondents_2):
    """The pooled two-proportion z statistic for two shares given in percent.

    z = (p1 − p2) / sqrt(p (1 − p) (1/n1 + 1/n2)), p = (p1 n1 + p2 n2) / (n1 + n2).
    Returns None when the test is undefined (no respondents, or a pooled share of 0 or 1).
    """
    if not respondents_1 or not respondents_2:
        return None
    p1 = to_decimal(percent_1) / 100
    p2 = to_decimal(percent_2) / 100
    n1 = Decimal(respondents_1)
    n2 = Decimal(respondents_2)
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return None
    return (p1 - p2) / variance.sqrt()


def significance(*, given=None, percent_1=None, respondents_1=None, percent_2=None, respondents_2=None):
    """The given flag when there is one; else a two-sided z-test at 95 % from respondent
    counts; else "ikke testet". Never claims significance that was neither given nor computed."""
    if given is not None:
        kind = Significance.SIGNIFICANT if given else Significance.NOT_SIGNIFICANT
        return SignificanceResult(kind, "given")
    if None in (percent_1, percent_2):
        return NOT_TESTED
    z = two_proportion_z(percent_1, respondents_1, percent_2, respondents_2)
    if z is None:
        return NOT_TESTED
    kind = Significance.SIGNIFICANT if abs(z) >= Z_CRITICAL_95 else Significance.NOT_SIGNIFICANT
    return SignificanceResult(kind, "computed", round_half_up(z, 3))


# --- Goal status -------------------------------------------------------------------------


class GoalState(models.TextChoices):
    MET = "opfyldt", gettext_lazy("Opfyldt")
    NOT_MET = "ikke_opfyldt", gettext_lazy("Ikke opfyldt")
    NOT_MEASURABLE = "kan_ikke_maales", gettext_lazy("Kan ikke måles")


@dataclass(frozen=True)
class GoalStatus:
    """A goal's state and a Danish sentence saying why."""

    state: str
    reason: str

    @property
    def label(self):
        return GoalState(self.state).label

    @property
    def is_met(self):
        return self.state == GoalState.MET

    @property
    def is_measurable(self):
        return self.state != GoalState.NOT_MEASURABLE


def not_measurable(reason):
    return GoalStatus(GoalState.NOT_MEASURABLE, str(reason))


def status_maintain(*, baseline, current, baseline_year, year, places=0):
    """ "Minimum fastholdelse": met when this year's printed value is at or below the
    baseline year's (26,0 against 24,2 is not met; 9 against 11 is met)."""
    if baseline is None:
        return not_measurable(_("Intet tal for baselineåret %(year)s.") % {"year": baseline_year})
    if current is None:
        return not_measurable(_("Intet tal for %(year)s.") % {"year": year})
    values = {
        "current": format_number(current, places),
        "baseline": format_number(baseline, places),
        "year": year,
        "baseline_year": baseline_year,
    }
    if to_decimal(current) <= to_decimal(baseline):
        return GoalStatus(
            GoalState.MET,
            _("%(current)s i %(year)s er på eller under niveauet i %(baseline_year)s (%(baseline)s).")
            % values,
        )
    return GoalStatus(
        GoalState.NOT_MET,
        _("%(current)s i %(year)s er over niveauet i %(baseline_year)s (%(baseline)s).") % values,
    )


def status_decrease_toward_city(
    *, previous, current, city_previous, city_current, year, comparable=True, target_year=None
):
    """ "Årligt fald og nærme sig Københavnniveau": met when the area's printed share fell
    since last year and its distance to the city's share did not grow (or it is at or below
    the city). Not measurable across a series break or without both years' numbers."""
    if current is None:
        return not_measurable(_("Intet tal for området i %(year)s.") % {"year": year})
    if previous is None:
        return not_measurable(_("Intet tal for området i %(year)s.") % {"year": year - 1})
    if not comparable:
        return not_measurable(
            _("Tallene for %(previous)s og %(year)s er ikke direkte sammenlignelige (området er ændret).")
            % {"previous": year - 1, "year": year}
        )
    values = {
        "previous": format_percent(previous),
        "current": format_percent(current),
        "year": year,
        "previous_year": year - 1,
    }
    if to_decimal(current) >= to_decimal(previous):
        return GoalStatus(
            GoalState.NOT_MET,
            _("Intet fald: %(current)s i %(year)s mod %(previous)s i %(previous_year)s.") % values,
        )
    if city_current is None:
        return not_measurable(_("Intet tal for hele byen i %(year)s.") % {"year": year})
    if to_decimal(current) <= to_decimal(city_current):
        return GoalStatus(
            GoalState.MET,
            _("Fald fra %(previous)s til %(current)s, og området er på eller under Københavnniveau.")
            % values,
        )
    if city_previous is None:
        return not_measurable(_("Intet tal for hele byen i %(year)s.") % {"year": year - 1})
    gap_before = to_decimal(previous) - to_decimal(city_previous)
    gap_now = to_decimal(current) - to_decimal(city_current)
    values.update(gap_now=format_number(gap_now), gap_before=format_number(gap_before))
    if gap_now <= gap_before:
        return GoalStatus(
            GoalState.MET,
            _(
                "Fald fra %(previous)s til %(current)s, og afstanden til Københavnniveau er "
                "%(gap_now)s procentpoint mod %(gap_before)s året før."
            )
            % values,
        )
    return GoalStatus(
        GoalState.NOT_MET,
        _(
            "Fald fra %(previous)s til %(current)s, men afstanden til Københavnniveau er vokset "
            "til %(gap_now)s procentpoint (fra %(gap_before)s)."
        )
        % values,
    )


def status_minimum_share(*, part, whole, threshold):
    """ "Mindst 75 %": met when the printed share (11 of 12 → 92 %) is at or above the threshold."""
    share = share_percent(part, whole)
    if share is None:
        return not_measurable(_("Der er ingen aktiviteter at tælle."))
    values = {
        "part": part,
        "whole": whole,
        "share": format_percent(share),
        "threshold": format_percent(threshold),
    }
    if meets_minimum_share(share, threshold):
        return GoalStatus(
            GoalState.MET,
            _("%(part)s af %(whole)s svarer til %(share)s, mindst %(threshold)s.") % values,
        )
    return GoalStatus(
        GoalState.NOT_MET,
        _("%(part)s af %(whole)s svarer til %(share)s, under %(threshold)s.") % values,
    )
