"""Every drafts and review URL: anonymous -> sign in; other organisation -> 404; drafter -> 403."""

import pytest
from django.urls import reverse

from creditrequests import services
from creditrequests.models import CreditRequestDraft, DraftStatus
from tests.factories import EligibleDraftFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

DRAFT_URLS = [
    ("get", "drafts:detail"),
    ("post", "drafts:submit"),
    ("post", "drafts:record_filing"),
    ("post", "drafts:close"),
    ("get", "drafts:details_txt"),
    ("get", "drafts:deadline_ics"),
    ("get", "drafts:review"),
    ("post", "drafts:review"),
]
PLAIN_URLS = [
    ("get", "drafts:home"),
    ("get", "drafts:review_queue"),
    ("get", "drafts:review_queue_csv"),
    ("get", "drafts:calendar"),
    ("post", "drafts:calendar_token"),
]
REVIEWER_URLS = [
    ("get", "drafts:review_queue"),
    ("get", "drafts:review_queue_csv"),
    ("get", "drafts:review"),
    ("post", "drafts:review"),
]


@pytest.fixture
def submitted(drafter):
    return services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)


def _url(name, draft=None):
    if name in {n for _m, n in PLAIN_URLS} and name != "drafts:review":
        return reverse(name)
    return reverse(name, args=[draft.public_id])


def _snapshot(draft):
    return CreditRequestDraft.objects.values().get(pk=draft.pk)


@pytest.mark.parametrize(("method", "name"), DRAFT_URLS + PLAIN_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, submitted, method, name):
    before = _snapshot(submitted)
    response = getattr(client, method)(_url(name, submitted), {"version": 2, "decision": "approve"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _snapshot(submitted) == before


@pytest.mark.parametrize(("method", "name"), DRAFT_URLS)
def test_another_organisations_draft_is_a_404_and_nothing_changes(client, submitted, method, name):
    outsider = ReviewerFactory()  # a reviewer, but of another organisation
    client.force_login(outsider)
    before = _snapshot(submitted)
    data = {"version": 2, "decision": "approve", "ticket": "1", "filed_on": "2026-01-01"}
    response = getattr(client, method)(_url(name, submitted), data)
    assert response.status_code == 404
    assert _snapshot(submitted) == before


@pytest.mark.parametrize(("method", "name"), REVIEWER_URLS)
def test_a_drafter_on_reviewer_pages_gets_403_and_nothing_changes(
    client, submitted, organisation, method, name
):
    client.force_login(UserFactory(organisation=organisation))
    before = _snapshot(submitted)
    response = getattr(client, method)(_url(name, submitted), {"version": 2, "decision": "approve"})
    assert response.status_code == 403
    assert _snapshot(submitted) == before


def test_the_owner_cannot_review_their_own_draft_even_as_a_reviewer(client, organisation):
    reviewer = ReviewerFactory(organisation=organisation)
    own = services.submit_for_review(EligibleDraftFactory(owner=reviewer), by=reviewer)
    client.force_login(reviewer)
    response = client.post(_url("drafts:review", own), {"version": 2, "decision": "approve"})
    assert response.status_code == 403
    assert _snapshot(own)["status"] == DraftStatus.READY_FOR_REVIEW


def test_a_colleague_cannot_submit_someone_elses_draft(client, drafter, organisation):
    draft = EligibleDraftFactory(owner=drafter)
    client.force_login(UserFactory(organisation=organisation))
    response = client.post(_url("drafts:submit", draft), {"version": 1})
    assert response.status_code == 403
    assert _snapshot(draft)["status"] == DraftStatus.DRAFT


@pytest.mark.parametrize("name", ["drafts:record_filing", "drafts:close"])
def test_a_colleague_who_is_not_a_reviewer_cannot_record_filing_or_close(
    client, drafter, organisation, name
):
    draft = EligibleDraftFactory(owner=drafter)
    client.force_login(UserFactory(organisation=organisation))
    assert client.post(_url(name, draft), {"version": 1}).status_code == 403


@pytest.mark.parametrize(
    "name", ["drafts:submit", "drafts:record_filing", "drafts:close", "drafts:calendar_token"]
)
def test_moves_only_accept_post(drafter_client, drafter, name):
    draft = EligibleDraftFactory(owner=drafter)
    url = reverse(name) if name == "drafts:calendar_token" else _url(name, draft)
    assert drafter_client.get(url).status_code == 405


def test_colleagues_may_see_each_others_drafts_in_the_same_organisation(client, submitted):
    client.force_login(UserFactory(organisation=submitted.organisation))
    assert client.get(_url("drafts:detail", submitted)).status_code == 200


def test_the_review_queue_link_shows_only_for_reviewers(client, drafter, reviewer):
    client.force_login(drafter)
    assert "Review queue" not in client.get(reverse("drafts:home")).content.decode()
    client.force_login(reviewer)
    assert "Review queue" in client.get(reverse("drafts:home")).content.decode()


def test_post_forms_are_csrf_protected(submitted, reviewer):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(reviewer)
    response = csrf_client.post(
        _url("drafts:review", submitted), {"version": 2, "decision": "approve"}
    )
    assert response.status_code == 403
    assert _snapshot(submitted)["status"] == DraftStatus.READY_FOR_REVIEW
