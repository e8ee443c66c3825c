"""Section 3's sentences (activities with two or more partners) and the sentence that
introduces the plan tables (Tabel 3 and 4)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _


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
    return date_format(value, "j. F Y" if year else "j. F")
