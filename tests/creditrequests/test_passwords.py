"""Passwords: Argon2, upgraded at sign-in; a new password retires the calendar feed's URL."""

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from creditrequests import settings as production_settings
from creditrequests.models import User
from tests.factories import TEST_PASSWORD, UserFactory

NEW_PASSWORD = "a-new-and-long-enough-passphrase-2026"  # noqa: S105


def test_production_settings_hash_passwords_with_argon2_first():
    assert production_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


@override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS)
def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(client, db):
    user = UserFactory(username="olga")
    User.objects.filter(pk=user.pk).update(
        password=make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
    )
    response = client.post(reverse("login"), {"username": "olga", "password": TEST_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert user.check_password(TEST_PASSWORD)


@override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS)
def test_upgrading_the_hash_keeps_the_calendar_feed_working(client, db):
    user = UserFactory(username="olga")
    token = user.regenerate_calendar_token()
    User.objects.filter(pk=user.pk).update(
        password=make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
    )
    client.post(reverse("login"), {"username": "olga", "password": TEST_PASSWORD})
    user.refresh_from_db()
    assert user.calendar_token == token


def test_a_new_password_rotates_the_calendar_token(db):
    user = UserFactory()
    token = user.regenerate_calendar_token()
    form = SetPasswordForm(user, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert form.is_valid(), form.errors
    form.save()
    user.refresh_from_db()
    assert user.calendar_token not in ("", token)


def test_the_old_calendar_url_stops_working_after_a_password_change(client, db):
    user = UserFactory()
    token = user.regenerate_calendar_token()
    feed = reverse("drafts:calendar_feed", args=[token])
    assert client.get(feed).status_code == 200
    user.set_password(NEW_PASSWORD)
    user.save()
    assert client.get(feed).status_code == 404


def test_a_person_without_a_feed_gets_none_from_a_password_change(db):
    user = UserFactory()
    user.set_password(NEW_PASSWORD)
    user.save()
    user.refresh_from_db()
    assert user.calendar_token == ""


@pytest.mark.parametrize("url", ["/accounts/password_reset/", "/accounts/reset/done/"])
def test_there_is_no_anonymous_password_reset(client, db, url):
    assert client.get(url).status_code == 404
