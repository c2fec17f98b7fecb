"""Closing a draft without filing, withdrawing it from review, reopening it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from creditrequests import services
from creditrequests.evaluation import request_date
from creditrequests.models import ClosedResult, CloseReason, DraftState, DraftStatus
from tests.factories import DraftFactory, EligibleDraftFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db
HOME = reverse("drafts:home")


def _today():
    return request_date()


def _url(name, draft):
    return reverse(f"drafts:{name}", args=[draft.public_id])


def _history_reasons(draft):
    return list(
        draft.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )


def test_the_owner_closes_a_draft_with_a_reason_and_a_note(drafter):
    draft = services.close(
        DraftFactory(owner=drafter), by=drafter, reason=CloseReason.DUPLICATE, note="See CR-0042"
    )
    assert draft.status == DraftStatus.CLOSED
    assert (draft.close_reason, draft.close_note) == (CloseReason.DUPLICATE, "See CR-0042")
    assert _history_reasons(draft)[-1] == "Closed without filing"


def test_a_reviewer_may_close_a_colleagues_draft(drafter, reviewer):
    draft = services.close(DraftFactory(owner=drafter), by=reviewer, reason=CloseReason.TOO_LATE)
    assert draft.status == DraftStatus.CLOSED


def test_a_colleague_who_is_not_a_reviewer_may_not_close_the_draft(drafter, organisation):
    colleague = UserFactory(organisation=organisation)
    with pytest.raises(services.NotPermitted):
        services.close(DraftFactory(owner=drafter), by=colleague, reason=CloseReason.WITHDRAWN)


def test_closing_without_a_known_reason_is_refused_and_changes_nothing(drafter):
    draft = DraftFactory(owner=drafter)
    with pytest.raises(services.InvalidInput):
        services.close(draft, by=drafter, reason="bored")
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT


def test_a_filed_draft_cannot_be_closed_without_microsofts_answer(drafter):
    draft = DraftFactory(owner=drafter, status=DraftStatus.FILED)
    with pytest.raises(services.IllegalMove):
        services.close(draft, by=drafter, reason=CloseReason.WITHDRAWN)


def test_a_closed_draft_reopens_in_progress_without_its_reason(drafter):
    draft = services.close(DraftFactory(owner=drafter), by=drafter, reason=CloseReason.WITHDRAWN)
    draft = services.reopen(draft, by=drafter)
    assert draft.state == DraftState.IN_PROGRESS
    assert draft.close_reason == ""
    assert _history_reasons(draft)[-2:] == ["Closed without filing", "Reopened"]


def test_a_request_microsoft_answered_cannot_be_reopened(drafter):
    draft = DraftFactory(
        owner=drafter, status=DraftStatus.CLOSED, closed_result=ClosedResult.CREDITED
    )
    assert services.Action.REOPEN not in services.available_actions(draft, drafter)
    with pytest.raises(services.IllegalMove):
        services.reopen(draft, by=drafter)


def test_the_owner_withdraws_a_draft_from_review_to_change_it(drafter):
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    draft = services.withdraw(draft, by=drafter)
    assert draft.state == DraftState.IN_PROGRESS
    assert _history_reasons(draft)[-1] == "Withdrawn from review"


def test_only_the_owner_withdraws_a_draft_from_review(drafter, reviewer):
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    with pytest.raises(services.NotPermitted):
        services.withdraw(draft, by=reviewer)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ({"outcome": "no_request_needed", "eligible": False}, CloseReason.NO_REQUEST_NEEDED),
        ({"outcome": "no_refund", "eligible": False, "days": -3}, CloseReason.TOO_LATE),
        ({"outcome": "review", "eligible": True, "days": 10}, None),
        ({"outcome": "no_refund", "days": -3, "status": DraftStatus.FILED}, None),
    ],
)
def test_one_click_close_is_offered_only_when_nothing_can_be_requested(drafter, columns, expected):
    days = columns.pop("days", None)
    deadline = None if days is None else _today() + timedelta(days=days)
    draft = DraftFactory(owner=drafter, deadline=deadline, **columns)
    assert services.suggested_close_reason(draft, _today()) == expected


def test_a_too_late_draft_is_closed_in_one_click_and_leaves_my_drafts(drafter_client, drafter):
    draft = DraftFactory(owner=drafter, outcome="no_refund", deadline=_today() - timedelta(days=30))
    page = drafter_client.get(draft.get_absolute_url()).content.decode()
    assert "Close: too late" in page
    response = drafter_client.post(
        _url("quick_close", draft), {"version": draft.version, "reason": "too_late"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.close_reason == CloseReason.TOO_LATE
    assert drafter_client.get(HOME).context["rows"] == []


def test_a_no_request_needed_draft_offers_close_instead_of_finish_in_the_wizard(
    drafter_client, drafter
):
    draft = DraftFactory(owner=drafter, outcome="no_request_needed", eligible=False)
    page = drafter_client.get(draft.get_absolute_url()).content.decode()
    assert "Close: no request needed" in page
    assert "Finish the request in the wizard first" not in page


def test_closing_without_a_reason_shows_the_message_next_to_the_field(drafter_client, drafter):
    draft = DraftFactory(owner=drafter)
    response = drafter_client.post(
        _url("close_draft", draft), {"version": draft.version, "note": "typed text stays"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert html.count("Choose why you are closing the draft.") == 2
    assert "typed text stays" in html


def test_the_close_form_closes_with_the_chosen_reason(drafter_client, drafter):
    draft = DraftFactory(owner=drafter)
    drafter_client.post(
        _url("close_draft", draft),
        {"version": draft.version, "reason": "handled_elsewhere", "note": "Our distributor"},
    )
    draft.refresh_from_db()
    assert (draft.close_reason, draft.close_note) == ("handled_elsewhere", "Our distributor")


def test_the_reopen_button_brings_the_draft_back_to_my_drafts(drafter_client, drafter):
    draft = services.close(DraftFactory(owner=drafter), by=drafter, reason=CloseReason.WITHDRAWN)
    drafter_client.post(_url("reopen", draft), {"version": draft.version})
    assert [row.draft.pk for row in drafter_client.get(HOME).context["rows"]] == [draft.pk]


def test_a_stale_close_is_refused_with_the_current_draft(drafter_client, drafter):
    draft = DraftFactory(owner=drafter)
    response = drafter_client.post(
        _url("close_draft", draft), {"version": draft.version + 5, "reason": "withdrawn"}
    )
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT


def test_someone_from_another_organisation_cannot_close_the_draft(client, drafter):
    draft = DraftFactory(owner=drafter)
    client.force_login(ReviewerFactory())
    response = client.post(_url("close_draft", draft), {"version": 1, "reason": "withdrawn"})
    assert response.status_code == 404
