"""The drafting wizard through the test client: each credit type from start to result."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import resolve, reverse

from creditrequests.evaluation import request_date
from creditrequests.models import CreditRequestDraft, DraftStatus, PartnerType
from tests.factories import TEST_PASSWORD, DraftFactory, OrganisationFactory, UserFactory

TENANT = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"
SUBSCRIPTION = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
NEW_SUBSCRIPTION = "16fd2706-8baf-433b-82eb-8c7fada847da"
OLD_TENANT = "a8098c1a-f86e-11da-bd1a-00112444be1e"


def days_ago(days):
    return (request_date() - timedelta(days=days)).isoformat()


REQUESTER = {"role": "admin_agent", "partner_type": "direct"}
CUSTOMER = {"customer_name": "Contoso Ltd", "partner_reference": "CASE-42"}

LEGACY_CSP_PURCHASE = ("purchase", {"bought_from": "csp", "commerce": "legacy"})

# The answers of each credit type's own steps, in order (the evidence step is added below).
FLOWS = {
    "accidental_purchase": [
        LEGACY_CSP_PURCHASE,
        (
            "accidental-purchase",
            {
                "offer": "legacy_m365",
                "purchase_date": days_ago(45),
                "suspension_date": days_ago(2),
                "subscription_id": SUBSCRIPTION.upper(),
                "order_id": "ORD-1001",
                "description": "The licence count was raised from 10 to 100 by mistake.",
            },
        ),
    ],
    "duplicate_order": [
        LEGACY_CSP_PURCHASE,
        (
            "duplicate-order",
            {
                "original_subscription_id": SUBSCRIPTION,
                "original_tenant_id": OLD_TENANT,
                "new_subscription_id": NEW_SUBSCRIPTION,
                "tenant_id": TENANT,
                "new_subscription_purchase_date": days_ago(10),
                "description": "The customer moved to a new tenant; the old one kept billing.",
            },
        ),
    ],
    "service_outage": [
        (
            "outage-incident",
            {
                "service_family": "microsoft_365",
                "outage_id": "ex25194",
                "advisory": "no",
                "incident_date": days_ago(3),
            },
        ),
        (
            "outage-tenant",
            {
                "tenant_id": TENANT,
                "tenant_domains": "contoso.com\r\ncontoso.onmicrosoft.com",
                "bought_through_csp": "yes",
            },
        ),
        (
            "outage-evidence",
            {
                "evidence_email": "it@mail.contoso.com",
                "customer_requested_credit": "yes",
            },
        ),
        (
            "outage-impact",
            {
                "incident_duration": "4 hours 30 minutes",
                "affected_services": "Exchange Online",
                "affected_users": "120",
                "affected_locations": "Stockholm, Malmö",
                "resolution_actions": "Waited for Microsoft's fix; used webmail meanwhile.",
                "support_ticket_numbers": "TICKET-7",
            },
        ),
    ],
    "technical_issue": [
        (
            "issue",
            {
                "description": "The portal charged the customer twice for one order.",
                "issue_date": days_ago(5),
                "references": "Invoice G012345678",
                "tenant_id": TENANT,
                "amount": "125,50",
                "currency": "eur",
            },
        )
    ],
    "incorrect_information": [
        (
            "statement",
            {
                "microsoft_statement": "The price is 10 EUR per user a month.",
                "statement_where_when": "Partner Center price list, in the chat on 3 March",
                "statement_by": "Partner support agent",
                "statement_cost": "2 EUR per user a month for 10 users",
            },
        ),
        (
            "issue",
            {
                "description": "Microsoft quoted 10 EUR per user; the invoice says 12 EUR.",
                "issue_date": days_ago(20),
                "support_ticket_numbers": "2603030040001234",
                "amount": "240.00",
                "currency": "SEK",
            },
        ),
    ],
}

# What each type's evidence step ticks: every item Microsoft requires.
EVIDENCE = {
    "accidental_purchase": ["request_form", "purchase_record", "customer_confirmation"],
    "duplicate_order": ["request_form", "subscription_ids", "invoice_lines", "move_proof"],
    "service_outage": ["request_form", "outage_incident_id", "customer_email"],
    "technical_issue": ["request_form", "what_happened", "affected_items", "amount_calculation"],
    "incorrect_information": [
        "request_form",
        "incorrect_information",
        "consequence",
        "affected_items",
        "amount_calculation",
    ],
}
for _credit_type, _steps in FLOWS.items():
    _steps.append(("evidence", {"evidence_attached": EVIDENCE[_credit_type]}))

# What the Details text must say for each type (besides customer, reference and type).
EXPECTED_DETAILS = {
    "accidental_purchase": [
        "Credit request type: Accidental purchase",
        "Offer: Microsoft 365 (legacy offer)",
        f"Subscription ID: {SUBSCRIPTION}",
        "Order ID: ORD-1001",
        f"Purchase date: {days_ago(45)}",
        "What went wrong: The licence count was raised from 10 to 100 by mistake.",
    ],
    "duplicate_order": [
        "Credit request type: Duplicate order",
        f"Original subscription ID: {SUBSCRIPTION}",
        f"New subscription ID: {NEW_SUBSCRIPTION}",
        f"New tenant ID: {TENANT}",
        f"New subscription purchase date: {days_ago(10)}",
    ],
    "service_outage": [
        "Credit request type: Service outage (SLA)",
        f"Customer tenant ID: {TENANT}",
        "Outage incident ID: EX25194 (Exchange Online)",
        "Customer evidence email: it@mail.contoso.com",
        "Customer asked for SLA credit: Yes",
        "Bought through CSP: Yes",
        "Affected users: 120",
    ],
    "technical_issue": [
        "Credit request type: Technical issue",
        "Amount requested: 125.50 EUR",
        "Subscriptions, orders or invoices: Invoice G012345678",
    ],
    "incorrect_information": [
        "Credit request type: Incorrect information from Microsoft",
        "Amount requested: 240.00 SEK",
        "What Microsoft said: The price is 10 EUR per user a month.",
        "Where and when: Partner Center price list, in the chat on 3 March",
        "Said by: Partner support agent",
        "What it cost the customer: 2 EUR per user a month for 10 users",
        "Support tickets: 2603030040001234",
    ],
}


def start(client):
    """GET the start URL and return the new draft's public ID (no row yet)."""
    response = client.get(reverse("wizard:start"))
    assert response.status_code == 302
    return resolve(response["Location"]).kwargs["public_id"]


