"""What a draft says to do next, wherever it shows: the result page, lists, calendar, mail."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from creditrequests.evaluation import evaluate_answers, record_verdict, request_date
from creditrequests.models import CreditRequestDraft, DraftStatus
from tests.factories import DraftFactory, EligibleDraftFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

SUBSCRIPTION = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
CHECKED = ["requester", "credit-type", "customer", "purchase", "new-commerce"]


def seats_added(owner, hours_ago: int) -> CreditRequestDraft:
    """A finished new commerce draft: seats added `hours_ago` hours ago (window: 168 hours)."""
    moment = (timezone.now().astimezone(UTC) - timedelta(hours=hours_ago)).replace(
        second=0, microsecond=0
    )
    answers = {
        "credit_type": "accidental_purchase",
        "role": "admin_agent",
        "partner_type": "direct",
        "customer_name": "Northwind Traders",
        "partner_reference": "CASE 7/2026",
        "bought_from": "csp",
        "commerce": "new_commerce",
        "product": "license_based",
        "event": "seat_addition",
        "event_time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "subscription_id": SUBSCRIPTION,
        "description": "20 seats were added by mistake.",
    }
    draft = DraftFactory(
        owner=owner,
        credit_type="accidental_purchase",
        completed_steps=[*CHECKED, "accidental-purchase", "evidence", "check"],
        current_step="check",
    )
    draft.set_answers(answers)
    today = request_date()
    record_verdict(draft, evaluate_answers(answers, today=today), today=today)
    draft.save()
    return draft


def test_a_self_service_window_gives_the_draft_its_moment_and_day(drafter):
    draft = seats_added(drafter, hours_ago=24)
    assert draft.action == "reduce_seats_in_partner_center"
    assert draft.act_by == draft.act_by.astimezone(UTC)
    assert draft.deadline == draft.act_by.astimezone(UTC).date()
    assert draft.details_text == ""


def test_my_drafts_shows_the_moment_to_act_by_and_the_time_left(drafter_client, drafter):
    seats_added(drafter, hours_ago=24)
    page = drafter_client.get(reverse("drafts:home")).content.decode()
    assert "Reduce seats by" in page and " UTC" in page
    assert re.search(r"[56] days( \d+ hours?)? left", page)


def test_a_closed_window_is_flagged_in_the_list(drafter_client, drafter):
    draft = seats_added(drafter, hours_ago=24)
    CreditRequestDraft.objects.filter(pk=draft.pk).update(
        act_by=timezone.now() - timedelta(hours=1)
    )
    page = drafter_client.get(reverse("drafts:home")).content.decode()
    assert "Window closed" in page


def test_the_calendar_entry_ends_at_the_moment_to_act_by(drafter_client, drafter):
    draft = seats_added(drafter, hours_ago=24)
    response = drafter_client.get(reverse("drafts:deadline_ics", args=[draft.public_id]))
    body = response.content.decode()
    end = draft.act_by.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTEND:{end}" in body
    assert "BEGIN:VALARM" in body and "TRIGGER:-P1D" in body
    assert "reduce its seats" in body.replace("\r\n ", "")


def test_the_result_page_offers_the_calendar_entry_and_partner_center(drafter_client, drafter):
    draft = seats_added(drafter, hours_ago=24)
    page = drafter_client.get(reverse("wizard:result", args=[draft.public_id])).content.decode()
    assert reverse("drafts:deadline_ics", args=[draft.public_id]) in page
    assert "Partner Center: Customers, then the subscription" in page
    assert "Submit for review" not in page  # nothing to file


def test_the_deadline_mail_says_to_act_in_partner_center(drafter):
    ReviewerFactory(organisation=drafter.organisation)
    seats_added(drafter, hours_ago=150)
    call_command("send_deadline_reminders", verbosity=0)
    body = mail.outbox[0].body
    assert "yourself in Partner Center by" in body and "UTC" in body
    assert "last day to file" not in body


def test_an_eligible_draft_is_submitted_for_review_from_the_result_page(drafter_client, drafter):
    ReviewerFactory(organisation=drafter.organisation)
    draft = EligibleDraftFactory(
        owner=drafter,
        completed_steps=["check"],
        answers__evidence_attached=["request_form"],
    )
    page = drafter_client.get(reverse("wizard:result", args=[draft.public_id])).content.decode()
    assert "Submit for review" in page
    assert "Microsoft&#x27;s article on credit requests" in page
    assert "Service Health in the Microsoft 365 admin center" in page

    response = drafter_client.post(
        reverse("drafts:submit", args=[draft.public_id]), {"version": draft.version}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY_FOR_REVIEW


def test_the_details_text_file_is_named_after_the_customer_and_reference(drafter_client, drafter):
    draft = EligibleDraftFactory(owner=drafter, completed_steps=["check"], reference="CR 12/A")
    for url in (
        reverse("wizard:download", args=[draft.public_id]),
        reverse("drafts:details_txt", args=[draft.public_id]),
    ):
        response = drafter_client.get(url)
        assert response["Content-Disposition"] == (
            'attachment; filename="credit-request-contoso-ltd-cr-12a.txt"'
        )


def test_a_duplicate_is_pointed_out_on_the_result_page(drafter_client, drafter):
    first = EligibleDraftFactory(owner=drafter, completed_steps=["check"], reference="SAME-1")
    second = EligibleDraftFactory(owner=drafter, completed_steps=["check"], reference="SAME-1")
    page = drafter_client.get(reverse("wizard:result", args=[second.public_id])).content.decode()
    assert "This may be a duplicate" in page
    assert first.get_absolute_url() in page


def test_a_role_answer_unlike_the_profile_is_flagged_on_the_result_page(drafter_client, drafter):
    draft = EligibleDraftFactory(owner=drafter, completed_steps=["check"])
    draft.answers = {**draft.answers, "role": "global_admin"}
    draft.save()
    page = drafter_client.get(reverse("wizard:result", args=[draft.public_id])).content.decode()
    assert 'data-testid="role-flag"' in page


def test_the_moment_is_shown_in_utc_whatever_the_sites_time_zone(drafter_client, drafter):
    draft = seats_added(drafter, hours_ago=2)
    expected = draft.act_by.astimezone(UTC).strftime("%H:%M")
    page = drafter_client.get(reverse("drafts:home")).content.decode()
    assert f"{expected} UTC" in page
    assert datetime.now(UTC) < draft.act_by


def test_a_reviewer_sees_that_a_late_new_commerce_request_is_an_exception(
    client, drafter, reviewer
):
    from creditrequests import services

    draft = seats_added(drafter, hours_ago=200)
    assert draft.eligible and "by exception" in draft.details_text
    services.submit_for_review(draft, by=drafter, expected_version=draft.version)
    client.force_login(reviewer)
    page = client.get(reverse("drafts:review", args=[draft.public_id])).content.decode()
    assert "Check before you file" in page
    assert page.count("the new commerce cancellation window of 168 hours") == 2  # both verdicts


def test_the_draft_page_says_to_act_in_partner_center_before_closing(drafter_client, drafter):
    draft = seats_added(drafter, hours_ago=24)
    page = drafter_client.get(draft.get_absolute_url()).content.decode()
    assert "First reduce the seats yourself in Partner Center by" in page
    assert page.index("First reduce the seats") < page.index("Close: no request needed")


def test_check_your_answers_does_not_promise_a_details_text_when_none_is_written(
    drafter_client, drafter
):
    draft = seats_added(drafter, hours_ago=24)
    url = reverse("wizard:step", kwargs={"public_id": draft.public_id, "step": "check"})
    page = drafter_client.get(url).content.decode()
    assert "Finish: see what to do" in page
    assert "Write the Details text" not in page
