"""What ``make bench`` measures: queries per page, the PDF export, and the site under load.

The main pages are defined once (:func:`main_pages`) and used by the benchmark and by
``tests/test_query_counts.py``, so the numbers in the README and the limits in the tests
are about the same requests.
"""

import datetime
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import workflow
from activities.models import Activity, Partnership
from indicators import report as report_data
from indicators.pdf import html_to_pdf

REPORT_YEAR = 2022
MAX_QUERIES = 20


@dataclass(frozen=True)
class PageVisit:
    """One main page as one user opens it."""

    name: str
    url: str
    user: object


def latest_round(partnership, coordinator):
    """The round the pages show: the report year's round, else the newest; opened for the
    report year when the partnership has none yet, so every page has something to show."""
    round_ = (
        partnership.rounds.filter(year=REPORT_YEAR).first() or partnership.rounds.order_by("-year").first()
    )
    if round_ is None:
        round_ = workflow.round_open(
            partnership=partnership,
            title=f"Midtvejsstatus {REPORT_YEAR}",
            year=REPORT_YEAR,
            period_start=datetime.date(REPORT_YEAR, 1, 1),
            period_end=datetime.date(REPORT_YEAR, 4, 30),
            deadline=datetime.date(REPORT_YEAR, 5, 15),
            acting_user=coordinator,
        )
    return round_


def main_pages(partnership, administrator):
    """The pages people use most, each with a user who may see it: the plan, an activity,
    the response form (a unit member's own open answer), the round overview, the
    indicator page, the report preview and the start page of every role."""
    coordinator = partnership.coordinators.order_by("pk").first()
    reader = partnership.readers.order_by("pk").first()
    round_ = latest_round(partnership, coordinator)
    if not round_.is_open:
        # Answers exist only while a round is open; take the newest open one if any.
        round_ = partnership.rounds.open().order_by("-year").first() or round_
    responses = round_.responses.select_related("activity").order_by("activity__order", "pk")
    response = responses.awaiting_answer().first() or responses.first()
    member = (
        get_user_model()
        .objects.filter(units__responsible_for=response.activity, is_active=True)
        .order_by("pk")
        .first()
    )
    activity = Activity.objects.filter(partnership=partnership).numbered().in_plan_order().first()
    slug = partnership.slug
    home = reverse("home")
    return [
        PageVisit("plan", reverse("activities:plan", args=[slug]), coordinator),
        PageVisit("activity_detail", activity.get_absolute_url(), coordinator),
        PageVisit("response_form", response.get_absolute_url(), member),
        PageVisit("round_overview", round_.get_absolute_url(), coordinator),
        PageVisit("indicator_page", reverse("indicators:overview", args=[slug]), coordinator),
        PageVisit(
            "report_preview", reverse("indicators:report_preview", args=[slug, REPORT_YEAR]), coordinator
        ),
        PageVisit("start_administrator", home, administrator),
        PageVisit("start_coordinator", home, coordinator),
        PageVisit("start_unit_member", home, member),
        PageVisit("start_reader", home, reader),
    ]


def floor_pages(visits):
    """The password change page for each user of ``visits``: it renders the base template
    and a small form and reads nothing of the partnership's data."""
    url = reverse("password_change")
    users = {visit.user.pk: visit.user for visit in visits}
    return [PageVisit("floor", url, user) for user in users.values()]


def count_queries(visit, client=None):
    """Queries of one request for the page, counted cold: the session is warm from a first
    request, every cache (the charts) is emptied before the second. Raises AssertionError
    unless the page answers 200."""
    client = client or Client()
    client.force_login(visit.user)
    first = client.get(visit.url)
    assert first.status_code == 200, f"{visit.name}: {visit.url} gav {first.status_code}"
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(visit.url)
    assert response.status_code == 200, f"{visit.name}: {visit.url} gav {response.status_code}"
    return len(captured)


def demo_partnership():
    return Partnership.objects.get(slug="amager")


