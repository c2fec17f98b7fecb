"""The project as a new user meets it: settings, sign-in, demo data."""

import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from creditrequests.demo import DEMO_PASSWORD, DEMO_USERS
from creditrequests.models import CreditRequestDraft, DraftStatus, Organisation, PartnerType
from tests.factories import DraftFactory, UserFactory


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("drafts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_page_renders_in_swedish(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    assert 'lang="sv"' in response.content.decode()


@pytest.mark.django_db
def test_demo_data_creates_one_organisation_per_partner_type_and_is_idempotent():
    call_command("seed_demo", "--quiet-logins")
    first = _snapshot()
    call_command("seed_demo", "--quiet-logins")
    assert _snapshot() == first
    assert set(Organisation.objects.values_list("partner_type", flat=True)) == set(PartnerType)
    roles = set(get_user_model().objects.values_list("partner_center_role", flat=True))
    assert {"admin_agent", "global_admin", "billing_admin"} <= roles
    assert get_user_model().objects.filter(is_reviewer=True).exists()


def _snapshot():
    users = (
        get_user_model()
        .objects.order_by("username")
        .values_list(
            "username", "password", "organisation__name", "partner_center_role", "is_reviewer"
        )
    )
    drafts = CreditRequestDraft.objects.order_by("public_id").values_list(
        "public_id", "status", "version", "answers"
    )
    return (
        list(users),
        list(Organisation.objects.values_list("name", "partner_type")),
        list(drafts),
    )


@pytest.mark.django_db
def test_demo_drafts_show_filing_and_self_service_and_one_waits_for_review():
    call_command("seed_demo", "--quiet-logins")
    drafts = CreditRequestDraft.objects.filter(owner__username="anna")
    assert drafts.count() == 3
    to_file = drafts.exclude(credit_type="accidental_purchase")
    assert all(draft.eligible and draft.details_text for draft in to_file)
    seats = drafts.get(credit_type="accidental_purchase")
    assert (seats.outcome, seats.action) == ("no_request_needed", "reduce_seats_in_partner_center")
    assert seats.act_by is not None and not seats.details_text
    waiting = drafts.get(status=DraftStatus.READY_FOR_REVIEW)
    assert waiting.credit_type == "service_outage"
    assert waiting.history.filter(history_user__username="anna").exists()


@pytest.mark.django_db
def test_every_demo_user_can_sign_in(client):
    call_command("seed_demo", "--quiet-logins")
    for demo in DEMO_USERS:
        assert client.login(username=demo.username, password=DEMO_PASSWORD), demo.username
        client.logout()


def test_a_user_sees_only_their_own_organisations_drafts(client, db):
    mine = DraftFactory()
    theirs = DraftFactory()
    client.force_login(mine.owner)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_production_settings_pass_the_deploy_check():
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 60 + "-production-check-secret-0123456789",
        "ALLOWED_HOSTS": "credits.example.com",
        "DJANGO_SETTINGS_MODULE": "creditrequests.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "creditrequests.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_user_factory_users_belong_to_an_organisation(db):
    assert UserFactory().organisation is not None
