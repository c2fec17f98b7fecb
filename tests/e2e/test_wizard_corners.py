"""The wizard's corners in Chromium: what screen readers hear, input never lost, answers re-read.

Every page here is also checked by axe and (tests/e2e/conftest.py) the Nu HTML Checker.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from creditrequests.models import CreditRequestDraft
from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.factories import UserFactory

TENANT = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"


def days_ago(days):
    return (timezone.localdate() - timedelta(days=days)).isoformat()


@pytest.fixture
def anna(transactional_db):
    return UserFactory(username="anna", first_name="Anna", last_name="Lind")


def look(page, name):
    screenshot(page, f"corners-{name}")
    assert_accessible(page, name)


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


# The credit type's radio button, in the order the credit-type step lists them.
CREDIT_TYPE_RADIO = {"service_outage": 2, "technical_issue": 3, "incorrect_information": 4}


def open_request(page, username, credit_type, language="en"):
    """Sign in and answer the common steps of a request of this type, up to its own first."""
    sign_in(page, username)
    if language == "sv":
        page.get_by_label("Language").select_option("sv")
        page.get_by_role("button", name="Change").click()
        page.wait_for_load_state()
    page.goto("/requests/new/")
    save = "Spara och fortsätt" if language == "sv" else "Save and continue"
    press(page, save)
    page.locator(f"#id_credit-type-credit_type_{CREDIT_TYPE_RADIO[credit_type]}").check()
    press(page, save)
    page.locator("#id_customer-customer_name").fill("Contoso Ltd")
    press(page, save)


def open_outage_incident(page, username, language="en"):
    """Sign in and answer the common steps of an SLA request, up to the incident step."""
    open_request(page, username, "service_outage", language)
    assert "/steps/outage-incident/" in page.url


def accessible_text_fields(page) -> dict[str, str]:
    """Each text field's accessible name and description in Chromium's accessibility tree."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    fields = {}
    for node in nodes:
        if node.get("role", {}).get("value") in {"textbox", "spinbutton"}:
            name = node.get("name", {}).get("value", "")
            fields[name] = node.get("description", {}).get("value", "")
    return fields


def shown_hints_and_errors(page) -> list[dict]:
    """Each text input of the step form with its label, hint and error as shown on the page."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
                "#wizard-form input[type=text], #wizard-form input[type=email],"
                + " #wizard-form input[type=number], #wizard-form textarea")).map((input) => {
            const text = (id) => (document.getElementById(id) || {}).textContent || "";
            const label = document.querySelector(`label[for="${input.id}"]`);
            return {
                name: label.textContent.replace(/\\s+/g, " ").trim(),
                hint: text(`${input.id}_helptext`).replace(/\\s+/g, " ").trim(),
                error: text(`${input.id}_error`).replace(/\\s+/g, " ").trim(),
            };
        })"""
    )


def assert_descriptions_hold_hints_and_errors(page):
    tree = accessible_text_fields(page)
    shown = shown_hints_and_errors(page)
    assert shown, "no text fields found"
    for field in shown:
        description = re.sub(r"\s+", " ", tree[field["name"]])
        assert field["hint"] in description, (field, description)
        assert field["error"] in description, (field, description)
    return shown


@pytest.mark.parametrize("language", ["en", "sv"])
def test_screen_readers_hear_each_fields_hint_and_after_a_bad_submit_its_error(
    page, anna, language
):
    open_outage_incident(page, anna.username, language)
    shown = assert_descriptions_hold_hints_and_errors(page)
    assert any(field["hint"] for field in shown)

    save = "Spara och fortsätt" if language == "sv" else "Save and continue"
    page.locator("#id_outage-incident-outage_id").fill("EX-bad")
    press(page, save)

    shown = assert_descriptions_hold_hints_and_errors(page)
    errors = {field["name"]: field["error"] for field in shown if field["error"]}
    assert len(errors) == 2  # outage incident ID, incident date (required)
    look(page, f"aria-descriptions-after-errors-{language}")

    answer_outage_incident(page, save)
    page.locator("#id_outage-tenant-tenant_id").fill(TENANT[:-1])
    press(page, save)
    shown = assert_descriptions_hold_hints_and_errors(page)
    errors = {field["name"]: field["error"] for field in shown if field["error"]}
    assert len(errors) == 2  # tenant ID, domains (required)


