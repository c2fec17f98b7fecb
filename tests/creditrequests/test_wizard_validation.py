"""Bad input on the wizard's steps: a specific message, other answers kept, never a 500."""

import html
from datetime import timedelta

import pytest

from creditrequests.evaluation import request_date
from creditrequests.models import CreditRequestDraft
from tests.creditrequests.test_wizard_flows import (
    FLOWS,
    OLD_TENANT,
    SUBSCRIPTION,
    TENANT,
    fill_common_steps,
    start,
    step_url,
    submit,
)

TOMORROW = (request_date() + timedelta(days=1)).isoformat()
ONE_MEGABYTE = "x" * (1024 * 1024)

# step -> credit type whose wizard shows it, and the answers that come before it.
_PATHS = {
    "customer": ("technical_issue", []),
    "accidental-purchase": ("accidental_purchase", []),
    "duplicate-order": ("duplicate_order", []),
    "outage-incident": ("service_outage", []),
    "outage-tenant": ("service_outage", FLOWS["service_outage"][:1]),
    "outage-evidence": ("service_outage", FLOWS["service_outage"][:2]),
    "outage-impact": ("service_outage", FLOWS["service_outage"][:3]),
    "issue": ("technical_issue", []),
    "statement": ("incorrect_information", []),
}


def valid_answers(step):
    if step == "customer":
        return {"customer_name": "Contoso Ltd", "partner_reference": "CASE-42"}
    credit_type = _PATHS[step][0]
    return dict(dict(FLOWS[credit_type])[step])


def open_step(client, step):
    credit_type, before = _PATHS[step]
    public_id = start(client)
    fill_common_steps(client, public_id, credit_type)
    for earlier_step, answers in before:
        submit(client, public_id, earlier_step, answers)
    return public_id


BAD_INPUT = [
    ("customer", "customer_name", "", "Fill in “Customer name”"),
    ("customer", "customer_name", ONE_MEGABYTE, "Shorten this answer to 200 characters or fewer"),
    ("customer", "customer_name", "Contoso\x00Ltd", "Remove the invisible control characters"),
    ("customer", "customer_name", "Contoso\nLtd", "Remove the invisible control characters"),
    ("customer", "partner_reference", "CASE\x1b[31m", "Remove the invisible control characters"),
    ("accidental-purchase", "purchase_date", TOMORROW, "The purchase date cannot be in the future"),
    ("accidental-purchase", "purchase_date", "2026-02-30", "Enter a real date"),
    ("accidental-purchase", "purchase_date", "yesterday", "Enter a real date"),
    ("accidental-purchase", "purchase_date", ONE_MEGABYTE, "Enter a real date"),
    ("accidental-purchase", "suspension_date", "2000-01-01", "cannot be before the purchase date"),
    ("accidental-purchase", "offer", "windows_95", "Select the offer that was bought"),
    ("accidental-purchase", "subscription_id", "12345", "Enter the subscription ID as shown"),
    ("accidental-purchase", "users_assigned", "-1", "Enter 0 or more"),
    ("accidental-purchase", "users_assigned", "many", "Enter a whole number"),
    ("accidental-purchase", "description", ONE_MEGABYTE, "Shorten this answer to 2000 characters"),
    ("accidental-purchase", "description", "bell\x07", "Remove the invisible control characters"),
    ("duplicate-order", "original_subscription_id", "abc", "Enter the original subscription ID"),
    ("duplicate-order", "tenant_id", "zzzzzzzz-7d3b-4b7e-9a51-0c3f8e6d2b14", "new tenant ID"),
    ("duplicate-order", "new_subscription_purchase_date", TOMORROW, "cannot be in the future"),
    ("duplicate-order", "new_subscription_id", SUBSCRIPTION, "the same as the original one"),
    ("duplicate-order", "original_subscription_id", TENANT, "the same GUID as a tenant ID"),
    ("duplicate-order", "new_subscription_id", OLD_TENANT, "the same GUID as a tenant ID"),
    ("outage-incident", "outage_id", "25194", "two letters followed by digits, like EX25194"),
    ("outage-incident", "outage_id", "EX-25194; DROP TABLE", "two letters followed by digits"),
    ("outage-incident", "incident_date", TOMORROW, "The incident date cannot be in the future"),
    ("outage-tenant", "tenant_id", "contoso.com", "Enter the customer's tenant ID as a GUID"),
    ("outage-tenant", "tenant_domains", "contoso com", "is not a domain of the customer's"),
    ("outage-tenant", "tenant_domains", "gmail.com", "is not a domain of the customer's"),
    ("outage-tenant", "tenant_domains", "onmicrosoft.com", "is not a domain of the customer's"),
    ("outage-tenant", "bought_through_csp", "", "Select an answer for"),
    ("outage-impact", "affected_users", "1e9", "Enter a whole number"),
    ("outage-evidence", "evidence_email", "it.contoso.com", "Enter the customer's email address"),
    ("outage-evidence", "evidence_email", "someone@gmail.com", "A personal email address"),
    ("outage-evidence", "evidence_email", "it@fabrikam.com", "not from the customer's tenant"),
    ("outage-evidence", "customer_requested_credit", "", "Select an answer for"),
    ("issue", "amount", "12.345", "at most two decimals"),
    ("issue", "amount", "-5", "greater than 0"),
    ("issue", "amount", "1e400", "greater than 0"),
    ("issue", "currency", "EURO", "three-letter code"),
    ("issue", "currency", "", "Enter the currency of the amount"),
    ("issue", "issue_date", TOMORROW, "The date cannot be in the future"),
    ("statement", "microsoft_statement", "", "Fill in “What did Microsoft say”"),
    ("statement", "statement_where_when", "", "Fill in “Where and when did Microsoft say it”"),
    ("statement", "statement_cost", ONE_MEGABYTE, "Shorten this answer to 500 characters"),
]