def step_url(public_id, step):
    return reverse("wizard:step", kwargs={"public_id": public_id, "step": step})


def submit(client, public_id, step, answers, *, query="", extra=None, follow=False):
    data = {f"draft_{public_id.hex}-current_step": step}
    data.update({f"{step}-{name}": value for name, value in answers.items()})
    data.update(extra or {})
    return client.post(step_url(public_id, step) + query, data, follow=follow)


def fill_common_steps(client, public_id, credit_type):
    for step, answers in [
        ("requester", REQUESTER),
        ("credit-type", {"credit_type": credit_type}),
        ("customer", CUSTOMER),
    ]:
        response = submit(client, public_id, step, answers)
        assert response.status_code == 302, response.content.decode()[:3000]


def complete_wizard(client, credit_type):
    public_id = start(client)
    fill_common_steps(client, public_id, credit_type)
    for step, answers in FLOWS[credit_type]:
        response = submit(client, public_id, step, answers)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert response["Location"].endswith("/steps/check/") or "/steps/" in response["Location"]
    response = submit(client, public_id, "check", {})
    assert response.status_code == 302
    assert response["Location"] == reverse("wizard:result", args=[public_id])
    return public_id


@pytest.mark.parametrize("credit_type", list(FLOWS))
def test_each_credit_type_reaches_a_result_with_its_details_text(drafter_client, credit_type):
    public_id = complete_wizard(drafter_client, credit_type)

    page = drafter_client.get(reverse("wizard:result", args=[public_id])).content.decode()
    download = drafter_client.get(reverse("wizard:download", args=[public_id]))
    details = download.content.decode("utf-8")
    for line in [
        *EXPECTED_DETAILS[credit_type],
        "Customer: Contoso Ltd",
        "Partner reference: CASE-42",
    ]:
        assert line in details
    assert "You can file this credit request" in page
    assert 'data-copy-target="details-text"' in page
    assert "New request" in page
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize("credit_type", list(FLOWS))
def test_each_credit_type_saves_the_key_columns(drafter_client, drafter, credit_type):
    public_id = complete_wizard(drafter_client, credit_type)

    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.owner == drafter
    assert draft.organisation == drafter.organisation
    assert draft.credit_type == credit_type
    assert draft.customer_name == "Contoso Ltd"
    assert draft.reference == "CASE-42"
    assert draft.status == DraftStatus.DRAFT
    assert draft.rule_set_version == "2024-01-01"
    assert draft.eligible is True
    assert draft.details_text.startswith("Credit request type:")
    assert draft.current_step == "check"
    assert draft.completed_steps[-1] == "check"
    assert draft.answers["credit_type"] == credit_type
    assert draft.answers["role"] == "admin_agent"


