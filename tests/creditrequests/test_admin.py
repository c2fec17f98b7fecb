"""The Django admin: organisations, people and roles, drafts with read-only answers."""

import pytest
from django.urls import reverse

from creditrequests.models import DraftStatus
from tests.factories import EligibleDraftFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, organisation):
    superuser = UserFactory(organisation=organisation, is_staff=True, is_superuser=True)
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:creditrequests_organisation_changelist",
        "admin:creditrequests_user_changelist",
        "admin:creditrequests_creditrequestdraft_changelist",
        "admin:creditrequests_remindersent_changelist",
    ],
)
def test_the_admin_lists_open(admin_client, drafter, url_name):
    EligibleDraftFactory(owner=drafter)
    assert admin_client.get(reverse(url_name)).status_code == 200


def test_the_draft_list_filters_by_the_rule_set_version_in_use(admin_client, drafter):
    EligibleDraftFactory(owner=drafter, rule_set_version="2021-03-31")
    url = reverse("admin:creditrequests_creditrequestdraft_changelist")
    html = admin_client.get(url).content.decode()
    assert "By rule set" in html
    assert "2021-03-31" in html
    filtered = admin_client.get(url, {"rule_set_version": "2021-03-31"})
    assert filtered.context["cl"].result_count == 1


def test_a_drafts_answers_and_status_are_read_only_in_the_admin(admin_client, drafter):
    draft = EligibleDraftFactory(owner=drafter)
    url = reverse("admin:creditrequests_creditrequestdraft_change", args=[draft.pk])
    response = admin_client.get(url)
    form_fields = response.context["adminform"].form.fields
    assert "answers" not in form_fields
    assert "status" not in form_fields
    assert "customer_name" in form_fields
    admin_client.post(
        url,
        {
            "owner": draft.owner_id,
            "credit_type": draft.credit_type,
            "customer_name": "Renamed AB",
            "customer_tenant_id": draft.customer_tenant_id,
            "status": DraftStatus.CLOSED,
            "answers": "{}",
        },
    )
    draft.refresh_from_db()
    assert draft.customer_name == "Renamed AB"
    assert draft.status == DraftStatus.DRAFT
    assert draft.answers["outage_id"] == "EX25194"
    assert draft.version == 2  # pages showing the old version are now stale


def test_the_user_admin_shows_organisation_role_and_reviewer_flag(admin_client, drafter):
    html = admin_client.get(
        reverse("admin:creditrequests_user_change", args=[drafter.pk])
    ).content.decode()
    for field in ("organisation", "partner_center_role", "is_reviewer"):
        assert f'name="{field}"' in html


def test_drafts_cannot_be_added_in_the_admin(admin_client):
    url = reverse("admin:creditrequests_creditrequestdraft_add")
    assert admin_client.get(url).status_code == 403
