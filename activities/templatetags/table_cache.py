"""``{% render_table_cached table %}``: django-tables2's ``render_table``, cached under a hash
of exactly what the table shows.

Rendering a table cell by cell is the slowest part of the plan and overview pages; the data
behind it takes a few milliseconds to read. The key covers every row as read (fields,
related rows and prefetched lists), the columns' headers and footers, the table's own
settings, the user and role, the language, the date and the query string, so any change to the data
gives a new key and nothing needs to be invalidated.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.db.models import Model
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from activities import permissions

register = template.Library()

CACHE_PREFIX = "tables:html:v1:"
CACHE_SECONDS = 60 * 10
PLAIN = (str, int, float, bool, type(None))


def _state(value, depth=0):
    """A stable description of a model instance as read: its fields, the related rows it
    was read with and its prefetched lists."""
    if not isinstance(value, Model):
        return value
    fields = tuple(sorted((name, repr(v)) for name, v in value.__dict__.items() if not name.startswith("_")))
    if depth >= 3:
        return (type(value).__name__, fields)
    related = tuple((name, _state(row, depth + 1)) for name, row in sorted(value._state.fields_cache.items()))
    prefetched = tuple(
        (name, tuple(_state(row, depth + 1) for row in rows))
        for name, rows in sorted(getattr(value, "_prefetched_objects_cache", {}).items())
    )
    return (type(value).__name__, fields, related, prefetched)


def table_fingerprint(table, request):
    own = tuple(
        sorted(
            (name, _state(value) if isinstance(value, Model) else value)
            for name, value in vars(table).items()
            if isinstance(value, PLAIN + (Model,)) and not name.startswith("_")
        )
    )
    columns = tuple((column.name, str(column.header), str(column.footer or "")) for column in table.columns)
    rows = tuple(_state(record) for record in table.data)
    parts = (
        type(table).__module__,
        type(table).__name__,
        str(table.order_by or ""),
        own,
        columns,
        rows,
        getattr(request.user, "pk", None),
        permissions.primary_role(request.user),
        get_language(),
        str(timezone.localdate()),
        request.path,
        request.GET.urlencode(),
    )
    return CACHE_PREFIX + hashlib.sha256(repr(parts).encode()).hexdigest()


@register.simple_tag(takes_context=True)
def render_table_cached(context, table):
    """The table's HTML as ``{% render_table table %}`` renders it, from the cache when the
    data, the user and the request are the same as last time."""
    request = context["request"]
    key = table_fingerprint(table, request)
    html = cache.get(key)
    if html is None:
        table.context = context
        try:
            table.before_render(request)
            html = get_template(table.template_name).render(context={"table": table}, request=request)
        finally:
            del table.context
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the table's own template
