"""A draft's history in words: labels and values as people saw them, in their language."""

import pytest
from django.utils import translation

from creditrequests import services
from creditrequests.drafts.history import draft_history
from creditrequests.models import CloseReason
from tests.factories import DraftFactory, EligibleDraftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Another test's request may leave Swedish active in this thread."""
    with translation.override("en"):
        yield


def _edit(draft, by, **columns):
    for name, value in columns.items():
        setattr(draft, name, value)
    draft._history_user = by
    draft.save()
    return draft


def _all_changes(draft):
    return [
        (change.label, change.old, change.new)
        for entry in draft_history(draft)
        for change in entry.changes
    ]


def test_an_answer_change_shows_the_choice_as_the_wizard_named_it(drafter):
    draft = DraftFactory(owner=drafter, answers={"credit_type": "accidental_purchase"})
    _edit(draft, drafter, answers={"credit_type": "accidental_purchase", "offer": "legacy_m365"})
    assert ("Offer", "", "Microsoft 365 (legacy offer)") in _all_changes(draft)


def test_an_outcome_change_shows_the_outcome_in_words(drafter):
    draft = DraftFactory(owner=drafter, outcome="not_eligible")
    _edit(draft, drafter, outcome="review")
    assert ("Outcome", "Not eligible", "Microsoft reviews the request") in _all_changes(draft)


def test_a_save_that_changed_nothing_anyone_sees_is_not_an_entry(drafter):
    draft = DraftFactory(owner=drafter)
    _edit(draft, drafter, current_step="outage")
    assert [entry.event for entry in draft_history(draft)] == ["Created"]


def test_a_return_comment_stays_with_its_return_after_the_draft_is_approved(drafter, reviewer):
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    draft = services.return_for_changes(draft, by=reviewer, comment="Name the service.")
    draft = services.submit_for_review(draft, by=drafter)
    services.approve(draft, by=reviewer, comment="Good to go.")
    entries = {entry.event: entry for entry in draft_history(draft)}
    assert entries["Returned for changes"].comment == "Name the service."
    assert entries["Approved"].comment == "Good to go."
    assert all(
        "Name the service." not in (c.old, c.new)
        for entry in entries.values()
        for c in entry.changes
    )


def test_the_page_never_strikes_through_an_earlier_return_comment(
    drafter_client, drafter, reviewer
):
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    draft = services.return_for_changes(draft, by=reviewer, comment="Name the service.")
    draft = services.submit_for_review(draft, by=drafter)
    html = drafter_client.get(draft.get_absolute_url()).content.decode()
    assert "Name the service." in html
    assert "<del>Name the service.</del>" not in html


def test_closing_shows_the_reason_and_the_note_with_the_event(drafter):
    draft = services.close(
        DraftFactory(owner=drafter), by=drafter, reason=CloseReason.DUPLICATE, note="See CR-7"
    )
    latest = draft_history(draft)[0]
    assert (latest.event, latest.detail, latest.comment) == (
        "Closed without filing",
        "Duplicate of another draft",
        "See CR-7",
    )


def test_a_move_does_not_repeat_the_status_as_a_change(drafter):
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    latest = draft_history(draft)[0]
    assert latest.event == "Submitted for review"
    assert [change.label for change in latest.changes] == []


def test_the_history_is_worded_in_swedish_for_a_swedish_reader(drafter):
    draft = DraftFactory(owner=drafter, outcome="not_eligible", answers={"advisory": False})
    _edit(draft, drafter, outcome="review", answers={"advisory": True})
    with translation.override("sv"):
        changes = _all_changes(draft)
    assert ("Utfall", "Uppfyller inte villkoren", "Microsoft granskar begäran") in changes
    assert ("Rådgivande meddelande (advisory)", "Nej", "Ja") in changes


def test_an_answer_copied_into_a_column_is_one_change_not_two(drafter):
    draft = DraftFactory(owner=drafter, answers={"credit_type": "technical_issue"})
    answers = {"credit_type": "technical_issue", "customer_name": "Northwind Traders"}
    draft.set_answers(answers)
    _edit(draft, drafter)

    customer = [change for change in _all_changes(draft) if "Northwind" in change[2]]
    assert customer == [("Customer", "", "Northwind Traders")]
