"""The Django admin: organisations, people and roles, drafts with read-only answers."""

import pytest
from django.urls import reverse

from creditrequests.evaluation import request_date
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


# --- no back door: the history "revert" (issue 11, finding 4) ---------------------------------


@pytest.fixture
def closed_draft(drafter, organisation):

    from creditrequests import services
    from tests.factories import ReviewerFactory

    reviewer = ReviewerFactory(organisation=organisation)
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    draft = services.approve(draft, by=reviewer)
    filed_on = request_date()
    draft = services.record_filing(draft, by=drafter, ticket="PC-1234", filed_on=filed_on)
    return services.close_credited(draft, by=drafter, amount="100.00")


def _revert_url(draft, status):
    record = draft.history.filter(status=status).earliest("history_date")
    return reverse(
        "admin:creditrequests_creditrequestdraft_simple_history",
        args=[draft.pk, record.history_id],
    )


def _admin_form_data(draft):
    return {
        "owner": draft.owner_id,
        "credit_type": draft.credit_type,
        "customer_name": draft.customer_name,
        "customer_tenant_id": draft.customer_tenant_id,
        "reference": draft.reference,
        "amount": draft.amount,
        "currency": draft.currency,
    }


def test_reverting_a_closed_draft_to_an_old_record_is_refused(admin_client, closed_draft):
    before = closed_draft.version
    url = _revert_url(closed_draft, DraftStatus.READY_FOR_REVIEW)
    response = admin_client.post(url, _admin_form_data(closed_draft))
    assert response.status_code == 403
    closed_draft.refresh_from_db()
    assert closed_draft.status == DraftStatus.CLOSED
    assert closed_draft.version == before
    assert closed_draft.partner_center_ticket == "PC-1234"
    assert closed_draft.filed_on is not None
    assert closed_draft.closed_result == "credited"


def test_an_old_record_can_still_be_viewed_without_a_revert_button(admin_client, closed_draft):
    response = admin_client.get(_revert_url(closed_draft, DraftStatus.READY_FOR_REVIEW))
    assert response.status_code == 200
    assert "Revert" not in response.content.decode()
    assert 'name="_save"' not in response.content.decode()


def test_an_old_copy_of_a_draft_cannot_be_saved_over_a_newer_one(closed_draft):
    from creditrequests.models import StaleWrite

    old = closed_draft.history.filter(status=DraftStatus.READY_FOR_REVIEW).earliest("history_date")
    with pytest.raises(StaleWrite):
        old.instance.save()
    closed_draft.refresh_from_db()
    assert closed_draft.status == DraftStatus.CLOSED


def test_an_old_approve_form_stays_stale_after_an_attempted_revert(admin_client, closed_draft):
    from creditrequests import services
    from creditrequests.models import CreditRequestDraft

    admin_client.post(
        _revert_url(closed_draft, DraftStatus.READY_FOR_REVIEW), _admin_form_data(closed_draft)
    )
    draft = CreditRequestDraft.objects.get(pk=closed_draft.pk)
    reviewer = closed_draft.reviewed_by
    with pytest.raises(services.DraftActionRefused):
        services.approve(draft, by=reviewer, expected_version=2)
