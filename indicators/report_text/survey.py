"""Section 1's sentences: one survey measure's level, development, long view and comparison.

:func:`survey_sentences` takes a :class:`SurveyFacts` record, so it can be read and tested
without a database; significance is only claimed when it is known.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.calculations import (
    Comparison,
    Direction,
    GoalState,
    GoalStatus,
    SignificanceResult,
    format_percent,
)
from indicators.report_text.formatting import join_words, not_counted


@dataclass
class SurveyFacts:
    """One survey measure of the report year, as printed (whole percent).

    Every comparison comes decided from the summary (:class:`Comparison`: the printed
    values, their direction and decimals), so the sentences state what the tables and the
    goals were judged on: ``since_previous`` the change since last year, ``since_first``
    since ``first_year``, ``versus_district``/``versus_city`` the bydel and the city
    (``before``) against the area (``after``) in the report year. The significance records
    say what is known: ``change_significance`` about the change since last year,
    ``district_significance``/``city_significance`` about the differences.
    """

    phrase: str  # "utrygge i nabolaget", "utrygge i aften- og nattetimerne"
    year: int
    current: Decimal | None
    since_previous: Comparison | None = None
    first_year: int | None = None
    since_first: Comparison | None = None
    versus_district: Comparison | None = None
    versus_city: Comparison | None = None
    district_name: str = ""
    comparable_from_year: int | None = None
    change_significance: SignificanceResult | None = None
    district_significance: SignificanceResult | None = None
    city_significance: SignificanceResult | None = None
    figure_number: int = 1
    goal_status: GoalStatus | None = None
    # Where the partnership lies is said once, in the first measure's text.
    mention_location: bool = True


def _pct(value):
    return format_percent(value) if value is not None else not_counted()


def _comparable(facts, earlier_year):
    return facts.comparable_from_year is None or earlier_year >= facts.comparable_from_year


def survey_sentences(facts):
    """The paragraphs of one survey measure: level and change since last year with its
    significance, the long view since the series' first year (with the series break), and
    the comparison with the bydel and the city with their significance."""
    year = facts.year
    previous_year = year - 1
    values = {
        "phrase": facts.phrase,
        "year": year,
        "previous_year": previous_year,
        "current": _pct(facts.current),
    }
    if facts.current is None:
        return [
            _("Der er ingen tal for andelen %(phrase)s i partnerskabsområdet i %(year)s.") % values,
        ]
    development = [_("I %(year)s er %(current)s %(phrase)s i partnerskabsområdet.") % values]
    since = facts.since_previous
    if since is None:
        development.append(_("Der er ingen tal for %(previous_year)s at sammenligne med.") % values)
    else:
        values["previous"] = _pct(since.before)
        if since.places:
            # Equal in whole percent but significantly different: say it with the decimal.
            values.update(current=format_percent(since.after), previous=format_percent(since.before))
            development[0] = _("I %(year)s er %(current)s %(phrase)s i partnerskabsområdet.") % values
        way = since.direction
        if way == Direction.INCREASE:
            development.append(_("Det er en stigning fra %(previous_year)s (%(previous)s).") % values)
        elif way == Direction.DECREASE:
            development.append(_("Det er et fald fra %(previous_year)s (%(previous)s).") % values)
        else:
            development.append(_("Andelen er uændret siden %(previous_year)s (%(previous)s).") % values)
        if not _comparable(facts, previous_year):
            development.append(
                _(
                    "Området blev ændret i %(from)s, så tallene for %(previous_year)s og %(year)s er ikke "
                    "direkte sammenlignelige."
                )
                % {**values, "from": facts.comparable_from_year}
            )
        else:
            development.append(_significance_of_change(facts.change_significance, values))
    if facts.since_first is not None and facts.first_year is not None and facts.first_year < previous_year:
        first_values = {**values, "first_year": facts.first_year, "first": _pct(facts.since_first.before)}
        way = facts.since_first.direction
        if way == Direction.INCREASE:
            text = _(
                "Undersøgelsen indikerer en stigning i andelen %(phrase)s siden %(first_year)s (%(first)s)."
            )
        elif way == Direction.DECREASE:
            text = _("Undersøgelsen indikerer et fald i andelen %(phrase)s siden %(first_year)s (%(first)s).")
        else:
            text = _("Andelen %(phrase)s er på samme niveau som i %(first_year)s (%(first)s).")
        development.append(text % first_values)
        if not _comparable(facts, facts.first_year):
            development.append(
                _(
                    "Partnerskabsområdet blev ændret i %(from)s; tal fra før %(from)s er derfor ikke direkte "
                    "sammenlignelige med de seneste år (databrud)."
                )
                % {"from": facts.comparable_from_year}
            )
    paragraphs = [" ".join(development), _comparison(facts, values)]
    goal = _goal_sentence(facts.goal_status, values)
    if goal:
        paragraphs.append(goal)
    return paragraphs


def _goal_sentence(status, values):
    """Goal 1's status for this measure, after the sentences it follows from."""
    if status is None:
        return ""
    if status.state == GoalState.MET:
        text = _(
            "Målet om, at andelen %(phrase)s årligt falder og nærmer sig Københavnniveau, er dermed nået "
            "i %(year)s."
        )
    elif status.state == GoalState.NOT_MET:
        text = _(
            "Målet om, at andelen %(phrase)s årligt falder og nærmer sig Københavnniveau, er dermed ikke "
            "nået i %(year)s."
        )
    else:
        return _(
            "Det kan ikke opgøres, om målet om, at andelen %(phrase)s årligt falder og nærmer sig "
            "Københavnniveau, er nået i %(year)s: %(reason)s"
        ) % {**values, "reason": status.reason}
    return text % values


