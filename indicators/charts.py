"""Figur 1–3 as SVG text (and as PNG for the DOCX), drawn on the server with matplotlib.

Figures are drawn without pyplot (no global state, no GUI backend). The same SVG goes inline into the indicator page and into the PDF (WeasyPrint), so text
is kept as SVG ``<text>`` in the report's body font, Liberation Sans (installed with the PDF
dependencies; DejaVu Sans where it is missing), rather than paths: it stays selectable and searchable, and scales with the page. Each chart is cached
under a hash of exactly the data it shows (and the language), so the same numbers are
never drawn twice; new data give a new key.
"""

import hashlib
import io
import re
from dataclasses import dataclass
from threading import Lock

import matplotlib
from django.core.cache import cache
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from indicators import calculations as calc

CACHE_PREFIX = "indicators:chart:v3:"
CACHE_SECONDS = 60 * 60 * 24
# Copenhagen blue for the area, lighter blue for the district, grey for the city.
COLOURS = {"omraade": "#1f4e79", "bydel": "#6fa8dc", "by": "#8c8c8c"}
FIGURE_SIZE = (6.4, 3.0)  # inches: the width of an A4 text column
PNG_DPI = 200  # sharp when printed at the column's width
RC = {
    "svg.fonttype": "none",
    "font.family": ["Liberation Sans", "DejaVu Sans"],
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#666666",
    "axes.titlesize": 9,
}
# matplotlib's pyplot-free Figure is thread-safe per figure, but rcParams are global.
_draw_lock = Lock()


@dataclass(frozen=True)
class Bar:
    """One bar: its series label, the value as printed, and whether it is comparable."""

    series: str
    value: object
    label: str
    comparable: bool = True


def _cache_key(kind, payload):
    digest = hashlib.sha256(repr((kind, get_language(), payload)).encode()).hexdigest()
    return CACHE_PREFIX + digest


def _cached(kind, payload, draw):
    key = _cache_key(kind, payload)
    svg = cache.get(key)
    if svg is None:
        svg = draw(key[-12:])
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def _grouped_bars(
    *,
    years,
    groups,
    series,
    title,
    description,
    y_label,
    salt,
    note=None,
    percent_axis=False,
    image_format="svg",
):
    """A grouped bar chart: for each year, one bar per series with its printed value on top.

    ``groups`` maps year → list of :class:`Bar`; bars marked not comparable are drawn hatched
    and lighter, and the legend explains it. ``image_format`` "png" gives PNG bytes (for
    Word, which cannot be relied on to show SVG) instead of the accessible SVG text.
    """
    with _draw_lock, matplotlib.rc_context({**RC, "svg.hashsalt": salt}):
        figure = Figure(figsize=FIGURE_SIZE)
        axes = figure.add_subplot()
        width = 0.8 / max(len(series), 1)
        any_incomparable = False
        highest = 0
        for index, (code, _label) in enumerate(series):
            for position, year in enumerate(years):
                bar = next((bar for bar in groups.get(year, []) if bar.series == code), None)
                if bar is None or bar.value is None:
                    continue
                x = position + (index - (len(series) - 1) / 2) * width
                value = float(bar.value)
                highest = max(highest, value)
                comparable = bar.comparable
                any_incomparable |= not comparable
                axes.bar(
                    x,
                    value,
                    width * 0.92,
                    color=COLOURS[code] if comparable else "white",
                    edgecolor=COLOURS[code],
                    hatch=None if comparable else "////",
                    linewidth=0.8,
                )
                axes.annotate(
                    bar.label,
                    (x, value),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                )
        axes.set_xticks(range(len(years)), [str(year) for year in years])
        axes.set_ylim(0, (highest or 1) * 1.18)
        axes.set_ylabel(y_label)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axes.yaxis.set_major_formatter(
            FuncFormatter(lambda value, _position: _tick_label(value, percent_axis))
        )
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        handles = [
            Patch(facecolor=COLOURS[code], edgecolor=COLOURS[code], label=label) for code, label in series
        ]
        if any_incomparable:
            handles.append(
                Patch(
                    facecolor="white",
                    edgecolor="#1f4e79",
                    hatch="////",
                    label=note or _("Ikke sammenlignelig"),
                )
            )
        axes.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            ncol=len(handles),
            frameon=False,
            fontsize=7,
        )
        figure.tight_layout()
        if image_format == "png":
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
            return buffer.getvalue()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _accessible(buffer.getvalue(), title, description)


def _tick_label(value, percent):
    number = calc.round_half_up(calc.to_decimal(str(round(float(value), 6))))
    return calc.format_percent(number) if percent else calc.format_number(number)


