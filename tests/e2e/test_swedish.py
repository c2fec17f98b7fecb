"""The wizard in Swedish, in Chromium: labels, errors and the rules' findings all in Swedish."""

import re
from datetime import timedelta

from creditrequests.evaluation import request_date
from creditrequests.models import PartnerCenterRole
from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.factories import UserFactory

TENANT = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"

# English a Swedish page must not show (the Details text itself stays English, so it is left out).
ENGLISH = re.compile(
    r"\b(Continue|Save and come back later|There is a problem|Change|Back|Step \d|File by|"
    r"days? left|required|not given|Partner Center role|Partner type|Ask an|Yes|No|"
    r"Customer|Result|Check your answers|Likely outcome|What to expect|Sign out|My drafts|"
    r"Microsoft must receive|Only the affected service|personal email|not confirmed)\b"
)


def visible_text(page):
    """The page's text as a reader sees it, without the English Details text box."""
    return page.evaluate(
        """() => {
            const body = document.body.cloneNode(true);
            body.querySelectorAll("textarea, option").forEach((el) => el.remove());
            return body.innerText;
        }"""
    )


def check_swedish(page, name):
    screenshot(page, f"sv-{name}")
    assert page.locator("html").get_attribute("lang") == "sv"
    english = sorted(set(ENGLISH.findall(visible_text(page))))
    assert not english, f"English on the Swedish page {name}: {english}"
    assert_accessible(page, f"{name} in Swedish")


def continue_(page):
    page.get_by_role("button", name="Spara och fortsätt", exact=True).click()
    page.wait_for_load_state()


def test_a_refused_requester_and_an_sla_request_are_told_everything_in_swedish(
    page, transactional_db
):
    bella = UserFactory(username="bella", partner_center_role=PartnerCenterRole.BILLING_ADMIN)
    sign_in(page, bella.username)
    page.goto("/requests/new/")
    page.locator("#language-select").select_option("sv")
    page.locator(".header-tools").get_by_role("button", name="Change").click()
    page.wait_for_load_state()

    # The rules refuse a Billing admin: the reason and who can file instead, in Swedish.
    assert page.get_by_role("heading", name="Vem som frågar").is_visible()
    refusal = page.get_by_test_id("refusal")
    assert refusal.get_by_text("Du kan inte skicka in den här kreditbegäran själv").is_visible()
    assert refusal.get_by_text(
        re.compile("rollen Faktureringsadministratör kan inte skicka in kreditbegäranden")
    ).is_visible()
    assert refusal.get_by_text(
        re.compile("Be en administratörsagent i din organisation")
    ).is_visible()
    check_swedish(page, "refused-requester")
    continue_(page)
    assert page.get_by_role("heading", name="Det finns ett problem").is_visible()
    check_swedish(page, "refused-requester-error")

    # An Admin agent files an SLA claim.
    page.get_by_label("Administratörsagent").check()
    continue_(page)
    page.get_by_label(re.compile("^Tjänstavbrott \\(SLA\\)")).check()
    continue_(page)
    page.get_by_label("Kundens namn").fill("Contoso AB")
    continue_(page)
    incident = request_date() - timedelta(days=3)
    page.get_by_label("Microsoft 365", exact=True).check()
    page.get_by_label("Avbrotts-ID").fill("EX25194")
    page.get_by_label("Incidentdatum").fill(incident.isoformat())
    check_swedish(page, "outage-incident")
    continue_(page)
    assert page.get_by_role("heading", name="Kundens klientorganisation").is_visible()
    page.get_by_label("Kundens klientorganisations-ID").fill(TENANT)
    page.get_by_label("Klientorganisationens domäner").fill("contoso.com")
    page.locator("#id_outage-tenant-bought_through_csp_0").check()
    check_swedish(page, "outage-tenant")
    continue_(page)

    # A personal address as evidence: refused with its own message, in Swedish.
    page.get_by_label("Kundens e-postadress i underlaget").fill("someone@gmail.com")
    page.locator("#id_outage-evidence-customer_requested_credit_0").check()
    continue_(page)
    assert page.get_by_role("heading", name="Det finns ett problem").is_visible()
    assert page.get_by_role("link", name=re.compile("En privat e-postadress")).is_visible()
    outlook = page.get_by_test_id("outlook")
    assert outlook.get_by_text(re.compile("Microsoft måste ta emot anspråket")).is_visible()
    assert outlook.get_by_text(re.compile("Bara den berörda tjänsten krediteras")).is_visible()
    check_swedish(page, "outage-evidence-error")

    page.get_by_label("Kundens e-postadress i underlaget").fill("it@contoso.com")
    continue_(page)
    assert page.get_by_role("heading", name="Påverkan").is_visible()
    check_swedish(page, "outage-impact")
    continue_(page)
    assert page.get_by_role("heading", name="Underlag").is_visible()
    page.locator("#id_evidence-evidence_attached_0").check()
    check_swedish(page, "evidence")
    continue_(page)
    assert page.get_by_role("heading", name="Kontrollera dina svar").is_visible()
    check_swedish(page, "check-your-answers")
    page.get_by_role("button", name="Skriv informationstexten").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Du kan skicka in den här kreditbegäran").is_visible()
    assert page.get_by_text(re.compile("Avbrottets varaktighet: inte angivet")).is_visible()
    assert page.get_by_text(
        "Avbrotts-ID från instrumentpanelen Service Health", exact=True
    ).is_visible()
    assert page.get_by_text(re.compile("Hjälp \\+ support")).first.is_visible()
    details = page.get_by_label("Informationstext (skrivskyddad)").input_value()
    assert "Outage incident ID: EX25194 (Exchange Online)" in details  # English for Microsoft
    check_swedish(page, "result")
