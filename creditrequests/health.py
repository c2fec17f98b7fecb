"""Health checks for load balancers and orchestrators: no sign-in, no session, no template.

    /health/live/    liveness: the Python process answers. Touches no database, so a
                     database restart never makes the orchestrator kill app servers.
    /health/ready/   readiness: the database answers `SELECT 1`. 503 while it does not,
                     so the load balancer stops sending people to this app server.

Both answer plain text, are never cached, and accept GET and HEAD only.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text + "\n", content_type="text/plain; charset=utf-8", status=status)


@never_cache
@require_safe
def live(request):
    """The process is up; says nothing about the database."""
    return _plain("ok")


@never_cache
@require_safe
def ready(request):
    """The database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Readiness check failed: %s", error)
        response = _plain("database unavailable", status=503)
        response["Retry-After"] = "5"
        return response
    return _plain("ok")
