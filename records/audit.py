"""The audit trail: every historical record of every model with history, in one list.

The models are found through the app registry (anything with ``HistoricalRecords``), so
a model added in another app appears here without this module knowing it.
"""

from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import (
    CharField,
    DecimalField,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_history_model_for_model

HISTORY_TYPES = {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}
# Bookkeeping columns a reader has no use for: the answer's internal version counter and
# the automatic change time (the row's own date says when).
HIDDEN_FIELDS = {"version", "updated_at"}


@dataclass(frozen=True)
class Related:
    """A foreign key's value, named once the page's related rows are fetched."""

    model: object
    pk: object


def tracked_models():
    """Models with history, keyed by "app_label.model_name", in verbose-name order."""
    models = {
        model._meta.label_lower: model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    }
    return dict(sorted(models.items(), key=lambda item: str(item[1]._meta.verbose_name_plural).lower()))


class AuditFilterForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Bruger"),
        queryset=get_user_model().objects.order_by("username"),
        required=False,
        empty_label=_("Alle brugere"),
    )
    date_from = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    model = forms.ChoiceField(label=_("Slags"), required=False)
    object_id = forms.IntegerField(label=_("Objekt-id"), required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Alt"))] + [
            (label, str(model._meta.verbose_name_plural).capitalize())
            for label, model in tracked_models().items()
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Til-datoen ligger før fra-datoen."))
        if data.get("object_id") and not data.get("model"):
            self.add_error("model", _("Vælg hvilken slags objekt id'et hører til."))
        return data


def audit_entries(*, user=None, date_from=None, date_to=None, model=None, object_id=None):
    """One queryset of dicts over all history tables, newest first.

    Each dict has ``history_id``, ``history_date``, ``history_type``, ``history_user_id``,
    ``model`` ("app_label.model_name") and ``object_id``; :func:`describe` turns a page of
    them into rows to show.
    """
    querysets = []
    for label, tracked in tracked_models().items():
        if model and label != model:
            continue
        history = get_history_model_for_model(tracked).objects.all()
        if user is not None:
            history = history.filter(history_user=user)
        if date_from:
            history = history.filter(history_date__date__gte=date_from)
        if date_to:
            history = history.filter(history_date__date__lte=date_to)
        if object_id:
            history = history.filter(**{tracked._meta.pk.attname: object_id})
        querysets.append(
            history.annotate(
                model=Value(label, output_field=CharField()), object_id=F(tracked._meta.pk.attname)
            )
            .order_by()
            .values("history_id", "history_date", "history_type", "history_user_id", "model", "object_id")
        )
    if not querysets:
        return get_user_model().objects.none().values()
    first, *rest = querysets
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


@dataclass
class AuditRow:
    date: object
    user: object
    action: str
    kind: str
    model: str
    object_id: int
    label: str
    changes: list
    reason: str = ""

    @property
    def changes_text(self):
        """The changes on one line, as the exports write them: "felt: gammel → ny; …"."""
        return "; ".join(f"{change['field']}: {change['old']} → {change['new']}" for change in self.changes)


def describe(entries):
    """Rows for a page of :func:`audit_entries`: user, object and the fields that changed.

    A few queries per kind of object on the page, however long the history is.
    """
    entries = list(entries)
    users = get_user_model().objects.in_bulk({entry["history_user_id"] for entry in entries} - {None})
    models = tracked_models()
    records = {}
    for label in {entry["model"] for entry in entries}:
        tracked = models[label]
        history_model = get_history_model_for_model(tracked)
        ids = [entry["history_id"] for entry in entries if entry["model"] == label]
        previous = (
            history_model.objects.filter(
                **{tracked._meta.pk.attname: OuterRef(tracked._meta.pk.attname)},
                history_date__lt=OuterRef("history_date"),
            )
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        relations = [
            field.name
            for field in history_model._meta.fields
            if field.many_to_one and field.name != "history_user" and not field.name.startswith("history_")
        ]
        page = {
            record.history_id: record
            for record in history_model.objects.filter(history_id__in=ids)
            .select_related(*relations)
            .annotate(previous_id=Subquery(previous))
        }
        before = history_model.objects.in_bulk({r.previous_id for r in page.values()} - {None})
        for history_id, record in page.items():
            records[label, history_id] = (record, before.get(record.previous_id))
    rows = [_row(entry, users, models, *records[entry["model"], entry["history_id"]]) for entry in entries]
    _name_related(rows)
    return rows


def _name_related(rows):
    """Replace foreign-key ids in the changes by names: one query per related model."""
    wanted = {}
    for row in rows:
        for change in row.changes:
            for value in (change["old"], change["new"]):
                if isinstance(value, Related):
                    wanted.setdefault(value.model, set()).add(value.pk)
    found = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}
    for row in rows:
        for change in row.changes:
            for key in ("old", "new"):
                value = change[key]
                if isinstance(value, Related):
                    change[key] = _name(found[value.model].get(value.pk), value.pk)


def _name(obj, pk):
    if obj is None:
        return _("#%(id)s (slettet)") % {"id": pk}
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


def _row(entry, users, models, record, previous):
    tracked = models[entry["model"]]
    changes = []
    action = HISTORY_TYPES.get(entry["history_type"], entry["history_type"])
    if tracked._meta.label_lower == "activities.budget" and record.history_type in "+-":
        # A budget row appears when an amount is decided and goes when the cell is emptied:
        # to the reader, both are changes of the amount from or to "not decided".
        amount = (
            _value(record.amount, tracked._meta.get_field("amount")) if record.amount is not None else "-"
        )
        undecided = str(_("ikke besluttet"))
        old, new = (undecided, amount) if record.history_type == "+" else (amount, undecided)
        changes.append({"field": str(_("beløb")), "old": old, "new": new})
        action = HISTORY_TYPES["~"]
    elif previous is not None and record.history_type == "~":
        delta = record.diff_against(previous)
        for change in delta.changes:
            if change.field in HIDDEN_FIELDS:
                continue
            field = tracked._meta.get_field(change.field)
            changes.append(
                {
                    "field": str(field.verbose_name),
                    "old": _value(change.old, field),
                    "new": _value(change.new, field),
                }
            )
    return AuditRow(
        date=entry["history_date"],
        user=users.get(entry["history_user_id"]),
        action=action,
        kind=str(tracked._meta.verbose_name).capitalize(),
        model=entry["model"],
        object_id=entry["object_id"],
        label=_label(record),
        changes=changes,
        reason=record.history_change_reason or "",
    )


def _label(record):
    """The object as it was, named with the related rows select_related() fetched."""
    instance = record.instance
    for name, related in record._state.fields_cache.items():
        instance._state.fields_cache.setdefault(name, related)
    try:
        return str(instance)
    except ObjectDoesNotExist:  # an old version may point at rows since deleted
        return f"#{record.pk}"


def _value(value, field):
    if value in (None, ""):
        return "–"
    if field.many_to_one:
        return Related(field.related_model, value)
    if field.many_to_many:
        # Rows of the historical through table, e.g. {"activity": 4, "unit": 2}.
        target = field.related_model
        key = target._meta.model_name
        ids = [row.get(key) for row in value if isinstance(row, dict)]
        names = sorted(str(obj) for obj in target._default_manager.filter(pk__in=ids))
        return ", ".join(names) or "–"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif _is_amount(field):
        return formats.number_format(value, force_grouping=True)
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _is_amount(field):
    """A number shown with the locale's separators (150.000 kr., 24,2 %); years stay as 2022."""
    numeric = isinstance(field, IntegerField | DecimalField | FloatField)
    is_year = field.name == "year" or field.name.endswith("_year")
    return numeric and not is_year and not field.primary_key
