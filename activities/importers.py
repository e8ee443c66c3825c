"""Importing a tryghedsplan from a CSV or XLSX file, all rows or none.

Columns: ``nr, aktivitet, ansvarlige, samarbejdspartnere`` and one per plan year
(``2021``, ``2022``, …); ``beskrivelse`` is optional. A row is matched to an existing
activity by its number, or, for an unnumbered budget line, by its title; a unit named
both as responsible and as partner is one organisation and stays responsible. Importing a file
first works out what would change (:func:`preview_plan_file` stops there,
:func:`import_plan_file` goes on); only a file without a single bad row is ever written,
in one transaction.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import Activity, Unit
from activities.plan import UNDECIDED, Amount, amounts_by_year, parse_amount
from activities.services import budget_set, stamp_history
from amager_partnerskab.spreadsheets import (
    missing_columns_message,
    read_table,
    same_meaning_message,
    word_list,
)

# Header names as written in the file (lower-cased) → the field they fill.
COLUMN_ALIASES = {
    "nr": "nr",
    "nr.": "nr",
    "nummer": "nr",
    "aktivitet": "aktivitet",
    "ansvarlige": "ansvarlige",
    "ansvarlig": "ansvarlige",
    "samarbejdspartnere": "samarbejdspartnere",
    "samarbejdspartner": "samarbejdspartnere",
    "beskrivelse": "beskrivelse",
}
REQUIRED_COLUMNS = ("nr", "aktivitet")
# The plan's CSV/XLSX export uses the import's own column names, so it can be edited and read back.
EXPORT_HEADER = ["Nr", "Aktivitet", "Ansvarlige", "Samarbejdspartnere"]
YEAR_COLUMN = re.compile(r"\d{4}")
SUM_ROW_MARKS = ("sum", "sum (kr.)", "i alt")
UNIT_SEPARATOR = "|"
MAX_NUMBER = 32767


class PlanImportError(Exception):
    """The file was refused; `errors` lists every problem ("række 7: …")."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class PlanRow:
    """One valid row of the file, as values the database understands."""

    row_number: int
    number: int | None
    title: str
    description: str | None  # None when the file has no "beskrivelse" column
    responsible: list[str] | None  # unit names, None when the column is missing
    partners: list[str] | None
    amounts: dict[int, Amount]


@dataclass
class RowOutcome:
    row_number: int
    label: str
    changes: list[str] = field(default_factory=list)


@dataclass
class PlanImportResult:
    added: list[RowOutcome] = field(default_factory=list)
    changed: list[RowOutcome] = field(default_factory=list)
    unchanged: list[RowOutcome] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    dry_run: bool = False

    @property
    def has_changes(self):
        return bool(self.added or self.changed or self.new_units)

    def summary(self):
        return _(
            "%(added)s nye, %(changed)s ændrede og %(unchanged)s uændrede rækker; %(units)s nye enheder."
        ) % {
            "added": len(self.added),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "units": len(self.new_units),
        }


def preview_plan_file(*, partnership, source):
    """What importing `source` (an upload, file object or path) would do to the plan; nothing
    is written. Returns a :class:`PlanImportResult` and raises as :func:`import_plan_file`."""
    return _read_plan_file(partnership, source, dry_run=True)


def import_plan_file(*, partnership, source, acting_user=None, file_name=""):
    """Read `source` (an upload, file object or path) and bring the plan in line with it.

    Returns a :class:`PlanImportResult` describing what was added, changed and left
    unchanged; each change's history names `acting_user` and the file. Raises
    :class:`PlanImportError` listing every bad row, or
    :class:`amager_partnerskab.spreadsheets.SpreadsheetError` for an unreadable file; in
    both cases nothing is written.
    """
    return _read_plan_file(partnership, source, dry_run=False, acting_user=acting_user, file_name=file_name)


