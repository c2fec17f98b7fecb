"""The service outage asks one topic a page, and drafts saved on the old two pages resume."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from creditrequests.models import CreditRequestDraft
from creditrequests.wizard.steps import OUTAGE_STEPS, STEPS
from tests.creditrequests.test_wizard_flows import (
    CUSTOMER,
    FLOWS,
    REQUESTER,
    TENANT,
    days_ago,
    fill_common_steps,
    start,
    step_url,
    submit,
)
from tests.factories import TEST_PASSWORD, DraftFactory

split = importlib.import_module("creditrequests.migrations.0012_split_outage_steps")

FORMS = dict(STEPS)

# Every answer of the two old outage pages, as the wizard saved them.
OLD_ANSWERS = {
    **REQUESTER,
    **CUSTOMER,
    "credit_type": "service_outage",
    "service_family": "microsoft_365",
    "tenant_id": TENANT,
    "tenant_domains": ["contoso.com", "contoso.onmicrosoft.com"],
    "outage_id": "EX25194",
    "advisory": False,
    "incident_date": days_ago(3),
    "incident_duration": "4 hours 30 minutes",
    "affected_services": "Exchange Online",
    "affected_users": 120,
    "affected_locations": "Stockholm, Malmö",
    "evidence_email": "it@mail.contoso.com",
    "customer_requested_credit": True,
    "bought_through_csp": True,
    "resolution_actions": "Waited for Microsoft's fix.",
    "support_ticket_numbers": "TICKET-7",
    "evidence_attached": ["request_form", "outage_incident_id", "customer_email"],
}
COMMON = ["requester", "credit-type", "customer"]


def old_draft(owner, completed, *, answers=OLD_ANSWERS, unsaved_input=None):
    draft = DraftFactory(
        owner=owner,
        customer_name="Contoso Ltd",
        customer_tenant_id=TENANT,
        answers=dict(answers),
        completed_steps=completed,
        unsaved_input=unsaved_input or {},
    )
    split.split_outage_steps(apps, None)
    draft.refresh_from_db()
    return draft


def resume(client, draft):
    return client.get(reverse("wizard:resume", args=[draft.public_id]))


def test_each_outage_page_asks_its_own_topic_only():
    fields = {step: set(FORMS[step].base_fields) for step in OUTAGE_STEPS}
    assert fields == {
        "outage-incident": {"service_family", "outage_id", "advisory", "incident_date"},
        "outage-tenant": {"tenant_id", "tenant_domains", "bought_through_csp"},
        "outage-evidence": {"evidence_email", "customer_requested_credit"},
        "outage-impact": {
            "incident_duration",
            "affected_services",
            "affected_users",
            "affected_locations",
            "resolution_actions",
            "support_ticket_numbers",
        },
    }


def test_the_migration_maps_every_question_the_old_pages_asked():
    asked = {field for origins in split.NEW_STEPS.values() for field in origins}
    assert asked == {field for step in OUTAGE_STEPS for field in FORMS[step].base_fields}
    assert {step: set(fields) for step, fields in split.NEW_STEPS.items()} == {
        step: set(FORMS[step].base_fields) for step in OUTAGE_STEPS
    }


def test_an_outage_request_counts_its_four_pages_in_step_n_of_m(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "service_outage")
    for number, step in enumerate(OUTAGE_STEPS, start=4):
        page = drafter_client.get(step_url(public_id, step)).content.decode()
        assert f"Step {number} of 9" in page, step


def test_the_evidence_email_is_checked_against_the_domains_of_the_tenant_page(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "service_outage")
    incident, tenant, evidence = FLOWS["service_outage"][:3]
    submit(drafter_client, public_id, *incident)
    submit(drafter_client, public_id, tenant[0], {**tenant[1], "tenant_domains": "fabrikam.se"})

    response = submit(drafter_client, public_id, *evidence)

    assert response.status_code == 200
    assert "not from the customer&#x27;s tenant domains (fabrikam.se)" in response.content.decode()


def test_a_finished_old_draft_counts_every_new_page_as_completed(client, drafter):
    completed = [*COMMON, "outage-incident", "outage-evidence", "evidence", "check"]
    draft = old_draft(drafter, completed)

    assert draft.completed_steps == [*COMMON, *OUTAGE_STEPS, "evidence", "check"]
    client.login(username=drafter.username, password=TEST_PASSWORD)
    assert resume(client, draft)["Location"] == step_url(draft.public_id, "check")
    page = client.get(step_url(draft.public_id, "check")).content.decode()
    assert 'data-testid="step-errors"' not in page
    for value in ["EX25194", TENANT, "it@mail.contoso.com", "Stockholm, Malmö", "TICKET-7"]:
        assert value in page
    finished = submit(client, draft.public_id, "check", {})
    assert finished["Location"] == reverse("wizard:result", args=[draft.public_id])


def test_an_old_draft_stopped_on_the_evidence_page_resumes_on_the_first_page_it_lacks(
    client, drafter
):
    answers = {
        key: value
        for key, value in OLD_ANSWERS.items()
        if key
        not in {"evidence_email", "customer_requested_credit", "bought_through_csp"}
        | {"resolution_actions", "support_ticket_numbers", "evidence_attached"}
    }
    draft = old_draft(drafter, [*COMMON, "outage-incident"], answers=answers)

    # The tenant page also asks "bought through CSP?", which the old evidence page asked.
    assert draft.completed_steps == [*COMMON, "outage-incident"]
    client.login(username=drafter.username, password=TEST_PASSWORD)
    assert resume(client, draft)["Location"] == step_url(draft.public_id, "outage-tenant")
    page = client.get(step_url(draft.public_id, "outage-tenant")).content.decode()
    assert f'value="{TENANT}"' in page and "contoso.com\ncontoso.onmicrosoft.com" in page
    impact = client.get(step_url(draft.public_id, "outage-impact")).content.decode()
    assert "4 hours 30 minutes" in impact and 'value="120"' in impact

    tenant = submit(client, draft.public_id, *FLOWS["service_outage"][1])
    assert tenant["Location"] == step_url(draft.public_id, "outage-evidence")
    evidence = submit(client, draft.public_id, *FLOWS["service_outage"][2])
    assert evidence["Location"] == step_url(draft.public_id, "outage-impact")
    saved = CreditRequestDraft.objects.get(pk=draft.pk).answers
    assert saved["incident_duration"] == "4 hours 30 minutes"
    assert saved["affected_users"] == 120


def test_input_kept_as_typed_on_an_old_page_moves_to_the_new_pages(client, drafter):
    typed = {
        "outage-incident-service_family": ["microsoft_365"],
        "outage-incident-tenant_id": [TENANT[:-1]],
        "outage-incident-tenant_domains": ["contoso.com"],
        "outage-incident-outage_id": ["EX-bad"],
        "outage-incident-incident_date": [days_ago(3)],
        "outage-incident-incident_duration": ["4 hours"],
        "outage-incident-affected_services": [""],
        "outage-incident-affected_users": [""],
        "outage-incident-affected_locations": [""],
    }
    answers = {
        **REQUESTER,
        **CUSTOMER,
        "credit_type": "service_outage",
        "service_family": "microsoft_365",
        "tenant_domains": ["contoso.com"],
        "incident_date": days_ago(3),
        "incident_duration": "4 hours",
        "resolution_actions": "Restarted Outlook.",
    }
    draft = old_draft(drafter, COMMON, answers=answers, unsaved_input={"outage-incident": typed})

    assert draft.unsaved_input == {
        "outage-incident": {
            "outage-incident-service_family": ["microsoft_365"],
            "outage-incident-outage_id": ["EX-bad"],
            "outage-incident-incident_date": [days_ago(3)],
        },
        "outage-tenant": {
            "outage-tenant-tenant_id": [TENANT[:-1]],
            "outage-tenant-tenant_domains": ["contoso.com"],
        },
        "outage-impact": {
            "outage-impact-incident_duration": ["4 hours"],
            "outage-impact-affected_services": [""],
            "outage-impact-affected_users": [""],
            "outage-impact-affected_locations": [""],
            "outage-impact-resolution_actions": ["Restarted Outlook."],
        },
    }
    client.login(username=drafter.username, password=TEST_PASSWORD)
    assert resume(client, draft)["Location"] == step_url(draft.public_id, "outage-incident")
    incident = client.get(step_url(draft.public_id, "outage-incident")).content.decode()
    assert 'value="EX-bad"' in incident and 'id="id_outage-incident-outage_id_error"' in incident
    tenant = client.get(step_url(draft.public_id, "outage-tenant")).content.decode()
    assert f'value="{TENANT[:-1]}"' in tenant
    assert 'id="id_outage-tenant-tenant_id_error"' in tenant


def test_an_old_session_copy_is_rebuilt_from_the_draft_so_no_answer_is_dropped(
    drafter_client,
):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "service_outage")
    for step, answers in FLOWS["service_outage"][:2]:
        submit(drafter_client, public_id, step, answers)
    # A session copy made before the split: the tenant is still on outage-incident.
    session = drafter_client.session
    key = f"wizard_draft_{public_id.hex}"
    step_data = session[key]["step_data"]
    step_data["outage-incident"]["outage-incident-tenant_id"] = [TENANT]
    del step_data["outage-tenant"]
    session.save()

    submit(drafter_client, public_id, *FLOWS["service_outage"][2])

    saved = CreditRequestDraft.objects.get(public_id=public_id)
    assert saved.answers["tenant_id"] == TENANT
    assert saved.answers["tenant_domains"] == ["contoso.com", "contoso.onmicrosoft.com"]
    assert "outage-evidence" in saved.completed_steps


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ([], []),
        (["requester", "credit-type"], ["requester", "credit-type"]),
        ([*COMMON, "outage-evidence"], [*COMMON, "outage-evidence"]),
        ([*COMMON, "outage-incident", "evidence"], [*COMMON, "outage-incident", "evidence"]),
    ],
)
def test_completed_steps_keep_what_no_new_page_changes(old, new):
    assert split.split_completed_steps(old) == new


def test_an_outage_already_too_late_stops_right_after_the_outage_page(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "service_outage")
    step, answers = FLOWS["service_outage"][0]

    response = submit(drafter_client, public_id, step, {**answers, "incident_date": days_ago(100)})

    assert response["Location"] == reverse("wizard:too_late", args=[public_id])
