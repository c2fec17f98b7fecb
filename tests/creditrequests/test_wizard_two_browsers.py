"""Two browsers (or sign-ins) on one draft, and answers that stop fitting: nothing is lost.

Each browser has its own session copy of the answers; the draft is the truth. Found by a
tester of issue 10: a second browser overwrote newer answers, an answer that stopped
validating was dropped from the draft, a stale Check your answers finished with answers
nobody saw, and a type change elsewhere dropped input on a step both types share.
"""

import html

import pytest
from django.test import Client
from django.urls import reverse

from creditrequests.models import CreditRequestDraft
from creditrequests.wizard.views import TYPED_LIMIT
from tests.creditrequests.test_wizard_flows import (
    EVIDENCE,
    FLOWS,
    TENANT,
    complete_wizard,
    fill_common_steps,
    start,
    step_url,
    submit,
)
from tests.factories import TEST_PASSWORD

OTHER_TENANT = "99999999-1111-4222-8333-444444444444"


@pytest.fixture
def other_browser(drafter):
    client = Client()
    client.login(username=drafter.username, password=TEST_PASSWORD)
    return client


def outage(public_id):
    return CreditRequestDraft.objects.get(public_id=public_id)


def finished_outage(client):
    complete_wizard(client, "service_outage")
    return CreditRequestDraft.objects.filter(credit_type="service_outage").latest("pk").public_id


def move_tenant(client, public_id):
    """Change the tenant, its domains and the evidence email to Fabrikam's."""
    submit(
        client,
        public_id,
        "outage-tenant",
        {"tenant_id": OTHER_TENANT, "tenant_domains": "fabrikam.com", "bought_through_csp": "yes"},
    )
    submit(
        client,
        public_id,
        "outage-evidence",
        {"evidence_email": "it@fabrikam.com", "customer_requested_credit": "yes"},
    )


def test_a_second_browser_never_writes_back_answers_it_did_not_show(drafter_client, other_browser):
    public_id = finished_outage(drafter_client)
    other_browser.get(step_url(public_id, "outage-incident"))  # its own session copy
    move_tenant(drafter_client, public_id)
    version = outage(public_id).version

    impact = dict(FLOWS["service_outage"][3][1], incident_duration="5 hours")
    response = submit(
        other_browser, public_id, "outage-impact", impact, extra={"draft_version": str(version)}
    )

    assert response.status_code == 302
    draft = outage(public_id)
    assert draft.answers["tenant_id"] == OTHER_TENANT
    assert draft.answers["tenant_domains"] == ["fabrikam.com"]
    assert draft.answers["evidence_email"] == "it@fabrikam.com"
    assert draft.answers["incident_duration"] == "5 hours"


def test_a_second_browser_shows_the_newer_answers_on_its_next_page(drafter_client, other_browser):
    public_id = finished_outage(drafter_client)
    other_browser.get(step_url(public_id, "outage-tenant"))
    move_tenant(drafter_client, public_id)

    page = other_browser.get(step_url(public_id, "outage-tenant")).content.decode()

    assert OTHER_TENANT in page


def test_an_answer_that_stops_fitting_is_kept_with_the_draft_and_checked_again(
    drafter_client, other_browser
):
    public_id = finished_outage(drafter_client)
    submit(
        drafter_client,
        public_id,
        "outage-tenant",
        {"tenant_id": TENANT, "tenant_domains": "fabrikam.com", "bought_through_csp": "yes"},
        query="?return=check",
    )

    draft = outage(public_id)
    assert draft.unsaved_input["outage-evidence"]["outage-evidence-evidence_email"] == [
        "it@mail.contoso.com"
    ]
    # A new sign-in (no session copy) still has the email, and says why it no longer fits.
    page = html.unescape(other_browser.get(step_url(public_id, "check")).content.decode())
    assert "This email is not from the customer's tenant domains (fabrikam.com)" in page
    evidence = html.unescape(
        other_browser.get(step_url(public_id, "outage-evidence")).content.decode()
    )
    assert 'value="it@mail.contoso.com"' in evidence


