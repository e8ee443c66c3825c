"""Rendered pages kept per user until the data changes.

The main pages (plan, activity, round overview, answer form, indicators, report, start
pages) are read far more often than the data behind them changes. ``@cached_page`` keeps a
page's HTML under a key made of the user, the address (scheme, host, path and query
string), the language, the date and the current data version, and serves it again while
all of them are the same.

The data version changes with every committed write, whoever makes it (sessions, login
attempts, the task queue, queued e-mails and last-login times aside, which no cached page
shows):

- every connection gets a watcher (``watch_writes``) that sees each INSERT, UPDATE, DELETE
  and TRUNCATE Django sends, including ``QuerySet.update()`` and ``bulk_create()``, which
  send no model signals;
- after the writing transaction commits, the shared ``DataVersion`` row gets a new random
  token, so every process (each gunicorn worker keeps its own cache) stops using the pages
  it rendered before; a rolled-back transaction changes nothing;
- the writing process also moves a counter of its own at once, so the same process never
  serves a page older than its own uncommitted writes.

Permissions are a function of the user and the data, so a page rendered for a user under
the current version is exactly what the view would render and check again. Only what may
be reused is kept: GET and HEAD, answer 200, HTML or PDF (the report draft, which takes a
second to make), no cookies set, no messages waiting or queued. The CSRF token is the only
part that belongs to the request: it is stored as a placeholder and a fresh token for the
request is put in when the page is served.
"""

import contextlib
import hashlib
import itertools
import logging
import re
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

CACHE_ALIAS = "pages"
CSRF_PLACEHOLDER = b"{~csrf-token~}"
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]+)(")')
WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)', re.I
)
# Writes that are not data shown on pages: logins' sessions, login attempts, the version
# itself, the task queue and its e-mails, and the time of a user's last login (the last two
# shown only in the admin, which is not cached).
UNWATCHED_TABLES = (
    "django_session",
    "axes_",
    "activities_dataversion",
    "django_tasks_",
    "activities_outgoingmail",
)
UNWATCHED_STATEMENTS = ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s',)
KEPT_TYPES = ("text/html", "application/pdf")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")

logger = logging.getLogger(__name__)

# This process's own writes, counted as they are made (before they commit).
_writes = itertools.count(1)
_local_writes = 0


def _count_write():
    global _local_writes
    _local_writes = next(_writes)


# --- The data version ----------------------------------------------------------------------


def current_version(using=DEFAULT_DB_ALIAS):
    """The committed data version with this process's own write count."""
    from activities.models import DataVersion

    connection = connections[using]
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} ORDER BY id LIMIT 1")  # noqa: S608 - a model's table name
        row = cursor.fetchone()
    return f"{row[0] if row else ''}:{_local_writes}"


def bump(using=DEFAULT_DB_ALIAS):
    """Give the data a new version; every page cached before is stale from now on."""
    from activities.models import DataVersion
    from activities.models.data_version import new_token

    _count_write()
    versions = DataVersion.objects.using(using)
    try:
        # The table holds one row; a flushed database (tests) gets it back here.
        if not versions.update(token=new_token(), changed_at=timezone.now()):
            versions.create()
    except DatabaseError:
        # Before the migration that makes the table (during ``migrate``) there is nothing to bump.
        logger.debug("Dataversionen kunne ikke opdateres", exc_info=True)


def _bump_after_commit(using):
    return lambda: bump(using)


def _writes_data(sql):
    match = WRITE.match(sql)
    return (
        bool(match)
        and not match.group(1).lower().startswith(UNWATCHED_TABLES)
        and sql.strip() not in UNWATCHED_STATEMENTS
    )


def watch_writes(sender, connection, **kwargs):
    """``connection_created`` receiver: watch the connection's writes (once per connection)."""
    if any(getattr(wrapper, "page_cache_watcher", False) for wrapper in connection.execute_wrappers):
        return

    def watcher(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if _writes_data(sql):
            _count_write()
            if not any(
                getattr(func, "page_cache_bump", False) for _ids, func, _robust in connection.run_on_commit
            ):
                callback = _bump_after_commit(connection.alias)
                callback.page_cache_bump = True
                transaction.on_commit(callback, using=connection.alias, robust=True)
        return result

    watcher.page_cache_watcher = True
    connection.execute_wrappers.append(watcher)


def watch_open_connections():
    """Watch connections opened before the receiver was connected (e.g. in a test run)."""
    for connection in connections.all(initialized_only=True):
        watch_writes(None, connection)


# --- Cached pages --------------------------------------------------------------------------


def _page_key(request, version):
    parts = (
        request.user.pk,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        get_language(),
        str(timezone.localdate()),
        version,
    )
    return "page:v1:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _has_messages(request):
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _storable(response):
    """The response's body with the CSRF tokens taken out, or None when it must not be kept."""
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or not response.get("Content-Type", "").startswith(KEPT_TYPES)
        or len(response.content) > settings.PAGE_CACHE_MAX_BYTES
    ):
        return None
    tokens = {match.group(2) for match in CSRF_FIELD.finditer(response.content)}
    body = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", response.content)
    if any(token in body for token in tokens):
        return None  # a token outside a form field: the page is not kept
    return body


def _in_request_transaction(view, request, *args, **kwargs):
    """The view in the transaction ATOMIC_REQUESTS would have given it."""
    with contextlib.ExitStack() as stack:
        for alias, database in settings.DATABASES.items():
            if database.get("ATOMIC_REQUESTS"):
                stack.enter_context(transaction.atomic(using=alias))
        return view(request, *args, **kwargs)


def cached_page(view):
    """Serve the view's page from the cache while the user, the address, the language, the
    date and the data are the same as when it was rendered. Anything else goes to the view,
    in the request transaction; a page served from the cache needs none."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or not settings.PAGE_CACHE_SECONDS
            or not request.user.is_authenticated
            or _has_messages(request)
        ):
            return _in_request_transaction(view, request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        key = _page_key(request, current_version())
        kept = cache.get(key)
        if kept is not None:
            body, headers = kept
            response = HttpResponse(body.replace(CSRF_PLACEHOLDER, get_token(request).encode()))
            for name, value in headers:
                response[name] = value
            return response
        # The version is read before the view reads the data, so a page kept under it is
        # never older than the version.
        response = _in_request_transaction(view, request, *args, **kwargs)
        if not _has_messages(request):
            body = _storable(response)
            if body is not None:
                headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
                cache.set(key, (body, headers), settings.PAGE_CACHE_SECONDS)
        return response

    return transaction.non_atomic_requests(wrapper)


def clear():
    """Forget every cached page of this process."""
    caches[CACHE_ALIAS].clear()
