"""Error pages that work while the database is down."""

import logging
import sys

from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import DatabaseError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)


def _database_unavailable(exception) -> HttpResponse:
    """Rendered without a request context: no session, no user, no database query,
    so it still works while the database restarts. What was saved stays saved."""
    logger.warning("Database unavailable: %s", exception)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


def _caused_by_database(exception) -> bool:
    while exception is not None:
        if isinstance(exception, DatabaseError):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def server_error(request, template_name="500.html"):
    """A 503 "try again in a moment" when the database is unreachable, else a plain 500."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DatabaseError):
        return _database_unavailable(exception)
    return HttpResponse(render_to_string(template_name), status=500)


def bad_request(request, exception, template_name="400.html"):
    """Django reports a session that could not be saved as a 400; when the database
    was the cause, it is the same 'try again in a moment' as any database outage."""
    if isinstance(exception, SessionInterrupted) and _caused_by_database(exception):
        return _database_unavailable(exception)
    return defaults.bad_request(request, exception, template_name)


def csrf_failure(request, reason=""):
    """An expired or forged form: explain, don't blame. Nothing was changed."""
    return HttpResponse(render_to_string("403_csrf.html", request=request), status=403)
