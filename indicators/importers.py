"""Reading an indicator file, comparing it with what is stored, and saving it whole.

The file has the columns ``partnerskab, indikator, niveau, kategori, aar, vaerdi,
respondenter, signifikant`` (design.md). :func:`parse_rows` checks every row and names
every bad one ("række 6: ukendt kategori 'tyveri'"); :func:`compare_with_stored` compares the good
rows with the database and sorts them into added, changed (old → new) and unchanged;
:func:`apply_import` saves a comparison in one transaction. A file with a single bad row is
refused whole, so nothing is ever half imported.
"""

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import Partnership
from amager_partnerskab.spreadsheets import (
    SpreadsheetError,
    missing_columns_message,
    read_table,
    same_meaning_message,
    word_list,
)
from indicators import calculations as calc
from indicators.models import (
    Category,
    Level,
    Measure,
    PoliceCount,
    Population,
    SurveyResult,
    category_by_name,
)

COLUMNS = ["partnerskab", "indikator", "niveau", "kategori", "aar", "vaerdi", "respondenter", "signifikant"]
REQUIRED_COLUMNS = ["partnerskab", "indikator", "niveau", "aar", "vaerdi"]
# Danish spellings people type in Excel for the same columns.
COLUMN_ALIASES = {"år": "aar", "værdi": "vaerdi", "partnership": "partnerskab"}

SURVEY_INDICATORS = {measure.value for measure in Measure}
POLICE = "anmeldelser"
POPULATION = "indbyggere"
INDICATORS = [*SURVEY_INDICATORS, POLICE, POPULATION]

LEVEL_NAMES = {
    **{level.value: level.value for level in Level},
    **{str(level.label).casefold(): level.value for level in Level},
    "område": Level.AREA.value,
    "omrade": Level.AREA.value,
}
YES = {"ja", "j", "yes", "1", "sand"}
NO = {"nej", "n", "no", "0", "falsk"}
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


class ImportRefused(Exception):
    """The file was refused; ``errors`` names every problem, each on its own line."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class ParsedRow:
    """One good row: what it is about (``key``) and the values it sets."""

    number: int
    partnership_id: int
    partnership_slug: str
    indicator: str
    level: str
    category: str
    year: int
    values: tuple  # ((field, value), ...) in model field names
    warnings: tuple = ()  # Danish sentences the preview shows beside the row; nothing is refused

    @property
    def model(self):
        if self.indicator in SURVEY_INDICATORS:
            return SurveyResult
        return PoliceCount if self.indicator == POLICE else Population

    @property
    def lookup(self):
        lookup = {"partnership_id": self.partnership_id, "level": self.level, "year": self.year}
        if self.indicator in SURVEY_INDICATORS:
            lookup["measure"] = self.indicator
        elif self.indicator == POLICE:
            lookup["category"] = self.category
        return lookup

    @property
    def key(self):
        return (self.partnership_id, self.indicator, self.level, self.category, self.year)

    @property
    def label(self):
        """ "Amager Partnerskab: Tyveri/Røveri, område 2021" for the preview."""
        if self.indicator in SURVEY_INDICATORS:
            what = Measure(self.indicator).label
        elif self.indicator == POLICE:
            what = _("Anmeldelser af %(category)s") % {"category": str(Category(self.category).label).lower()}
        else:
            what = _("Indbyggere")
        return _("%(what)s, %(level)s %(year)s") % {
            "what": what,
            "level": str(Level(self.level).label).lower(),
            "year": self.year,
        }


def format_values(indicator, values):
    """The values of a row as the preview prints them: "17 % (1.234 respondenter, signifikant)"."""
    if values is None:
        return ""
    values = dict(values)
    if indicator in SURVEY_INDICATORS:
        text = calc.format_percent(values["percent"])
        extra = []
        if values.get("respondents") is not None:
            extra.append(_("%(n)s respondenter") % {"n": calc.format_number(values["respondents"])})
        if values.get("significant") is not None:
            extra.append(_("signifikant") if values["significant"] else _("ikke signifikant"))
        return f"{text} ({', '.join(extra)})" if extra else text
    if indicator == POLICE:
        return calc.format_number(values["count"])
    return calc.format_number(values["population"])


@dataclass(frozen=True)
class ComparedRow:
    """A row of the preview: ``action`` is "add", "change" or "keep"; ``old`` is None for additions."""

    row: ParsedRow
    action: str
    old: tuple | None

    @property
    def old_display(self):
        return format_values(self.row.indicator, self.old)

    @property
    def new_display(self):
        return format_values(self.row.indicator, self.row.values)


@dataclass
class ImportComparison:
    """What saving the file would do, row by row, in file order."""

    rows: list[ComparedRow] = field(default_factory=list)

    def _with(self, action):
        return [compared for compared in self.rows if compared.action == action]

    @property
    def additions(self):
        return self._with("add")

    @property
    def changes(self):
        return self._with("change")

    @property
    def unchanged(self):
        return self._with("keep")

    @property
    def has_effect(self):
        return any(compared.action != "keep" for compared in self.rows)

    @property
    def warnings(self):
        """ "række 4: …" for every warning of the file's rows, in file order."""
        return [
            _("række %(row)s: %(problem)s") % {"row": compared.row.number, "problem": warning}
            for compared in self.rows
            for warning in compared.row.warnings
        ]

    @property
    def digest(self):
        """A fingerprint of the comparison: the confirmation must match what the preview showed."""
        text = repr([(p.row.key, p.row.values, p.action, p.old) for p in self.rows])
        return hashlib.sha256(text.encode()).hexdigest()

    def summary_line(self):
        return _("%(add)s tilføjes, %(change)s ændres, %(keep)s er uændrede.") % {
            "add": len(self.additions),
            "change": len(self.changes),
            "keep": len(self.unchanged),
        }