def scale_partnership():
    return Partnership.objects.get(slug="skala-nord")


def administrator(username):
    return get_user_model().objects.get(username=username)


# --- PDF ----------------------------------------------------------------------------------


def _median_seconds(action, runs):
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def export_final(report, acting_user):
    """What a final export renders: its content check and the PDF. The archive write itself
    is skipped by an export whose content is unchanged, so it is not what is timed."""
    report_data.final_content(report)
    return len(report_data.render_report_pdf(report, draft=False, version=1))


def time_pdf(partnership, acting_user, runs=5):
    """(median export seconds, median WeasyPrint-only seconds on the same HTML) after one
    warm-up export."""
    report = report_data.report_for(partnership, REPORT_YEAR)
    export_final(report, acting_user)
    export_seconds = _median_seconds(lambda: export_final(report, acting_user), runs)
    html = report_data.render_report_html(report, draft=False)
    weasyprint_seconds = _median_seconds(lambda: html_to_pdf(html), runs)
    return export_seconds, weasyprint_seconds


# --- Load ---------------------------------------------------------------------------------


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def session_cookie(user):
    """A logged-in session for the user, as the login form would leave it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class Server:
    """gunicorn with two workers on a free loopback port, in production settings (plus any
    DJANGO_* variables given)."""

    def __init__(self, workers=2, **settings_environment):
        self.port = _free_port()
        environment = {
            **os.environ,
            **settings_environment,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-" + "k" * 50,
            "DJANGO_HTTPS": "0",
            "DJANGO_STATIC_MANIFEST": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "amager_partnerskab.wsgi", "--workers", str(workers)]
            + ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=settings.BASE_DIR,
            env=environment,
        )

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stoppede under opstart")
            try:
                if request("127.0.0.1", self.port, "/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn svarede ikke inden for 60 sekunder")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def request(host, port, path, cookie=None, timeout=30):
    """(status, body length) of one GET on a fresh connection."""
    connection_ = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection_.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection_.getresponse()
        return response.status, len(response.read())
    finally:
        connection_.close()


def run_load(port, clients, seconds):
    """``clients`` threads, each walking its own list of (path, cookie) for ``seconds``.
    Returns the counts and latencies."""
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(visits):
        position = 0
        mine, my_errors = [], 0
        while time.monotonic() < stop_at:
            path, cookie = visits[position % len(visits)]
            position += 1
            started = time.perf_counter()
            try:
                status, _length = request("127.0.0.1", port, path, cookie)
            except OSError:
                status = None
            mine.append(time.perf_counter() - started)
            if status != 200:
                my_errors += 1
        with lock:
            latencies.extend(mine)
            errors.append(my_errors)

    threads = [threading.Thread(target=client, args=(visits,), daemon=True) for visits in clients]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)
    return {
        "concurrency": len(clients),
        "requests": len(latencies),
        "errors": sum(errors),
        "p50_ms": round(1000 * statistics.median(ordered), 1) if ordered else None,
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None,
        "rps": round(len(latencies) / elapsed, 1),
    }


def load_pages(server, clients, seconds, workers):
    """``run_load`` of the clients' pages after one pass over them per worker, so each
    worker has its templates and charts cached."""
    for path, cookie in clients[0] * workers:
        request("127.0.0.1", server.port, path, cookie)
    return run_load(server.port, clients, seconds)


def rate_ratio(rps, baseline_rps):
    return round(rps / baseline_rps, 3) if baseline_rps else None


def load_clients(visits, count):
    """``count`` clients, each logged in with its own sessions and starting at its own
    page, so the requests in flight are spread over the pages and the users."""
    clients = []
    for number in range(count):
        sessions = {}
        own = []
        for visit in visits[number % len(visits) :] + visits[: number % len(visits)]:
            if visit.user.pk not in sessions:
                sessions[visit.user.pk] = session_cookie(visit.user)
            own.append((visit.url, sessions[visit.user.pk]))
        clients.append(own)
    return clients
