"""The report's generated Danish sentences.

The sentence functions take small fact records (:class:`SurveyFacts`, :class:`CrimeFacts`)
so they can be read and tested without a database; :func:`indicator_sections` fills the
records from :func:`indicators.summary.indicator_summary` and shapes sections 1 to 3 for
the template. Every number is printed as the tables print it, and a claim (direction,
significance, goal met) is only made when the data allow it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators.calculations import (
    Direction,
    GoalState,
    SignificanceResult,
    change,
    direction,
    format_number,
    format_percent,
    printed_percent,
)


def not_counted():
    return _("ikke opgjort")


def join_words(words):
    """Danish enumeration: "a", "a og b", "a, b og c"."""
    words = [str(word) for word in words if word]
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s og %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def format_change(value, places=0):
    """A change as Tabel 1 and 2 print it: "1,8", "-2", "0"; "ikke opgjort" when unknown."""
    if value is None:
        return not_counted()
    return format_number(value, places)


# --- Section 1: the survey ------------------------------------------------------------------


@dataclass
class SurveyFacts:
    """One survey measure of the report year, as printed (whole percent).

    The significance records say what is known: ``change_significance`` about the change
    since last year, ``district_significance``/``city_significance`` about the difference
    between the area and the bydel/the city in the report year.
    """

    phrase: str  # "utrygge i nabolaget", "utrygge i aften- og nattetimerne"
    year: int
    current: Decimal | None
    previous: Decimal | None = None
    first_year: int | None = None
    first: Decimal | None = None
    district: Decimal | None = None
    city: Decimal | None = None
    district_name: str = ""
    comparable_from_year: int | None = None
    change_significance: SignificanceResult | None = None
    district_significance: SignificanceResult | None = None
    city_significance: SignificanceResult | None = None
    figure_number: int = 1


def _pct(value):
    return format_percent(printed_percent(value)) if value is not None else not_counted()


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
        "previous": _pct(facts.previous),
    }
    if facts.current is None:
        return [
            _("Der er ingen tal for andelen %(phrase)s i partnerskabsområdet i %(year)s.") % values,
        ]
    development = [_("I %(year)s er %(current)s %(phrase)s i partnerskabsområdet.") % values]
    current = printed_percent(facts.current)
    if facts.previous is None:
        development.append(_("Der er ingen tal for %(previous_year)s at sammenligne med.") % values)
    else:
        way = direction(printed_percent(facts.previous), current)
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
    if facts.first is not None and facts.first_year is not None and facts.first_year < previous_year:
        first_values = {**values, "first_year": facts.first_year, "first": _pct(facts.first)}
        way = direction(printed_percent(facts.first), current)
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
    return [" ".join(development), _comparison(facts, values)]


def _significance_of_change(result, values):
    if result is None or not result.tested:
        return (
            _("Det er ikke testet, om udviklingen fra %(previous_year)s til %(year)s er signifikant.")
            % values
        )
    if result.is_significant:
        return _("Udviklingen fra %(previous_year)s til %(year)s er signifikant.") % values
    return _("Udviklingen fra %(previous_year)s til %(year)s er ikke signifikant.") % values


def _relation(area, other):
    """over / under / på niveau med, comparing printed values."""
    way = direction(printed_percent(other), printed_percent(area))
    if way == Direction.INCREASE:
        return _("over")
    if way == Direction.DECREASE:
        return _("under")
    return _("på niveau med")


def _comparison(facts, values):
    """Area against bydel and city in the report year, with what is known of significance."""
    parts = []
    if facts.district_name:
        parts.append(
            _("Partnerskabet er fysisk placeret i %(district)s.") % {"district": facts.district_name}
        )
    others = []
    if facts.district is not None:
        others.append(("district", _("bydelen"), facts.district, facts.district_significance))
    if facts.city is not None:
        others.append(("city", _("hele byen"), facts.city, facts.city_significance))
    if not others:
        parts.append(
            _("Der er ingen tal for bydelen eller hele byen i %(year)s at sammenligne med.") % values
        )
        return " ".join(parts)
    relations = [_relation(facts.current, value) for _key, _label, value, _sig in others]
    if len(others) == 2 and relations[0] == relations[1]:
        parts.append(
            _(
                "Andelen %(phrase)s i partnerskabsområdet er i %(year)s %(relation)s gennemsnittet for både "
                "bydelen (%(district)s) og hele byen (%(city)s)."
            )
            % {**values, "relation": relations[0], "district": _pct(others[0][2]), "city": _pct(others[1][2])}
        )
    else:
        for (_key, label, value, _sig), relation in zip(others, relations, strict=True):
            parts.append(
                _(
                    "Andelen %(phrase)s i partnerskabsområdet er i %(year)s %(relation)s %(label)s (%(value)s)."
                )
                % {**values, "relation": relation, "label": label, "value": _pct(value)}
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


# --- Section 2: police reports ------------------------------------------------------------


@dataclass
class CountFacts:
    """One crime category in the baseline year and the last full year."""

    label: str
    baseline: int | None
    current: int | None
    goal_state: str = ""  # GoalState value, or "" for monitored categories


@dataclass
class CrimeFacts:
    year: int  # the last full year (report year − 1)
    baseline_year: int
    count: int | None
    rate: Decimal | None
    baseline_rate: Decimal | None
    city_rate: Decimal | None = None
    district_rate: Decimal | None = None
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
        "baseline_rate": _rate(facts.baseline_rate),
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
        way = direction(facts.baseline_rate, facts.rate)
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
        for label, other in ((_("hele København"), facts.city_rate), (_("bydelen"), facts.district_rate)):
            if other is None:
                continue
            way = direction(other, facts.rate)
            comparison = {"label": label, "other": _rate(other)}
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
    known = [item for item in items if item.baseline is not None and item.current is not None]
    known.sort(key=lambda item: -abs(item.current - item.baseline))

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

    rising = [item for item in known if item.current > item.baseline]
    falling = [item for item in known if item.current < item.baseline]
    steady = [item for item in known if item.current == item.baseline]
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
        "change": format_change(change(item.baseline, item.current)),
    }


# --- Section 3 and the plan ---------------------------------------------------------------


def collaboration_sentences(collaboration, partnership, year):
    """Section 3 from the summary's :class:`~indicators.summary.CollaborationSummary`."""
    if not collaboration.whole:
        return [_("Tryghedsplanen har endnu ingen nummererede aktiviteter, så andelen kan ikke opgøres.")]
    values = {
        "name": partnership.name,
        "year": year,
        "part": collaboration.part,
        "whole": collaboration.whole,
        "share": collaboration.share_display,
        "target": collaboration.threshold_display,
    }
    first = (
        _(
            "Ud af det samlede antal aktiviteter i %(name)ss Tryghedsplan for %(year)s, indeholder %(part)s ud af "
            "%(whole)s aktiviteter to eller flere samarbejdspartnere, lokaliseret i eller udenfor "
            "partnerskabsområdet, svarende til %(share)s."
        )
        % values
    )
    if collaboration.status.is_met:
        second = _(
            "Dermed opfyldes målet om, at minimum %(target)s af tryghedsplanens aktiviteter skal indeholde to "
            "eller flere samarbejdspartnere."
        )
    else:
        second = _(
            "Målet om, at minimum %(target)s af tryghedsplanens aktiviteter skal indeholde to eller flere "
            "samarbejdspartnere, er dermed ikke opfyldt."
        )
    return [first + " " + second % values]


