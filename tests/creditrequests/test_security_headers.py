"""Security headers and cookies on the main pages, with the production settings.

The test suite runs over plain HTTP (DJANGO_HTTPS=0). PRODUCTION below is what
creditrequests/settings.py computes when DEBUG is off and DJANGO_HTTPS is not set; the
first test proves that in a subprocess, the others apply it with override_settings.
"""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from creditrequests import services
from tests.factories import TEST_PASSWORD, EligibleDraftFactory

PRODUCTION = {
    "DEBUG": False,
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_REFERRER_POLICY": "same-origin",
    "X_FRAME_OPTIONS": "DENY",
}

PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {sorted(PRODUCTION)!r}}}))"
)


def test_production_settings_are_the_ones_tested_here():
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 60 + "-production-headers-secret-0123456789",
        "ALLOWED_HOSTS": "credits.example.com",
        "DJANGO_SETTINGS_MODULE": "creditrequests.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert json.loads(result.stdout) == PRODUCTION


@pytest.fixture
def pages(drafter, reviewer):
    """url name -> (user or None, url) for the main pages."""
    draft = EligibleDraftFactory(owner=drafter)
    services.submit_for_review(draft, by=drafter)
    public_id = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"
    return {
        "sign-in": (None, reverse("login")),
        "my drafts": (drafter, reverse("drafts:home")),
        "wizard step": (
            drafter,
            reverse("wizard:step", kwargs={"public_id": public_id, "step": "requester"}),
        ),
        "draft page": (drafter, draft.get_absolute_url()),
        "review queue": (reviewer, reverse("drafts:review_queue")),
        "review page": (reviewer, reverse("drafts:review", args=[draft.public_id])),
    }


PAGE_NAMES = ["sign-in", "my drafts", "wizard step", "draft page", "review queue", "review page"]


@override_settings(**PRODUCTION)
@pytest.mark.parametrize("page", PAGE_NAMES)
def test_main_pages_send_every_security_header_over_https(client, pages, page):
    user, url = pages[page]
    if user:
        client.force_login(user)
    response = client.get(url, secure=True)

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@override_settings(**PRODUCTION)
@pytest.mark.parametrize("page", PAGE_NAMES)
def test_main_pages_over_plain_http_redirect_to_https(client, pages, page):
    user, url = pages[page]
    if user:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{url}"


@override_settings(**PRODUCTION)
def test_the_session_and_csrf_cookies_are_secure_and_the_session_cookie_http_only(client, drafter):
    page = client.get(reverse("login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"

    response = client.post(
        reverse("login"),
        {"username": drafter.username, "password": TEST_PASSWORD},
        secure=True,
    )

    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


@override_settings(**PRODUCTION)
def test_error_pages_carry_the_headers_too(client, drafter):
    client.force_login(drafter)
    response = client.get("/drafts/2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14/", secure=True)
    assert response.status_code == 404
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" in response


def test_without_https_there_is_no_hsts(client, db):
    """Development and `make run` (DJANGO_HTTPS=0) never pin a browser to HTTPS."""
    assert "Strict-Transport-Security" not in client.get(reverse("login"))