def test_an_invalid_answer_kept_over_a_language_switch_is_not_dropped_by_the_next_save(
    drafter_client, other_browser
):
    public_id = finished_outage(drafter_client)
    prefix = f"draft_{public_id.hex}"
    drafter_client.post(
        step_url(public_id, "outage-tenant"),
        {
            f"{prefix}-current_step": "outage-tenant",
            "outage-tenant-tenant_id": TENANT[:-1],
            "outage-tenant-tenant_domains": "contoso.com",
            "outage-tenant-bought_through_csp": "yes",
            "switch_language": "1",
            "language": "sv",
        },
    )
    submit(drafter_client, public_id, *FLOWS["service_outage"][0])

    kept = outage(public_id).unsaved_input["outage-tenant"]
    assert kept["outage-tenant-tenant_id"] == [TENANT[:-1]]
    page = other_browser.get(step_url(public_id, "outage-tenant")).content.decode()
    assert TENANT[:-1] in page


def test_changing_the_type_and_back_in_a_new_session_brings_back_every_answer(
    drafter_client, other_browser
):
    public_id = finished_outage(drafter_client)
    submit(drafter_client, public_id, "credit-type", {"credit_type": "technical_issue"})

    submit(other_browser, public_id, "credit-type", {"credit_type": "service_outage"})

    for step, answers in FLOWS["service_outage"][:4]:
        page = html.unescape(other_browser.get(step_url(public_id, step)).content.decode())
        some = next(
            v
            for k, v in answers.items()
            if k in {"outage_id", "tenant_id", "evidence_email", "affected_services"}
        )
        assert some.upper() in page.upper(), step


def test_a_stale_check_page_does_not_finish_with_answers_nobody_saw(drafter_client):
    public_id = finished_outage(drafter_client)
    shown = outage(public_id).version
    incident = dict(FLOWS["service_outage"][0][1], outage_id="EX99999")
    submit(drafter_client, public_id, "outage-incident", incident)

    response = submit(drafter_client, public_id, "check", {}, extra={"draft_version": str(shown)})

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "These answers were changed in another tab or window" in page
    assert "Outage incident ID" in page
    assert "Check them below before the Details text is written." in page


def test_a_type_change_elsewhere_keeps_input_on_a_step_both_types_share(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "incorrect_information")
    shown = outage(public_id).version
    submit(drafter_client, public_id, "credit-type", {"credit_type": "technical_issue"})

    response = submit(
        drafter_client,
        public_id,
        "evidence",
        {"evidence_attached": EVIDENCE["incorrect_information"]},
        extra={"draft_version": str(shown)},
        follow=True,
    )

    page = html.unescape(response.content.decode())
    assert response.redirect_chain[-1][0] == step_url(public_id, "credit-type")
    assert "“What is the credit request about?” is now “Technical issue”" in page
    assert "what you typed on it is kept" in page
    kept = outage(public_id).unsaved_input["evidence"]
    assert kept["evidence-evidence_attached"] == EVIDENCE["incorrect_information"]


