from django.shortcuts import redirect
from django.urls import reverse

from accounts import mfa

# Pages a user who must set up two-factor login can still reach before doing so.
OPEN_WHILE_SETTING_UP = {"mfa_setup", "mfa_recovery_codes", "logout", "set_language"}


class RequireMFAMiddleware:
    """Sends a local login of a role that MFA_REQUIRED_ROLES names, and has no TOTP yet, to set it up.
    A single sign-on is left alone: the municipality's provider decides its second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.session.get(mfa.SSO_SESSION_KEY):
            return None
        match = request.resolver_match
        if match is None or match.url_name in OPEN_WHILE_SETTING_UP:
            return None
        if mfa.is_required_for(user) and not mfa.has_totp(user):
            return redirect(reverse("mfa_setup"))
        return None
