"""django-allauth adapters: only the municipal single sign-on goes through allauth; local
accounts keep Django's own login views (protected by django-axes)."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthError
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import emails, mfa, sso
from activities.services import stamp_history

logger = logging.getLogger("accounts.sso")

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are made by administrators or by a first single sign-on, never by sign-up.
        return False

    def login(self, request, user):
        # allauth would pick the first backend with get_user(), which is the lockout backend
        # (it finds no one); the model backend is the one that loads the user again.
        user.backend = MODEL_BACKEND
        super().login(request, user)
        request.session[mfa.SSO_SESSION_KEY] = True


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        """Decides every single sign-on before allauth logs anyone in: refuses claims from outside
        the municipality or without a verified e-mail, links a first login to the active user with
        that e-mail, or creates an inactive user for an administrator to approve."""
        claims = sso.claims_of(sociallogin)
        reason = sso.refusal(claims)
        if reason:
            logger.warning("Single sign-on refused for %s: %s", sso.email_of(claims) or "-", reason)
            raise ImmediateHttpResponse(refused(request, reason))
        if sociallogin.is_existing:
            user = sociallogin.user
        else:
            user = self._link_or_create(request, sociallogin, sso.email_of(claims))
        if not user.is_active:
            if sso.is_awaiting_approval(user):
                raise ImmediateHttpResponse(awaiting_approval(request))
            logger.warning("Single sign-on refused for deactivated user %s", user.username)
            raise ImmediateHttpResponse(refused(request, sso.REFUSED_DEACTIVATED))
        sso.sync_roles(user, claims)
        request.session[mfa.SSO_END_SESSION_KEY] = sso.end_session_url(request, sociallogin.provider)

    def _link_or_create(self, request, sociallogin, email):
        users = list(get_user_model().objects.filter(email__iexact=email)[:2])
        if len(users) > 1:
            logger.warning("Single sign-on refused: more than one user has the e-mail %s", email)
            raise ImmediateHttpResponse(refused(request, sso.REFUSED_AMBIGUOUS))
        if users:
            user = users[0]
            if user.is_active:
                sociallogin.connect(request, user)
                logger.info("Single sign-on linked to the existing user %s", user.username)
            return user
        user = sociallogin.user
        user.username = unique_username(email)
        user.email = email
        user.is_active = False
        user.set_unusable_password()
        with translation.override("da"):
            stamp_history(
                user, None, _("Oprettet ved første login med kommunens konto; venter på godkendelse")
            )
        sociallogin.save(request)
        sso.sync_roles(user, sso.claims_of(sociallogin))
        logger.warning("Single sign-on created the user %s; it waits for an administrator", user.username)
        emails.send_user_awaiting_approval(user)
        return user

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        if error == AuthError.CANCELLED:
            messages.info(request, _("Login med kommunens konto blev afbrudt."))
            raise ImmediateHttpResponse(redirect("login"))
        logger.error(
            "Single sign-on failed at the provider (%s): %r", error, exception, exc_info=exception is not None
        )
        raise ImmediateHttpResponse(unavailable(request))


def unique_username(email):
    User = get_user_model()
    base = email.lower()[:140]
    username, number = base, 1
    while User.objects.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


def refused(request, reason):
    return render(request, "accounts/sso_refused.html", {"reason": reason}, status=403)


def awaiting_approval(request):
    return render(request, "accounts/sso_awaiting_approval.html", status=403)


def unavailable(request):
    return render(request, "accounts/sso_unavailable.html", status=503)
