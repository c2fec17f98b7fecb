"""The drafts workspace: states people think in, clocks, inbox order and counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rules
from creditrequests import services
from creditrequests.evaluation import evaluate_answers, record_verdict, request_date
from creditrequests.models import CreditRequestDraft, DraftState, DraftStatus
from tests.factories import (
    TEST_PASSWORD,
    DraftFactory,
    EligibleDraftFactory,
    ReviewerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HOME = reverse("drafts:home")
QUEUE = reverse("drafts:review_queue")


def _today():
    return request_date()


def _draft(owner, days=None, **columns):
    deadline = None if days is None else _today() + timedelta(days=days)
    return DraftFactory(owner=owner, deadline=deadline, **columns)


def _returned(owner, days=30):
    return _draft(owner, days, reviewed_at=timezone.now(), review_comment="Add the ticket number.")


def _listed(response):
    return [row.draft.pk for row in response.context["rows"]]


def test_a_draft_returned_to_its_owner_comes_first_and_needs_their_changes(drafter_client, drafter):
    overdue = _draft(drafter, -3)
    returned = _returned(drafter, days=60)
    response = drafter_client.get(HOME)
    assert _listed(response) == [returned.pk, overdue.pk]
    assert response.context["rows"][0].state_label == "Needs your changes"
    assert "Make the changes" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "returned", "state"),
    [
        (DraftStatus.DRAFT, True, DraftState.RETURNED),
        (DraftStatus.DRAFT, False, DraftState.IN_PROGRESS),
        (DraftStatus.READY_FOR_REVIEW, False, DraftState.WAITING_FOR_REVIEW),
        (DraftStatus.APPROVED, False, DraftState.READY_TO_FILE),
        (DraftStatus.FILED, False, DraftState.FILED),
        (DraftStatus.CLOSED, False, DraftState.CLOSED),
    ],
)
def test_every_draft_is_in_exactly_one_state_people_think_in(drafter, status, returned, state):
    draft = _draft(drafter, 5, status=status, reviewed_at=timezone.now() if returned else None)
    assert draft.state == state
    assert list(CreditRequestDraft.objects.in_state(state)) == [draft]


def test_a_too_late_request_keeps_the_deadline_it_missed():
    answers = {
        "credit_type": "service_outage",
        "role": "admin_agent",
        "partner_type": "direct",
        "incident_date": "2026-09-30",
        "tenant_id": "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
        "tenant_domains": ["contoso.com"],
        "outage_id": "EX25194",
        "evidence_email": "it@contoso.com",
    }
    today = date(2026, 11, 30)
    verdict = evaluate_answers(answers, today=today)
    draft = CreditRequestDraft()
    record_verdict(draft, verdict, today=today)
    assert verdict.outcome == rules.Outcome.NO_REFUND
    assert draft.deadline == date(2026, 10, 31)


def test_a_missed_deadline_is_flagged_as_a_closed_window_never_as_no_deadline(
    drafter_client, drafter
):
    _draft(drafter, -30, outcome="no_refund", eligible=False)
    html = drafter_client.get(HOME).content.decode()
    assert "Window closed" in html
    assert "No deadline" not in html


def test_a_missed_deadline_sorts_before_every_other_open_draft(drafter_client, drafter):
    soon = _draft(drafter, 1)
    none = _draft(drafter, None)
    missed = _draft(drafter, -30, outcome="no_refund", eligible=False)
    assert _listed(drafter_client.get(HOME)) == [missed.pk, soon.pk, none.pk]


def test_a_purchase_that_needs_no_request_says_so_instead_of_no_deadline(drafter_client, drafter):
    _draft(drafter, None, outcome="no_request_needed", eligible=False)
    html = drafter_client.get(HOME).content.decode()
    assert "No request needed" in html
    assert "No deadline" not in html


def test_my_drafts_counts_each_open_draft_in_one_urgency_group(drafter_client, drafter):
    _returned(drafter, days=-2)
    _draft(drafter, -1)
    _draft(drafter, 0)
    _draft(drafter, 7)
    _draft(drafter, 8)
    _draft(drafter, None)
    _draft(drafter, -5, status=DraftStatus.CLOSED)
    counts = drafter_client.get(HOME).context["counts"]
    assert counts == {
        "total": 6,
        "returned": 1,
        "overdue": 1,
        "due_soon": 2,
        "rest": 2,
    }


_DRAFT_SHAPES = st.lists(
    st.tuples(
        st.sampled_from(list(DraftStatus)),
        st.booleans(),
        st.one_of(st.none(), st.integers(min_value=-40, max_value=40)),
    ),
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shapes=_DRAFT_SHAPES)
def test_urgency_groups_never_overlap_and_add_up_to_the_total(drafter, shapes):
    CreditRequestDraft.objects.all().delete()
    for status, reviewed, days in shapes:
        _draft(drafter, days, status=status, reviewed_at=timezone.now() if reviewed else None)
    counts = CreditRequestDraft.objects.urgency_counts(_today())
    assert counts["total"] == len(shapes)
    assert min(counts.values()) >= 0
    assert counts["returned"] + counts["overdue"] + counts["due_soon"] + counts["rest"] == len(
        shapes
    )


def test_closed_drafts_leave_the_default_list(drafter_client, drafter):
    open_draft = _draft(drafter, 5)
    _draft(drafter, 5, status=DraftStatus.CLOSED)
    assert _listed(drafter_client.get(HOME)) == [open_draft.pk]


def test_closed_drafts_are_found_by_search(drafter_client, drafter):
    closed = _draft(drafter, 5, status=DraftStatus.CLOSED, customer_name="Fabrikam")
    assert _listed(drafter_client.get(HOME, {"q": "fabri"})) == [closed.pk]


def test_closed_drafts_are_listed_when_the_closed_status_is_chosen(drafter_client, drafter):
    _draft(drafter, 5)
    closed = _draft(drafter, 5, status=DraftStatus.CLOSED)
    assert _listed(drafter_client.get(HOME, {"status": "closed"})) == [closed.pk]


def test_the_returned_status_filter_lists_only_returned_drafts(drafter_client, drafter):
    _draft(drafter, 5)
    returned = _returned(drafter)
    assert _listed(drafter_client.get(HOME, {"status": "returned"})) == [returned.pk]


def test_a_reviewer_lands_on_the_review_queue_after_signing_in(client, reviewer):
    response = client.post(
        reverse("login"), {"username": reviewer.username, "password": TEST_PASSWORD}, follow=True
    )
    # A reviewer's second factor comes first, then the sign-in continues to the landing page.
    landing = reverse("drafts:landing")
    assert response.redirect_chain[-1][0].endswith(f"?next={landing}")
    client.force_login(reviewer)
    assert client.get(landing)["Location"] == QUEUE


def test_a_drafter_lands_on_my_drafts_after_signing_in(client, drafter):
    response = client.post(
        reverse("login"), {"username": drafter.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == HOME


def test_an_approved_draft_does_not_offer_review_this_draft(reviewer_client, drafter):
    draft = EligibleDraftFactory(owner=drafter, status=DraftStatus.APPROVED)
    html = reviewer_client.get(draft.get_absolute_url()).content.decode()
    assert "Review this draft" not in html


def test_a_draft_waiting_for_review_offers_review_this_draft(reviewer_client, drafter):
    draft = EligibleDraftFactory(owner=drafter, status=DraftStatus.READY_FOR_REVIEW)
    html = reviewer_client.get(draft.get_absolute_url()).content.decode()
    assert "Review this draft" in html


def test_after_a_resubmit_the_old_return_comment_is_no_longer_current(drafter, reviewer):
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    draft = services.return_for_changes(draft, by=reviewer, comment="Name the affected service.")
    draft = services.submit_for_review(draft, by=drafter)
    assert draft.review_comment == ""
    assert draft.reviewed_by is None
    assert draft.state == DraftState.WAITING_FOR_REVIEW


def test_the_owner_sees_the_current_return_comment_on_the_draft_page(drafter_client, drafter):
    reviewer = ReviewerFactory(organisation=drafter.organisation)
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    services.return_for_changes(draft, by=reviewer, comment="Name the affected service.")
    html = drafter_client.get(draft.get_absolute_url()).content.decode()
    assert "Needs your changes" in html
    assert "Name the affected service." in html


def test_the_queue_flags_drafts_due_before_a_review_can_finish(reviewer_client, organisation):
    owner = UserFactory(organisation=organisation)
    _draft(owner, 1, status=DraftStatus.READY_FOR_REVIEW)
    _draft(owner, 20, status=DraftStatus.READY_FOR_REVIEW)
    response = reviewer_client.get(QUEUE)
    flags = [row.deadline.review_at_risk for row in response.context["rows"]]
    assert flags == [True, False]


def test_the_queue_counts_overdue_due_soon_and_the_rest(reviewer_client, organisation):
    owner = UserFactory(organisation=organisation)
    _draft(owner, -1, status=DraftStatus.READY_FOR_REVIEW)
    _draft(owner, 3, status=DraftStatus.READY_FOR_REVIEW)
    _draft(owner, 30, status=DraftStatus.READY_FOR_REVIEW)
    _draft(owner, 3)  # not waiting for review
    counts = reviewer_client.get(QUEUE).context["counts"]
    assert (counts["overdue"], counts["due_soon"], counts["rest"]) == (1, 1, 1)


@pytest.mark.parametrize(
    ("group", "expected"), [("returned", "r"), ("overdue", "o"), ("due_soon", "s"), ("rest", "l")]
)
def test_each_count_links_to_the_drafts_it_counts(drafter_client, drafter, group, expected):
    drafts = {
        "r": _returned(drafter, days=-1),
        "o": _draft(drafter, -1),
        "s": _draft(drafter, 3),
        "l": _draft(drafter, 30),
    }
    response = drafter_client.get(HOME, {"due": group})
    assert _listed(response) == [drafts[expected].pk]
    assert f'href="?due={group}" aria-current="true"' in response.content.decode()


def test_the_queue_counts_link_to_the_drafts_due_soon(reviewer_client, organisation):
    owner = UserFactory(organisation=organisation)
    _draft(owner, -1, status=DraftStatus.READY_FOR_REVIEW)
    soon = _draft(owner, 3, status=DraftStatus.READY_FOR_REVIEW)
    assert _listed(reviewer_client.get(QUEUE, {"due": "due_soon"})) == [soon.pk]
