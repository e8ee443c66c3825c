"""Two-factor login (TOTP) for local accounts, with recovery codes, on top of django-allauth's MFA
models. Single sign-on leaves the second factor to the municipality's provider."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from activities import roles

# Set in the session of a single sign-on (see adapters.AccountAdapter.login).
SSO_SESSION_KEY = "accounts.single_sign_on"
# Where the provider ends its own session, if it says (see sso.end_session_url).
SSO_END_SESSION_KEY = "accounts.single_sign_on_end_session"
# A local login whose password was right and whose code is still to come.
PENDING_SESSION_KEY = "accounts.mfa_pending"
PENDING_SECONDS = 5 * 60
# The secret shown while TOTP is being set up, until the user proves to hold it.
SETUP_SECRET_SESSION_KEY = "accounts.mfa_setup_secret"

# Wrong codes for one user before the half-finished login is dropped, and for how long they count.
CODE_ATTEMPTS = 5
CODE_ATTEMPTS_WINDOW = 15 * 60


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_required_for(user):
    """True when one of the user's roles is in MFA_REQUIRED_ROLES (a superuser counts as administrator)."""
    required = settings.MFA_REQUIRED_ROLES
    if not required:
        return False
    if user.is_superuser and roles.ROLE_ADMINISTRATOR in required:
        return True
    return any(roles.has_role(user, role) for role in required)


@transaction.atomic
def totp_activate(*, user, secret):
    """Turns TOTP on with a secret the user has proved to hold; returns fresh recovery codes."""
    TOTP.activate(user, secret)
    return recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user):
    """New recovery codes in place of any the user had; the old ones stop working."""
    Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
    return RecoveryCodes.activate(user).get_unused_codes()


def recovery_codes_unused(user):
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    return RecoveryCodes(authenticator).get_unused_codes() if authenticator else []


@transaction.atomic
def totp_deactivate(*, user):
    Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ).delete()


def verify_code(user, code):
    """True for a current TOTP code (each accepted once) or an unused recovery code (used up)."""
    code = "".join(code.split())
    authenticators = {a.type: a for a in Authenticator.objects.filter(user=user)}
    totp = authenticators.get(Authenticator.Type.TOTP)
    if totp and code.isdigit() and TOTP(totp).validate_code(code):
        totp.record_usage()
        return True
    recovery = authenticators.get(Authenticator.Type.RECOVERY_CODES)
    if recovery and RecoveryCodes(recovery).validate_code(code):
        recovery.record_usage()
        return True
    return False


def _attempts_key(user):
    return f"accounts.mfa.failures:{user.pk}"


def too_many_attempts(user):
    return cache.get(_attempts_key(user), 0) >= CODE_ATTEMPTS


def record_failed_attempt(user):
    key = _attempts_key(user)
    cache.add(key, 0, CODE_ATTEMPTS_WINDOW)
    cache.incr(key)


def clear_failed_attempts(user):
    cache.delete(_attempts_key(user))