def test_save_for_later_refuses_an_answer_too_long_to_keep_and_keeps_the_page(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    huge = "x" * (TYPED_LIMIT + 1)

    response = submit(
        drafter_client,
        public_id,
        "issue",
        {"description": huge},
        extra={"save_later": "1"},
    )

    assert response.status_code == 200
    assert "This page was not saved: an answer is more than 20,000 characters long." in (
        html.unescape(response.content.decode())
    )
    assert huge in response.content.decode()
    assert "issue" not in outage(public_id).unsaved_input


def test_save_for_later_keeps_one_value_a_field_whatever_is_posted(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    prefix = f"draft_{public_id.hex}"

    drafter_client.post(
        step_url(public_id, "issue"),
        {
            f"{prefix}-current_step": "issue",
            "issue-references": ["a" * 100] * 900,
            "issue-issue_date": "not a date",
            "save_later": "1",
        },
    )

    kept = outage(public_id).unsaved_input["issue"]
    assert kept["issue-references"] == ["a" * 100]


# --- found by the second tester ------------------------------------------------------


def break_the_evidence_email(client, public_id):
    submit(
        client,
        public_id,
        "outage-tenant",
        {"tenant_id": TENANT, "tenant_domains": "fabrikam.com", "bought_through_csp": "yes"},
        query="?return=check",
    )


def test_input_kept_with_the_draft_is_only_the_steps_own_fields(drafter_client):
    public_id = finished_outage(drafter_client)

    break_the_evidence_email(drafter_client, public_id)

    kept = outage(public_id).unsaved_input["outage-evidence"]
    assert set(kept) <= {
        "outage-evidence-evidence_email",
        "outage-evidence-customer_requested_credit",
    }
    history = drafter_client.get(reverse("drafts:detail", args=[public_id])).content.decode()
    assert "Unsaved input" not in history


def test_a_forged_extra_field_or_value_never_reaches_the_draft(drafter_client):
    public_id = finished_outage(drafter_client)
    prefix = f"draft_{public_id.hex}"
    drafter_client.post(
        step_url(public_id, "outage-evidence"),
        {
            f"{prefix}-current_step": "outage-evidence",
            "outage-evidence-evidence_email": ["x@gmail.com", "y@gmail.com", "it@contoso.com"],
            "outage-evidence-customer_requested_credit": "yes",
            "outage-evidence-junk": "j" * 100_000,
        },
    )

    break_the_evidence_email(drafter_client, public_id)

    kept = outage(public_id).unsaved_input["outage-evidence"]
    assert kept["outage-evidence-evidence_email"] == ["it@contoso.com"]
    assert "outage-evidence-junk" not in kept


def test_a_stale_page_of_a_shared_step_changes_no_answer(drafter_client, other_browser):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    submit(drafter_client, public_id, *FLOWS["technical_issue"][0])
    shown = outage(public_id).version
    submit(other_browser, public_id, "credit-type", {"credit_type": "incorrect_information"})

    stale = dict(FLOWS["technical_issue"][0][1], description="STALE TAB TEXT", amount="999")
    submit(drafter_client, public_id, "issue", stale, extra={"draft_version": str(shown)})

    draft = outage(public_id)
    assert draft.answers["description"] == FLOWS["technical_issue"][0][1]["description"]
    assert "issue" in draft.completed_steps
    assert draft.unsaved_input["issue"]["issue-description"] == ["STALE TAB TEXT"]
    page = drafter_client.get(step_url(public_id, "issue")).content.decode()
    assert "STALE TAB TEXT" in page


def test_a_new_sign_in_keeps_nothing_for_steps_the_request_never_had(drafter_client, other_browser):
    public_id = finished_outage(drafter_client)

    submit(other_browser, public_id, *FLOWS["service_outage"][0])

    assert set(outage(public_id).unsaved_input) == set()


def test_input_kept_over_a_language_switch_survives_a_save_in_another_browser(
    drafter_client, other_browser
):
    public_id = finished_outage(drafter_client)
    prefix = f"draft_{public_id.hex}"
    drafter_client.post(
        step_url(public_id, "outage-tenant"),
        {
            f"{prefix}-current_step": "outage-tenant",
            "outage-tenant-tenant_id": TENANT[:-1],
            "outage-tenant-tenant_domains": "contoso.com\ncontoso.se",
            "outage-tenant-bought_through_csp": "yes",
            "switch_language": "1",
            "language": "sv",
        },
    )

    submit(other_browser, public_id, *FLOWS["service_outage"][3])

    page = drafter_client.get(step_url(public_id, "outage-tenant")).content.decode()
    assert TENANT[:-1] in page and "contoso.se" in page


def test_a_stale_page_too_long_to_keep_is_shown_again_with_its_input(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    shown = outage(public_id).version
    submit(drafter_client, public_id, "credit-type", {"credit_type": "incorrect_information"})
    huge = "y" * (TYPED_LIMIT + 1)

    response = submit(
        drafter_client,
        public_id,
        "issue",
        {"description": huge},
        extra={"draft_version": str(shown)},
    )

    assert response.status_code == 200
    assert huge in response.content.decode()


def test_a_step_that_fits_again_is_complete_again(drafter_client):
    public_id = finished_outage(drafter_client)
    break_the_evidence_email(drafter_client, public_id)
    assert "outage-evidence" not in outage(public_id).completed_steps

    # The tenant's own domains again: the email fits, as it did.
    submit(drafter_client, public_id, *FLOWS["service_outage"][1], query="?return=check")

    draft = outage(public_id)
    assert "outage-evidence" in draft.completed_steps
    assert "outage-evidence" not in draft.unsaved_input


def test_kept_ticks_of_another_types_checklist_are_not_shown_as_an_error(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "incorrect_information")
    shown = outage(public_id).version
    submit(drafter_client, public_id, "credit-type", {"credit_type": "technical_issue"})
    submit(
        drafter_client,
        public_id,
        "evidence",
        {"evidence_attached": EVIDENCE["incorrect_information"]},
        extra={"draft_version": str(shown)},
    )

    page = html.unescape(drafter_client.get(step_url(public_id, "evidence")).content.decode())

    assert "Tick only items from the list." not in page


def test_switching_language_on_check_your_answers_keeps_nothing_empty(drafter_client):
    public_id = finished_outage(drafter_client)

    submit(drafter_client, public_id, "check", {}, extra={"switch_language": "1", "language": "sv"})

    assert "check" not in outage(public_id).unsaved_input
