"""Personal API tokens: issued and revoked per user by an administrator.

Only the SHA-256 of a token is stored; the token itself is shown once, when it is issued.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The visible start of a token, kept to tell a user's tokens apart in the admin.
PREFIX_LENGTH = 8


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("bruger"),
    )
    name = models.CharField(
        _("navn"), max_length=100, help_text=_("Hvad tokenet bruges til, fx 'Datavarehuset'.")
    )
    prefix = models.CharField(_("begyndelse"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("udstedt"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("udstedt af"),
    )
    last_used_at = models.DateTimeField(_("senest brugt"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["user", "-created_at"]

    def __str__(self):
        return f"{self.user} – {self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name, created_by=None):
        """A new token for ``user``: (the saved row, the token text to show once)."""
        token = secrets.token_urlsafe(32)
        row = cls.objects.create(
            user=user,
            name=name,
            prefix=token[:PREFIX_LENGTH],
            key_hash=token_hash(token),
            created_by=created_by,
        )
        return row, token

    def set_token(self):
        """Give an unsaved row a new token and return its text (the admin's add form)."""
        token = secrets.token_urlsafe(32)
        self.prefix = token[:PREFIX_LENGTH]
        self.key_hash = token_hash(token)
        return token

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
