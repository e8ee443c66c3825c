"""Section 2's sentences and Tabel 2's rows: police reports in the area.

:func:`crime_sentences` (borgervendt kriminalitet and the selected crime types, Tabel 1)
and :func:`monitoring_sentences` (the monitored types, Tabel 2) take a :class:`CrimeFacts`
record, so they can be read and tested without a database.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.calculations import (
    Comparison,
    Direction,
    GoalState,
    format_number,
)
from indicators.report_text.formatting import format_change, join_words, not_counted


@dataclass
class CountFacts:
    """One crime category in the baseline year and the last full year."""

    label: str
    baseline: int | None
    current: int | None
    goal_state: str = ""  # GoalState value, or "" for monitored categories
    # The change as the summary decided it (Tabel 1 and 2's Ændring); None when a count is missing.
    since_baseline: Comparison | None = None


@dataclass
class CrimeFacts:
    year: int  # the last full year (report year − 1)
    baseline_year: int
    count: int | None
    rate: Decimal | None
    # Decided once in the summary: the baseline year's rate (``before``) against the last
    # full year's, and the city's rate against the area's, as Tabel 1 prints them.
    since_baseline: Comparison | None = None
    versus_city: Comparison | None = None
    rate_goal_state: str = ""
    missing_population_years: list = field(default_factory=list)
    selected: list = field(default_factory=list)  # CountFacts with goals (Tabel 1)
    monitored: list = field(default_factory=list)  # CountFacts without goals (Tabel 2)


def _rate(value):
    return format_number(value, 1) if value is not None else not_counted()


def crime_sentences(facts):
    """Section 2's opening paragraph: borgervendt kriminalitet in numbers and per 1000
    residents against the baseline year and the city, the goal, and the three selected
    crime types."""
    values = {
        "year": facts.year,
        "baseline_year": facts.baseline_year,
        "count": format_number(facts.count) if facts.count is not None else not_counted(),
        "rate": _rate(facts.rate),
        "baseline_rate": _rate(facts.since_baseline.before if facts.since_baseline else None),
    }
    sentences = []
    if facts.count is None:
        sentences.append(
            _(
                "Der er ingen tal for anmeldelser af borgervendt kriminalitet i partnerskabsområdet i %(year)s."
            )
            % values
        )
    else:
        sentences.append(
            _(
                "I %(year)s blev der i partnerskabsområdet anmeldt %(count)s tilfælde af borgervendt "
                "kriminalitet, som fx lommetyveri, tyveri fra køretøjer og vold."
            )
            % values
        )
    if facts.rate is None:
        if facts.missing_population_years:
            sentences.append(
                _(
                    "Antallet pr. 1000 indbyggere er ikke opgjort, fordi der mangler indbyggertal for "
                    "partnerskabsområdet i %(years)s."
                )
                % {"years": join_words(facts.missing_population_years)}
            )
    else:
        way = facts.since_baseline.direction if facts.since_baseline else None
        if way == Direction.INCREASE:
            text = _(
                "Det svarer til %(rate)s anmeldelser af borgervendt kriminalitet pr. 1000 indbyggere, "
                "hvilket er en stigning siden %(baseline_year)s (%(baseline_rate)s)."
            )
        elif way == Direction.DECREASE:
            text = _(
                "Det svarer til %(rate)s anmeldelser af borgervendt kriminalitet pr. 1000 indbyggere, "
                "hvilket er et fald siden %(baseline_year)s (%(baseline_rate)s)."
            )
        elif way == Direction.UNCHANGED:
            text = _(
                "Det svarer til %(rate)s anmeldelser af borgervendt kriminalitet pr. 1000 indbyggere, "
                "hvilket er uændret siden %(baseline_year)s (%(baseline_rate)s)."
            )
        else:
            text = _(
                "Det svarer til %(rate)s anmeldelser af borgervendt kriminalitet pr. 1000 indbyggere. "
                "Tallet for %(baseline_year)s er ikke opgjort."
            )
        sentences.append(text % values)
        if facts.versus_city is not None:
            label = _("hele København")
            way = facts.versus_city.direction
            comparison = {"label": label, "other": _rate(facts.versus_city.before)}
            if way == Direction.INCREASE:
                sentences.append(
                    _("Antallet er højere end gennemsnittet for %(label)s (%(other)s).") % comparison
                )
            elif way == Direction.DECREASE:
                sentences.append(
                    _("Antallet er lavere end gennemsnittet for %(label)s (%(other)s).") % comparison
                )
            else:
                sentences.append(
                    _("Antallet svarer til gennemsnittet for %(label)s (%(other)s).") % comparison
                )
    goal = _goal_sentence(facts.rate_goal_state, values)
    if goal:
        sentences.append(goal)
    counted = [item for item in facts.selected if item.current is not None]
    if counted:
        sentences.append(
            _("Det fremgår derudover af tabel 1, at der i %(year)s var %(list)s.")
            % {
                "year": facts.year,
                "list": join_words(
                    _("%(count)s anmeldelser af %(label)s")
                    % {"count": format_number(item.current), "label": item.label.lower()}
                    for item in counted
                ),
            }
        )
        met = [item.label.lower() for item in counted if item.goal_state == GoalState.MET]
        not_met = [item.label.lower() for item in counted if item.goal_state == GoalState.NOT_MET]
        if met and not_met:
            sentences.append(
                _("Målet om minimum fastholdelse er nået for %(met)s, men ikke for %(not_met)s.")
                % {"met": join_words(met), "not_met": join_words(not_met)}
            )
        elif met:
            sentences.append(
                _("Målet om minimum fastholdelse er nået for %(met)s.") % {"met": join_words(met)}
            )
        elif not_met:
            sentences.append(
                _("Målet om minimum fastholdelse er ikke nået for %(not_met)s.")
                % {"not_met": join_words(not_met)}
            )
    return [" ".join(sentences)]


def _goal_sentence(state, values):
    if state == GoalState.MET:
        return (
            _(
                "Målet om, at anmeldelser af borgervendt kriminalitet pr. 1000 indbyggere som minimum fastholdes "
                "på %(baseline_year)s-niveau, er dermed nået."
            )
            % values
        )
    if state == GoalState.NOT_MET:
        return (
            _(
                "Målet om, at anmeldelser af borgervendt kriminalitet pr. 1000 indbyggere som minimum fastholdes "
                "på %(baseline_year)s-niveau, er dermed ikke nået."
            )
            % values
        )
    if state == GoalState.NOT_MEASURABLE:
        return _("Det kan ikke opgøres, om målet for borgervendt kriminalitet er nået.")
    return ""


def monitoring_sentences(facts):
    """Tabel 2's paragraph: which monitored crime types rose, fell or stayed, largest first."""
    items = facts.monitored
    if not items:
        return []
    sentences = [
        _(
            "Tabel 2 viser udviklingen i antal anmeldelser for %(labels)s for perioden "
            "%(baseline_year)s-%(year)s."
        )
        % {
            "labels": join_words(item.label.lower() for item in items),
            "baseline_year": facts.baseline_year,
            "year": facts.year,
        }
    ]
    known = [item for item in items if item.since_baseline is not None]
    known.sort(key=lambda item: -abs(item.since_baseline.change))

    def moves(selected):
        return join_words(
            _("%(label)s fra %(before)s til %(after)s")
            % {
                "label": item.label.lower(),
                "before": format_number(item.baseline),
                "after": format_number(item.current),
            }
            for item in selected
        )

    rising = [item for item in known if item.since_baseline.direction == Direction.INCREASE]
    falling = [item for item in known if item.since_baseline.direction == Direction.DECREASE]
    steady = [item for item in known if item.since_baseline.direction == Direction.UNCHANGED]
    if rising:
        sentences.append(_("Der ses en stigning i anmeldelser af %(moves)s.") % {"moves": moves(rising)})
    if falling:
        sentences.append(_("Der ses et fald i anmeldelser af %(moves)s.") % {"moves": moves(falling)})
    if steady:
        sentences.append(
            _("Antallet af anmeldelser af %(labels)s er uændret.")
            % {"labels": join_words(item.label.lower() for item in steady)}
        )
    unknown = [item.label.lower() for item in items if item not in known]
    if unknown:
        sentences.append(_("For %(labels)s mangler tal for et af årene.") % {"labels": join_words(unknown)})
    return [" ".join(sentences)]


def count_row(item):
    """A row of Tabel 2 as printed (Ændring from the printed counts)."""
    return {
        "label": item.label,
        "baseline": format_number(item.baseline) if item.baseline is not None else not_counted(),
        "current": format_number(item.current) if item.current is not None else not_counted(),
        "change": format_change(item.since_baseline.change if item.since_baseline else None),
    }