def test_a_long_paste_is_kept_whole_counted_and_refused_with_a_message(page, anna):
    open_outage_incident(page, anna.username)
    page.goto(page.url.replace("/outage-incident/", "/customer/"))
    page.locator("#id_customer-customer_name").fill("C" * 250)
    counter = page.locator("#id_customer-customer_name_count")
    assert counter.inner_text() == "You have 50 characters too many."
    press(page, "Save and continue")

    assert page.locator("#id_customer-customer_name").input_value() == "C" * 250
    assert page.get_by_role("link", name=re.compile("Shorten this answer to 200")).is_visible()
    look(page, "long-answer-refused")


@pytest.mark.parametrize(("start", "switch_to", "heading"), [("en", "sv", "Avbrottet")])
def test_switching_language_mid_step_keeps_what_was_typed(page, anna, start, switch_to, heading):
    open_outage_incident(page, anna.username, start)
    page.locator("#id_outage-incident-outage_id").fill("EX-bad")
    page.locator("#id_outage-incident-incident_date").fill(days_ago(3))

    page.get_by_label("Language").select_option(switch_to)
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == switch_to
    assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert page.locator("#id_outage-incident-outage_id").input_value() == "EX-bad"
    assert page.locator("#id_outage-incident-incident_date").input_value() == days_ago(3)
    look(page, "language-switched-input-kept")


def test_enter_in_a_text_field_still_saves_the_step(page, anna):
    open_outage_incident(page, anna.username)
    page.locator("#id_outage-incident-outage_id").fill("EX25194")
    page.locator("#id_outage-incident-outage_id").press("Enter")
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"


def test_save_later_keeps_invalid_input_and_shows_its_errors_on_resume(page, anna):
    open_outage_incident(page, anna.username)
    answer_outage_incident(page, "Save and continue")
    page.locator("#id_outage-tenant-tenant_id").fill(TENANT[:-1])
    page.locator("#id_outage-tenant-tenant_domains").fill("contoso.com")
    press(page, "Save and come back later")
    assert page.get_by_text("Your draft is saved").is_visible()

    draft = CreditRequestDraft.objects.get(owner=anna)
    page.goto(f"/requests/{draft.public_id}/resume/")
    page.wait_for_load_state()

    assert "/steps/outage-tenant/" in page.url
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.locator("#id_outage-tenant-tenant_id").input_value() == TENANT[:-1]
    assert page.locator("#id_outage-tenant-tenant_domains").input_value() == "contoso.com"
    look(page, "resumed-with-errors")


def answer_outage_incident(page, save):
    page.locator("#id_outage-incident-service_family_0").check()
    page.locator("#id_outage-incident-outage_id").fill("EX25194")
    page.locator("#id_outage-incident-incident_date").fill(days_ago(3))
    press(page, save)
    assert "/steps/outage-tenant/" in page.url


def answer_outage_tenant(page, save, domains="contoso.com"):
    page.locator("#id_outage-tenant-tenant_id").fill(TENANT)
    page.locator("#id_outage-tenant-tenant_domains").fill(domains)
    page.locator("#id_outage-tenant-bought_through_csp_0").check()
    press(page, save)


def answer_outage_to_check(page, username, language="en"):
    open_outage_incident(page, username, language)
    save = "Spara och fortsätt" if language == "sv" else "Save and continue"
    answer_outage_incident(page, save)
    answer_outage_tenant(page, save, "https://www.contoso.com/")
    page.locator("#id_outage-evidence-evidence_email").fill("it@contoso.com")
    page.locator("#id_outage-evidence-customer_requested_credit_0").check()
    press(page, save)
    page.locator("#id_outage-impact-incident_duration").fill("4 timmar 30 minuter, hela kontoret")
    press(page, save)
    page.locator("#id_evidence-evidence_attached_0").check()
    press(page, save)
    assert "/steps/check/" in page.url


