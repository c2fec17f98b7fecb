"""Check your answers re-reads every step against the others, and the verdict of now."""

import html

from creditrequests.models import CreditRequestDraft
from tests.creditrequests.test_wizard_flows import (
    FLOWS,
    fill_common_steps,
    start,
    step_url,
    submit,
)

TENANT_STEP = dict(FLOWS["service_outage"][1][1])


def answer_outage(client):
    public_id = start(client)
    fill_common_steps(client, public_id, "service_outage")
    for step in FLOWS["service_outage"]:
        submit(client, public_id, *step)
    return public_id


def test_changed_tenant_domains_make_the_old_evidence_email_an_error_on_check(drafter_client):
    public_id = answer_outage(drafter_client)
    submit(
        drafter_client,
        public_id,
        "outage-tenant",
        {**TENANT_STEP, "tenant_domains": "fabrikam.com"},
        query="?return=check",
    )

    page = drafter_client.get(step_url(public_id, "check")).content.decode()

    assert 'data-testid="step-errors"' in page
    assert "This email is not from the customer&#x27;s tenant domains (fabrikam.com)" in page
    assert (
        f'href="{step_url(public_id, "outage-evidence")}?return=check'
        '#id_outage-evidence-evidence_email"' in page
    )


def test_finishing_with_a_step_that_no_longer_fits_shows_check_with_its_error(
    drafter_client,
):
    public_id = answer_outage(drafter_client)
    submit(drafter_client, public_id, "outage-tenant", {**TENANT_STEP, "tenant_domains": "f.com"})

    response = submit(drafter_client, public_id, "check", {})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Some answers no longer fit the others. Fix them" in page
    assert "This email is not from the customer" in page
    assert "check" not in CreditRequestDraft.objects.get(public_id=public_id).completed_steps


def test_check_opened_directly_shows_the_verdict_of_the_answers_now(drafter_client):
    public_id = answer_outage(drafter_client)
    # The saved verdict is stale: a row written by an older save says something else.
    CreditRequestDraft.objects.filter(public_id=public_id).update(deadline=None, outcome="")

    page = drafter_client.get(step_url(public_id, "check")).content.decode()

    assert 'data-testid="outlook"' in page


def test_a_free_text_answer_in_swedish_gets_a_warning_on_check(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    issue = dict(FLOWS["technical_issue"][0][1])
    issue["description"] = "Kunden debiterades två gånger för samma beställning i portalen."
    submit(drafter_client, public_id, "issue", issue)

    page = drafter_client.get(step_url(public_id, "check")).content.decode()

    assert 'data-testid="language-warnings"' in page
    assert "“What happened” does not look like English." in page


def test_a_free_text_answer_in_english_gets_no_language_warning(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    submit(drafter_client, public_id, *FLOWS["technical_issue"][0])

    page = drafter_client.get(step_url(public_id, "check")).content.decode()

    assert 'data-testid="language-warnings"' not in page


def test_free_text_fields_ask_for_english(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")

    page = drafter_client.get(step_url(public_id, "issue")).content.decode()

    assert 'id="id_issue-description_helptext"' in page
    assert "In English, for Microsoft's support." in html.unescape(page)


def answer_accidental(client, **changes):
    public_id = start(client)
    fill_common_steps(client, public_id, "accidental_purchase")
    purchase, accidental = FLOWS["accidental_purchase"][0], FLOWS["accidental_purchase"][1]
    submit(client, public_id, *purchase)
    submit(client, public_id, accidental[0], {**accidental[1], **changes})
    return public_id


def test_users_assigned_is_not_listed_on_check_for_an_offer_other_than_a1(drafter_client):
    public_id = answer_accidental(drafter_client)

    page = drafter_client.get(step_url(public_id, "check")).content.decode()

    assert "Users assigned" not in page


def test_users_assigned_typed_for_another_offer_is_not_kept(drafter_client):
    public_id = answer_accidental(drafter_client, users_assigned="12")

    assert "users_assigned" not in CreditRequestDraft.objects.get(public_id=public_id).answers


def test_users_assigned_is_listed_on_check_for_microsoft_365_a1(drafter_client):
    public_id = answer_accidental(drafter_client, offer="m365_a1", users_assigned="0")

    page = drafter_client.get(step_url(public_id, "check")).content.decode()

    assert "Users assigned" in page