def test_the_outage_draft_keeps_tenant_deadline_and_normalised_answers(drafter_client):
    public_id = complete_wizard(drafter_client, "service_outage")

    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.customer_tenant_id == TENANT
    assert draft.deadline is not None
    assert draft.answers["outage_id"] == "EX25194"
    assert draft.answers["tenant_domains"] == ["contoso.com", "contoso.onmicrosoft.com"]
    assert draft.answers["customer_requested_credit"] is True
    assert draft.answers["affected_users"] == 120


def test_the_technical_issue_draft_keeps_the_amount_as_a_decimal(drafter_client):
    public_id = complete_wizard(drafter_client, "technical_issue")

    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.amount == Decimal("125.50")
    assert draft.currency == "EUR"
    assert draft.answers["amount"] == "125.50"


def test_starting_a_request_creates_no_draft_until_the_first_post(drafter_client):
    public_id = start(drafter_client)
    page = drafter_client.get(step_url(public_id, "requester"))

    assert page.status_code == 200
    assert not CreditRequestDraft.objects.exists()
    submit(drafter_client, public_id, "requester", REQUESTER)
    assert CreditRequestDraft.objects.filter(public_id=public_id).count() == 1


def test_the_first_step_is_prefilled_from_the_profile(client, organisation):
    organisation.partner_type = PartnerType.INDIRECT_PROVIDER
    organisation.save()
    user = UserFactory(organisation=organisation, partner_center_role="global_admin")
    client.login(username=user.username, password=TEST_PASSWORD)

    page = client.get(step_url(start(client), "requester")).content.decode()

    checked = re.findall(r'<input type="radio"[^>]*value="([a-z_]+)"[^>]*checked', page)
    assert checked == ["global_admin", "indirect_provider"]