def _accessible(svg, title, description):
    """Drop the XML prologue (the SVG goes inline) and give it a role, title and description.

    The title carries the values too: it is the figure's alternative text in the tagged PDF
    and its accessible name on the page, and a reader without the picture needs the numbers."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    # The Content-Security-Policy forbids inline <style> elements (style attributes are
    # allowed); matplotlib's only rule sets line joins, which the drawing does not need.
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.DOTALL)
    # matplotlib names every group "text_1", "patch_1", …; two charts on one page would
    # repeat them. Only the hashed ids (no underscore) are referenced, so the rest go.
    svg = re.sub(r' id="[\w.]+_\d+"', "", svg)
    svg = svg.replace("<svg ", '<svg role="img" class="indicator-chart" ', 1)
    head_end = svg.index(">") + 1
    return (
        svg[:head_end]
        + f"\n <title>{escape(alt_text(title, description))}</title>\n <desc>{escape(description)}</desc>"
        + svg[head_end:]
    )


def alt_text(title, description):
    """A chart's alternative text: its title and every value it shows."""
    return f"{title}. {description}"


@dataclass(frozen=True)
class ChartImage:
    """A chart as PNG bytes with the text a reader without the picture needs: its title
    and every value it shows."""

    png: bytes
    title: str
    description: str

    @property
    def alt_text(self):
        return alt_text(self.title, self.description)


def _survey_drawing(measure):
    """(cache payload, arguments of :func:`_grouped_bars`) of Figur 1 or 2."""
    years = list(measure.years)
    series = [(s.level, s.label) for s in measure.series]
    groups = {
        year: [
            Bar(s.level, point.printed, point.display, point.comparable)
            for s in measure.series
            if (point := s.get(year)) is not None
        ]
        for year in years
    }
    note = None
    if any(not point.comparable for point in measure.area.points):
        note = _("Område før %(year)s: ikke direkte sammenligneligt") % {"year": measure.comparable_from_year}
    payload = (measure.measure, tuple((year, tuple(bars)) for year, bars in groups.items()), note)
    description = "; ".join(
        f"{year}: " + ", ".join(f"{dict(series)[bar.series]} {bar.label}" for bar in bars)
        for year, bars in groups.items()
    )
    return payload, {
        "years": years,
        "groups": groups,
        "series": series,
        "title": measure.label,
        "description": description or _("Ingen tal."),
        "y_label": _("Andel utrygge"),
        "note": note,
        "percent_axis": True,
    }


def _crime_rate_drawing(police, area_label):
    area_label = area_label or _("Område")
    series = [("omraade", str(area_label)), ("by", _("Hele byen"))]
    years = [point.year for point in police.rates]
    groups = {
        point.year: [
            Bar(code, value, calc.format_number(value, 1))
            for code, value in (("omraade", point.area), ("by", point.city))
            if value is not None
        ]
        for point in police.rates
    }
    payload = tuple((year, tuple(bars)) for year, bars in groups.items()) + (str(area_label),)
    description = "; ".join(
        f"{year}: " + ", ".join(f"{dict(series)[bar.series]} {bar.label}" for bar in bars)
        for year, bars in groups.items()
    )
    return payload, {
        "years": years,
        "groups": groups,
        "series": series,
        "title": _("Borgervendt kriminalitet, antal anmeldelser pr. 1000 indbyggere"),
        "description": description or _("Ingen tal."),
        "y_label": _("Anmeldelser pr. 1000 indbyggere"),
    }


def _png(kind, payload, drawing):
    png = _cached(
        kind + "-png", payload, lambda salt: _grouped_bars(**drawing, salt=salt, image_format="png")
    )
    return ChartImage(png=png, title=str(drawing["title"]), description=str(drawing["description"]))


def survey_chart(measure):
    """Figur 1 or 2: a survey measure for område, bydel and by over the years.

    ``measure`` is a :class:`~indicators.summary.SurveyMeasureSummary`; area values before
    the series break are drawn hatched and named not comparable in the legend.
    """
    payload, drawing = _survey_drawing(measure)
    return _cached("survey", payload, lambda salt: _grouped_bars(**drawing, salt=salt))


def survey_chart_png(measure):
    """:func:`survey_chart` as a :class:`ChartImage`."""
    return _png("survey", *_survey_drawing(measure))


def crime_rate_chart(police, area_label=None):
    """Figur 3: borgervendt kriminalitet per 1000 residents, the area against the city, per year.

    ``police`` is a :class:`~indicators.summary.PoliceSummary`.
    """
    payload, drawing = _crime_rate_drawing(police, area_label)
    return _cached("crime_rate", payload, lambda salt: _grouped_bars(**drawing, salt=salt))


def crime_rate_chart_png(police, area_label=None):
    """:func:`crime_rate_chart` as a :class:`ChartImage`."""
    return _png("crime_rate", *_crime_rate_drawing(police, area_label))