def _read_plan_file(partnership, source, *, dry_run, acting_user=None, file_name=""):
    table = read_table(source)
    rows = _parse(partnership, table)
    with transaction.atomic():
        # Locked so two imports into the same plan run one after the other.
        existing = list(
            Activity.objects.select_for_update()
            .filter(partnership=partnership)
            .prefetch_related("responsible_units", "partner_units", "budgets")
        )
        units = _unit_lookup()
        result, work = _compare(partnership, rows, existing, units)
        result.dry_run = dry_run
        if not dry_run:
            reason = (
                _("Indlæst fra fil %(name)s") % {"name": file_name} if file_name else _("Indlæst fra fil")
            )
            _apply(partnership, work, units, result.new_units, acting_user, reason)
    return result


def template_rows(partnership):
    """The plan file's header and two example rows: a numbered activity with a responsible
    unit and partners, and an unnumbered budget line. Units are named as the site knows them."""
    names = list(Unit.objects.order_by("short_name").values_list("short_name", flat=True)[:3])
    names += ["BUF", "SOF", "Politi"][len(names) :]
    years = list(partnership.plan_years)
    header = ["nr", "aktivitet", "ansvarlige", "samarbejdspartnere", *(str(year) for year in years)]
    activity_amounts = [120_000 if index < 2 else "" for index in range(len(years))]
    budget_line_amounts = [4_000 if index == 0 else "-" for index in range(len(years))]
    return header, [
        [1, _("Nattevandring i området"), names[0], UNIT_SEPARATOR.join(names[1:3]), *activity_amounts],
        ["-", _("Mødefacilitering"), "", "", *budget_line_amounts],
    ]


# --- Reading and checking the rows ---------------------------------------------------------


def _parse(partnership, table):
    errors = []
    columns = {}
    years = []
    unknown = []
    for name in table.header:
        if not name:
            continue
        if YEAR_COLUMN.fullmatch(name):
            year = int(name)
            if not partnership.first_year <= year <= partnership.last_year:
                errors.append(
                    _("Kolonnen %(year)s ligger uden for planperioden %(first)s–%(last)s.")
                    % {"year": year, "first": partnership.first_year, "last": partnership.last_year}
                )
            years.append(year)
        elif name in COLUMN_ALIASES:
            meaning = COLUMN_ALIASES[name]
            if meaning in columns:
                errors.append(same_meaning_message(columns[meaning], name))
            else:
                columns[meaning] = name
        else:
            unknown.append(name)
    if unknown:
        errors.append(
            ngettext(
                "Kolonnen %(names)s kendes ikke.",
                "Kolonnerne %(names)s kendes ikke.",
                len(unknown),
            )
            % {"names": word_list(unknown)}
            + " "
            + _(
                "Kolonnerne kan være nr, aktivitet, ansvarlige, samarbejdspartnere, beskrivelse "
                "og et år pr. kolonne (fx 2022)."
            )
        )
    missing = [required for required in REQUIRED_COLUMNS if required not in columns]
    if missing:
        errors.append(missing_columns_message(missing))
    if errors:
        raise PlanImportError(errors)

    rows = []
    numbers_seen = {}
    titles_seen = {}
    for row in table.rows:
        values = row.values
        row_errors = []
        if values.get(columns["nr"], "").strip().lower() in SUM_ROW_MARKS:
            continue  # the SUM line of an exported plan; the sums follow from the rows
        number = None
        number_text = values.get(columns["nr"], "").strip().rstrip(".")
        if number_text and number_text not in ("-", "–"):
            if not number_text.isdigit() or not 1 <= int(number_text) <= MAX_NUMBER:
                row_errors.append(
                    _("nr '%(value)s' skal være et helt tal fra 1, - eller tomt.") % {"value": number_text}
                )
            else:
                number = int(number_text)
        title = values.get(columns["aktivitet"], "").strip()
        if not title:
            row_errors.append(_("aktiviteten mangler et navn."))
        elif len(title) > Activity._meta.get_field("title").max_length:
            row_errors.append(_("aktivitetens navn er længere end 300 tegn."))
        if number is not None and number in numbers_seen:
            row_errors.append(
                _("nr %(number)s står også i række %(other)s.")
                % {"number": number, "other": numbers_seen[number]}
            )
        elif number is None and title and title.lower() in titles_seen:
            row_errors.append(
                _("budgetlinjen '%(title)s' står også i række %(other)s.")
                % {"title": title, "other": titles_seen[title.lower()]}
            )
        responsible = _unit_names(values, columns.get("ansvarlige"), row_errors)
        partners = _unit_names(values, columns.get("samarbejdspartnere"), row_errors)
        responsible_text = values.get(columns["ansvarlige"], "") if "ansvarlige" in columns else None
        if number is not None and responsible_text is not None and not responsible_text.strip(" |"):
            row_errors.append(_("en nummereret aktivitet skal have mindst én ansvarlig enhed."))
        amounts = {}
        for year in years:
            try:
                amounts[year] = parse_amount(values.get(str(year), ""))
            except ValidationError as error:
                row_errors.append(f"{year}: {error.messages[0]}")
        for message in row_errors:
            errors.append(_("række %(row)s: %(message)s") % {"row": row.number, "message": message})
        if number is not None:
            numbers_seen.setdefault(number, row.number)
        elif title:
            titles_seen.setdefault(title.lower(), row.number)
        if not row_errors:
            description = values.get(columns["beskrivelse"], "").strip() if "beskrivelse" in columns else None
            rows.append(PlanRow(row.number, number, title, description, responsible, partners, amounts))
    if errors:
        raise PlanImportError(errors)
    if not rows:
        raise PlanImportError([_("Filen har ingen aktiviteter under overskriftsrækken.")])
    return rows