def test_a_billing_admin_is_refused_at_once_on_the_first_step(client, organisation):
    user = UserFactory(organisation=organisation, partner_center_role="billing_admin")
    client.login(username=user.username, password=TEST_PASSWORD)
    public_id = start(client)

    page = client.get(step_url(public_id, "requester")).content.decode()
    assert "You cannot file this credit request yourself" in page
    assert "Ask an Admin agent in your organisation" in page

    response = submit(
        client, public_id, "requester", {"role": "billing_admin", "partner_type": "direct"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Ask an Admin agent" in response.content.decode()


def test_an_indirect_reseller_is_told_to_ask_their_indirect_provider(drafter_client):
    public_id = start(drafter_client)

    response = submit(
        drafter_client,
        public_id,
        "requester",
        {"role": "admin_agent", "partner_type": "indirect_reseller"},
    )

    assert response.status_code == 200
    assert "Your indirect provider must file it on your behalf" in response.content.decode()


def test_the_deadline_and_outcome_show_as_soon_as_the_facts_allow(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "duplicate_order")
    submit(drafter_client, public_id, *FLOWS["duplicate_order"][0])
    submit(drafter_client, public_id, *FLOWS["duplicate_order"][1])

    page = drafter_client.get(step_url(public_id, "check")).content.decode()

    assert "What to expect so far" in page
    assert "110 days left" in page


def test_a_legacy_purchase_within_30_days_says_cancel_instead(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "accidental_purchase")
    answers = dict(FLOWS["accidental_purchase"][1][1], purchase_date=days_ago(5))
    answers.pop("suspension_date")
    submit(drafter_client, public_id, *LEGACY_CSP_PURCHASE)
    submit(drafter_client, public_id, "accidental-purchase", answers)
    submit(drafter_client, public_id, "evidence", {})
    submit(drafter_client, public_id, "check", {})

    page = drafter_client.get(reverse("wizard:result", args=[public_id])).content.decode()

    assert "No credit request needed" in page
    assert "100 % back without a credit request" in page
    assert drafter_client.get(reverse("wizard:download", args=[public_id])).status_code == 404


def test_a_late_accidental_purchase_explains_why_it_is_not_eligible(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "accidental_purchase")
    answers = dict(FLOWS["accidental_purchase"][1][1], purchase_date=days_ago(200))
    answers.pop("suspension_date")
    submit(drafter_client, public_id, *LEGACY_CSP_PURCHASE)
    submit(drafter_client, public_id, "accidental-purchase", answers)
    submit(drafter_client, public_id, "evidence", {})
    submit(drafter_client, public_id, "check", {})

    page = drafter_client.get(reverse("wizard:result", args=[public_id])).content.decode()

    assert "cannot be filed as it is" in page
    assert CreditRequestDraft.objects.get(public_id=public_id).eligible is False


def test_check_your_answers_lists_every_answer_with_a_change_link(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    submit(drafter_client, public_id, *FLOWS["technical_issue"][0])

    page = drafter_client.get(step_url(public_id, "check")).content.decode()

    assert "Contoso Ltd" in page and "CASE-42" in page and "125.50" in page
    assert f"{step_url(public_id, 'customer')}?return=check" in page
    assert page.count(">Change<") >= 10


def test_a_change_from_check_your_answers_returns_there_after_saving(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    for step in FLOWS["technical_issue"]:
        submit(drafter_client, public_id, *step)

    response = submit(
        drafter_client,
        public_id,
        "customer",
        {"customer_name": "Fabrikam", "partner_reference": ""},
        query="?return=check",
    )

    assert response["Location"] == step_url(public_id, "check")
    assert CreditRequestDraft.objects.get(public_id=public_id).customer_name == "Fabrikam"


def test_changing_the_credit_type_from_check_asks_the_new_types_questions(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    for step in FLOWS["technical_issue"]:
        submit(drafter_client, public_id, *step)

    response = submit(
        drafter_client,
        public_id,
        "credit-type",
        {"credit_type": "duplicate_order"},
        query="?return=check",
    )

    assert response["Location"] == step_url(public_id, "purchase") + "?return=check"
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert "amount" not in draft.answers
    assert "issue" not in draft.completed_steps


def test_save_and_come_back_later_keeps_the_valid_answers(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")

    response = submit(
        drafter_client,
        public_id,
        "issue",
        {"description": "Half written", "issue_date": "not a date", "amount": "12"},
        extra={"save_later": "1"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("drafts:home")
    assert "Your draft is saved" in response.content.decode()
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.answers["description"] == "Half written"
    assert draft.answers["amount"] == "12"
    assert "issue_date" not in draft.answers
    assert draft.current_step == "issue"
    assert "issue" not in draft.completed_steps


def test_resume_after_the_session_is_lost_restores_every_answer(client, drafter):
    client.login(username=drafter.username, password=TEST_PASSWORD)
    public_id = start(client)
    fill_common_steps(client, public_id, "service_outage")
    submit(client, public_id, *FLOWS["service_outage"][0])
    submit(client, public_id, *FLOWS["service_outage"][1])
    client.logout()

    client.login(username=drafter.username, password=TEST_PASSWORD)
    response = client.get(reverse("wizard:resume", args=[public_id]))
    assert response["Location"] == step_url(public_id, "outage-evidence")

    incident = client.get(step_url(public_id, "outage-incident")).content.decode()
    assert 'value="EX25194"' in incident
    tenant = client.get(step_url(public_id, "outage-tenant")).content.decode()
    assert "contoso.com\ncontoso.onmicrosoft.com" in tenant
    customer = client.get(step_url(public_id, "customer")).content.decode()
    assert 'value="Contoso Ltd"' in customer
    for step, answers in FLOWS["service_outage"][2:]:
        submit(client, public_id, step, answers)
    assert submit(client, public_id, "check", {})["Location"] == reverse(
        "wizard:result", args=[public_id]
    )


def test_a_step_url_works_in_a_new_session_without_resume(client, drafter):
    client.login(username=drafter.username, password=TEST_PASSWORD)
    public_id = start(client)
    fill_common_steps(client, public_id, "technical_issue")
    client.session.flush()
    client.logout()
    client.login(username=drafter.username, password=TEST_PASSWORD)

    page = client.get(step_url(public_id, "customer")).content.decode()

    assert 'value="Contoso Ltd"' in page


def test_two_drafts_in_two_tabs_do_not_overwrite_each_other(drafter_client):
    first, second = start(drafter_client), start(drafter_client)
    fill_common_steps(drafter_client, first, "technical_issue")
    fill_common_steps(drafter_client, second, "duplicate_order")
    submit(drafter_client, first, "customer", {"customer_name": "First customer"})

    assert CreditRequestDraft.objects.get(public_id=first).credit_type == "technical_issue"
    assert CreditRequestDraft.objects.get(public_id=second).customer_name == "Contoso Ltd"
    assert CreditRequestDraft.objects.get(public_id=first).customer_name == "First customer"


def test_submitting_the_last_step_twice_keeps_one_draft(drafter_client):
    public_id = complete_wizard(drafter_client, "duplicate_order")

    again = submit(drafter_client, public_id, "check", {})

    assert again["Location"] == reverse("wizard:result", args=[public_id])
    assert CreditRequestDraft.objects.count() == 1


def test_another_organisations_draft_is_not_found(drafter_client):
    other = DraftFactory(owner=UserFactory(organisation=OrganisationFactory()))

    for url in [
        reverse("wizard:resume", args=[other.public_id]),
        step_url(other.public_id, "customer"),
        reverse("wizard:result", args=[other.public_id]),
        reverse("wizard:download", args=[other.public_id]),
    ]:
        assert drafter_client.get(url).status_code == 404
    assert submit(drafter_client, other.public_id, "customer", CUSTOMER).status_code == 404


def test_a_colleagues_draft_cannot_be_edited(drafter_client, organisation):
    colleague_draft = DraftFactory(owner=UserFactory(organisation=organisation))

    assert (
        drafter_client.get(reverse("wizard:resume", args=[colleague_draft.public_id])).status_code
        == 403
    )
    assert (
        submit(drafter_client, colleague_draft.public_id, "customer", CUSTOMER).status_code == 403
    )


def test_a_draft_sent_for_review_is_no_longer_edited_in_the_wizard(drafter_client, drafter):
    draft = DraftFactory(owner=drafter, status=DraftStatus.READY_FOR_REVIEW)

    response = drafter_client.get(reverse("wizard:resume", args=[draft.public_id]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("drafts:detail", args=[draft.public_id])
    assert "can no longer be changed" in response.content.decode()


def test_the_wizard_needs_a_signed_in_user(client, db):
    response = client.get(reverse("wizard:start"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_wizard_post_reads_its_draft_locked_inside_the_transaction_that_saves_it(
    client, db, monkeypatch
):
    """So a move made in another tab waits for the save, and the save never undoes it."""
    from django.db import transaction

    from creditrequests.wizard import views

    user = UserFactory()
    client.force_login(user)
    step_url = client.get(reverse("wizard:start"))["Location"]
    public_id = resolve(step_url).kwargs["public_id"]
    prefix = f"draft_{public_id.hex}"
    client.post(
        step_url,
        {
            f"{prefix}-current_step": "requester",
            "requester-role": user.partner_center_role,
            "requester-partner_type": user.organisation.partner_type,
        },
    )
    reads = []
    original = views.editable_draft_or_none

    def watched(request, public_id, *, lock=False, **kwargs):
        reads.append((lock, transaction.get_connection().in_atomic_block))
        return original(request, public_id, lock=lock, **kwargs)

    monkeypatch.setattr(views, "editable_draft_or_none", watched)
    client.post(
        reverse("wizard:step", kwargs={"public_id": public_id, "step": "credit-type"}),
        {f"{prefix}-current_step": "credit-type", "credit-type-credit_type": "technical_issue"},
    )

    assert reads == [(True, True)]


def test_a_draft_saved_as_locked_outside_a_transaction_is_refused(transactional_db):
    from creditrequests.models import StaleWrite

    draft = DraftFactory()

    with pytest.raises(StaleWrite):
        draft.save(locked=True)


def test_a_stale_tab_does_not_overwrite_answers_changed_in_another_tab(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    stale_version = CreditRequestDraft.objects.get(public_id=public_id).version
    submit(drafter_client, public_id, "customer", {"customer_name": "Fabrikam (newer tab)"})

    response = submit(
        drafter_client,
        public_id,
        "customer",
        {"customer_name": "Contoso (stale tab)"},
        extra={"draft_version": str(stale_version)},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "These answers were changed in another tab or window" in page
    assert "Customer name" in page and 'value="Contoso (stale tab)"' in page
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.customer_name == "Fabrikam (newer tab)"


def test_saving_again_after_a_conflict_replaces_the_other_tabs_answer(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    submit(drafter_client, public_id, "customer", {"customer_name": "Fabrikam (newer tab)"})
    current = CreditRequestDraft.objects.get(public_id=public_id).version

    submit(
        drafter_client,
        public_id,
        "customer",
        {"customer_name": "Contoso (stale tab)"},
        extra={"draft_version": str(current)},
    )

    assert (
        CreditRequestDraft.objects.get(public_id=public_id).customer_name == "Contoso (stale tab)"
    )


def test_a_stale_tab_may_save_a_step_whose_answers_did_not_change_elsewhere(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    stale_version = CreditRequestDraft.objects.get(public_id=public_id).version
    submit(drafter_client, public_id, "customer", {"customer_name": "Fabrikam"})

    response = submit(
        drafter_client,
        public_id,
        *FLOWS["technical_issue"][0],
        extra={"draft_version": str(stale_version)},
    )

    assert response.status_code == 302


def test_a_step_another_tab_took_away_keeps_what_was_typed_on_it(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    stale_version = CreditRequestDraft.objects.get(public_id=public_id).version
    submit(drafter_client, public_id, "credit-type", {"credit_type": "service_outage"})
    typed = dict(FLOWS["technical_issue"][0][1], description="Typed in the older tab.")

    response = submit(
        drafter_client,
        public_id,
        "issue",
        typed,
        extra={"draft_version": str(stale_version)},
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == step_url(public_id, "credit-type")
    assert "changed in another tab or window" in page
    assert "“What is the credit request about?” is now “Service outage (SLA)”" in page
    assert "what you typed on it is kept" in page
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.answers["credit_type"] == "service_outage"
    assert draft.unsaved_input["issue"]["issue-description"] == ["Typed in the older tab."]


def test_choosing_the_old_credit_type_again_brings_back_the_kept_input(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    stale_version = CreditRequestDraft.objects.get(public_id=public_id).version
    submit(drafter_client, public_id, "credit-type", {"credit_type": "service_outage"})
    typed = dict(FLOWS["technical_issue"][0][1], description="Typed in the older tab.")
    submit(drafter_client, public_id, "issue", typed, extra={"draft_version": str(stale_version)})
    session = drafter_client.session  # the input is kept with the draft, not only the session
    del session[f"wizard_draft_{public_id.hex}"]
    session.save()

    submit(drafter_client, public_id, "credit-type", {"credit_type": "technical_issue"})
    page = drafter_client.get(step_url(public_id, "issue")).content.decode()

    assert "Typed in the older tab." in page
    assert submit(drafter_client, public_id, "issue", typed).status_code == 302
    assert "issue" not in CreditRequestDraft.objects.get(public_id=public_id).unsaved_input


def test_a_step_gone_with_no_newer_version_is_only_out_of_date(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")

    response = submit(
        drafter_client, public_id, "outage-incident", {"outage_id": "EX25194"}, follow=True
    )

    page = response.content.decode()
    assert "no longer applies to this request" in page
    assert "what you typed on it is kept" in page


def answer_a_late_accidental_purchase(client):
    public_id = start(client)
    fill_common_steps(client, public_id, "accidental_purchase")
    answers = dict(FLOWS["accidental_purchase"][1][1], purchase_date=days_ago(200))
    answers.pop("suspension_date")
    submit(client, public_id, *LEGACY_CSP_PURCHASE)
    return public_id, submit(client, public_id, "accidental-purchase", answers)


def test_a_request_already_too_late_stops_early_with_its_outcome(drafter_client):
    public_id, response = answer_a_late_accidental_purchase(drafter_client)

    assert response["Location"] == reverse("wizard:too_late", args=[public_id])
    page = drafter_client.get(response["Location"]).content.decode()
    assert "This request is already too late" in page
    assert "It is too late to request it." in page
    assert "Continue anyway, for a reviewer's record" in page


def test_continue_anyway_goes_on_to_the_next_question_and_stops_no_more(drafter_client):
    public_id, _response = answer_a_late_accidental_purchase(drafter_client)

    response = drafter_client.post(reverse("wizard:too_late", args=[public_id]))

    assert response["Location"] == step_url(public_id, "evidence")
    after_evidence = submit(drafter_client, public_id, *FLOWS["accidental_purchase"][2])
    assert after_evidence["Location"] == step_url(public_id, "check")


def test_a_request_in_time_does_not_stop_early(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "accidental_purchase")
    submit(drafter_client, public_id, *LEGACY_CSP_PURCHASE)

    response = submit(drafter_client, public_id, *FLOWS["accidental_purchase"][1])

    assert response["Location"] == step_url(public_id, "evidence")