def plan_sentences(partnership, year, round_):
    values = {"name": partnership.name, "year": year}
    text = _("I tabel 3 fremgår tryghedsplanen for %(name)s, inkl. økonomi.") % values
    if round_ is not None:
        text += " " + _(
            "I tabel 4 fremgår midtvejsstatus på aktiviteterne i tryghedsplanen, gældende for %(start)s til "
            "%(end)s."
        ) % {"start": _long_date(round_.period_start, year=False), "end": _long_date(round_.period_end)}
    return [text]


def _long_date(value, year=True):
    from django.utils.formats import date_format

    return date_format(value, "j. F Y" if year else "j. F")


# --- Goals of the partnership agreement ---------------------------------------------------


@dataclass
class GoalGroup:
    text: str = ""
    bullets: list = field(default_factory=list)
    note: str = ""


def goal_groups(goals, partnership, sources=None):
    """The agreement's goals as the seed lists them: 1. tryghed, 2. kriminalitet (bullets),
    3. samarbejde; one line per distinct wording. ``sources`` ({dataset: source name}) is
    read from the database when not given."""
    from indicators.models import DataSource, Goal

    survey = {Goal.Indicator.NEIGHBOURHOOD, Goal.Indicator.EVENING_NIGHT}
    crime = {Goal.Indicator.REPORTS, Goal.Indicator.REPORTS_PER_1000}

    def wordings(selected):
        seen = []
        for goal in selected:
            text = goal.description or str(goal)
            if text not in seen:
                seen.append(text)
        return seen

    groups = []
    survey_texts = wordings(goal for goal in goals if goal.indicator in survey)
    if survey_texts:
        groups.append(GoalGroup(text=" ".join(survey_texts)))
    crime_texts = wordings(goal for goal in goals if goal.indicator in crime)
    if crime_texts:
        if sources is None:
            sources = {
                source.dataset: source.source for source in DataSource.objects.for_partnership(partnership)
            }
        note = ""
        if sources:
            note = _("Data fra %(sources)s danner grundlag for målingen.") % {
                "sources": join_words(sources.values())
            }
        groups.append(GoalGroup(text=_("Udviklingen i kriminalitet:"), bullets=crime_texts, note=note))
    other_texts = wordings(goal for goal in goals if goal.indicator not in survey | crime)
    for text in other_texts:
        groups.append(GoalGroup(text=text))
    return groups