@pytest.mark.parametrize(
    ("step", "field", "value", "message"),
    BAD_INPUT,
    ids=[f"{step}-{field}-{message[:24]}" for step, field, _v, message in BAD_INPUT],
)
def test_bad_input_gets_its_own_message_and_keeps_the_other_answers(
    drafter_client, step, field, value, message
):
    public_id = open_step(drafter_client, step)
    answers = valid_answers(step)
    answers[field] = value

    response = submit(drafter_client, public_id, step, answers)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    assert f'href="#id_{step}-{field}' in page
    assert message in page
    kept = next(name for name in answers if name != field and answers[name])
    assert str(answers[kept]).split("\r\n")[0] in page


def test_a_one_megabyte_answer_is_not_stored_anywhere(drafter_client):
    public_id = open_step(drafter_client, "customer")

    submit(drafter_client, public_id, "customer", {"customer_name": ONE_MEGABYTE})

    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.customer_name == "Contoso Ltd"
    assert draft.answers["customer_name"] == "Contoso Ltd"


@pytest.mark.parametrize(
    "text",
    [
        "Contoso 🚀 Ltd",
        "شركة كونتوسو",
        "<script>alert('x')</script>",
        "Robert'); DROP TABLE drafts;--",
    ],
    ids=["emoji", "right-to-left", "html", "sql"],
)
def test_unusual_but_harmless_text_is_accepted_and_escaped(drafter_client, text):
    public_id = open_step(drafter_client, "customer")

    response = submit(drafter_client, public_id, "customer", {"customer_name": text})

    assert response.status_code == 302
    assert CreditRequestDraft.objects.get(public_id=public_id).customer_name == text
    check = drafter_client.get(step_url(public_id, "check")).content.decode()
    assert html.escape(text) in check
    assert "<script>alert" not in check


def test_newlines_and_tabs_are_kept_in_long_answers(drafter_client):
    public_id = open_step(drafter_client, "issue")
    answers = valid_answers("issue")
    answers["description"] = "First line\r\n\tindented second line"

    response = submit(drafter_client, public_id, "issue", answers)

    assert response.status_code == 302
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.answers["description"] == "First line\n\tindented second line"


def test_a_missing_choice_on_the_first_step_names_the_question(drafter_client):
    public_id = start(drafter_client)

    response = submit(drafter_client, public_id, "requester", {"partner_type": "direct"})

    page = response.content.decode()
    assert "Select your Partner Center role." in page
    assert 'href="#id_requester-role_0"' in page


