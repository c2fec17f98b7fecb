"""Sign-in throttling: django-axes counts the failures, set up the way this module says.

* Counted per **username and address** together (``AXES_LOCKOUT_PARAMETERS``): a stranger
  guessing someone's password from elsewhere locks only their own address out, and the
  right password from the person's usual address still works.
* The username is counted as authentication reads it (``normalised_username``): trimmed and
  NFKC-folded exactly like ``AuthenticationForm``, then case-folded, so ``ｂｅｌｌａ``, ``𝐛𝐞𝐥𝐥𝐚``
  and ``Bella`` share bella's counter.
* Every attempt is counted **before** its password is checked (``CountFirstBackend``), in
  one row-locked database update; a right password takes the count back. Of any number of
  simultaneous guesses, at most ``AXES_FAILURE_LIMIT`` ever reach the password check.
"""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials, get_failure_limit
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.forms.utils import ErrorDict
from django.shortcuts import render
from django.utils.translation import gettext as _

USERNAME_MAX_LENGTH = 150


def normalised_username(request, credentials=None) -> str:
    """The key failures are counted under: the username as the sign-in form reads it."""
    if credentials and credentials.get("username") is not None:
        raw = credentials["username"]
    else:
        raw = request.POST.get("username", "") if request is not None else ""
    return auth_forms.UsernameField().to_python(str(raw))[:USERNAME_MAX_LENGTH].casefold()


class CountFirstBackend(AxesStandaloneBackend):
    """First in AUTHENTICATION_BACKENDS: count the attempt, then let the password be checked.

    The attempt is recorded as a failure before any password is looked at (one
    SELECT ... FOR UPDATE and increment). If that makes more failures than the limit, the
    password is never checked and the sign-in is refused; otherwise the next backend checks
    it, and a successful sign-in clears the count (``AXES_RESET_ON_SUCCESS``).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.AXES_ENABLED or request is None:
            # No request, no client: a server-side check (a management command, the test
            # client's login()). Every sign-in over the web passes its request.
            return None
        credentials = get_credentials(username=username, **kwargs)
        AxesProxyHandler.update_request(request)
        handler = AxesProxyHandler.get_implementation()
        if handler.is_blacklisted(request, credentials):
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Address refused.")
        if handler.is_whitelisted(request, credentials):
            return None
        failures = handler.count_attempt(request, credentials)
        if failures > get_failure_limit(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise AxesBackendPermissionDenied("Too many failed sign-in attempts.")
        return None


class CountFirstHandler(AxesDatabaseHandler):
    """The database handler, told that CountFirstBackend has already counted the attempt."""

    def count_attempt(self, request, credentials) -> int:
        """Record one failure for this username and address; the failures counted so far."""
        super().user_login_failed(sender=None, credentials=credentials, request=request)
        request.axes_counted = True
        # The parent marks the request locked at the limit; here the limit-th attempt still
        # has its password checked, and only the one after it is refused.
        request.axes_locked_out = False
        return request.axes_failures_since_start

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None and getattr(request, "axes_counted", False):
            return  # counted before the password was checked
        super().user_login_failed(sender, credentials, request, **kwargs)


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds()) // 60
    return _(
        "Too many failed sign-in attempts. For your security, wait %(minutes)d "
        "minutes and try again, or ask your administrator to reset your password."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page again, with the username kept and the lockout explained (429)."""
    form = auth_forms.AuthenticationForm(request, data=request.POST)
    # No validation: while locked, no password is checked at all.
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form.add_error(None, lockout_message())
    context = {"form": form, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