def test_check_your_answers_re_reads_every_step_and_warns_about_swedish_text(page, anna):
    answer_outage_to_check(page, anna.username)
    assert page.get_by_test_id("language-warnings").is_visible()
    look(page, "check-language-warning")

    page.locator('a[href*="/steps/outage-tenant/"]').first.click()
    page.wait_for_load_state()
    page.locator("#id_outage-tenant-tenant_domains").fill("fabrikam.com")
    press(page, "Save and continue")

    # Straight to the step the change broke, with its error.
    assert "/steps/outage-evidence/" in page.url
    assert page.get_by_role("link", name=re.compile("not from the customer's tenant domains"))
    look(page, "changed-domains-break-the-evidence-step")
    page.goto(page.url.split("/steps/")[0] + "/steps/check/")
    errors = page.get_by_test_id("step-errors")
    link = errors.get_by_role("link", name=re.compile("not from the customer's tenant domains"))
    assert link.is_visible()
    look(page, "check-step-no-longer-fits")
    link.click()
    page.wait_for_load_state()
    assert "/steps/outage-evidence/" in page.url


def test_a_pasted_web_address_is_kept_as_its_domain_and_said_so(page, anna):
    open_outage_incident(page, anna.username)
    answer_outage_incident(page, "Save and continue")
    answer_outage_tenant(page, "Save and continue", "https://www.fabrikam.fi/")

    assert page.get_by_text("“https://www.fabrikam.fi/” was kept as the domain “fabrikam.fi”.")
    look(page, "domain-from-url")


def test_a_stale_tab_is_told_which_answers_changed_elsewhere(page, anna):
    open_outage_incident(page, anna.username)
    customer_url = page.url.replace("/outage-incident/", "/customer/")
    page.goto(customer_url)
    other = page.context.new_page()
    other.goto(customer_url)
    other.locator("#id_customer-customer_name").fill("Fabrikam (other tab)")
    other.get_by_role("button", name="Save and continue").click()
    other.wait_for_load_state()
    other.close()

    page.locator("#id_customer-customer_name").fill("Contoso (this tab)")
    press(page, "Save and continue")

    assert page.get_by_text(re.compile("changed in another tab or window.*Customer name")).count()
    assert page.locator("#id_customer-customer_name").input_value() == "Contoso (this tab)"
    look(page, "stale-tab-conflict")


def test_a_credit_type_changed_in_another_tab_keeps_this_tabs_input(page, anna):
    open_request(page, anna.username, "technical_issue")
    assert "/steps/issue/" in page.url
    other = page.context.new_page()
    other.goto(page.url.replace("/steps/issue/", "/steps/credit-type/"))
    other.get_by_label(re.compile("^Service outage")).check()
    other.get_by_role("button", name="Save and continue").click()
    other.wait_for_load_state()
    other.close()

    page.locator("#id_issue-description").fill("Typed in this tab before the other one.")
    press(page, "Save and continue")

    assert "/steps/credit-type/" in page.url
    assert page.get_by_text(
        re.compile("changed in another tab or window.*is now “Service outage \\(SLA\\)”")
    ).count()
    look(page, "credit-type-changed-elsewhere")
    page.get_by_label(re.compile("^Technical issue")).check()
    press(page, "Save and continue")
    press(page, "Save and continue")  # the customer step, answered before
    assert "/steps/issue/" in page.url
    assert page.locator("#id_issue-description").input_value() == (
        "Typed in this tab before the other one."
    )


def test_a_second_browser_never_writes_back_answers_it_did_not_show(page, anna, browser):
    open_request(page, anna.username, "technical_issue")
    issue_url = page.url
    other_context = browser.new_context(base_url=page.url.split("/requests/")[0])
    other = other_context.new_page()
    sign_in(other, anna.username)
    other.goto(issue_url.replace("/steps/issue/", "/steps/customer/"))
    other.locator("#id_customer-customer_name").fill("Fabrikam (other browser)")
    other.get_by_role("button", name="Save and continue").click()
    other.wait_for_load_state()
    other_context.close()

    page.reload()  # this browser's next page shows the newer answers ...
    page.locator("#id_issue-description").fill("The portal charged the customer twice.")
    page.locator("#id_issue-issue_date").fill(days_ago(5))
    press(page, "Save and continue")

    # ... and its save keeps them.
    draft = CreditRequestDraft.objects.get(owner=anna)
    assert draft.customer_name == "Fabrikam (other browser)"
    assert draft.answers["description"] == "The portal charged the customer twice."
    page.goto(issue_url.replace("/steps/issue/", "/steps/check/"))
    assert page.get_by_text("Fabrikam (other browser)").count()
    look(page, "second-browser-check")


