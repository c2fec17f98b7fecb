import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from creditrequests.batches.models import OutageBatch
from creditrequests.evaluation import evaluate_answers, record_verdict
from creditrequests.models import CreditRequestDraft, DraftStatus
from tests.factories import (
    CustomerFactory,
    EligibleDraftFactory,
    EvidenceFileFactory,
    ReviewerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(client):
    draft = EligibleDraftFactory(completed_steps=["requester", "credit-type", "customer"])
    client.force_login(draft.owner)
    return draft


def make(client, source, customers):
    return client.post(
        reverse("batches:new", args=[source.public_id]),
        {"customers": [c.pk for c in customers]},
        follow=True,
    )


def test_one_draft_is_made_per_chosen_customer(client, source):
    customers = CustomerFactory.create_batch(5, organisation=source.organisation)
    make(client, source, customers)
    batch = OutageBatch.objects.get()
    drafts = CreditRequestDraft.objects.filter(batch_membership__batch=batch)
    assert sorted(d.customer_tenant_id for d in drafts) == sorted(c.tenant_id for c in customers)


def test_each_draft_keeps_the_incident_but_not_the_first_customers_evidence(client, source):
    customer = CustomerFactory(organisation=source.organisation, tenant_domains=["fabrikam.se"])
    make(client, source, [customer])
    draft = CreditRequestDraft.objects.get(batch_membership__isnull=False)
    assert draft.answers["outage_id"] == "EX25194"
    assert draft.answers["tenant_domains"] == ["fabrikam.se"]
    assert "evidence_email" not in draft.answers


def test_each_draft_keeps_the_outage_page_done_and_asks_the_customers_pages_again(client):
    source = EligibleDraftFactory(
        completed_steps=[
            "requester",
            "credit-type",
            "customer",
            "outage-incident",
            "outage-tenant",
            "outage-evidence",
            "outage-impact",
            "evidence",
            "check",
        ]
    )
    client.force_login(source.owner)
    make(client, source, [CustomerFactory(organisation=source.organisation)])
    draft = CreditRequestDraft.objects.get(batch_membership__isnull=False)
    assert draft.completed_steps == ["requester", "credit-type", "outage-incident"]


def test_the_report_says_what_each_customer_still_needs(client, source):
    make(client, source, [CustomerFactory(organisation=source.organisation, name="Fabrikam")])
    page = client.get(reverse("batches:detail", args=[OutageBatch.objects.get().public_id]))
    assert "evidence email" in page.content.decode()


def test_customers_of_another_organisation_cannot_be_chosen(client, source):
    response = make(client, source, [CustomerFactory()])
    assert "Tick only customers from the list" in response.content.decode()
    assert not OutageBatch.objects.exists()


def test_a_csv_of_tenants_makes_the_drafts_and_adds_them_to_the_directory(client, source):
    data = (
        "Microsoft ID,Company name,Primary domain name\n"
        "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b15,Tailspin,tailspin.example\n"
        "7c0f1d9e-2b1a-4c3d-8e5f-6a7b8c9d0e1f,Wingtip,wingtip.example\n"
    )
    client.post(
        reverse("batches:new", args=[source.public_id]),
        {"tenants_csv": SimpleUploadedFile("tenants.csv", data.encode())},
    )
    assert CreditRequestDraft.objects.filter(batch_membership__isnull=False).count() == 2


def test_a_reviewer_decides_each_draft_of_the_batch_in_one_form(client, source):
    customers = CustomerFactory.create_batch(2, organisation=source.organisation)
    make(client, source, customers)
    batch = OutageBatch.objects.get()
    first, second = CreditRequestDraft.objects.filter(batch_membership__batch=batch).order_by("pk")
    for draft in (first, second):
        draft.answers["evidence_email"] = f"it@{draft.answers['tenant_domains'][0]}"
        draft.status, draft.eligible, draft.details_text = DraftStatus.READY_FOR_REVIEW, True, "x"
        draft.save()
    reviewer = ReviewerFactory(organisation=source.organisation)
    client.force_login(reviewer)
    client.post(
        reverse("batches:review", args=[batch.public_id]),
        {
            f"decision-{first.public_id}": "approve",
            f"decision-{second.public_id}": "return",
            f"comment-{second.public_id}": "Attach the customer's email.",
        },
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (DraftStatus.APPROVED, DraftStatus.DRAFT)
    assert second.review_comment == "Attach the customer's email."


def test_returning_without_a_comment_is_refused_and_the_other_decisions_are_kept(client, source):
    make(client, source, CustomerFactory.create_batch(1, organisation=source.organisation))
    batch = OutageBatch.objects.get()
    draft = CreditRequestDraft.objects.get(batch_membership__batch=batch)
    draft.status, draft.eligible, draft.details_text = DraftStatus.READY_FOR_REVIEW, True, "x"
    draft.save()
    client.force_login(ReviewerFactory(organisation=source.organisation))
    response = client.post(
        reverse("batches:review", args=[batch.public_id]),
        {f"decision-{draft.public_id}": "return"},
    )
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY_FOR_REVIEW
    assert 'value="return" checked' in response.content.decode()


def test_sending_the_batch_for_review_submits_only_the_complete_drafts(client, source):
    make(client, source, CustomerFactory.create_batch(2, organisation=source.organisation))
    batch = OutageBatch.objects.get()
    complete, incomplete = CreditRequestDraft.objects.filter(
        batch_membership__batch=batch
    ).order_by("pk")
    complete.answers["evidence_email"] = f"it@{complete.answers['tenant_domains'][0]}"
    complete.answers["customer_requested_credit"] = True
    complete.answers["bought_through_csp"] = True
    complete.set_answers(complete.answers)
    record_verdict(complete, evaluate_answers(complete.answers), today=timezone.localdate())
    complete.save()
    EvidenceFileFactory(draft=complete)
    client.post(reverse("batches:detail", args=[batch.public_id]), {"submit_ready": "1"})
    complete.refresh_from_db()
    incomplete.refresh_from_db()
    assert (complete.status, incomplete.status) == (
        DraftStatus.READY_FOR_REVIEW,
        DraftStatus.DRAFT,
    )
