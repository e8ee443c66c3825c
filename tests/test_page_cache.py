"""Pages kept per user until the data changes: served again without rendering, never stale,
never another user's, with a CSRF token that works, and with no message lost."""

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from amager_partnerskab import page_cache
from tests import factories

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def round_(db):
    round_ = factories.ReportingRoundFactory()
    unit = factories.UnitFactory()
    activity = factories.ActivityFactory(partnership=round_.partnership, responsible_units=[unit])
    factories.StatusResponseFactory(round=round_, activity=activity)
    return round_


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def test_a_page_is_served_again_without_rendering_it(round_):
    client = _client(factories.coordinator_of(round_.partnership))
    url = round_.get_absolute_url()
    first, rendered = _queries(client, url)
    second, served = _queries(client, url)
    assert served < rendered
    assert served <= 3  # the session, the user and the data version
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())


def test_the_csrf_token_in_a_cached_page_is_valid_for_the_request(round_):
    user = factories.coordinator_of(round_.partnership)
    url = round_.get_absolute_url()
    _client(user).get(url)  # kept in the cache by another browser of the same user
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    page = browser.get(url).content.decode()
    tokens = TOKEN.findall(page)
    assert tokens and "{~csrf-token~}" not in page
    response = browser.post(reverse("logout"), {"csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302
    assert browser.get(url).status_code == 302  # logged out: to the login page


def test_a_write_shows_at_once_even_without_model_signals(round_):
    client = _client(factories.coordinator_of(round_.partnership))
    activity = Activity.objects.get(partnership=round_.partnership)
    url = activity.get_absolute_url()
    assert "Aktivitet" in client.get(url).content.decode()
    Activity.objects.filter(pk=activity.pk).update(title="Nattevandring i Sundby")  # no post_save
    assert "Nattevandring i Sundby" in client.get(url).content.decode()


def test_each_user_gets_their_own_page(round_):
    coordinator = factories.coordinator_of(round_.partnership)
    reader = factories.reader_of(round_.partnership)
    url = round_.get_absolute_url()
    assert "Godkend valgte indsendte svar" in _client(coordinator).get(url).content.decode()
    assert "Godkend valgte indsendte svar" not in _client(reader).get(url).content.decode()


def test_losing_a_role_takes_effect_at_once(round_):
    coordinator = factories.coordinator_of(round_.partnership)
    client = _client(coordinator)
    url = reverse("activities:plan", args=[round_.partnership.slug])
    assert client.get(url).status_code == 200
    round_.partnership.coordinators.remove(coordinator)
    coordinator.groups.clear()
    assert client.get(url).status_code in (403, 404)


def test_a_message_after_a_redirect_is_shown_on_a_cached_page(round_):
    client = _client(factories.coordinator_of(round_.partnership))
    url = round_.get_absolute_url()
    client.get(url)
    response = client.post(reverse("activities:round_set_open", args=[round_.pk]), {"open": "0"}, follow=True)
    assert "Runden er lukket." in response.content.decode()
    assert "Runden er lukket." not in client.get(url).content.decode()  # shown once


def test_the_cache_can_be_turned_off(round_, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = _client(factories.coordinator_of(round_.partnership))
    url = round_.get_absolute_url()
    _first, rendered = _queries(client, url)
    _second, again = _queries(client, url)
    assert again == rendered


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_gives_a_new_data_version_and_a_rollback_does_not():
    def token():
        return page_cache.current_version().split(":")[0]

    partnership = factories.PartnershipFactory()
    before = token()
    with transaction.atomic():
        partnership.name = "Amager Øst"
        partnership.save()
        assert token() == before  # other processes see the new version only once it is committed
    after_commit = token()
    assert after_commit != before

    with pytest.raises(RuntimeError), transaction.atomic():
        partnership.name = "Amager Vest"
        partnership.save()
        raise RuntimeError("rul tilbage")
    assert token() == after_commit


def test_the_cached_round_table_follows_the_coordinator_role(round_):
    from activities.models import StatusResponse

    StatusResponse.objects.filter(round=round_).update(status=StatusResponse.Status.SUBMITTED)
    user = factories.coordinator_of(round_.partnership)
    round_.partnership.readers.add(user)  # still allowed to read the round afterwards
    client = _client(user)
    url = round_.get_absolute_url()
    assert 'name="selected"' in client.get(url).content.decode()
    round_.partnership.coordinators.remove(user)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="selected"' not in page.content.decode()


def test_logging_in_keeps_every_cached_page(round_):
    coordinator = factories.coordinator_of(round_.partnership)
    before = page_cache.current_version()
    Client().login(username=coordinator.username, password=factories.DEFAULT_PASSWORD)
    coordinator.refresh_from_db()
    assert coordinator.last_login is not None  # the login was recorded ...
    assert page_cache.current_version() == before  # ... without making any page stale