def test_users_assigned_is_asked_only_for_microsoft_365_a1(page, anna):
    sign_in(page, anna.username)
    page.goto("/requests/new/")
    press(page, "Save and continue")
    page.get_by_label(re.compile("^Accidental purchase")).check()
    press(page, "Save and continue")
    page.locator("#id_customer-customer_name").fill("Contoso Ltd")
    press(page, "Save and continue")
    page.get_by_label("Through us, in Partner Center (CSP)", exact=True).check()
    page.get_by_label("Legacy commerce", exact=True).check()
    press(page, "Save and continue")
    users = page.locator("#id_accidental-purchase-users_assigned")

    page.get_by_label("Microsoft 365 (legacy offer)", exact=True).check()
    assert not users.is_visible()
    page.get_by_label("Microsoft 365 A1", exact=True).check()
    assert users.is_visible()
    assert page.get_by_label("Users assigned", exact=True).is_visible()
    look(page, "users-assigned-for-a1")


@pytest.mark.parametrize(
    ("language", "heading", "go_on"),
    [
        ("en", "This request is already too late", "Continue anyway, for a reviewer's record"),
        ("sv", "Den här begäran är redan för sen", "Fortsätt ändå, för granskarens skull"),
    ],
)
def test_a_request_already_too_late_stops_early_and_may_continue_anyway(
    page, anna, language, heading, go_on
):
    sign_in(page, anna.username)
    if language == "sv":
        page.get_by_label("Language").select_option("sv")
        page.get_by_role("button", name="Change").click()
        page.wait_for_load_state()
    save = "Spara och fortsätt" if language == "sv" else "Save and continue"
    page.goto("/requests/new/")
    press(page, save)
    page.locator("#id_credit-type-credit_type_0").check()  # accidental purchase
    press(page, save)
    page.locator("#id_customer-customer_name").fill("Contoso Ltd")
    press(page, save)
    page.locator("#id_purchase-bought_from_0").check()
    page.locator("#id_purchase-commerce_0").check()
    press(page, save)
    page.locator("#id_accidental-purchase-offer_0").check()
    page.locator("#id_accidental-purchase-purchase_date").fill(days_ago(200))
    page.locator("#id_accidental-purchase-description").fill("Seats raised by mistake.")
    press(page, save)

    assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    look(page, f"too-late-early-stop-{language}")
    press(page, go_on)
    assert "/steps/evidence/" in page.url


OUTAGE_PAGES = {
    "en": [
        (
            "outage-incident",
            "The outage",
            [
                "Which service family was down?",
                "Outage incident ID",
                "Was it marked as an advisory?",
                "Incident date",
            ],
        ),
        (
            "outage-tenant",
            "The customer's tenant",
            [
                "Customer tenant ID",
                "Tenant domains",
                "Were the affected subscriptions bought through CSP?",
            ],
        ),
        (
            "outage-evidence",
            "The customer's evidence",
            ["Customer's email address on the evidence", "Did the customer ask for an SLA credit?"],
        ),
        (
            "outage-impact",
            "The impact",
            [
                "How long did it last?",
                "Affected services",
                "Number of affected users",
                "Locations of the affected users",
                "What was done to resolve it at the time",
                "Support ticket numbers",
            ],
        ),
    ],
    "sv": [
        (
            "outage-incident",
            "Avbrottet",
            [
                "Vilken tjänstfamilj låg nere?",
                "Avbrotts-ID",
                "Var den markerad som rådgivande meddelande (advisory)?",
                "Incidentdatum",
            ],
        ),
        (
            "outage-tenant",
            "Kundens klientorganisation",
            [
                "Kundens klientorganisations-ID",
                "Klientorganisationens domäner",
                "Köptes de berörda prenumerationerna via CSP?",
            ],
        ),
        (
            "outage-evidence",
            "Kundens underlag",
            ["Kundens e-postadress i underlaget", "Har kunden begärt SLA-kredit?"],
        ),
        (
            "outage-impact",
            "Påverkan",
            [
                "Hur länge varade det?",
                "Berörda tjänster",
                "Antal berörda användare",
                "Var de berörda användarna finns",
                "Vad som gjordes för att lösa det då",
                "Supportärendenummer",
            ],
        ),
    ],
}


