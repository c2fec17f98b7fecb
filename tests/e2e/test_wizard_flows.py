"""The drafting wizard in Chromium: each credit type from the first step to the Details text."""

import re
from datetime import timedelta

import pytest

from creditrequests.evaluation import request_date
from creditrequests.models import CreditRequestDraft, PartnerCenterRole
from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.factories import UserFactory

TENANT = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"
SUBSCRIPTION = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
NEW_SUBSCRIPTION = "16fd2706-8baf-433b-82eb-8c7fada847da"

# Pages already checked with axe in this run: the common steps look the same for every type.
_CHECKED: set[str] = set()


def days_ago(days):
    return (request_date() - timedelta(days=days)).isoformat()


FORM = ("Microsoft's credit or refund request form, filled in (required)", None)
LEGACY_THROUGH_US = (
    "purchase",
    [("Through us, in Partner Center (CSP)", None), ("Legacy commerce", None)],
)


def answer(page, answers):
    """Fill a step: text by label, radios and checkboxes by their label (value None)."""
    for label, value in answers:
        if value is None:
            page.get_by_label(label, exact=True).check()
        else:
            page.get_by_label(label, exact=True).fill(value)


def check_page(page, name):
    screenshot(page, name)
    key = re.sub(r"^wizard-[a-z-]+?-(requester|credit-type|customer)$", r"\1", name)
    if key not in _CHECKED:
        assert_accessible(page, name)
        _CHECKED.add(key)


def continue_(page):
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def start_wizard(page, username, kind):
    sign_in(page, username)
    page.goto("/requests/new/")
    assert page.get_by_role("heading", name="Who is asking").is_visible()
    check_page(page, f"wizard-{kind}-requester")


def run_wizard(page, kind, credit_type_label, steps):
    """From the first step (already open) to the result page; returns the Details text."""
    continue_(page)  # role and partner type are prefilled from the profile
    check_page(page, f"wizard-{kind}-credit-type")
    page.get_by_label(re.compile(f"^{re.escape(credit_type_label)}")).check()
    continue_(page)
    check_page(page, f"wizard-{kind}-customer")
    answer(page, [("Customer name", "Contoso Ltd"), ("Your reference (optional)", "CASE-42")])
    continue_(page)
    for step, answers in steps:
        answer(page, answers)
        check_page(page, f"wizard-{kind}-{step}")
        continue_(page)
    assert page.get_by_role("heading", name="Check your answers").is_visible()
    check_page(page, f"wizard-{kind}-check")
    page.get_by_role("button", name="Write the Details text").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Result", exact=True).is_visible()
    check_page(page, f"wizard-{kind}-result")
    return page.get_by_label("Details text (read-only)").input_value()


@pytest.fixture
def anna(transactional_db):
    return UserFactory(username="anna", first_name="Anna", last_name="Lind")


def test_an_accidental_purchase_from_start_to_details_text(page, anna):
    start_wizard(page, anna.username, "accidental")
    details = run_wizard(
        page,
        "accidental",
        "Accidental purchase",
        [
            LEGACY_THROUGH_US,
            (
                "accidental-purchase",
                [
                    ("Microsoft 365 (legacy offer)", None),
                    ("Purchase date", days_ago(45)),
                    ("Suspension date (optional)", days_ago(2)),
                    ("Subscription ID (optional)", SUBSCRIPTION),
                    ("What went wrong", "The licence count was raised from 10 to 100."),
                ],
            ),
            (
                "evidence",
                [
                    FORM,
                    (
                        "Order confirmation or invoice line of the purchase (date, product, "
                        "quantity) (required)",
                        None,
                    ),
                ],
            ),
        ],
    )
    assert "Credit request type: Accidental purchase" in details
    assert f"Subscription ID: {SUBSCRIPTION}" in details
    assert "Customer: Contoso Ltd" in details
    assert "- Microsoft's credit or refund request form, filled in" in details
    assert "customer's confirmation" not in details
    assert page.get_by_role("button", name="Copy the Details text").is_visible()
    assert page.get_by_test_id("procedure").get_by_text("New request").is_visible()


def test_a_duplicate_order_from_start_to_details_text(page, anna):
    start_wizard(page, anna.username, "duplicate")
    details = run_wizard(
        page,
        "duplicate",
        "Duplicate order",
        [
            LEGACY_THROUGH_US,
            (
                "duplicate-order",
                [
                    ("Original subscription ID", SUBSCRIPTION),
                    ("Original tenant ID", TENANT),
                    ("New subscription ID", NEW_SUBSCRIPTION),
                    ("New tenant ID", TENANT),
                    ("Purchase date of the new subscription", days_ago(10)),
                    ("Why was it duplicated?", "The customer moved to a new tenant."),
                ],
            ),
            ("evidence", [FORM]),
        ],
    )
    assert "Credit request type: Duplicate order" in details
    assert f"New subscription ID: {NEW_SUBSCRIPTION}" in details


