"""The tryghedsplan as numbers: budget cells, the SUM per year and the collaboration share.

A budget cell is one of three things, and the plan never confuses them: funded with an
amount (0 kr. included), not funded ("-"), or not decided yet (blank). See
:class:`activities.models.Budget` for how each is stored.
"""

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from activities.models import Activity, Budget, Unit

# The partnership agreement's target when no goal says otherwise: at least 75 % of the
# numbered activities have two or more organisations taking part.
DEFAULT_COLLABORATION_TARGET = Decimal(75)

NOT_FUNDED_MARKS = ("-", "–", "—")  # Excel and Word like to turn "-" into a dash
KRONER_PATTERN = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
MAX_AMOUNT = 2_147_483_647


@dataclass(frozen=True)
class Amount:
    """One cell of Tabel 3."""

    decided: bool
    kroner: int | None = None

    @classmethod
    def funded(cls, kroner):
        return cls(decided=True, kroner=kroner)

    @classmethod
    def of_budget(cls, budget):
        """The cell for a Budget row, or for no row at all (None)."""
        if budget is None:
            return UNDECIDED
        return cls(decided=True, kroner=budget.amount)

    @property
    def is_funded(self):
        return self.kroner is not None

    @property
    def display(self):
        """As the seed prints it: "335.000", "0", "-" or ""."""
        if not self.decided:
            return ""
        if self.kroner is None:
            return "-"
        return format_kroner(self.kroner)

    @property
    def export_value(self):
        """For CSV/XLSX: the number itself, "-" or ""."""
        if not self.decided:
            return ""
        return "-" if self.kroner is None else self.kroner

    def __str__(self):
        return self.display


UNDECIDED = Amount(decided=False)
NOT_FUNDED = Amount(decided=True)


def format_kroner(kroner):
    return number_format(kroner, decimal_pos=0, force_grouping=True)


def parse_amount(text):
    """A cell as a user writes it: "335.000", "335000", "0", "-" or empty.

    Also tolerated: spaces, a trailing "kr." and ",00". Raises ValidationError with a
    Danish message for anything else (decimals, negative amounts, words).
    """
    cleaned = (text or "").strip()
    if not cleaned:
        return UNDECIDED
    if cleaned in NOT_FUNDED_MARKS:
        return NOT_FUNDED
    cleaned = re.sub(r"\s*kr\.?$", "", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"[\s\u00a0]", "", cleaned)
    cleaned = re.sub(r",0+$", "", cleaned)
    if cleaned[:1] in NOT_FUNDED_MARKS and KRONER_PATTERN.fullmatch(cleaned[1:]):
        raise ValidationError(_("'%(value)s': beløbet kan ikke være negativt.") % {"value": text.strip()})
    if not KRONER_PATTERN.fullmatch(cleaned):
        raise ValidationError(
            _(
                "'%(value)s' er ikke et beløb i hele kroner. Skriv fx 335.000, 335000, 0 eller - (ikke finansieret)."
            )
            % {"value": text.strip()}
        )
    kroner = int(cleaned.replace(".", ""))
    if kroner > MAX_AMOUNT:
        raise ValidationError(_("'%(value)s': beløbet er for stort.") % {"value": text.strip()})
    return Amount.funded(kroner)


def amounts_by_year(activity):
    """{year: Amount} for the budget rows of an activity (prefetch `budgets` to save queries)."""
    return {budget.year: Amount.of_budget(budget) for budget in activity.budgets.all()}


@dataclass(frozen=True)
class YearTotal:
    """The SUM of a year. It is shown only when every row of the plan is decided for the
    year, as in the seed where 2023 and 2024 have blanks and no SUM."""

    year: int
    decided_total: int
    undecided_rows: int

    @property
    def is_complete(self):
        return self.undecided_rows == 0

    @property
    def total(self):
        return self.decided_total if self.is_complete else None

    @property
    def display(self):
        return format_kroner(self.total) if self.is_complete else ""


def year_totals(activities, years):
    """One :class:`YearTotal` per year for the given activities (a queryset)."""
    return PlanCells.read(activities, years).totals


@dataclass(frozen=True)
class PlanCells:
    """Tabel 3's cells of some activities over some years, and their SUM row: what the plan
    page, its export and the report print, read once. A cell without a budget row is not
    decided yet."""

    activity_pks: tuple
    years: tuple
    amounts: dict  # {(activity pk, year): Amount} for the budget rows that exist

    @classmethod
    def read(cls, activities, years):
        """The cells of ``activities`` (a queryset) in two queries: the activities' keys and
        their budget rows of ``years``."""
        pks = tuple(activities.order_by().values_list("pk", flat=True))
        return cls._with_budgets(pks, years, activity__in=activities.values("pk"))

    @classmethod
    def of(cls, activities, years):
        """The cells of activities already read, in one query."""
        pks = tuple(activity.pk for activity in activities)
        return cls._with_budgets(pks, years, activity__in=pks)

    @classmethod
    def _with_budgets(cls, pks, years, **activities):
        rows = Budget.objects.filter(year__in=years, **activities).values_list(
            "activity_id", "year", "amount"
        )
        return cls(
            activity_pks=pks,
            years=tuple(years),
            amounts={
                (activity, year): Amount(decided=True, kroner=kroner) for activity, year, kroner in rows
            },
        )

    def cell(self, activity_pk, year):
        return self.amounts.get((activity_pk, year), UNDECIDED)

    @functools.cached_property
    def totals(self):
        """One :class:`YearTotal` per year: the decided amounts added up, and how many rows
        are not decided (the SUM is printed only when none is)."""
        return [
            YearTotal(
                year=year,
                decided_total=sum(self.cell(pk, year).kroner or 0 for pk in self.activity_pks),
                undecided_rows=sum(1 for pk in self.activity_pks if not self.cell(pk, year).decided),
            )
            for year in self.years
        ]