def asked_questions(page) -> list[str]:
    """The label or legend of each question in the step form, without "(optional)"."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll("#wizard-form .form-group")).map((g) => {
            const label = g.querySelector("legend, label").cloneNode(true);
            label.querySelectorAll(".optional").forEach((span) => span.remove());
            return label.textContent.replace(/\\s+/g, " ").trim();
        })"""
    )


@pytest.mark.parametrize("language", ["en", "sv"])
def test_each_outage_page_asks_one_topic_and_counts_its_step(page, anna, language):
    open_outage_incident(page, anna.username, language)
    save = "Spara och fortsätt" if language == "sv" else "Save and continue"
    step_of = "Steg {} av 9" if language == "sv" else "Step {} of 9"
    answers = {
        "outage-incident": lambda: answer_outage_incident(page, save),
        "outage-tenant": lambda: answer_outage_tenant(page, save),
        "outage-evidence": lambda: (
            page.locator("#id_outage-evidence-evidence_email").fill("it@contoso.com"),
            page.locator("#id_outage-evidence-customer_requested_credit_0").check(),
            press(page, save),
        ),
        "outage-impact": lambda: press(page, save),
    }
    for number, (step, title, questions) in enumerate(OUTAGE_PAGES[language], start=4):
        assert f"/steps/{step}/" in page.url
        assert page.get_by_role("heading", level=1).inner_text() == title
        assert page.locator(".step-count").inner_text() == step_of.format(number)
        assert asked_questions(page) == questions
        look(page, f"outage-page-{number}-{step}-{language}")
        answers[step]()
    assert "/steps/evidence/" in page.url


INCORRECT_INFORMATION_PAGES = {
    "en": [
        (
            "statement",
            "What Microsoft said",
            [
                "What did Microsoft say?",
                "Where and when did Microsoft say it?",
                "Who at Microsoft said it?",
                "What did it cost the customer?",
            ],
        ),
        (
            "issue",
            "What happened",
            [
                "What happened as a result?",
                "When did it happen?",
                "Subscriptions, orders or invoices",
                "Customer tenant ID",
                "Amount asked for",
                "Currency",
                "Support ticket number",
            ],
        ),
    ],
    "sv": [
        (
            "statement",
            "Vad Microsoft sa",
            [
                "Vad sa Microsoft?",
                "Var och när sa Microsoft det?",
                "Vem på Microsoft sa det?",
                "Vad kostade det kunden?",
            ],
        ),
        (
            "issue",
            "Vad som hände",
            [
                "Vad hände till följd av det?",
                "När hände det?",
                "Prenumerationer, beställningar eller fakturor",
                "Kundens klientorganisations-ID",
                "Begärt belopp",
                "Valuta",
                "Ärendenummer hos supporten",
            ],
        ),
    ],
}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_incorrect_information_asks_what_microsoft_said_then_what_happened(page, anna, language):
    open_request(page, anna.username, "incorrect_information", language)
    save = "Spara och fortsätt" if language == "sv" else "Save and continue"
    step_of = "Steg {} av 7" if language == "sv" else "Step {} of 7"
    answers = {
        "statement": lambda: (
            page.locator("#id_statement-microsoft_statement").fill("The price is 10 EUR a user."),
            page.locator("#id_statement-statement_where_when").fill("Partner Center, 3 March"),
            press(page, save),
        ),
        "issue": lambda: (
            page.locator("#id_issue-description").fill("The customer was billed 12 EUR a user."),
            page.locator("#id_issue-issue_date").fill(days_ago(20)),
            page.locator("#id_issue-support_ticket_numbers").fill("2603030040001234"),
            press(page, save),
        ),
    }
    for number, (step, title, questions) in enumerate(
        INCORRECT_INFORMATION_PAGES[language], start=4
    ):
        assert f"/steps/{step}/" in page.url
        assert page.get_by_role("heading", level=1).inner_text() == title
        assert page.locator(".step-count").inner_text() == step_of.format(number)
        assert asked_questions(page) == questions
        look(page, f"incorrect-information-page-{number}-{step}-{language}")
        answers[step]()
    assert "/steps/evidence/" in page.url
    assert page.locator(".step-count").inner_text() == step_of.format(6)
    draft = CreditRequestDraft.objects.get()
    assert draft.answers["microsoft_statement"] == "The price is 10 EUR a user."
    assert draft.answers["support_ticket_numbers"] == "2603030040001234"
    assert draft.completed_steps[3:5] == ["statement", "issue"]
