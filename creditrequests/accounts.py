"""Sign-in with throttling against password guessing."""

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class ThrottledLoginView(auth_views.LoginView):
    """Django's login view, refusing further tries after too many failures.

    Failures are counted per username (from any address) and per address (for any
    username) in the shared cache, so every app server sees the same counts.
    """

    def _keys(self):
        username = (self.request.POST.get("username") or "").strip().lower()[:150]
        return [_key("user", username), _key("address", client_address(self.request))]

    def _limits(self):
        return [settings.LOGIN_FAILURES_PER_USERNAME, settings.LOGIN_FAILURES_PER_ADDRESS]

    def is_locked(self) -> bool:
        counts = cache.get_many(self._keys())
        return any(
            counts.get(key, 0) >= limit
            for key, limit in zip(self._keys(), self._limits(), strict=True)
        )

    def post(self, request, *args, **kwargs):
        if self.is_locked():
            form = self.get_form()
            # Skip validation altogether: while locked, no password is checked at all.
            # The form stays bound, so the username the person typed is shown again.
            form._errors = ErrorDict()
            form.cleaned_data = {}
            minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
            form.add_error(
                None,
                _(
                    "Too many failed sign-in attempts. For your security, wait %(minutes)d "
                    "minutes and try again, or ask your administrator to reset your password."
                )
                % {"minutes": minutes},
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for key in self._keys():
            cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(self._keys()[0])
        return super().form_valid(form)