# --- Help on the import page --------------------------------------------------------------


@dataclass(frozen=True)
class AcceptedValue:
    """One value a column accepts, as the import page lists it."""

    value: str
    label: str
    unit: str = ""


def accepted_values():
    """The indicators (with their unit), levels and categories a file may name."""
    percent = _("procent, 0–100 med højst én decimal (16,5 eller 16,5 %)")
    return {
        "indicators": [
            *(AcceptedValue(measure.value, str(measure.label), percent) for measure in Measure),
            AcceptedValue(POLICE, _("Anmeldelser til politiet"), _("antal anmeldelser; kræver en kategori")),
            AcceptedValue(POPULATION, _("Indbyggere"), _("antal indbyggere")),
        ],
        "levels": [AcceptedValue(level.value, str(level.label)) for level in Level],
        "categories": [AcceptedValue(category.value, str(category.label)) for category in Category],
    }


def template_rows(partnership):
    """Two example rows in the file's columns: a survey share and a count of police reports."""
    year = partnership.first_year
    return [
        [
            partnership.slug,
            Measure.NEIGHBOURHOOD.value,
            Level.AREA.value,
            "",
            year,
            Decimal("16.5"),
            1234,
            False,
        ],
        [partnership.slug, POLICE, Level.AREA.value, Category.BORGERVENDT.value, year, 217, None, None],
    ]


# --- Parsing -------------------------------------------------------------------------------


