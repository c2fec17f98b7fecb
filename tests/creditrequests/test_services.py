"""The life of a draft (services.py): every legal move, and every illegal one refused."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from creditrequests import services
from creditrequests.evaluation import request_date
from creditrequests.models import ClosedResult, CreditRequestDraft, DraftStatus
from creditrequests.services import Action
from tests.factories import EligibleDraftFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(drafter):
    return EligibleDraftFactory(owner=drafter)


def _in_status(draft, status, reviewer):
    """Walk a draft through the legal moves up to `status`."""
    order = [DraftStatus.DRAFT, DraftStatus.READY_FOR_REVIEW, DraftStatus.APPROVED]
    order += [DraftStatus.FILED, DraftStatus.CLOSED]
    steps = {
        DraftStatus.READY_FOR_REVIEW: lambda d: services.submit_for_review(d, by=d.owner),
        DraftStatus.APPROVED: lambda d: services.approve(d, by=reviewer),
        DraftStatus.FILED: lambda d: services.record_filing(
            d, by=d.owner, ticket="2604150010001234", filed_on=request_date()
        ),
        DraftStatus.CLOSED: lambda d: services.close_credited(d, by=d.owner, amount="100.00"),
    }
    for next_status in order[1 : order.index(status) + 1]:
        draft = steps[next_status](draft)
    return draft


def test_the_whole_life_of_a_draft_from_draft_to_credited(draft, reviewer):
    draft = services.submit_for_review(draft, by=draft.owner, expected_version=1)
    assert (draft.status, draft.version) == (DraftStatus.READY_FOR_REVIEW, 2)
    assert draft.submitted_at is not None
    draft = services.approve(draft, by=reviewer, expected_version=2, comment="Looks right.")
    assert (draft.status, draft.reviewed_by, draft.review_comment) == (
        DraftStatus.APPROVED,
        reviewer,
        "Looks right.",
    )
    draft = services.record_filing(
        draft, by=draft.owner, ticket=" 2604150010001234 ", filed_on=request_date()
    )
    assert (draft.status, draft.partner_center_ticket) == (DraftStatus.FILED, "2604150010001234")
    draft = services.close_credited(draft, by=reviewer, amount=Decimal("1250.00"))
    assert draft.status == DraftStatus.CLOSED
    assert (draft.closed_result, draft.credited_amount) == (
        ClosedResult.CREDITED,
        Decimal("1250.00"),
    )
    assert draft.version == 5


def test_a_filed_request_refused_by_microsoft_is_closed_with_the_reason(draft, reviewer):
    draft = _in_status(draft, DraftStatus.FILED, reviewer)
    draft = services.close_refused(draft, by=draft.owner, reason="Outside the SLA window.")
    assert (draft.status, draft.closed_result, draft.refusal_reason) == (
        DraftStatus.CLOSED,
        ClosedResult.REFUSED,
        "Outside the SLA window.",
    )


def test_a_returned_draft_goes_back_to_draft_with_the_comment(draft, reviewer):
    draft = services.submit_for_review(draft, by=draft.owner)
    draft = services.return_for_changes(draft, by=reviewer, comment="Add the ticket numbers.")
    assert draft.status == DraftStatus.DRAFT
    assert draft.review_comment == "Add the ticket numbers."
    assert draft.reviewed_by == reviewer


def test_an_approved_draft_not_yet_filed_can_still_be_returned(draft, reviewer):
    draft = _in_status(draft, DraftStatus.APPROVED, reviewer)
    draft = services.return_for_changes(draft, by=reviewer, comment="Wrong customer.")
    assert draft.status == DraftStatus.DRAFT


ILLEGAL_MOVES = [
    (DraftStatus.DRAFT, Action.APPROVE),
    (DraftStatus.DRAFT, Action.RETURN),
    (DraftStatus.DRAFT, Action.RECORD_FILING),
    (DraftStatus.DRAFT, Action.CLOSE_CREDITED),
    (DraftStatus.DRAFT, Action.CLOSE_REFUSED),
    (DraftStatus.READY_FOR_REVIEW, Action.SUBMIT),
    (DraftStatus.READY_FOR_REVIEW, Action.RECORD_FILING),
    (DraftStatus.READY_FOR_REVIEW, Action.CLOSE_CREDITED),
    (DraftStatus.APPROVED, Action.SUBMIT),
    (DraftStatus.APPROVED, Action.APPROVE),
    (DraftStatus.APPROVED, Action.CLOSE_REFUSED),
    (DraftStatus.FILED, Action.SUBMIT),
    (DraftStatus.FILED, Action.APPROVE),
    (DraftStatus.FILED, Action.RETURN),
    (DraftStatus.FILED, Action.RECORD_FILING),
    (DraftStatus.CLOSED, Action.SUBMIT),
    (DraftStatus.CLOSED, Action.APPROVE),
    (DraftStatus.CLOSED, Action.RETURN),
    (DraftStatus.CLOSED, Action.RECORD_FILING),
    (DraftStatus.CLOSED, Action.CLOSE_CREDITED),
    (DraftStatus.CLOSED, Action.CLOSE_REFUSED),
]


def _attempt(action, draft, reviewer):
    today = request_date()
    calls = {
        Action.SUBMIT: lambda: services.submit_for_review(draft, by=draft.owner),
        Action.APPROVE: lambda: services.approve(draft, by=reviewer),
        Action.RETURN: lambda: services.return_for_changes(draft, by=reviewer, comment="No."),
        Action.RECORD_FILING: lambda: services.record_filing(
            draft, by=draft.owner, ticket="123", filed_on=today
        ),
        Action.CLOSE_CREDITED: lambda: services.close_credited(draft, by=draft.owner, amount="1"),
        Action.CLOSE_REFUSED: lambda: services.close_refused(draft, by=draft.owner, reason="No."),
    }
    return calls[action]()


@pytest.mark.parametrize(("status", "action"), ILLEGAL_MOVES)
def test_an_illegal_move_is_refused_and_changes_nothing(draft, reviewer, status, action):
    draft = _in_status(draft, status, reviewer)
    before = CreditRequestDraft.objects.values().get(pk=draft.pk)
    history_before = draft.history.count()
    with pytest.raises(services.IllegalMove) as refused:
        _attempt(action, draft, reviewer)
    assert "cannot be" in refused.value.message
    assert CreditRequestDraft.objects.values().get(pk=draft.pk) == before
    assert draft.history.count() == history_before


def test_a_drafter_cannot_approve(draft, organisation):
    colleague = UserFactory(organisation=organisation)
    draft = services.submit_for_review(draft, by=draft.owner)
    with pytest.raises(services.NotPermitted, match="Only reviewers"):
        services.approve(draft, by=colleague)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY_FOR_REVIEW


def test_a_drafter_cannot_return_a_draft(draft, organisation):
    draft = services.submit_for_review(draft, by=draft.owner)
    with pytest.raises(services.NotPermitted):
        services.return_for_changes(draft, by=UserFactory(organisation=organisation), comment="x")


def test_a_reviewer_cannot_review_their_own_draft(reviewer):
    own = services.submit_for_review(EligibleDraftFactory(owner=reviewer), by=reviewer)
    with pytest.raises(services.NotPermitted, match="your own draft"):
        services.approve(own, by=reviewer)
    with pytest.raises(services.NotPermitted):
        services.return_for_changes(own, by=reviewer, comment="Self-review")


def test_a_reviewer_of_another_organisation_cannot_approve(draft):
    draft = services.submit_for_review(draft, by=draft.owner)
    with pytest.raises(services.NotPermitted, match="another organisation"):
        services.approve(draft, by=ReviewerFactory())


def test_only_the_owner_submits_their_draft(draft, reviewer):
    with pytest.raises(services.NotPermitted):
        services.submit_for_review(draft, by=reviewer)


@pytest.mark.parametrize(
    "columns",
    [{"eligible": False}, {"eligible": None}, {"details_text": ""}],
    ids=["ineligible", "never-evaluated", "no-details-text"],
)
def test_only_an_eligible_draft_with_details_text_can_be_submitted(drafter, columns):
    draft = EligibleDraftFactory(owner=drafter, **columns)
    with pytest.raises(services.NotEligible):
        services.submit_for_review(draft, by=drafter)
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (DraftStatus.DRAFT, 1)


def test_returning_needs_a_comment(draft, reviewer):
    draft = services.submit_for_review(draft, by=draft.owner)
    with pytest.raises(services.InvalidInput):
        services.return_for_changes(draft, by=reviewer, comment="   ")


@pytest.mark.parametrize("amount", ["0", "-5", "1.234", "abc", "NaN"])
def test_a_credited_amount_must_be_positive_with_two_decimals(draft, reviewer, amount):
    draft = _in_status(draft, DraftStatus.FILED, reviewer)
    with pytest.raises(services.InvalidInput):
        services.close_credited(draft, by=draft.owner, amount=amount)


def test_a_filing_date_in_the_future_is_refused(draft, reviewer):
    draft = _in_status(draft, DraftStatus.APPROVED, reviewer)
    with pytest.raises(services.InvalidInput):
        services.record_filing(
            draft, by=draft.owner, ticket="1", filed_on=request_date() + timedelta(days=1)
        )


def test_a_stale_version_is_refused_with_the_draft_as_it_is_now(draft, reviewer):
    draft = services.submit_for_review(draft, by=draft.owner)
    other = ReviewerFactory(organisation=draft.organisation)
    services.approve(draft, by=other, expected_version=2)
    with pytest.raises(services.StaleDraft) as refused:
        services.return_for_changes(draft, by=reviewer, comment="Too late", expected_version=2)
    assert "Someone else changed this draft a moment ago" in refused.value.message
    assert refused.value.draft.status == DraftStatus.APPROVED
    assert refused.value.draft.review_comment == ""


def test_a_forged_old_version_with_the_right_status_is_refused(draft, reviewer):
    draft = services.submit_for_review(draft, by=draft.owner)
    draft = services.return_for_changes(draft, by=reviewer, comment="Fix it")
    draft = services.submit_for_review(draft, by=draft.owner)
    with pytest.raises(services.StaleDraft):
        services.approve(draft, by=reviewer, expected_version=2)


def test_a_double_clicked_button_acts_once(draft, reviewer):
    draft = services.submit_for_review(draft, by=draft.owner)
    first = services.approve(draft, by=reviewer, expected_version=2)
    second = services.approve(draft, by=reviewer, expected_version=2)
    assert first.version == second.version == 3
    assert draft.history.filter(history_change_reason="Approved").count() == 1


def test_every_move_is_in_the_history_with_who_did_it(draft, reviewer):
    draft = services.submit_for_review(draft, by=draft.owner)
    draft = services.return_for_changes(draft, by=reviewer, comment="Fix it")
    records = list(draft.history.order_by("history_date", "history_id"))
    assert [(r.history_change_reason, r.history_user) for r in records[1:]] == [
        ("Submitted for review", draft.owner),
        ("Returned for changes", reviewer),
    ]
    assert records[-1].status == DraftStatus.DRAFT


def test_available_actions_follow_status_and_role(draft, reviewer):
    assert services.available_actions(draft, draft.owner) == [Action.SUBMIT, Action.CLOSE]
    assert services.available_actions(draft, reviewer) == [Action.CLOSE]
    draft = services.submit_for_review(draft, by=draft.owner)
    assert services.available_actions(draft, draft.owner) == [Action.WITHDRAW, Action.CLOSE]
    assert services.available_actions(draft, reviewer) == [
        Action.APPROVE,
        Action.RETURN,
        Action.CLOSE,
    ]
    draft = services.approve(draft, by=reviewer)
    assert services.available_actions(draft, draft.owner) == [
        Action.RECORD_FILING,
        Action.WITHDRAW,
        Action.CLOSE,
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs real concurrent transactions with row locks (PostgreSQL); CI runs it there",
)
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_acting_at_the_same_moment_exactly_one_wins():
    first_reviewer = ReviewerFactory()
    organisation = first_reviewer.organisation
    second_reviewer = ReviewerFactory(organisation=organisation)
    draft = EligibleDraftFactory(owner=UserFactory(organisation=organisation))
    draft = services.submit_for_review(draft, by=draft.owner)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(move):
        try:
            barrier.wait()
            move()
            outcomes.append("won")
        except services.StaleDraft:
            outcomes.append("stale")
        finally:
            close_old_connections()
            connection.close()

    moves = [
        lambda: services.approve(
            CreditRequestDraft.objects.get(pk=draft.pk), by=first_reviewer, expected_version=2
        ),
        lambda: services.return_for_changes(
            CreditRequestDraft.objects.get(pk=draft.pk),
            by=second_reviewer,
            comment="Wrong tenant",
            expected_version=2,
        ),
    ]
    threads = [threading.Thread(target=act, args=(move,)) for move in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["stale", "won"]
    draft.refresh_from_db()
    assert draft.version == 3
    assert draft.history.exclude(history_change_reason=None).count() == 2  # submit + one winner
