"""Pages of the site itself, for everyone, logged in or not."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def accessibility_statement(request):
    """The accessibility statement: how the site was tested and how to report a problem."""
    return render(request, "accessibility.html", {"contact": settings.DEFAULT_FROM_EMAIL})


@login_not_required
@require_GET
def accessibility_redirect(request):
    """/was, the address the law's guidance gives, leads to the statement."""
    return redirect(settings.ACCESSIBILITY_STATEMENT_URL or "accessibility")


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers that ask for /favicon.ico get the site's icon."""
    return redirect(static("favicon.svg"), permanent=True)
