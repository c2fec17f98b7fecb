"""The review queue and the review page: verdict then and now, approve, return, conflicts."""

from datetime import timedelta

import pytest
from django.urls import reverse

from creditrequests import services
from creditrequests.drafts import verdicts
from creditrequests.evaluation import request_date
from creditrequests.models import DraftStatus
from tests.factories import DraftFactory, EligibleDraftFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("drafts:review_queue")


@pytest.fixture
def submitted(drafter):
    return services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)


def _review_url(draft):
    return reverse("drafts:review", args=[draft.public_id])


def test_the_queue_lists_the_organisations_drafts_ready_for_review(
    reviewer_client, submitted, drafter
):
    DraftFactory(owner=drafter)  # still a draft
    DraftFactory(status=DraftStatus.READY_FOR_REVIEW)  # another organisation
    response = reviewer_client.get(QUEUE)
    assert [row.draft.pk for row in response.context["rows"]] == [submitted.pk]
    assert _review_url(submitted) in response.content.decode()


def test_the_queue_is_sorted_by_deadline(reviewer_client, organisation):
    today = request_date()
    owner = UserFactory(organisation=organisation)
    later, sooner = (
        DraftFactory(
            owner=owner,
            status=DraftStatus.READY_FOR_REVIEW,
            deadline=today + timedelta(days=days),
        )
        for days in (20, 3)
    )
    rows = reviewer_client.get(QUEUE).context["rows"]
    assert [row.draft.pk for row in rows] == [sooner.pk, later.pk]


@pytest.mark.parametrize("count", [5, 50])
def test_the_queue_takes_a_constant_number_of_queries(
    client, organisation, reviewer, django_assert_num_queries, count
):
    owners = [UserFactory(organisation=organisation) for _ in range(3)]
    for number in range(count):
        DraftFactory(owner=owners[number % 3], status=DraftStatus.READY_FOR_REVIEW)
    client.force_login(reviewer)
    # session, user with its organisation, urgency counts, paginator count, page with owners
    with django_assert_num_queries(5):
        assert client.get(QUEUE).status_code == 200


def test_the_review_page_shows_answers_details_text_and_both_verdicts(reviewer_client, submitted):
    response = reviewer_client.get(_review_url(submitted))
    html = response.content.decode()
    assert response.status_code == 200
    assert "EX25194" in html
    assert "Customer tenant ID: 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14" in html
    assert "Recomputed today" in html
    assert "Under the rule set it was drafted with" in html
    assert "Approve" in html and "Return for changes" in html


def test_a_difference_between_the_verdicts_is_pointed_out(reviewer_client, submitted, monkeypatch):
    then = verdicts.VerdictView("2021-03-31", True, "review", "Review", None)
    now = verdicts.VerdictView("2027-01-01", False, "no_refund", "No refund", None, ["Too late"])
    comparison = verdicts.VerdictComparison(now, then, verdicts.differences(now, then))
    monkeypatch.setattr("creditrequests.drafts.review.compare", lambda draft, today: comparison)
    html = reviewer_client.get(_review_url(submitted)).content.decode()
    assert "The verdict is different today" in html
    assert "no longer eligible today" in html
    assert "The outcome changed from “Review” to “No refund”" in html
    assert "Too late" in html


def test_differences_name_eligibility_outcome_deadline_and_problems():
    day = request_date()
    then = verdicts.VerdictView("a", True, "review", "Review", day)
    now = verdicts.VerdictView(
        "b",
        False,
        "no_refund",
        "No refund",
        day + timedelta(days=1),
        ["x"],
        frozenset({("x", None)}),
    )
    found = verdicts.differences(now, then)
    assert len(found) == 4
    assert verdicts.differences(then, then) == []


def test_an_unknown_rule_set_version_is_explained_not_a_500(reviewer_client, drafter):
    draft = services.submit_for_review(
        EligibleDraftFactory(owner=drafter, rule_set_version="1999-01-01"), by=drafter
    )
    response = reviewer_client.get(_review_url(draft))
    assert response.status_code == 200
    assert "is not available" in response.content.decode()