def _unit_names(values, column, row_errors):
    if column is None:
        return None
    names = []
    for name in values.get(column, "").split(UNIT_SEPARATOR):
        name = " ".join(name.split())
        if not name or name.lower() in (n.lower() for n in names):
            continue
        if (
            len(name) > Unit._meta.get_field("short_name").max_length
            and not Unit.objects.filter(name__iexact=name).exists()
        ):
            row_errors.append(
                _(
                    "enheden '%(name)s' findes ikke, og navnet er for langt til at blive oprettet som ny enhed. "
                    "Brug enhedens forkortelse eller fulde navn."
                )
                % {"name": name}
            )
            continue
        names.append(name)
    return names


def _unit_lookup():
    """Every unit under its short and full name, lower-cased."""
    lookup = {}
    for unit in Unit.objects.all():
        lookup[unit.name.lower()] = unit
        lookup[unit.short_name.lower()] = unit
    return lookup


# --- Comparing with the plan ---------------------------------------------------------------


@dataclass
class _Work:
    row: PlanRow
    activity: Activity | None
    order: int
    fields: dict
    responsible: list[str] | None
    partners: list[str] | None
    amounts: dict[int, Amount]


def _compare(partnership, rows, existing, units):
    result = PlanImportResult(years=sorted({year for row in rows for year in row.amounts}))
    by_number = {activity.number: activity for activity in existing if activity.number is not None}
    by_title = {activity.title.lower(): activity for activity in existing if activity.number is None}
    matched = set()
    work = []
    new_units = []
    for order, row in enumerate(rows, start=1):
        activity = by_number.get(row.number) if row.number is not None else by_title.get(row.title.lower())
        label = f"{row.number}. {row.title}" if row.number is not None else row.title
        outcome = RowOutcome(row.row_number, label)
        row.responsible, row.partners = _one_name_per_unit(row.responsible, row.partners, units)
        for name in (row.responsible or []) + (row.partners or []):
            if name.lower() not in units and name.lower() not in (n.lower() for n in new_units):
                new_units.append(name)
        fields = {"number": row.number, "title": row.title, "order": order}
        if row.description is not None:
            fields["description"] = row.description
        if activity is None:
            result.added.append(outcome)
            work.append(_Work(row, None, order, fields, row.responsible, row.partners, row.amounts))
            continue
        matched.add(activity.pk)
        changed_fields = {name: value for name, value in fields.items() if getattr(activity, name) != value}
        if "title" in changed_fields:
            outcome.changes.append(
                _("navn: '%(old)s' → '%(new)s'") % {"old": activity.title, "new": row.title}
            )
        if "description" in changed_fields:
            outcome.changes.append(_("beskrivelse ændret"))
        if "order" in changed_fields:
            outcome.changes.append(_("rækkefølge: %(old)s → %(new)s") % {"old": activity.order, "new": order})
        responsible = _changed_units(activity.responsible_units.all(), row.responsible, units)
        if responsible is not None:
            outcome.changes.append(_("ansvarlige: %(units)s") % {"units": ", ".join(responsible) or "–"})
        partners = _changed_units(activity.partner_units.all(), row.partners, units)
        if partners is not None:
            outcome.changes.append(_("samarbejdspartnere: %(units)s") % {"units": ", ".join(partners) or "–"})
        current = amounts_by_year(activity)
        amounts = {}
        for year, amount in row.amounts.items():
            old = current.get(year, UNDECIDED)
            if old != amount:
                amounts[year] = amount
                outcome.changes.append(
                    _("%(year)s: %(old)s → %(new)s")
                    % {"year": year, "old": old.display or _("(tom)"), "new": amount.display or _("(tom)")}
                )
        if outcome.changes:
            result.changed.append(outcome)
            work.append(_Work(row, activity, order, changed_fields, responsible, partners, amounts))
        else:
            result.unchanged.append(outcome)
    result.not_in_file = [str(activity) for activity in existing if activity.pk not in matched]
    result.new_units = new_units
    return result, work


