"""The "Kilde:" line and note under each figure and table, in the seed's wording.

A coordinator may rewrite each of them per report (the ``*_source`` fields of
:class:`~indicators.models.StatusReport`); an empty field prints the default of
:func:`default_sources`, which depends on the partnership and the report year only, so
loading data never changes it.
"""

from django.utils.translation import gettext as _

from indicators.report_text.formatting import join_words

SOURCE_FIELDS = ("figure_1_source", "figure_2_source", "table_1_source", "figure_3_source", "table_2_source")


def default_sources(partnership, year):
    """{field name: text} as the seed words them for ``year``."""
    survey = _("Kilde: Københavns Tryghedsundersøgelse %(year)s.") % {"year": year}
    break_year = partnership.agreement(year).comparable_from_year
    survey_parts = [survey]
    figure_3_parts = [survey]
    if break_year and break_year < year:
        survey_parts.append(
            _(
                "I %(break_year)s blev det geografiske område for %(name)s udvidet. Resultaterne for "
                "%(year)s er derfor kun direkte sammenlignelige med %(years)s."
            )
            % {
                "break_year": break_year,
                "name": partnership.name,
                "year": year,
                "years": join_words([str(y) for y in range(break_year, year)]),
            }
        )
        figure_3_parts.append(
            _(
                "Data er opdateret til partnerskabets nye geografiske område, og resultatet fra i år kan "
                "derfor sammenlignes med tidligere års resultater."
            )
        )
    figure_3_parts.append(_("Der anvendes dynamiske tal."))
    dynamic = _(
        "Det bemærkes, at data er dynamisk. Dynamiske tal opdateres løbende, hvorfor de er behæftet med "
        "usikkerhed. For eksempel kan der frafalde sigtelser, efter opgørelsen er foretaget."
    )
    definition = _(
        "Betegnelsen borgervendt kriminalitet følger politiets definition og omhandler følgende "
        "sagsområder: drab (mv.), færdselslov, indbrud, narkotika og smugling, røveri, sædelighed, tyveri, "
        "vold og øvrig straffelov, herunder brugstyveri."
    )
    survey_line = " ".join(survey_parts)
    return {
        "figure_1_source": survey_line,
        "figure_2_source": survey_line,
        "table_1_source": " ".join([survey, definition, dynamic]),
        "figure_3_source": " ".join(figure_3_parts),
        "table_2_source": _(
            "Kilde: Københavns Politi. Det bemærkes, at data er dynamisk. Dynamiske tal opdateres løbende, "
            "hvorfor de er behæftet med usikkerhed. For eksempel kan der frafaldes sigtelser, efter "
            "opgørelsen er foretaget."
        ),
    }


def source_lines(report):
    """{field name: the line printed}: the report's own text, or the default for its year."""
    defaults = default_sources(report.partnership, report.year)
    return {name: getattr(report, name, "").strip() or defaults[name] for name in SOURCE_FIELDS}
