import base64
import hashlib
import logging
import time

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from requests import RequestException

from accounts import mfa, sso
from accounts.adapters import unavailable
from accounts.forms import ActivateTOTPForm, CodeForm
from amager_partnerskab.security import client_ip_address

logger = logging.getLogger("accounts.sso")

# What a provider that is down, unreachable or answering nonsense raises while allauth reads
# its discovery document (before allauth's own error handling is in place).
PROVIDER_ERRORS = (RequestException, ValueError, KeyError)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login for local accounts, with the municipal single sign-on above it when configured.
    A user with TOTP gives the password here and the code on the next page before being logged in."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_provider_id"] = sso.provider_id() if sso.is_enabled() else None
        return context

    def dispatch(self, request, *args, **kwargs):
        return sso.allow_form_to_provider(super().dispatch(request, *args, **kwargs))

    def form_valid(self, form):
        user = form.get_user()
        if mfa.has_totp(user):
            self.request.session[mfa.PENDING_SESSION_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "since": time.time(),
                "next": self.get_redirect_url(),
            }
            return redirect("login_code")
        response = super().form_valid(form)
        if mfa.is_required_for(user):
            messages.info(self.request, _("Din rolle kræver totrinslogin. Slå det til, før du fortsætter."))
            return redirect("mfa_setup")
        return response


class LogoutView(auth_views.LogoutView):
    """Ends the session here; after a single sign-on it also offers to end the provider's session,
    as a link (a form may not redirect to another site under the Content-Security-Policy)."""

    def post(self, request, *args, **kwargs):
        provider_logout_url = request.session.get(mfa.SSO_END_SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        if provider_logout_url:
            return render(
                request, "registration/logged_out.html", {"provider_logout_url": provider_logout_url}
            )
        return response


def _pending_user(request):
    pending = request.session.get(mfa.PENDING_SESSION_KEY)
    if not pending or time.time() - pending["since"] > mfa.PENDING_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@login_not_required
def login_code(request):
    """The second step of a local login with TOTP: a code from the app or a recovery code."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(mfa.PENDING_SESSION_KEY, None)
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.too_many_attempts(user):
            request.session.pop(mfa.PENDING_SESSION_KEY, None)
            messages.error(request, _("For mange forkerte koder. Prøv igen om 15 minutter."))
            return redirect("login")
        if mfa.verify_code(user, form.cleaned_data["code"]):
            mfa.clear_failed_attempts(user)
            request.session.pop(mfa.PENDING_SESSION_KEY, None)
            auth_login(request, user, backend=pending["backend"])
            next_url = pending["next"]
            if not next_url or not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                next_url = reverse(settings.LOGIN_REDIRECT_URL)
            return HttpResponseRedirect(next_url)
        mfa.record_failed_attempt(user)
        logger.warning("Wrong two-factor code for %s", user.username)
        form.add_error("code", _("Koden passer ikke. Prøv igen med en ny kode."))
    return render(request, "accounts/login_code.html", {"form": form})


@login_required
def mfa_setup(request):
    """Shows whether two-factor login is on; turns it on with a code that proves the app holds the secret."""
    if mfa.has_totp(request.user):
        return render(
            request,
            "accounts/mfa_status.html",
            {
                "required": mfa.is_required_for(request.user),
                "codes_left": len(mfa.recovery_codes_unused(request.user)),
            },
        )
    secret = request.session.get(mfa.SETUP_SECRET_SESSION_KEY)
    if request.method != "POST" or not secret:
        secret = request.session[mfa.SETUP_SECRET_SESSION_KEY] = generate_totp_secret()
    form = ActivateTOTPForm(request.POST or None, secret=secret)
    if request.method == "POST" and form.is_valid():
        codes = mfa.totp_activate(user=request.user, secret=secret)
        request.session.pop(mfa.SETUP_SECRET_SESSION_KEY, None)
        messages.success(request, _("Totrinslogin er slået til."))
        return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "fresh": True})
    adapter = get_mfa_adapter()
    svg = adapter.build_totp_svg(adapter.build_totp_url(request.user, secret))
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "secret": secret,
            "qr_code": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
            "required": mfa.is_required_for(request.user),
        },
    )


@login_required
def mfa_recovery_codes(request):
    """The unused recovery codes; a POST replaces them all with new ones."""
    if not mfa.has_totp(request.user):
        return redirect("mfa_setup")
    if request.method == "POST":
        codes = mfa.recovery_codes_regenerate(user=request.user)
        messages.success(request, _("Du har fået nye sikkerhedskoder. De gamle virker ikke længere."))
        return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "fresh": True})
    return render(
        request, "accounts/mfa_recovery_codes.html", {"codes": mfa.recovery_codes_unused(request.user)}
    )


@login_required
@require_POST
def mfa_deactivate(request):
    if not mfa.has_totp(request.user):
        return redirect("mfa_setup")
    if mfa.is_required_for(request.user):
        raise PermissionDenied(_("Din rolle kræver totrinslogin, så det kan ikke slås fra."))
    mfa.totp_deactivate(user=request.user)
    messages.success(request, _("Totrinslogin er slået fra."))
    return redirect("mfa_setup")


def _over_limit(key, limit):
    """Count one more request under `key` for the hour since its first, and say whether
    that passes `limit`. The cache is each process's own, so the limit holds per worker."""
    cache.add(key, 0, timeout=60 * 60)
    try:
        return cache.incr(key) > limit
    except ValueError:  # the hour ran out between add and incr
        cache.add(key, 1, timeout=60 * 60)
        return False


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per client address and per e-mail address.

    Over a limit the same page answers 429 with a message, and no mail goes out. Every
    address typed is counted, known or not, so the answer never tells whether an account
    has it.
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        limits = [
            (
                f"password-reset:address:{client_ip_address(self.request)}",
                settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            ),
            (
                f"password-reset:email:{hashlib.sha256(email.encode()).hexdigest()}",
                settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
            ),
        ]
        # Both counters count, so an address cannot spread its tries over e-mail addresses.
        if [_over_limit(key, limit) for key, limit in limits] != [False, False]:
            form.add_error(None, _("For mange anmodninger om ny adgangskode. Prøv igen om en time."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def _guarded(allauth_view):
    @login_not_required
    def view(request, provider_id):
        if not sso.is_enabled(provider_id):
            raise Http404
        try:
            return sso.allow_form_to_provider(allauth_view(request, provider_id=provider_id))
        except PROVIDER_ERRORS:
            logger.exception("Single sign-on is unavailable: the provider could not be reached or read")
            return unavailable(request)

    view.__name__ = allauth_view.__name__
    view.__doc__ = allauth_view.__doc__
    return view


sso_login = _guarded(oidc_views.login)
sso_callback = _guarded(oidc_views.callback)