def test_a_service_outage_with_one_error_from_start_to_details_text(page, anna):
    start_wizard(page, anna.username, "outage")
    incident = [
        ("Microsoft 365", None),
        ("Outage incident ID", "EX25194"),
        ("Incident date", days_ago(3)),
    ]
    tenant = [
        ("Customer tenant ID", TENANT),
        ("Tenant domains", "contoso.com"),
        ("Yes", None),
    ]
    impact = [("Number of affected users (optional)", "120")]

    continue_(page)
    page.get_by_label(re.compile("^Service outage")).check()
    continue_(page)
    answer(page, [("Customer name", "Contoso Ltd")])
    continue_(page)
    answer(page, incident)
    check_page(page, "wizard-outage-outage-incident")
    continue_(page)
    assert page.get_by_test_id("outlook").get_by_text(re.compile("File by .* days? left")).count()
    answer(page, tenant)
    check_page(page, "wizard-outage-outage-tenant")
    continue_(page)

    # One error state: a personal address is refused with its own message.
    page.get_by_label("Customer's email address on the evidence").fill("someone@gmail.com")
    page.locator("#id_outage-evidence-customer_requested_credit_0").check()
    continue_(page)
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.get_by_role("link", name=re.compile("A personal email address")).is_visible()
    check_page(page, "wizard-outage-outage-evidence-error")
    page.get_by_label("Customer's email address on the evidence").fill("it@contoso.com")
    check_page(page, "wizard-outage-outage-evidence")
    continue_(page)
    answer(page, impact)
    check_page(page, "wizard-outage-outage-impact")
    continue_(page)
    answer(page, [FORM])
    check_page(page, "wizard-outage-evidence")
    continue_(page)
    check_page(page, "wizard-outage-check")
    page.get_by_role("button", name="Write the Details text").click()
    page.wait_for_load_state()
    check_page(page, "wizard-outage-result")
    details = page.get_by_label("Details text (read-only)").input_value()
    assert "Outage incident ID: EX25194 (Exchange Online)" in details
    assert "Customer evidence email: it@contoso.com" in details


def test_a_technical_issue_from_start_to_details_text(page, anna):
    start_wizard(page, anna.username, "technical")
    details = run_wizard(
        page,
        "technical",
        "Technical issue",
        [
            (
                "issue",
                [
                    ("What happened", "The portal charged the customer twice."),
                    ("When did it happen?", days_ago(5)),
                    ("Amount asked for (optional)", "125.50"),
                    ("Currency (optional)", "EUR"),
                ],
            ),
            ("evidence", [FORM]),
        ],
    )
    assert "Credit request type: Technical issue" in details
    assert "Amount requested: 125.50 EUR" in details


def test_incorrect_information_from_start_to_details_text(page, anna):
    start_wizard(page, anna.username, "incorrect")
    details = run_wizard(
        page,
        "incorrect",
        "Incorrect information from Microsoft",
        [
            (
                "statement",
                [
                    ("What did Microsoft say?", "The price is 10 EUR per user a month."),
                    ("Where and when did Microsoft say it?", "Partner Center chat, 3 March"),
                    ("Who at Microsoft said it? (optional)", "Partner support agent"),
                    ("What did it cost the customer? (optional)", "2 EUR per user a month"),
                ],
            ),
            (
                "issue",
                [
                    ("What happened as a result?", "The customer was billed 12 EUR per user."),
                    ("When did it happen?", days_ago(20)),
                    ("Amount asked for (optional)", "240"),
                    ("Currency (optional)", "SEK"),
                    ("Support ticket number (optional)", "2603030040001234"),
                ],
            ),
            ("evidence", [FORM]),
        ],
    )
    assert "Credit request type: Incorrect information from Microsoft" in details
    assert "What Microsoft said: The price is 10 EUR per user a month." in details
    assert "Said by: Partner support agent" in details
    assert "Support tickets: 2603030040001234" in details
    assert "Amount requested: 240 SEK" in details or "Amount requested: 240.00 SEK" in details
    draft = CreditRequestDraft.objects.get()
    assert draft.customer_name == "Contoso Ltd"


def test_a_refused_requester_is_told_why_on_the_first_step(page, transactional_db):
    bella = UserFactory(username="bella", partner_center_role=PartnerCenterRole.BILLING_ADMIN)
    sign_in(page, bella.username)
    page.goto("/requests/new/")

    refusal = page.get_by_test_id("refusal")
    assert refusal.get_by_text(re.compile("Ask an Admin agent in your organisation")).is_visible()
    check_page(page, "wizard-refused-requester")
    continue_(page)
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    check_page(page, "wizard-refused-requester-error")
    page.get_by_label("Indirect reseller").check()
    page.get_by_label("Admin agent").check()
    continue_(page)
    assert page.get_by_text(re.compile("Your indirect provider must file it")).first.is_visible()
    assert not CreditRequestDraft.objects.exists()


def test_the_wizard_in_swedish_is_accessible(page, anna):
    sign_in(page, anna.username)
    page.goto("/requests/new/")
    page.locator("#language-select").select_option("sv")
    page.locator(".header-tools").get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_accessible(page, "requester step in Swedish")
    screenshot(page, "wizard-sv-requester")
    page.locator("main form button[type=submit]:not([name])").click()
    page.wait_for_load_state()
    page.locator("#id_credit-type-credit_type_2").check()
    page.locator("main form button[type=submit]:not([name])").click()
    page.wait_for_load_state()
    page.locator("main form button[type=submit]:not([name])").click()  # empty: an error state
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").is_visible()
    assert_accessible(page, "customer step with an error in Swedish")
    screenshot(page, "wizard-sv-customer-error")
