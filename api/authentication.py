"""``Authorization: Bearer <token>`` (or ``Token <token>``) with a personal API token."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken, token_hash

KEYWORDS = (b"bearer", b"token")
# The last-used time is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Ugyldigt token i Authorization-headeren."))
        try:
            token = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Ugyldigt token i Authorization-headeren.")) from None
        row = ApiToken.objects.active().select_related("user").filter(key_hash=token_hash(token)).first()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Tokenet er ugyldigt eller tilbagekaldt."))
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.user, row

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