def _measure_texts(measure, partnership):
    if measure == "utrygge_nabolag":
        return _("Andel utrygge i %(name)s") % {"name": partnership.name}, _("utrygge i nabolaget")
    return _("Andel utrygge i aften- og nattetimerne"), _("utrygge i aften- og nattetimerne")


def _source_line(source, *extra):
    parts = [source.line if source else _("Kilde: ikke angivet.")]
    parts.extend(text for text in extra if text)
    return " ".join(parts)


def survey_facts(measure_summary, *, phrase, district_name, comparable_from_year, figure_number):
    """SurveyFacts from one measure of :func:`indicators.summary.indicator_summary`."""
    summary = measure_summary
    return SurveyFacts(
        phrase=phrase,
        year=summary.report_year,
        current=summary.current.printed if summary.current else None,
        previous=summary.previous.printed if summary.previous else None,
        first_year=summary.first.year if summary.first else None,
        first=summary.first.printed if summary.first else None,
        district=summary.district_current.printed if summary.district_current else None,
        city=summary.city_current.printed if summary.city_current else None,
        district_name=district_name,
        comparable_from_year=comparable_from_year,
        change_significance=summary.current.significance if summary.current else None,
        district_significance=summary.district_current.significance if summary.district_current else None,
        city_significance=summary.city_current.significance if summary.city_current else None,
        figure_number=figure_number,
    )