def _one_name_per_unit(responsible, partners, units):
    """The row's unit lists with each organisation named once, whether by short or full
    name: plans often list the lead unit among the partners too, and it stays responsible."""
    seen = set()

    def once(names):
        if names is None:
            return None
        kept = []
        for name in names:
            unit = units.get(name.lower())
            key = unit.pk if unit is not None else name.lower()
            if key not in seen:
                seen.add(key)
                kept.append(name)
        return kept

    return once(responsible), once(partners)


def _changed_units(current, wanted, units):
    """The wanted unit names when they differ from the current units, else None."""
    if wanted is None:
        return None
    current_ids = {unit.pk for unit in current}
    wanted_units = [units.get(name.lower()) for name in wanted]
    if all(unit is not None for unit in wanted_units) and {unit.pk for unit in wanted_units} == current_ids:
        return None
    return wanted


# --- Writing -------------------------------------------------------------------------------


def _apply(partnership, work, units, new_units, acting_user, reason):
    for name in new_units:
        unit = Unit(short_name=name, name=name, kind=Unit.Kind.OTHER)
        stamp_history(unit, acting_user, reason)
        unit.save()
        units[name.lower()] = unit
    for item in work:
        activity = item.activity
        if activity is None:
            activity = Activity(partnership=partnership, **item.fields)
            activity.full_clean(exclude=["partnership"])
            stamp_history(activity, acting_user, reason)
            activity.save()
        elif item.fields:
            for name, value in item.fields.items():
                setattr(activity, name, value)
            stamp_history(activity, acting_user, reason)
            activity.save(update_fields=list(item.fields))
        if item.responsible is not None:
            activity.responsible_units.set([units[name.lower()] for name in item.responsible])
        if item.partners is not None:
            activity.partner_units.set([units[name.lower()] for name in item.partners])
        for year, amount in item.amounts.items():
            budget_set(activity=activity, year=year, amount=amount, acting_user=acting_user, reason=reason)
