"""Drafts that look like the same request are pointed out, with a link to the other one."""

import pytest
from django.urls import reverse

from creditrequests.drafts.duplicates import duplicates_of, find_duplicates
from tests.factories import DraftFactory, EligibleDraftFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

TENANT = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"


def _outage(owner, outage_id, **columns):
    return DraftFactory(
        owner=owner,
        customer_tenant_id=TENANT,
        answers={"credit_type": "service_outage", "tenant_id": TENANT, "outage_id": outage_id},
        **columns,
    )


def test_the_same_tenant_and_outage_id_is_a_duplicate(drafter):
    first = _outage(drafter, "EX25194")
    second = _outage(drafter, "EX25194")
    assert duplicates_of(second) == [first]


def test_the_same_tenant_with_another_outage_is_not_a_duplicate(drafter):
    _outage(drafter, "EX25194")
    assert duplicates_of(_outage(drafter, "SP1001")) == []


def test_the_same_reference_is_a_duplicate_whatever_the_case(drafter, organisation):
    first = DraftFactory(owner=UserFactory(organisation=organisation), reference="CR-0042")
    second = DraftFactory(owner=drafter, reference="cr-0042")
    assert duplicates_of(second) == [first]


def test_another_organisations_draft_is_never_named(drafter):
    other = UserFactory(organisation=OrganisationFactory())
    DraftFactory(owner=other, reference="CR-0042")
    assert duplicates_of(DraftFactory(owner=drafter, reference="CR-0042")) == []


def test_a_draft_without_reference_or_outage_has_no_duplicates(drafter):
    DraftFactory(owner=drafter, reference="")
    assert duplicates_of(DraftFactory(owner=drafter, reference="")) == []


def test_the_wizard_can_ask_before_a_draft_exists(drafter):
    first = _outage(drafter, "EX25194")
    found = find_duplicates(drafter.organisation_id, tenant_id=TENANT, outage_id="ex25194")
    assert found == [first]


def test_the_draft_page_says_so_and_links_the_other_draft(drafter_client, drafter):
    first = EligibleDraftFactory(owner=drafter, reference="CR-7")
    second = EligibleDraftFactory(owner=drafter, reference="CR-7")
    html = drafter_client.get(second.get_absolute_url()).content.decode()
    assert "This may be a duplicate" in html
    assert first.get_absolute_url() in html


def test_the_review_page_says_so_too(reviewer_client, drafter):
    EligibleDraftFactory(owner=drafter, reference="CR-7")
    second = EligibleDraftFactory(owner=drafter, reference="CR-7", status="ready_for_review")
    html = reviewer_client.get(reverse("drafts:review", args=[second.public_id])).content.decode()
    assert "This may be a duplicate" in html