def _significance_of_change(result, values):
    if result is None or not result.tested:
        return (
            _("Det er ikke testet, om udviklingen fra %(previous_year)s til %(year)s er signifikant.")
            % values
        )
    if result.is_significant:
        return _("Udviklingen fra %(previous_year)s til %(year)s er signifikant.") % values
    return _("Udviklingen fra %(previous_year)s til %(year)s er ikke signifikant.") % values


def _relation(comparison):
    """over / under / på niveau med: the area (``after``) against the other (``before``)."""
    way = comparison.direction
    if way == Direction.INCREASE:
        return _("over")
    if way == Direction.DECREASE:
        return _("under")
    return _("på niveau med")


def _comparison(facts, values):
    """Area against bydel and city in the report year, with what is known of significance."""
    parts = []
    if facts.district_name and facts.mention_location:
        parts.append(
            _("Partnerskabet er fysisk placeret i %(district)s.") % {"district": facts.district_name}
        )
    others = []
    if facts.versus_district is not None:
        others.append(("district", _("bydelen"), facts.versus_district, facts.district_significance))
    if facts.versus_city is not None:
        others.append(("city", _("hele byen"), facts.versus_city, facts.city_significance))
    if not others:
        parts.append(
            _("Der er ingen tal for bydelen eller hele byen i %(year)s at sammenligne med.") % values
        )
        return " ".join(parts)
    relations = [_relation(comparison) for _key, _label, comparison, _sig in others]
    if len(others) == 2 and relations[0] == relations[1]:
        parts.append(
            _(
                "Andelen %(phrase)s i partnerskabsområdet er i %(year)s %(relation)s gennemsnittet for både "
                "bydelen (%(district)s) og hele byen (%(city)s)."
            )
            % {
                **values,
                "relation": relations[0],
                "district": _pct(others[0][2].before),
                "city": _pct(others[1][2].before),
            }
        )
    else:
        for (_key, label, comparison, _sig), relation in zip(others, relations, strict=True):
            parts.append(
                _(
                    "Andelen %(phrase)s i partnerskabsområdet er i %(year)s %(relation)s %(label)s (%(value)s)."
                )
                % {**values, "relation": relation, "label": label, "value": _pct(comparison.before)}
            )
    parts.append(_difference_significance(others, facts.figure_number))
    return " ".join(parts)


def _difference_significance(others, figure_number):
    figure = {"figure": figure_number}
    tested = [(label, sig) for _key, label, _value, sig in others if sig is not None and sig.tested]
    untested = [label for _key, label, _value, sig in others if sig is None or not sig.tested]
    if not tested:
        return _("Det er ikke testet, om forskellene er signifikante, jf. figur %(figure)s.") % figure
    significant = [label for label, sig in tested if sig.is_significant]
    not_significant = [label for label, sig in tested if not sig.is_significant]
    sentences = []
    if len(others) > 1 and len(significant) == len(others):
        sentences.append(_("Disse forskelle er signifikante, jf. figur %(figure)s.") % figure)
    elif len(others) > 1 and len(not_significant) == len(others):
        sentences.append(_("Disse forskelle er ikke signifikante, jf. figur %(figure)s.") % figure)
    else:
        if significant:
            sentences.append(
                _("Forskellen til %(labels)s er signifikant.") % {"labels": join_words(significant)}
            )
        if not_significant:
            sentences.append(
                _("Forskellen til %(labels)s er ikke signifikant.") % {"labels": join_words(not_significant)}
            )
        if untested:
            sentences.append(
                _("Det er ikke testet, om forskellen til %(labels)s er signifikant.")
                % {"labels": join_words(untested)}
            )
        sentences.append(_("Se figur %(figure)s.") % figure)
    return " ".join(sentences)
