"""What every page's chrome needs from the settings."""

from django.conf import settings
from django.urls import reverse


def site(request):
    """The accessibility statement's address for the footer link."""
    return {"accessibility_statement_url": settings.ACCESSIBILITY_STATEMENT_URL or reverse("accessibility")}
