"""Security that every page gets: headers, throttled sign-in, friendly error pages."""

import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.parametrize("url_name", ["login", "drafts:home"])
def test_pages_send_a_strict_content_security_policy(client, drafter, url_name):
    client.force_login(drafter)
    response = client.get(reverse(url_name))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_admin_sign_in_goes_through_the_throttled_form(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/"


def test_a_lost_database_gives_a_friendly_503_without_a_traceback(client, drafter, monkeypatch):
    from creditrequests.models import CreditRequestDraftQuerySet

    def broken(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr(CreditRequestDraftQuerySet, "visible_to", broken)
    client.raise_request_exception = False
    client.force_login(drafter)
    response = client.get(reverse("drafts:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Everything you saved before is safe" in body
    assert "Traceback" not in body


def test_an_expired_form_explains_itself(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "This page has expired" in response.content.decode()