def read_rows(source):
    """The file's rows as (row number, {column: text}) pairs, header checked.

    Raises :class:`ImportRefused` when the file cannot be read or a column is missing or unknown.
    """
    try:
        table = read_table(source)
    except SpreadsheetError as error:
        raise ImportRefused([str(error)]) from None
    header = [COLUMN_ALIASES.get(name, name) for name in table.header if name]
    errors = []
    first_named = {}
    for name in table.header:
        meaning = COLUMN_ALIASES.get(name, name)
        if meaning in first_named:
            errors.append(same_meaning_message(first_named[meaning], name))
        first_named.setdefault(meaning, name)
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        errors.append(
            ngettext("Kolonnen %(names)s kendes ikke.", "Kolonnerne %(names)s kendes ikke.", len(unknown))
            % {"names": word_list(unknown)}
            + " "
            + _("Filen kan have kolonnerne %(expected)s.") % {"expected": word_list(COLUMNS)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        errors.append(missing_columns_message(missing))
    if errors:
        raise ImportRefused(errors)
    if not table.rows:
        raise ImportRefused([_("Filen har ingen rækker med tal.")])
    return [
        (row.number, {COLUMN_ALIASES.get(name, name): value for name, value in row.values.items()})
        for row in table.rows
    ]


def parse_rows(raw_rows, *, partnership=None):
    """Check every row; return the :class:`ParsedRow` list or raise :class:`ImportRefused`
    naming each bad row. With ``partnership`` (the web upload) every row must belong to it."""
    partnerships = {}
    for candidate in Partnership.objects.only("pk", "slug", "name"):
        partnerships[candidate.slug.casefold()] = candidate
        partnerships[candidate.name.casefold()] = candidate
    parsed, errors, seen = [], [], {}
    for number, values in raw_rows:
        row_errors = []
        row = _parse_row(number, values, partnerships, partnership, row_errors)
        if row_errors:
            errors.extend(_("række %(row)s: %(problem)s") % {"row": number, "problem": p} for p in row_errors)
            continue
        if row.key in seen:
            errors.append(
                _("række %(row)s: samme tal som række %(other)s (%(label)s)")
                % {"row": number, "other": seen[row.key], "label": row.label}
            )
            continue
        seen[row.key] = number
        parsed.append(row)
    if errors:
        raise ImportRefused(errors)
    return parsed


def _parse_row(number, values, partnerships, expected, errors):
    text = {name: (values.get(name) or "").strip() for name in COLUMNS}

    partnership = None
    if not text["partnerskab"]:
        errors.append(_("partnerskab mangler"))
    else:
        partnership = partnerships.get(text["partnerskab"].casefold())
        if partnership is None:
            errors.append(_("ukendt partnerskab '%(value)s'") % {"value": text["partnerskab"]})
        elif expected is not None and partnership.pk != expected.pk:
            errors.append(
                _("partnerskab '%(value)s' er ikke %(expected)s")
                % {"value": text["partnerskab"], "expected": expected.name}
            )

    indicator = text["indikator"].casefold()
    if not indicator:
        errors.append(_("indikator mangler"))
    elif indicator not in INDICATORS:
        errors.append(
            _("ukendt indikator '%(value)s' (brug %(allowed)s)")
            % {"value": text["indikator"], "allowed": word_list(sorted(INDICATORS), alternative=True)}
        )
        indicator = None

    level = LEVEL_NAMES.get(text["niveau"].casefold())
    if not text["niveau"]:
        errors.append(_("niveau mangler"))
    elif level is None:
        errors.append(
            _("ukendt niveau '%(value)s' (brug omraade, bydel eller by)") % {"value": text["niveau"]}
        )

    category = ""
    if indicator == POLICE:
        if not text["kategori"]:
            errors.append(_("kategori mangler for anmeldelser"))
        else:
            category = category_by_name(text["kategori"])
            if category is None:
                errors.append(_("ukendt kategori '%(value)s'") % {"value": text["kategori"]})
    elif indicator and text["kategori"]:
        errors.append(
            _("kategori '%(value)s' hører kun til anmeldelser, ikke til %(indicator)s")
            % {"value": text["kategori"], "indicator": indicator}
        )

    year = _whole_number(text["aar"])
    if not text["aar"]:
        errors.append(_("aar mangler"))
    elif year is None or not 2000 <= year <= 2100:
        errors.append(_("aar '%(value)s' er ikke et årstal mellem 2000 og 2100") % {"value": text["aar"]})

    warnings = []
    row_values = _parse_value(indicator, text, errors, warnings)
    if indicator not in SURVEY_INDICATORS and indicator:
        for name in ("respondenter", "signifikant"):
            if text[name]:
                errors.append(
                    _("%(column)s hører kun til tryghedsundersøgelsen, ikke til %(indicator)s")
                    % {"column": name, "indicator": indicator}
                )
    if errors:
        return None
    return ParsedRow(
        number=number,
        partnership_id=partnership.pk,
        partnership_slug=partnership.slug,
        indicator=indicator,
        level=level,
        category=category,
        year=year,
        values=row_values,
        warnings=tuple(warnings),
    )


def _parse_value(indicator, text, errors, warnings):
    raw = text["vaerdi"]
    if not raw:
        errors.append(_("vaerdi mangler"))
        return None
    if indicator in SURVEY_INDICATORS:
        percent = _decimal(raw.rstrip("%").strip())
        if percent is None or not 0 <= percent <= 100:
            errors.append(_("vaerdi '%(value)s' er ikke en andel mellem 0 og 100") % {"value": raw})
            return None
        as_share = "%" not in raw and 0 < percent < 1
        if percent != percent.quantize(Decimal("0.1")):
            if as_share:
                errors.append(
                    _(
                        "vaerdi '%(value)s' har mere end én decimal. Er det en andel, så skriv den i "
                        "procent (%(percent)s) eller formatér cellen som procent i Excel"
                    )
                    % {"value": raw, "percent": calc.format_percent(percent * 100)}
                )
            else:
                errors.append(_("vaerdi '%(value)s' har mere end én decimal") % {"value": raw})
            return None
        if as_share:
            warnings.append(
                _(
                    "vaerdi '%(value)s' læses som %(read)s. Mente du %(percent)s? Så skriv %(number)s, "
                    "eller formatér cellen som procent i Excel."
                )
                % {
                    "value": raw,
                    "read": calc.format_percent(percent),
                    "percent": calc.format_percent(percent * 100),
                    "number": calc.format_number(percent * 100, 0 if percent * 100 % 1 == 0 else 1),
                }
            )
        respondents = None
        if text["respondenter"]:
            respondents = _whole_number(text["respondenter"])
            if respondents is None or respondents < 1:
                errors.append(
                    _("respondenter '%(value)s' er ikke et helt tal større end 0")
                    % {"value": text["respondenter"]}
                )
        significant = None
        flag = text["signifikant"].casefold()
        if flag in YES:
            significant = True
        elif flag in NO:
            significant = False
        elif flag:
            errors.append(
                _("signifikant skal være 'ja' eller 'nej', ikke '%(value)s'") % {"value": text["signifikant"]}
            )
        return (
            ("percent", percent.quantize(Decimal("0.1"))),
            ("respondents", respondents),
            ("significant", significant),
        )
    if indicator in (POLICE, POPULATION):
        number = _whole_number(raw)
        minimum = 1 if indicator == POPULATION else 0
        if number is None or number < minimum:
            what = _("et antal indbyggere") if indicator == POPULATION else _("et antal anmeldelser")
            errors.append(
                _("vaerdi '%(value)s' er ikke %(what)s (et helt tal på mindst %(minimum)s)")
                % {"value": raw, "what": what, "minimum": minimum}
            )
            return None
        return (("population" if indicator == POPULATION else "count", number),)
    return None


def _decimal(text):
    """24,2 or 24.2 (a thousands dot is not expected in a percentage)."""
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if cleaned.count(".") > 1:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _whole_number(text):
    """8346, 8.346 (thousands dot), 8 346 or 8346,0 → 8346; anything else → None."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    value = _decimal(cleaned)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


# --- Comparing and saving ------------------------------------------------------------------


def _field_values(obj, row):
    return tuple((name, getattr(obj, name)) for name, _value in row.values)


def _existing(rows):
    """Stored objects for the rows' keys, fetched with one query per kind of data."""
    found = {}
    partnership_ids = {row.partnership_id for row in rows}
    for obj in SurveyResult.objects.filter(partnership_id__in=partnership_ids):
        found[(obj.partnership_id, obj.measure, obj.level, "", obj.year)] = obj
    for obj in PoliceCount.objects.filter(partnership_id__in=partnership_ids):
        found[(obj.partnership_id, POLICE, obj.level, obj.category, obj.year)] = obj
    for obj in Population.objects.filter(partnership_id__in=partnership_ids):
        found[(obj.partnership_id, POPULATION, obj.level, "", obj.year)] = obj
    return found


def compare_with_stored(rows):
    """Compare parsed rows with the database: what would be added, changed and left."""
    existing = _existing(rows)
    comparison = ImportComparison()
    for row in rows:
        obj = existing.get(row.key)
        if obj is None:
            comparison.rows.append(ComparedRow(row, "add", None))
            continue
        old = _field_values(obj, row)
        action = "keep" if _normalised(old) == _normalised(row.values) else "change"
        comparison.rows.append(ComparedRow(row, action, old))
    return comparison


def _normalised(values):
    return tuple((name, Decimal(value) if isinstance(value, Decimal) else value) for name, value in values)


@transaction.atomic
def apply_import(comparison, *, acting_user=None, reason=""):
    """Save the plan's additions and changes in one transaction; each save leaves a
    history row naming ``acting_user`` and ``reason``. Returns (added, changed)."""
    existing = _existing([compared.row for compared in comparison.rows])
    added = changed = 0
    for compared in comparison.rows:
        row = compared.row
        if compared.action == "keep":
            continue
        obj = existing.get(row.key)
        if obj is None:
            obj = row.model(**row.lookup)
            added += 1
        else:
            changed += 1
        for name, value in row.values:
            setattr(obj, name, value)
        obj.full_clean()
        if acting_user is not None:
            # Otherwise simple_history takes the user from the request, if there is one.
            obj._history_user = acting_user
        obj._change_reason = reason
        obj.save()
    return added, changed


def prepare_import(source, *, partnership=None):
    """Read, check and compare a file in one go: returns (raw rows, comparison) or raises ImportRefused."""
    raw_rows = read_rows(source)
    return raw_rows, compare_with_stored(parse_rows(raw_rows, partnership=partnership))


def export_rows(partnership):
    """Every stored value in the import file's columns, so an export can be edited and re-imported."""
    rows = []
    for row in SurveyResult.objects.for_partnership(partnership).order_by("measure", "level", "year"):
        rows.append(
            [
                partnership.slug,
                row.measure,
                row.level,
                "",
                row.year,
                row.percent,
                row.respondents,
                row.significant,
            ]
        )
    for row in PoliceCount.objects.for_partnership(partnership).order_by("category", "level", "year"):
        rows.append([partnership.slug, POLICE, row.level, row.category, row.year, row.count, None, None])
    for row in Population.objects.for_partnership(partnership).order_by("level", "year"):
        rows.append([partnership.slug, POPULATION, row.level, "", row.year, row.population, None, None])
    return rows
