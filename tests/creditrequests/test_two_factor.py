"""Two-factor sign-in (creditrequests/two_factor.py): required for reviewers and staff."""

import base64
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from creditrequests.two_factor import PENDING, RECOVERY_CODES, new_recovery_codes
from tests.factories import TEST_PASSWORD, UserFactory

KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key


def _authenticator(user):
    return TOTPDevice.objects.create(user=user, name="Phone", key=KEY, confirmed=True)


def _code(device=None, key_hex=KEY) -> str:
    key = device.bin_key if device else bytes.fromhex(key_hex)
    return f"{totp(key):06d}"


def _password(client, user, next_url=""):
    data = {"username": user.username, "password": TEST_PASSWORD}
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {**data, "next": next_url} if next_url else data)


def _signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def reviewer_with_app(reviewer):
    _authenticator(reviewer)
    return reviewer


def test_a_reviewer_with_the_right_password_is_asked_for_a_code(client, reviewer_with_app):
    response = _password(client, reviewer_with_app)
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:verify"))


@pytest.mark.parametrize(
    "url_name", ["drafts:home", "drafts:review_queue", "drafts:calendar", "admin:index"]
)
def test_no_page_opens_before_the_second_step(client, reviewer_with_app, url_name):
    _password(client, reviewer_with_app)
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:verify"))


def test_the_right_code_finishes_signing_in_and_goes_where_they_were_going(
    client, reviewer_with_app
):
    _password(client, reviewer_with_app, next_url=reverse("drafts:review_queue"))
    response = client.post(
        reverse("two_factor:verify"),
        {"code": _code(reviewer_with_app.totpdevice_set.get()), "next": "/review/"},
    )
    assert response["Location"] == "/review/"
    assert PENDING not in client.session
    assert client.get(reverse("drafts:review_queue")).status_code == 200


