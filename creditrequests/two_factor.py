"""Two-factor sign-in (django-otp): a code from an authenticator app after the password.

Reviewers approve money and staff run the admin, so both must use a second factor (as
Partner Center itself requires MFA); anyone else may turn it on, and then it is asked
of them too. After the password, the session is marked *pending*: until the person
enters a code from their authenticator app (TOTP) or one of their ten single-use
recovery codes, every page but these and sign-out sends them here. Someone who must
use a second factor and has none is taken through enrolment first (a QR code, then a
code to prove it works, then the recovery codes, shown once).

The pending mark lives in the server-side session, set when the password is accepted:
checking it costs no query. Wrong codes are throttled by django-otp per device (the wait
doubles after each failure).
"""

from __future__ import annotations

import base64
import io
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

PENDING = "two_factor_pending"
SETUP_KEY = "two_factor_setup_key"
RECOVERY_CODES = 10
ISSUER = "Credit Request Wizard"

# Pages a person whose second step is pending may still open.
OPEN_WHILE_PENDING = frozenset(
    {
        "two_factor:verify",
        "two_factor:setup",
        "login",
        "logout",
        "set_language",
        "health_live",
        "health_ready",
    }
)


def required_for(user) -> bool:
    """Reviewers and staff must sign in with a second factor."""
    return bool(user.is_reviewer or user.is_staff or user.is_superuser)


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device_of(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


@receiver(user_logged_in)
def ask_for_the_second_factor(sender, request, user, **kwargs):
    """After the password: the session waits for a code if this person uses a second factor."""
    if request is None or not hasattr(request, "session"):
        return
    if required_for(user) or authenticator_of(user) is not None:
        request.session[PENDING] = True


def is_pending(request) -> bool:
    return bool(getattr(request, "session", None) and request.session.get(PENDING))


class SecondFactorMiddleware:
    """Confines a session whose second step is pending to the two-factor pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_pending(request) or not request.user.is_authenticated:
            return None
        if request.resolver_match.view_name in OPEN_WHILE_PENDING:
            return None
        step = "two_factor:verify" if authenticator_of(request.user) else "two_factor:setup"
        return redirect(f"{reverse(step)}?next={quote(request.get_full_path())}")


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _verified(request, device) -> None:
    otp_login(request, device)
    request.session.pop(PENDING, None)
    request.session.cycle_key()


# --- signing in with a code ----------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        ),
        error_messages={"required": gettext_lazy("Enter the code from your authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


def _check_code(user, code: str):
    """The device that accepts the code; None; or "throttled" while django-otp makes them wait.

    Six digits are the authenticator's code, anything else a recovery code: each is tried
    on its own device only, so a recovery code never counts as a wrong authenticator code.
    """
    is_app_code = len(code) == 6 and code.isdigit()
    device = authenticator_of(user) if is_app_code else recovery_device_of(user)
    if device is None:
        return None
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            return "throttled"
        return device if device.verify_token(code) else None


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a code from the authenticator app or a recovery code."""
    if not is_pending(request):
        return redirect(_next_url(request))
    if authenticator_of(request.user) is None:
        return redirect(f"{reverse('two_factor:setup')}?next={quote(_next_url(request))}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _check_code(request.user, form.cleaned_data["code"])
        if device == "throttled":
            form.add_error(
                "code", _("Too many wrong codes. Wait a minute, then enter the code shown now.")
            )
        elif device is None:
            form.add_error(
                "code",
                _(
                    "That code is not right. Enter the 6-digit code your authenticator app "
                    "shows now, or one of your recovery codes."
                ),
            )
        else:
            _verified(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code. Recovery codes left: %(left)d. "
                        "Create new ones on the Two-factor sign-in page if you run low."
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
    return render(request, "two_factor/verify.html", {"form": form, "next": _next_url(request)})


# --- enrolment ------------------------------------------------------------------------------


def _qr_code_data_uri(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _otpauth_url(user, key_hex: str) -> str:
    secret = base64.b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")
    label = quote(f"{ISSUER}:{user.get_username()}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(ISSUER)}&digits=6&period=30"


def _grouped_secret(key_hex: str) -> str:
    secret = base64.b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _code_matches_key(key_hex: str, code: str) -> int | None:
    """The time step a code belongs to (tolerating one step either way), or None."""
    totp = TOTP(bytes.fromhex(key_hex))
    for drift in (0, -1, 1):
        totp.drift = drift
        if code.isdigit() and totp.token() == int(code):
            return totp.t()
    return None


def _enrol(user, key_hex: str, time_step: int) -> tuple[TOTPDevice, list[str]]:
    """The person's only authenticator and a fresh set of recovery codes (old ones end)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user,
            name=_("Authenticator app"),
            key=key_hex,
            confirmed=True,
            last_t=time_step,
        )
        codes = new_recovery_codes(user)
    return device, codes


def new_recovery_codes(user) -> list[str]:
    """Replace the person's recovery codes with ten new single-use ones."""
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrol an authenticator app: scan the QR code, prove it with a code, keep the recovery codes.

    While the second step is pending, this is only for someone who has no authenticator yet
    (a password alone must not replace one).
    """
    if is_pending(request) and authenticator_of(request.user) is not None:
        return redirect(f"{reverse('two_factor:verify')}?next={quote(_next_url(request))}")
    key_hex = request.session.get(SETUP_KEY)
    if not key_hex:
        key_hex = random_hex(20)
        request.session[SETUP_KEY] = key_hex
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        time_step = _code_matches_key(key_hex, form.cleaned_data["code"])
        if time_step is None:
            form.add_error(
                "code",
                _(
                    "That code does not match. Scan the QR code again and enter the 6-digit "
                    "code the app shows now."
                ),
            )
        else:
            device, codes = _enrol(request.user, key_hex, time_step)
            request.session.pop(SETUP_KEY, None)
            _verified(request, device)
            return render(
                request,
                "two_factor/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "just_enrolled": True},
            )
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": _qr_code_data_uri(_otpauth_url(request.user, key_hex)),
        "secret": _grouped_secret(key_hex),
        "required": required_for(request.user),
    }
    return render(request, "two_factor/setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def overview(request):
    """Two-factor sign-in for the signed-in person: on or off, new recovery codes, turn off."""
    authenticator = authenticator_of(request.user)
    if request.method == "POST" and authenticator is not None:
        if request.POST.get("operation") == "recovery_codes":
            with transaction.atomic():
                codes = new_recovery_codes(request.user)
            return render(
                request,
                "two_factor/recovery_codes.html",
                {"codes": codes, "next": reverse("two_factor:overview")},
            )
        if request.POST.get("operation") == "turn_off" and not required_for(request.user):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=request.user).delete()
                StaticDevice.objects.filter(user=request.user).delete()
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("two_factor:overview")
    recovery = recovery_device_of(request.user)
    context = {
        "authenticator": authenticator,
        "recovery_left": recovery.token_set.count() if recovery else 0,
        "required": required_for(request.user),
    }
    return render(request, "two_factor/overview.html", context)
