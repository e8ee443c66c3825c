"""Password reset is limited per client address and per e-mail address, without telling
whether an account has the address."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def ask(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def test_three_requests_an_hour_for_one_account_then_a_danish_429_and_no_mail(db, mailoutbox):
    user = factories.UserFactory()
    for attempt in range(3):
        # From a new address each time: the per-account limit holds anyway.
        response = ask(Client(REMOTE_ADDR=f"192.0.2.{attempt}"), user.email)
        assert response.status_code == 302
    assert len(mailoutbox) == 3

    refused = ask(Client(REMOTE_ADDR="192.0.2.99"), user.email.upper())
    assert refused.status_code == 429
    assert "For mange anmodninger om ny adgangskode" in refused.content.decode()
    assert len(mailoutbox) == 3


def test_five_requests_an_hour_from_one_address_then_429(db, mailoutbox):
    users = factories.UserFactory.create_batch(6)
    client = Client(REMOTE_ADDR="192.0.2.1")
    for user in users[:5]:
        assert ask(client, user.email).status_code == 302
    assert ask(client, users[5].email).status_code == 429
    assert len(mailoutbox) == 5
    assert ask(Client(REMOTE_ADDR="192.0.2.2"), users[5].email).status_code == 302


def test_the_limit_answers_the_same_for_an_address_no_account_has(db, mailoutbox):
    user = factories.UserFactory()
    answers = {}
    for number, email in enumerate([user.email, "ingen-konto@example.kk.dk"]):
        client = Client(REMOTE_ADDR=f"192.0.2.{number}")
        for _ in range(3):
            ask(client, email)
        refused = ask(client, email)
        page = re.sub(r'value="[^"]{64}"', "", refused.content.decode().replace(email, "EMAIL"))
        answers[email] = (refused.status_code, page)
    assert answers[user.email][0] == 429
    assert answers[user.email] == answers["ingen-konto@example.kk.dk"]


def test_the_limit_takes_the_address_from_the_trusted_proxy(db, settings):
    settings.TRUSTED_PROXIES = 1
    for attempt in range(5):
        spoofing = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 198.51.100.66")
        ask(spoofing, f"person{attempt}@example.kk.dk")
    behind_the_same = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.66")
    assert ask(behind_the_same, "person9@example.kk.dk").status_code == 429
    elsewhere = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert ask(elsewhere, "person9@example.kk.dk").status_code == 302