def test_microsoft_365_a1_needs_the_number_of_users(drafter_client):
    public_id = open_step(drafter_client, "accidental-purchase")
    answers = valid_answers("accidental-purchase")
    answers["offer"] = "m365_a1"

    response = submit(drafter_client, public_id, "accidental-purchase", answers)

    assert "Enter how many users have a Microsoft 365 A1 licence" in response.content.decode()


def test_a_tampered_step_form_is_refused_without_a_server_error(drafter_client):
    public_id = start(drafter_client)

    no_management = drafter_client.post(step_url(public_id, "requester"), {"x": "y"})
    unknown_step = submit(drafter_client, public_id, "no-such-step", {})

    assert no_management.status_code in {302, 400}
    assert unknown_step.status_code == 302


def test_an_unknown_step_in_the_url_goes_to_the_right_step(drafter_client):
    public_id = start(drafter_client)

    response = drafter_client.get(step_url(public_id, "issue"))

    assert response.status_code == 302
    assert response["Location"] == step_url(public_id, "requester")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("https://www.contoso.com/", "contoso.com"),
        ("http://mail.contoso.com/owa?x=1", "mail.contoso.com"),
        ("it@contoso.com", "contoso.com"),
        ("contoso.com/contact", "contoso.com"),
        ("IT@Contoso.COM", "contoso.com"),
    ],
)
def test_a_pasted_address_is_kept_as_its_domain_and_the_person_is_told(drafter_client, typed, kept):
    public_id = open_step(drafter_client, "outage-tenant")
    answers = dict(valid_answers("outage-tenant"), tenant_domains=typed)

    response = submit(drafter_client, public_id, "outage-tenant", answers, follow=True)

    assert CreditRequestDraft.objects.get(public_id=public_id).answers["tenant_domains"] == [kept]
    assert f"“{typed}” was kept as the domain “{kept}”." in html.unescape(response.content.decode())
    # Back on the step, the field shows what was kept, so saving it tells nothing again.
    page = html.unescape(drafter_client.get(step_url(public_id, "outage-tenant")).content.decode())
    assert typed not in page
    assert kept in page


def test_the_same_tenant_on_both_sides_of_a_duplicate_order_is_accepted(drafter_client):
    public_id = open_step(drafter_client, "duplicate-order")
    answers = dict(valid_answers("duplicate-order"), original_tenant_id=TENANT)

    response = submit(drafter_client, public_id, "duplicate-order", answers)

    assert response.status_code == 302


def test_dates_are_typed_as_year_month_day_not_with_the_browsers_locale_picker(drafter_client):
    public_id = open_step(drafter_client, "outage-incident")

    page = drafter_client.get(step_url(public_id, "outage-incident")).content.decode()

    assert 'type="date"' not in page
    assert 'name="outage-incident-incident_date"' in page
    assert "Year-month-day, like 2026-03-01." in page


@pytest.mark.parametrize("typed", ["31/01/2026", "31.01.2026", "2026-01-31"])
def test_a_date_typed_day_first_or_year_first_means_the_same_day(drafter_client, typed):
    public_id = open_step(drafter_client, "issue")
    answers = dict(valid_answers("issue"), issue_date=typed)

    submit(drafter_client, public_id, "issue", answers)

    assert CreditRequestDraft.objects.get(public_id=public_id).answers["issue_date"] == "2026-01-31"


def test_an_azure_tracking_id_is_taken_only_for_an_azure_outage(drafter_client):
    public_id = open_step(drafter_client, "outage-incident")
    answers = valid_answers("outage-incident")
    refused = submit(
        drafter_client, public_id, "outage-incident", {**answers, "outage_id": "vn11-jd8"}
    )
    assert refused.status_code == 200
    assert "VN11-JD8 is an Azure tracking ID" in refused.content.decode()
    taken = submit(
        drafter_client,
        public_id,
        "outage-incident",
        {**answers, "outage_id": "vn11-jd8", "service_family": "azure"},
    )
    assert taken.status_code == 302