def crime_facts(police):
    """CrimeFacts from the police part of the indicator summary."""
    borgervendt = police.borgervendt
    missing_years = []
    if borgervendt.baseline_population is None:
        missing_years.append(police.baseline_year)
    if borgervendt.current_population is None:
        missing_years.append(police.year)
    return CrimeFacts(
        year=police.year,
        baseline_year=police.baseline_year,
        count=borgervendt.current_count,
        rate=borgervendt.current,
        baseline_rate=borgervendt.baseline,
        city_rate=police.city_rate,
        rate_goal_state=borgervendt.status.state if borgervendt.status else "",
        missing_population_years=missing_years,
        selected=[
            CountFacts(row.label, row.baseline, row.current, row.status.state if row.status else "")
            for row in police.goal_rows[1:]
        ],
        monitored=[CountFacts(row.label, row.baseline, row.current) for row in police.monitoring_rows],
    )


def _status_class(status):
    if status is None:
        return ""
    if status.state == GoalState.MET:
        return "status-met"
    if status.state == GoalState.NOT_MET:
        return "status-not-met"
    return "missing"


def goal_table_row(row):
    """A row of Tabel 1; the rate row says its unit as the seed does."""
    if row.per_1000:
        baseline = _per_1000(row.baseline)
        current = _per_1000(row.current)
    else:
        baseline, current = row.baseline_display, row.current_display
    return {
        "label": row.label,
        "goal": row.goal.rule_text if row.goal else "",
        "baseline": baseline,
        "current": current,
        "change": format_change(row.change, row.places),
        "status": row.status.label if row.status else "",
        "status_reason": row.status.reason if row.status else "",
        "status_class": _status_class(row.status),
    }


def _per_1000(value):
    if value is None:
        return not_counted()
    return _("%(rate)s anmeldelser pr. 1000 indbyggere") % {"rate": format_number(value, 1)}


def _chart(name, *args):
    """Inline SVG from :mod:`indicators.charts`; drawn on the server from numbers only, with
    its text escaped there, so it is safe to place in the page as markup."""
    from indicators import charts

    return mark_safe(getattr(charts, name)(*args))  # noqa: S308


def indicator_sections(partnership, year, *, report=None, problems):
    """Sections 1 to 3 for the template, from the indicator summary and the charts.

    Missing data never raise: the sentences say what is missing, the cells read
    "ikke opgjort", and the summary's Danish messages are added to ``problems``.
    """
    from indicators.summary import indicator_summary

    summary = indicator_summary(partnership, year)
    problems.extend(summary.messages)
    survey_note = report.survey_note if report else ""
    safety = []
    for number, measure_summary in enumerate(summary.survey.values(), start=1):
        heading, phrase = _measure_texts(measure_summary.measure, partnership)
        facts = survey_facts(
            measure_summary,
            phrase=phrase,
            district_name=partnership.district,
            comparable_from_year=summary.comparable_from_year,
            figure_number=number,
        )
        safety.append(
            {
                "heading": heading,
                "paragraphs": survey_sentences(facts),
                "figure_number": number,
                "figure_title": measure_summary.label,
                "chart": _chart("survey_chart", measure_summary),
                "source": _source_line(summary.survey_source, survey_note),
            }
        )
    police = summary.police
    facts = crime_facts(police)
    crime = {
        "year": police.year,
        "baseline_year": police.baseline_year,
        "paragraphs": crime_sentences(facts),
        "goal_rows": [goal_table_row(row) for row in police.goal_rows],
        "table1_source": _source_line(summary.police_source, police.borgervendt_definition),
        "chart": _chart("crime_rate_chart", police),
        "figure3_source": _source_line(summary.police_source),
        "monitoring_paragraphs": monitoring_sentences(facts),
        "monitoring_rows": [count_row(item) for item in facts.monitored],
        "monitoring_total": {
            "baseline": format_number(police.monitoring_baseline_total)
            if police.monitoring_baseline_total is not None
            else not_counted(),
            "current": format_number(police.monitoring_current_total)
            if police.monitoring_current_total is not None
            else not_counted(),
            "change": format_change(police.monitoring_change),
        },
        "table2_source": _source_line(summary.police_source),
    }
    return {
        "summary": summary,
        "safety": safety,
        "crime": crime,
        "collaboration_sentences": collaboration_sentences(summary.collaboration, partnership, year),
    }