def test_a_wrong_code_is_refused_next_to_the_field(client, reviewer_with_app):
    _password(client, reviewer_with_app)
    response = client.post(reverse("two_factor:verify"), {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert 'href="#id_code"' in response.content.decode()
    assert client.get(reverse("drafts:home")).status_code == 302


def test_after_several_wrong_codes_even_the_right_one_must_wait(client, reviewer_with_app):
    device = reviewer_with_app.totpdevice_set.get()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=8, throttling_failure_timestamp=timezone.now()
    )
    _password(client, reviewer_with_app)
    response = client.post(reverse("two_factor:verify"), {"code": _code(device)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.session.get(PENDING)


def test_a_recovery_code_signs_in_once(reviewer_with_app):
    code = new_recovery_codes(reviewer_with_app)[0]
    first, second = Client(), Client()
    _password(first, reviewer_with_app)
    response = first.post(reverse("two_factor:verify"), {"code": code})
    assert response.status_code == 302
    assert PENDING not in first.session
    _password(second, reviewer_with_app)
    response = second.post(reverse("two_factor:verify"), {"code": code})
    assert "That code is not right" in response.content.decode()


def test_a_link_to_another_site_is_not_followed_after_the_code(client, reviewer_with_app):
    _password(client, reviewer_with_app)
    response = client.post(
        reverse("two_factor:verify"),
        {"code": _code(reviewer_with_app.totpdevice_set.get()), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("drafts:landing")


def test_a_drafter_without_an_authenticator_signs_in_with_the_password_alone(client, drafter):
    _password(client, drafter)
    assert client.get(reverse("drafts:home")).status_code == 200


def test_a_drafter_who_turned_it_on_is_asked_for_a_code_too(client, drafter):
    _authenticator(drafter)
    _password(client, drafter)
    assert client.get(reverse("drafts:home"))["Location"].startswith(reverse("two_factor:verify"))


def test_staff_must_use_a_second_factor(client, organisation):
    staff = UserFactory(organisation=organisation, is_staff=True)
    _password(client, staff)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("two_factor:setup"))


# --- enrolment ------------------------------------------------------------------------------


def _secret_on(page: str) -> str:
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', page)[1].replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()


def test_a_reviewer_without_an_authenticator_enrols_on_first_sign_in(client, reviewer):
    _password(client, reviewer)
    response = client.get(reverse("drafts:home"), follow=True)
    page = response.content.decode()
    assert "Set up two-factor sign-in" in page
    assert 'src="data:image/svg+xml;base64,' in page
    key_hex = _secret_on(page)
    response = client.post(reverse("two_factor:setup"), {"code": _code(key_hex=key_hex)})
    page = response.content.decode()
    assert "Your recovery codes" in page
    assert page.count("<li><code>") == RECOVERY_CODES
    assert TOTPDevice.objects.get(user=reviewer).confirmed
    assert StaticToken.objects.filter(device__user=reviewer).count() == RECOVERY_CODES
    assert client.get(reverse("drafts:review_queue")).status_code == 200


def test_enrolment_refuses_a_code_that_does_not_match(client, reviewer):
    _password(client, reviewer)
    response = client.post(reverse("two_factor:setup"), {"code": "123456"})
    assert "That code does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=reviewer).exists()


def test_a_password_alone_cannot_replace_an_authenticator(client, reviewer_with_app):
    _password(client, reviewer_with_app)
    response = client.get(reverse("two_factor:setup"))
    assert response["Location"].startswith(reverse("two_factor:verify"))


def test_the_qr_code_page_passes_the_content_security_policy(client, reviewer):
    _password(client, reviewer)
    response = client.get(reverse("two_factor:setup"))
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
    assert "<svg" not in response.content.decode()  # an image, not inline markup with styles


# --- the overview page ----------------------------------------------------------------------


def test_new_recovery_codes_replace_the_old_ones(drafter_client, drafter):
    _authenticator(drafter)
    old = new_recovery_codes(drafter)
    response = drafter_client.post(reverse("two_factor:overview"), {"operation": "recovery_codes"})
    page = response.content.decode()
    assert page.count("<li><code>") == RECOVERY_CODES
    tokens = set(StaticToken.objects.values_list("token", flat=True))
    assert not tokens & set(old)


def test_a_drafter_may_turn_it_off(drafter_client, drafter):
    _authenticator(drafter)
    drafter_client.post(reverse("two_factor:overview"), {"operation": "turn_off"})
    assert not TOTPDevice.objects.filter(user=drafter).exists()
    assert not StaticDevice.objects.filter(user=drafter).exists()


def test_a_reviewer_may_not_turn_it_off(reviewer_client, reviewer_with_app):
    page = reviewer_client.get(reverse("two_factor:overview")).content.decode()
    assert "Turn two-factor sign-in off" not in page
    reviewer_client.post(reverse("two_factor:overview"), {"operation": "turn_off"})
    assert TOTPDevice.objects.filter(user=reviewer_with_app).exists()


def test_the_code_page_speaks_swedish(reviewer_with_app):
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    _password(client, reviewer_with_app)
    page = client.get(reverse("two_factor:verify")).content.decode()
    assert "Ange din inloggningskod" in page


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_reviewer_signs_in_with_the_demo_authenticator(client, db):
    import io

    from django.core.management import call_command

    from creditrequests.demo import DEMO_PASSWORD, demo_code_now

    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    client.post(reverse("login"), {"username": "rebecka", "password": DEMO_PASSWORD})
    response = client.post(reverse("two_factor:verify"), {"code": demo_code_now()})
    assert response.status_code == 302
    assert client.get(reverse("drafts:review_queue")).status_code == 200


def test_seed_demo_prints_the_demo_code_on_request(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("seed_demo", "--code", stdout=out)
    assert re.fullmatch(r"\d{6}\n", out.getvalue())


def test_demo_drafters_have_no_second_factor(db):
    import io

    from django.core.management import call_command

    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    assert set(TOTPDevice.objects.values_list("user__username", flat=True)) == {
        "rebecka",
        "nils",
        "admin",
    }
