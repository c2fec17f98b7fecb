"""Incorrect information asks what Microsoft said on a page of its own, before what happened;
drafts saved when those questions were on "What happened" resume on the two pages."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from creditrequests.models import CreditRequestDraft
from creditrequests.wizard.steps import STEPS
from tests.creditrequests.test_wizard_flows import (
    CUSTOMER,
    FLOWS,
    REQUESTER,
    days_ago,
    fill_common_steps,
    start,
    step_url,
    submit,
)
from tests.factories import TEST_PASSWORD, DraftFactory

split = importlib.import_module("creditrequests.migrations.0013_split_statement_step")

FORMS = dict(STEPS)
STATEMENT_FIELDS = {"microsoft_statement", "statement_where_when", "statement_by", "statement_cost"}
ISSUE_FIELDS = {
    "description",
    "issue_date",
    "references",
    "tenant_id",
    "amount",
    "currency",
    "support_ticket_numbers",
}

# Every answer of the old "What happened" page for incorrect information, as saved.
OLD_ANSWERS = {
    **REQUESTER,
    **CUSTOMER,
    "credit_type": "incorrect_information",
    "microsoft_statement": "The price is 10 EUR per user a month.",
    "statement_where_when": "Partner Center price list, 3 March",
    "statement_by": "Partner support agent",
    "statement_cost": "2 EUR per user a month for 10 users",
    "description": "Microsoft quoted 10 EUR per user; the invoice says 12 EUR.",
    "issue_date": days_ago(20),
    "support_ticket_numbers": "2603030040001234",
    "amount": "240.00",
    "currency": "SEK",
    "evidence_attached": ["request_form", "incorrect_information"],
}
COMMON = ["requester", "credit-type", "customer"]


def old_draft(owner, completed, *, answers=OLD_ANSWERS, unsaved_input=None):
    draft = DraftFactory(
        owner=owner,
        customer_name="Contoso Ltd",
        credit_type=answers["credit_type"],
        answers=dict(answers),
        completed_steps=completed,
        unsaved_input=unsaved_input or {},
    )
    split.split_statement_step(apps, None)
    draft.refresh_from_db()
    return draft


def resume(client, draft):
    return client.get(reverse("wizard:resume", args=[draft.public_id]))


def form_fields(step, **kwargs):
    return set(FORMS[step](prefix=step, **kwargs).fields)


def test_the_statement_page_asks_what_microsoft_said_and_what_happened_the_rest():
    assert form_fields("statement") == STATEMENT_FIELDS
    assert form_fields("issue", credit_type="incorrect_information") == ISSUE_FIELDS
    # A technical issue asks the same as before, the support ticket number included.
    assert form_fields("issue", credit_type="technical_issue") == ISSUE_FIELDS


def test_the_migration_moves_exactly_the_questions_of_the_statement_page():
    assert set(split.MOVED_FIELDS) == set(FORMS["statement"].base_fields)
    assert not set(split.MOVED_FIELDS) & set(FORMS["issue"].base_fields)


@pytest.mark.parametrize(
    ("credit_type", "pages"),
    [
        ("incorrect_information", {"statement": "Step 4 of 7", "issue": "Step 5 of 7"}),
        ("technical_issue", {"issue": "Step 4 of 6"}),
    ],
)
def test_step_n_of_m_counts_the_statement_page_only_for_incorrect_information(
    drafter_client, credit_type, pages
):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, credit_type)
    for step, count in pages.items():
        page = drafter_client.get(step_url(public_id, step)).content.decode()
        assert count in page, step


def test_a_technical_issue_has_no_statement_page(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")

    response = drafter_client.get(step_url(public_id, "statement"))

    assert response["Location"] == step_url(public_id, "issue")


def test_incorrect_information_goes_from_the_customer_to_what_microsoft_said(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "incorrect_information")
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.current_step == "statement"

    statement = submit(drafter_client, public_id, *FLOWS["incorrect_information"][0])

    assert statement["Location"] == step_url(public_id, "issue")
    page = drafter_client.get(step_url(public_id, "issue")).content.decode()
    assert "What happened as a result?" in page
    assert "What did Microsoft say?" not in page


def test_check_your_answers_lists_what_microsoft_said_under_its_own_page(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "incorrect_information")
    for step, answers in FLOWS["incorrect_information"]:
        submit(drafter_client, public_id, step, answers)

    page = drafter_client.get(step_url(public_id, "check")).content.decode()

    assert f'href="{step_url(public_id, "statement")}?return=check' in page
    statement, issue = page.index("What did Microsoft say?"), page.index("What happened as a")
    assert statement < issue
    assert "The price is 10 EUR per user a month." in page


def test_a_finished_old_draft_counts_the_statement_page_as_completed(client, drafter):
    completed = [*COMMON, "issue", "evidence", "check"]
    draft = old_draft(drafter, completed)

    assert draft.completed_steps == [*COMMON, "statement", "issue", "evidence", "check"]
    client.login(username=drafter.username, password=TEST_PASSWORD)
    assert resume(client, draft)["Location"] == step_url(draft.public_id, "check")
    page = client.get(step_url(draft.public_id, "check")).content.decode()
    assert 'data-testid="step-errors"' not in page
    for value in [
        "The price is 10 EUR per user a month.",
        "Partner support agent",
        "2603030040001234",
    ]:
        assert value in page
    finished = submit(client, draft.public_id, "check", {})
    assert finished["Location"] == reverse("wizard:result", args=[draft.public_id])


def test_an_old_draft_stopped_before_what_happened_resumes_on_what_microsoft_said(client, drafter):
    draft = old_draft(drafter, COMMON)

    assert draft.completed_steps == COMMON
    client.login(username=drafter.username, password=TEST_PASSWORD)
    assert resume(client, draft)["Location"] == step_url(draft.public_id, "statement")
    page = client.get(step_url(draft.public_id, "statement")).content.decode()
    assert "The price is 10 EUR per user a month." in page


def test_input_kept_as_typed_on_the_old_page_moves_to_the_statement_page(client, drafter):
    typed = {
        "issue-microsoft_statement": [""],
        "issue-statement_where_when": ["Partner Center chat"],
        "issue-statement_by": [""],
        "issue-statement_cost": [""],
        "issue-description": ["Billed 12 EUR."],
        "issue-issue_date": [days_ago(20)],
        "issue-amount": ["12.345"],
    }
    answers = {**REQUESTER, **CUSTOMER, "credit_type": "incorrect_information"}
    draft = old_draft(drafter, COMMON, answers=answers, unsaved_input={"issue": typed})

    assert draft.unsaved_input == {
        "statement": {
            "statement-microsoft_statement": [""],
            "statement-statement_where_when": ["Partner Center chat"],
            "statement-statement_by": [""],
            "statement-statement_cost": [""],
        },
        "issue": {
            "issue-description": ["Billed 12 EUR."],
            "issue-issue_date": [days_ago(20)],
            "issue-amount": ["12.345"],
        },
    }
    client.login(username=drafter.username, password=TEST_PASSWORD)
    assert resume(client, draft)["Location"] == step_url(draft.public_id, "statement")
    statement = client.get(step_url(draft.public_id, "statement")).content.decode()
    assert 'value="Partner Center chat"' in statement
    assert 'id="id_statement-microsoft_statement_error"' in statement
    issue = client.get(step_url(draft.public_id, "issue")).content.decode()
    assert 'value="12.345"' in issue and 'id="id_issue-amount_error"' in issue


def test_an_old_session_copy_is_rebuilt_from_the_draft_so_no_answer_is_dropped(
    drafter_client,
):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "incorrect_information")
    statement, issue = FLOWS["incorrect_information"][:2]
    submit(drafter_client, public_id, *statement)
    # A session copy made before the split: what Microsoft said is still on issue.
    session = drafter_client.session
    key = f"wizard_draft_{public_id.hex}"
    step_data = session[key]["step_data"]
    step_data["issue"] = {f"issue-{name}": [value] for name, value in statement[1].items()}
    del step_data["statement"]
    session.save()

    submit(drafter_client, public_id, *issue)

    saved = CreditRequestDraft.objects.get(public_id=public_id)
    assert saved.answers["microsoft_statement"] == "The price is 10 EUR per user a month."
    assert saved.answers["statement_by"] == "Partner support agent"
    assert saved.completed_steps[3:5] == ["statement", "issue"]


@pytest.mark.parametrize(
    ("credit_type", "old", "new"),
    [
        ("incorrect_information", [], []),
        ("incorrect_information", COMMON, COMMON),
        ("incorrect_information", [*COMMON, "statement", "issue"], [*COMMON, "statement", "issue"]),
        ("technical_issue", [*COMMON, "issue", "evidence"], [*COMMON, "issue", "evidence"]),
        ("", [*COMMON, "issue"], [*COMMON, "issue"]),
    ],
)
def test_completed_steps_keep_what_the_statement_page_does_not_change(credit_type, old, new):
    assert split.split_completed_steps(old, credit_type) == new


@pytest.mark.parametrize(
    "unsaved",
    [
        {},
        {"issue": {"issue-description": ["x"]}},
        {"outage-incident": {"outage-incident-outage_id": ["EX-bad"]}},
        {"issue": "not input"},
    ],
)
def test_input_kept_without_statement_questions_is_left_as_it_is(unsaved):
    assert split.split_unsaved_input(unsaved) == unsaved


def test_a_technical_issue_draft_with_kept_statement_input_keeps_it_for_the_statement_page(
    drafter,
):
    answers = {**REQUESTER, **CUSTOMER, "credit_type": "technical_issue"}
    typed = {"issue-microsoft_statement": ["Said 10 EUR."], "issue-description": ["Billed."]}
    completed = [*COMMON, "issue"]

    draft = old_draft(drafter, completed, answers=answers, unsaved_input={"issue": typed})

    assert draft.completed_steps == completed
    assert draft.unsaved_input == {
        "issue": {"issue-description": ["Billed."]},
        "statement": {"statement-microsoft_statement": ["Said 10 EUR."]},
    }
