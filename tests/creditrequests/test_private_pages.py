"""Private pages are never stored by browsers or proxies; looking at the wizard writes nothing."""

import uuid

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from creditrequests import services
from creditrequests.wizard.steps import FIRST_STEP
from tests.factories import EligibleDraftFactory, ReviewerFactory


@pytest.fixture
def submitted(drafter):
    return services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)


def _private_urls(draft):
    return {
        "my-drafts": reverse("drafts:home"),
        "draft": reverse("drafts:detail", args=[draft.public_id]),
        "details-txt": reverse("drafts:details_txt", args=[draft.public_id]),
        "deadline-ics": reverse("drafts:deadline_ics", args=[draft.public_id]),
        "review-queue": reverse("drafts:review_queue"),
        "review-csv": reverse("drafts:review_queue_csv"),
        "review": reverse("drafts:review", args=[draft.public_id]),
        "calendar-page": reverse("drafts:calendar"),
        "wizard-step": reverse(
            "wizard:step", kwargs={"public_id": uuid.uuid4(), "step": FIRST_STEP}
        ),
    }


@pytest.mark.parametrize(
    "page",
    [
        "my-drafts",
        "draft",
        "details-txt",
        "deadline-ics",
        "review-queue",
        "review-csv",
        "review",
        "calendar-page",
        "wizard-step",
    ],
)
def test_private_pages_tell_browsers_and_proxies_not_to_store_them(submitted, page):
    client = Client()
    client.force_login(ReviewerFactory(organisation=submitted.organisation))
    response = client.get(_private_urls(submitted)[page])
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_the_calendar_feed_is_not_stored_either(drafter):
    token = drafter.regenerate_calendar_token()
    response = Client().get(reverse("drafts:calendar_feed", args=[token]))
    assert "no-store" in response["Cache-Control"]


def test_opening_fresh_wizard_urls_never_grows_the_session(drafter_client):
    before = dict(drafter_client.session.items())
    for _ in range(30):
        url = reverse("wizard:step", kwargs={"public_id": uuid.uuid4(), "step": FIRST_STEP})
        assert drafter_client.get(url).status_code == 200
    assert dict(drafter_client.session.items()) == before


def test_opening_a_fresh_wizard_url_saves_no_session(drafter_client, monkeypatch):
    saves = []
    original = SessionStore.save
    monkeypatch.setattr(
        SessionStore, "save", lambda self, *a, **k: saves.append(1) or original(self, *a, **k)
    )
    url = reverse("wizard:step", kwargs={"public_id": uuid.uuid4(), "step": FIRST_STEP})
    drafter_client.get(url)
    assert saves == []


def test_a_fresh_wizard_still_remembers_its_first_answers_after_a_post(drafter_client):
    from tests.creditrequests.test_wizard_flows import FLOWS, submit

    public_id = uuid.uuid4()
    url = reverse("wizard:step", kwargs={"public_id": public_id, "step": FIRST_STEP})
    drafter_client.get(url)
    first_step, answers = FLOWS["technical_issue"][0]
    response = submit(drafter_client, public_id, first_step, answers)
    assert response.status_code == 302
    assert f"wizard_draft_{public_id.hex}" in drafter_client.session


def test_health_checks_answer_over_plain_http_when_https_is_enforced(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/live/").status_code == 200
    assert client.get("/health/ready/").status_code == 200
    assert client.get(reverse("login")).status_code == 301