def round_percent(part, whole):
    """A share in whole percent, rounded half-up as the report rounds: 11 of 12 is 92;
    None when there is nothing to count. The one rule for the collaboration share, which
    the plan page, the indicator page and the report all print."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def meets_minimum_share(share, threshold):
    """ "Mindst 75 %": the printed share at or above the threshold."""
    return share is not None and share >= Decimal(threshold)


@dataclass(frozen=True)
class Collaboration:
    """ "11 af 12 aktiviteter har to eller flere samarbejdspartnere (92 %) – mål: mindst 75 %"."""

    with_partners: int
    numbered: int
    target_percent: int

    @property
    def percent(self):
        return round_percent(self.with_partners, self.numbered)

    @property
    def is_met(self):
        return meets_minimum_share(self.percent, self.target_percent)

    @property
    def sentence(self):
        return _(
            "%(part)s af %(whole)s aktiviteter har to eller flere samarbejdspartnere (%(percent)s %%) "
            "– mål: mindst %(target)s %%"
        ) % {
            "part": self.with_partners,
            "whole": self.numbered,
            "percent": self.percent if self.percent is not None else 0,
            "target": self.target_percent,
        }


def collaboration(partnership, target_percent=None):
    """The collaboration share of the partnership's numbered activities, in one query
    (:meth:`~activities.models.plan.ActivityQuerySet.collaboration_count`).

    The target comes from the caller; without one it is the partnership's goal for
    collaboration when the indicators app has set one (reached through the reverse
    relation, so this app does not import it), else the agreement's 75 %.
    """
    counts = Activity.objects.filter(partnership=partnership).collaboration_count()
    if target_percent is None:
        target_percent = collaboration_target(partnership)
    return Collaboration(
        with_partners=counts.collaborating,
        numbered=counts.numbered,
        target_percent=target_percent,
    )


def collaboration_target(partnership):
    goals = getattr(partnership, "goals", None)
    if goals is not None:
        threshold = (
            goals.filter(indicator="samarbejde", threshold__isnull=False)
            .values_list("threshold", flat=True)
            .first()
        )
        if threshold is not None:
            return int(Decimal(threshold).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return DEFAULT_COLLABORATION_TARGET


# --- History -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetChange:
    """One changed cell: who, when, which year, old → new."""

    at: object
    user: object
    year: int
    old: Amount
    new: Amount
    reason: str


def budget_changes(activity):
    """Every change of the activity's budget cells, newest first, in one query.

    Cells are followed per year rather than per Budget row, so a cell that went to "not
    decided" (row deleted) and back reads as one line of history.
    """
    records = (
        Budget.history.filter(activity_id=activity.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    last = {}
    changes = []
    for record in records:
        new = UNDECIDED if record.history_type == "-" else Amount(decided=True, kroner=record.amount)
        old = last.get(record.year, UNDECIDED)
        last[record.year] = new
        if old != new:
            changes.append(
                BudgetChange(
                    at=record.history_date,
                    user=record.history_user,
                    year=record.year,
                    old=old,
                    new=new,
                    reason=record.history_change_reason or "",
                )
            )
    return changes[::-1]


@dataclass(frozen=True)
class ActivityChange:
    at: object
    user: object
    created: bool
    fields: list  # [(label, old text, new text)]
    reason: str


def activity_changes(activity):
    """The activity's own history (texts, order, units, partners), newest first."""
    unit_names = dict(Unit.objects.values_list("pk", "short_name"))
    records = list(activity.history.select_related("history_user").order_by("history_date", "history_id"))
    m2m_names = [field.name for field in Activity.history.model._history_m2m_fields]
    units_of = _historical_units(records, m2m_names)
    changes = []
    previous = None
    for record in records:
        if previous is None:
            changes.append(
                ActivityChange(
                    record.history_date, record.history_user, True, [], record.history_change_reason or ""
                )
            )
        else:
            fields = []
            # Units and partners are compared from rows read once for every record;
            # diff_against would query them twice per field and record.
            for change in record.diff_against(previous, excluded_fields=m2m_names).changes:
                field = Activity._meta.get_field(change.field)
                fields.append(
                    (
                        str(field.verbose_name),
                        _history_text(change.old, unit_names),
                        _history_text(change.new, unit_names),
                    )
                )
            for name in m2m_names:
                old = units_of.get((name, previous.history_id), [])
                new = units_of.get((name, record.history_id), [])
                if old != new:
                    fields.append(
                        (
                            str(Activity._meta.get_field(name).verbose_name),
                            _history_text([{"unit": pk} for pk in old], unit_names),
                            _history_text([{"unit": pk} for pk in new], unit_names),
                        )
                    )
            if fields:
                changes.append(
                    ActivityChange(
                        record.history_date,
                        record.history_user,
                        False,
                        fields,
                        record.history_change_reason or "",
                    )
                )
        previous = record
    return changes[::-1]


def _historical_units(records, field_names):
    """{(field name, history_id): sorted unit pks} of the many-to-many history of the
    records, in one query per field."""
    units = {}
    if not records:
        return units
    history_ids = [record.history_id for record in records]
    for name in field_names:
        rows = getattr(records[0], name).model.objects.filter(history_id__in=history_ids)
        for history_id, unit_id in rows.order_by("unit_id").values_list("history_id", "unit_id"):
            units.setdefault((name, history_id), []).append(unit_id)
    return units


def _history_text(value, unit_names):
    if isinstance(value, list):  # many-to-many rows as simple_history stores them
        return ", ".join(sorted(unit_names.get(row.get("unit"), "?") for row in value)) or "–"
    if value in (None, ""):
        return "–"
    return str(value)
