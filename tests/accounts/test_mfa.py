"""Two-factor login (TOTP) for local accounts: set up, log in with a code or a recovery code,
and required per role."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts import mfa
from activities import roles
from tests import factories


def log_in(client, user, password=factories.DEFAULT_PASSWORD):
    return client.post(reverse("login"), {"username": user.username, "password": password})


def logged_in_user(client):
    return client.get(reverse("healthz")).wsgi_request.user


def set_up_totp(client):
    """Turns TOTP on through the setup page, as a user with the app would; returns the secret and codes."""
    secret = client.get(reverse("mfa_setup")).context["secret"]
    response = client.post(reverse("mfa_setup"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    return secret, response.context["codes"]


@pytest.fixture
def user_with_totp(client, db):
    user = factories.UserFactory(roles=[roles.ROLE_COORDINATOR])
    client.force_login(user)
    secret, codes = set_up_totp(client)
    client.logout()
    return user, secret, codes


def test_setting_up_checks_a_code_and_gives_recovery_codes(client, member):
    client.force_login(member)
    page = client.get(reverse("mfa_setup"))
    assert "Slå totrinslogin til" in page.content.decode()
    assert page.context["qr_code"].startswith("data:image/svg+xml;base64,")

    wrong = client.post(reverse("mfa_setup"), {"code": "000000"})
    assert "Koden passer ikke" in wrong.content.decode()
    assert not mfa.has_totp(member)

    secret, codes = set_up_totp(client)
    assert mfa.has_totp(member)
    assert len(codes) == 10
    assert "Totrinslogin er slået til for din konto" in client.get(reverse("mfa_setup")).content.decode()


def test_a_user_with_totp_gives_a_code_after_the_password(client, user_with_totp):
    user, secret, _codes = user_with_totp

    response = log_in(client, user)
    assert response["Location"] == reverse("login_code")
    assert not logged_in_user(client).is_authenticated

    wrong = client.post(reverse("login_code"), {"code": "123456"})
    assert "Koden passer ikke" in wrong.content.decode()
    assert not logged_in_user(client).is_authenticated

    right = client.post(reverse("login_code"), {"code": pyotp.TOTP(secret).now()})
    assert right["Location"] == reverse("home")
    assert logged_in_user(client) == user


def test_the_code_step_keeps_where_the_user_was_going(client, user_with_totp, partnership):
    user, secret, _codes = user_with_totp
    client.post(
        reverse("login"),
        {"username": user.username, "password": factories.DEFAULT_PASSWORD, "next": "/historik/"},
    )
    response = client.post(reverse("login_code"), {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == "/historik/"


def test_a_code_is_accepted_only_once(client, user_with_totp):
    user, secret, _codes = user_with_totp
    code = pyotp.TOTP(secret).now()
    log_in(client, user)
    client.post(reverse("login_code"), {"code": code})
    client.logout()

    log_in(client, user)
    client.post(reverse("login_code"), {"code": code})
    assert not logged_in_user(client).is_authenticated


def test_a_recovery_code_logs_in_once(client, user_with_totp):
    user, _secret, codes = user_with_totp

    log_in(client, user)
    client.post(reverse("login_code"), {"code": codes[0]})
    assert logged_in_user(client) == user
    assert codes[0] not in mfa.recovery_codes_unused(user)
    client.logout()

    log_in(client, user)
    client.post(reverse("login_code"), {"code": codes[0]})
    assert not logged_in_user(client).is_authenticated


def test_new_recovery_codes_replace_the_old(client, user_with_totp):
    user, _secret, codes = user_with_totp
    client.force_login(user)
    new = client.post(reverse("mfa_recovery_codes")).context["codes"]
    assert set(new).isdisjoint(codes)
    assert mfa.recovery_codes_unused(user) == new


def test_too_many_wrong_codes_end_the_login(client, user_with_totp):
    user, secret, _codes = user_with_totp
    log_in(client, user)
    for _ in range(mfa.CODE_ATTEMPTS):
        client.post(reverse("login_code"), {"code": "000000"})

    response = client.post(reverse("login_code"), {"code": pyotp.TOTP(secret).now()})

    assert response["Location"] == reverse("login")
    assert not logged_in_user(client).is_authenticated
    assert client.get(reverse("login_code"))["Location"] == reverse("login")


def test_the_code_page_without_a_password_first_goes_back_to_the_login(client, db):
    assert client.get(reverse("login_code"))["Location"] == reverse("login")


def test_a_required_role_without_totp_is_sent_to_set_it_up(client, settings, admin_user, coordinator):
    settings.MFA_REQUIRED_ROLES = [roles.ROLE_ADMINISTRATOR]

    assert log_in(client, admin_user)["Location"] == reverse("mfa_setup")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_setup")
    assert client.get(reverse("audit"))["Location"] == reverse("mfa_setup")
    page = client.get(reverse("mfa_setup")).content.decode()
    assert "Din rolle kræver totrinslogin" in page

    set_up_totp(client)
    assert client.get(reverse("home")).status_code == 200
    # Required: it cannot be turned off again.
    assert client.post(reverse("mfa_deactivate")).status_code == 403
    assert mfa.has_totp(admin_user)

    client.logout()
    assert log_in(client, coordinator)["Location"] == reverse("home")


def test_a_user_who_is_not_required_may_turn_it_off(client, user_with_totp):
    user, _secret, _codes = user_with_totp
    client.force_login(user)
    assert client.post(reverse("mfa_deactivate"))["Location"] == reverse("mfa_setup")
    assert not Authenticator.objects.filter(user=user).exists()
    assert log_in(client, user)["Location"] == reverse("home")
