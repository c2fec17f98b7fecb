"""Sign-in throttling (django-axes, creditrequests/accounts.py): findings 1-3 of issue 11."""

import os
import subprocess
import sys
import threading

import pytest
from axes.models import AccessAttempt
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from creditrequests.accounts import normalised_username
from creditrequests.models import User
from tests.factories import TEST_PASSWORD, UserFactory

HOME = "203.0.113.10"
STRANGER = "198.51.100.66"
LIMIT = 5


def _sign_in(client, username, password, address=HOME, **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def _fail(client, username, times, address=HOME):
    for _ in range(times):
        response = _sign_in(client, username, "wrong", address)
    return response


def _signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def bella(db):
    return UserFactory(username="bella")


@pytest.fixture
def password_checks(monkeypatch):
    """Every password Django checks, in order (thread-safe)."""
    checked, lock = [], threading.Lock()
    original = User.check_password

    def counting(self, raw_password):
        with lock:
            checked.append(raw_password)
        return original(self, raw_password)

    monkeypatch.setattr(User, "check_password", counting)
    return checked


@pytest.mark.parametrize(
    "spelling",
    ["bella", "ｂｅｌｌａ", "𝐛𝐞𝐥𝐥𝐚", "BELLA", " bella "],
    ids=["plain", "fullwidth", "mathematical-bold", "upper-case", "padded"],
)
def test_every_spelling_of_a_username_is_counted_as_that_username(spelling):
    assert normalised_username(None, {"username": spelling}) == "bella"


@pytest.mark.parametrize(
    "spelling", ["ｂｅｌｌａ", "𝐛𝐞𝐥𝐥𝐚"], ids=["fullwidth", "mathematical-bold"]
)
def test_a_look_alike_spelling_does_not_get_round_a_lockout(client, bella, spelling):
    _fail(client, "bella", LIMIT + 1)
    response = _sign_in(client, spelling, TEST_PASSWORD)
    assert response.status_code == 429
    assert not _signed_in_as(client, bella)


def test_look_alike_spellings_share_one_counter(client, bella):
    for spelling in ["bella", "ｂｅｌｌａ", "𝐛𝐞𝐥𝐥𝐚", "Bella", "BELLA"]:
        _sign_in(client, spelling, "wrong")
    response = _sign_in(client, "bella", "wrong")
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="bella").failures_since_start == 6


def test_the_right_password_after_too_many_failures_is_refused_from_that_address(client, bella):
    _fail(client, "bella", LIMIT)
    response = _sign_in(client, "bella", TEST_PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed sign-in attempts" in body
    assert "wait 15 minutes" in body
    assert 'value="bella"' in body
    assert not _signed_in_as(client, bella)


def test_the_lockout_page_speaks_swedish(client, bella):
    _fail(client, "bella", LIMIT)
    response = _sign_in(client, "bella", TEST_PASSWORD, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


def test_the_last_allowed_try_with_the_right_password_signs_in(client, bella):
    _fail(client, "bella", LIMIT - 1)
    response = _sign_in(client, "bella", TEST_PASSWORD)
    assert response.status_code == 302
    assert _signed_in_as(client, bella)


def test_a_successful_sign_in_clears_the_count_for_that_address(client, bella):
    _fail(client, "bella", LIMIT - 1)
    _sign_in(client, "bella", TEST_PASSWORD)
    assert not AccessAttempt.objects.filter(username="bella").exists()


def test_once_locked_no_password_is_checked_at_all(client, bella, password_checks):
    _fail(client, "bella", LIMIT)
    assert len(password_checks) == LIMIT
    _fail(client, "bella", 3)
    _sign_in(client, "bella", TEST_PASSWORD)
    assert len(password_checks) == LIMIT


def test_a_refused_try_is_counted_too(client, bella):
    _fail(client, "bella", LIMIT + 3)
    assert AccessAttempt.objects.get(username="bella").failures_since_start == LIMIT + 3


def test_a_stranger_elsewhere_cannot_lock_a_user_out(bella):
    stranger, owner = Client(), Client()
    assert _fail(stranger, "bella", LIMIT + 5, address=STRANGER).status_code == 429
    response = _sign_in(owner, "bella", TEST_PASSWORD, address=HOME)
    assert response.status_code == 302
    assert _signed_in_as(owner, bella)


def test_the_stranger_stays_locked_while_the_user_signs_in(bella):
    stranger, owner = Client(), Client()
    _fail(stranger, "bella", LIMIT, address=STRANGER)
    _sign_in(owner, "bella", TEST_PASSWORD, address=HOME)
    assert _sign_in(stranger, "bella", TEST_PASSWORD, address=STRANGER).status_code == 429


def test_failures_for_other_names_from_a_shared_address_lock_nobody_else_out(client, bella):
    for number in range(40):
        _sign_in(client, f"someone{number}", "wrong", address=HOME)
    response = _sign_in(Client(), "bella", TEST_PASSWORD, address=HOME)
    assert response.status_code == 302


def test_anonymous_tries_without_a_password_cannot_lock_a_user_out(bella):
    stranger = Client()
    for _ in range(LIMIT + 5):
        stranger.post(reverse("login"), {"username": "bella"}, REMOTE_ADDR=STRANGER)
    assert _sign_in(Client(), "bella", TEST_PASSWORD, address=HOME).status_code == 302


def _client_address_behind_the_proxy(forwarded_for: str, remote_addr: str) -> str:
    """The address axes counts by, computed with the settings BEHIND_PROXY=1 gives."""
    script = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from axes.helpers import get_client_ip_address\n"
        f"request = RequestFactory().post('/', HTTP_X_FORWARDED_FOR={forwarded_for!r}, "
        f"REMOTE_ADDR={remote_addr!r})\n"
        "print(get_client_ip_address(request))\n"
    )
    env = {**os.environ, "BEHIND_PROXY": "1", "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_behind_the_proxy_each_person_is_counted_by_their_own_address():
    assert _client_address_behind_the_proxy("198.51.100.7", "10.0.0.2") == "198.51.100.7"


def test_behind_the_proxy_an_address_the_client_wrote_itself_is_ignored():
    forged = "192.0.2.99, 198.51.100.7"  # the proxy appends the real address last
    assert _client_address_behind_the_proxy(forged, "10.0.0.2") == "198.51.100.7"


def test_without_the_proxy_setting_forwarded_addresses_are_not_trusted(bella):
    client = Client()
    for number in range(LIMIT):
        client.post(
            reverse("login"),
            {"username": "bella", "password": "wrong"},
            REMOTE_ADDR=STRANGER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs real concurrent transactions with row locks (PostgreSQL); CI runs it there",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_passwords_are_all_counted_and_only_the_limit_are_checked(
    password_checks,
):
    UserFactory(username="bella")
    tries = 25
    barrier = threading.Barrier(tries)
    statuses = []

    def guess():
        try:
            barrier.wait()
            statuses.append(_sign_in(Client(), "bella", "wrong", address=STRANGER).status_code)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(statuses) == tries
    assert len(password_checks) <= LIMIT
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == tries
