"""Error pages that tell the user what happened in Danish, never how.

Django renders 400, 403 and 404 from the templates of the same name. A server error may
come from the database being unreachable, so this view renders without touching it: no
request context, no navigation, no session.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# What a lost or refused database connection raises; an IntegrityError is a plain bug.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request):
    """500, or 503 with a "try again shortly" page when the database cannot be reached."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        body = loader.get_template("errors/database_unavailable.html").render()
        response = HttpResponseServerError(body, status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