def test_a_reviewer_approves(reviewer_client, submitted, reviewer):
    response = reviewer_client.post(
        _review_url(submitted), {"version": 2, "decision": "approve", "comment": ""}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == (DraftStatus.APPROVED, reviewer)


def test_a_reviewer_returns_with_a_comment(reviewer_client, submitted):
    reviewer_client.post(
        _review_url(submitted),
        {"version": 2, "decision": "return", "comment": "Add the support ticket numbers."},
    )
    submitted.refresh_from_db()
    assert submitted.status == DraftStatus.DRAFT
    assert submitted.review_comment == "Add the support ticket numbers."


def test_returning_without_a_comment_asks_for_one(reviewer_client, submitted):
    response = reviewer_client.post(
        _review_url(submitted), {"version": 2, "decision": "return", "comment": "  "}
    )
    assert response.status_code == 200
    assert "Write a comment saying what to change" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == DraftStatus.READY_FOR_REVIEW


def test_the_second_reviewer_is_told_and_keeps_their_comment(reviewer_client, submitted):
    services.approve(submitted, by=ReviewerFactory(organisation=submitted.organisation))
    response = reviewer_client.post(
        _review_url(submitted),
        {"version": 2, "decision": "return", "comment": "The tenant ID looks wrong."},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this draft a moment ago; here is what it looks like now" in html
    assert "The tenant ID looks wrong." in html
    assert "Approved" in html
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_comment) == (DraftStatus.APPROVED, "")


def test_a_double_clicked_approve_acts_once(reviewer_client, submitted):
    for _click in range(2):
        response = reviewer_client.post(
            _review_url(submitted), {"version": 2, "decision": "approve"}
        )
        assert response.status_code == 302
    assert submitted.history.filter(history_change_reason="Approved").count() == 1


def test_approving_a_draft_that_was_never_submitted_is_refused(reviewer_client, drafter):
    draft = EligibleDraftFactory(owner=drafter)
    response = reviewer_client.post(_review_url(draft), {"version": 1, "decision": "approve"})
    assert response.status_code == 409
    assert "cannot be approved now" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (DraftStatus.DRAFT, 1)


def test_a_reviewer_sees_no_decision_form_on_their_own_draft(client, reviewer):
    own = services.submit_for_review(EligibleDraftFactory(owner=reviewer), by=reviewer)
    client.force_login(reviewer)
    html = client.get(_review_url(own)).content.decode()
    assert "This is your own draft" in html
    response = client.post(_review_url(own), {"version": 2, "decision": "approve"})
    assert response.status_code == 403


def test_the_queue_csv_has_the_drafts_and_escapes_formulas(reviewer_client, drafter):
    draft = EligibleDraftFactory(owner=drafter, customer_name='=HYPERLINK("http://x")')
    services.submit_for_review(draft, by=drafter)
    response = reviewer_client.get(reverse("drafts:review_queue_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0].startswith("Reference,Customer,Credit type")
    assert "'=HYPERLINK" in lines[1]
    assert draft.reference in lines[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+46", "'+46"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Contoso", "Contoso"),
        (None, ""),
    ],
)
def test_csv_cells_that_could_run_as_formulas_are_prefixed(value, expected):
    from creditrequests.drafts.review import csv_cell

    assert csv_cell(value) == expected


def test_the_queue_csv_keeps_the_filters(reviewer_client, drafter):
    for customer in ("Tailspin", "Contoso"):
        services.submit_for_review(
            EligibleDraftFactory(owner=drafter, customer_name=customer), by=drafter
        )
    response = reviewer_client.get(reverse("drafts:review_queue_csv"), {"q": "tail"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Tailspin" in body and "Contoso" not in body


def test_when_the_draft_went_back_to_draft_meanwhile_the_comment_is_still_shown(
    reviewer_client, submitted
):
    other = ReviewerFactory(organisation=submitted.organisation)
    services.return_for_changes(submitted, by=other, comment="Fix the date.")
    response = reviewer_client.post(
        _review_url(submitted), {"version": 2, "decision": "approve", "comment": "All good to me."}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this draft a moment ago" in html
    assert "Your comment, not saved:" in html
    assert "All good to me." in html
    assert 'name="decision"' not in html


def test_a_role_declared_differently_from_the_profile_is_pointed_out(reviewer_client, submitted):
    submitted.owner.partner_center_role = "billing_admin"
    submitted.owner.save(update_fields=["partner_center_role"])
    html = reviewer_client.get(_review_url(submitted)).content.decode()
    assert "Check who is asking" in html
    assert "their Partner Center role is Admin agent" in html
    assert "their profile here says Billing admin" in html


def test_a_requester_matching_the_profile_raises_no_flag(reviewer_client, submitted):
    html = reviewer_client.get(_review_url(submitted)).content.decode()
    assert "Check who is asking" not in html
