"""Error pages that work while the database is down."""

import logging
import sys

from django.db import DatabaseError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def server_error(request, template_name="500.html"):
    """A 503 "try again in a moment" when the database is unreachable, else a plain 500.

    Rendered without a request context: no session, no user, no database query,
    so it still works while the database restarts. What was saved stays saved.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DatabaseError):
        logger.warning("Database unavailable: %s", exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string(template_name), status=500)


def csrf_failure(request, reason=""):
    """An expired or forged form: explain, don't blame. Nothing was changed."""
    return HttpResponse(render_to_string("403_csrf.html", request=request), status=403)
