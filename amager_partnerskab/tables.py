"""A django-tables2 table whose body is rendered in one pass.

django-tables2 renders each cell through a bound row: it resolves the accessor, inspects
the render method's signature and builds the column's attributes again for every cell,
which for a plan of 40 activities and eight budget years is most of the page's time.
`LeanTable` keeps everything else of django-tables2 (columns, ordering, pagination,
export, the header and the footer) and renders the body rows itself, with the same
rules: the accessor's value (a choice field's label), the column's default for an empty
value, the table's `render_<column>` or the column's `render` called with the arguments
it names, the column's link, and the value localized and escaped as the template would.
What it works out per column (the signature, the ``td`` attributes) it works out once
per table.
"""

import inspect
from dataclasses import dataclass, field

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# The arguments a render method may name (django-tables2's, less the bound row).
RENDER_ARGUMENTS = ("value", "record", "column", "bound_column", "table")


@dataclass
class _Cell:
    """How one column's cells are rendered."""

    bound_column: object
    path: tuple
    td: SafeString
    render: object
    arguments: tuple
    many: bool  # a ManyToManyColumn: an empty relation shows the default
    labels: dict = field(default_factory=dict)

    def value(self, record):
        """The accessor's value for the record (None where the path breaks off), the
        choice's label for a field with choices, as django-tables2 resolves it."""
        current = record
        for name in self.path[:-1]:
            current = _called(getattr(current, name, None))
            if current is None:
                return None
        last = self.path[-1]
        if isinstance(current, models.Model):
            labels = self.choice_labels(type(current), last)
            if labels is not None:
                value = getattr(current, last)
                return labels.get(value, value)
        return _called(getattr(current, last, None))

    def choice_labels(self, model, name):
        """The labels of ``model.name``'s choices (None for a field without), translated
        once per table: Django's ``get_FOO_display()`` rebuilds them on every call."""
        key = (model, name)
        if key not in self.labels:
            try:
                choices = model._meta.get_field(name).flatchoices
            except FieldDoesNotExist:
                choices = ()
            self.labels[key] = {value: force_str(label) for value, label in choices} if choices else None
        return self.labels[key]

    def html(self, record, table):
        bound_column = self.bound_column
        column = bound_column.column
        value = self.value(record)
        if value in column.empty_values or (self.many and value is not None and not value.exists()):
            return conditional_escape(bound_column.default)
        given = {
            "value": value,
            "record": record,
            "column": column,
            "bound_column": bound_column,
            "table": table,
        }
        content = self.render(**{name: given[name] for name in self.arguments})
        if bound_column.link:
            content = bound_column.link(content, bound_row=None, **given)
        if not isinstance(content, str):
            content = localize(content)
        return conditional_escape(content)


def _called(value):
    """A method or other callable on the path is called, as in templates."""
    if callable(value) and not getattr(value, "do_not_call_in_templates", False):
        return value()
    return value


class LeanTable(tables.Table):
    """A `tables.Table` whose body rows are rendered by `body_rows` (see the module)."""

    def _cells(self):
        cells = []
        for bound_column in self.columns:
            render = getattr(self, f"render_{bound_column.name}", bound_column.column.render)
            parameters = inspect.signature(render).parameters
            if "bound_row" in parameters:
                raise ImproperlyConfigured(f"{type(self).__name__}: {bound_column.name} uses bound_row")
            cells.append(
                _Cell(
                    bound_column=bound_column,
                    path=tuple(str(bound_column.accessor).split("__")),
                    td=format_html(" {}", bound_column.attrs["td"].as_html()),
                    render=render,
                    arguments=tuple(name for name in RENDER_ARGUMENTS if name in parameters),
                    many=isinstance(bound_column.column, tables.ManyToManyColumn),
                )
            )
        return cells

    def body_rows(self):
        """The rows of the current page, each one ``<tr>`` of safe HTML."""
        cells = self._cells()
        return [
            mark_safe(
                "<tr>"
                + "".join(f"<td{cell.td}>{cell.html(row.record, self)}</td>" for cell in cells)
                + "</tr>"
            )
            for row in self.paginated_rows
        ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("template_name", "tables/lean_table.html")
        super().__init__(*args, **kwargs)
