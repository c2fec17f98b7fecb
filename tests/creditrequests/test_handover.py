"""A drafter who may not file hands the draft to an Admin agent; a reseller gets a package."""

import pytest
from django.urls import reverse

from creditrequests import services
from creditrequests.drafts.history import draft_history
from creditrequests.models import PartnerCenterRole, PartnerType
from tests.factories import (
    DraftFactory,
    EligibleDraftFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing_admin(organisation):
    return UserFactory(
        organisation=organisation, partner_center_role=PartnerCenterRole.BILLING_ADMIN
    )


@pytest.fixture
def admin_agent(organisation):
    return UserFactory(organisation=organisation, partner_center_role=PartnerCenterRole.ADMIN_AGENT)


@pytest.fixture
def refused_draft(billing_admin):
    draft = EligibleDraftFactory(
        owner=billing_admin, eligible=False, outcome="not_eligible", details_text=""
    )
    draft.answers = {**draft.answers, "role": "billing_admin"}
    draft.save()
    return draft


def test_a_billing_admin_hands_the_draft_to_an_admin_agent_who_owns_it(
    refused_draft, billing_admin, admin_agent
):
    draft = services.hand_over(refused_draft, by=billing_admin, to=admin_agent)
    assert draft.owner == admin_agent
    assert draft.answers["role"] == "admin_agent"


def test_after_the_hand_over_the_verdict_is_worked_out_for_the_admin_agent(
    refused_draft, billing_admin, admin_agent
):
    draft = services.hand_over(refused_draft, by=billing_admin, to=admin_agent)
    assert draft.eligible is True
    assert draft.details_text


def test_the_hand_over_is_in_the_history_with_the_new_owner(
    refused_draft, billing_admin, admin_agent
):
    draft = services.hand_over(refused_draft, by=billing_admin, to=admin_agent)
    latest = draft_history(draft)[0]
    assert latest.event == "Handed over"
    assert admin_agent.get_full_name() in latest.detail


def test_the_new_owner_is_mailed(
    refused_draft, billing_admin, admin_agent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.hand_over(refused_draft, by=billing_admin, to=admin_agent)
    assert [mail.to for mail in mailoutbox] == [[admin_agent.email]]
    assert mailoutbox[0].subject.startswith("Handed over to you")


def test_a_draft_cannot_be_handed_to_someone_who_may_not_file(
    refused_draft, billing_admin, organisation
):
    sales = UserFactory(
        organisation=organisation, partner_center_role=PartnerCenterRole.SALES_AGENT
    )
    with pytest.raises(services.InvalidInput):
        services.hand_over(refused_draft, by=billing_admin, to=sales)


def test_a_draft_cannot_be_handed_to_another_organisation(refused_draft, billing_admin):
    stranger = UserFactory(organisation=OrganisationFactory(), partner_center_role="admin_agent")
    with pytest.raises(services.InvalidInput):
        services.hand_over(refused_draft, by=billing_admin, to=stranger)


def test_an_admin_agent_is_not_offered_a_hand_over(admin_agent):
    draft = DraftFactory(owner=admin_agent)
    assert services.Action.HAND_OVER not in services.available_actions(draft, admin_agent)


def test_the_hand_over_form_lists_only_admin_agents(
    client, refused_draft, billing_admin, admin_agent, organisation
):
    UserFactory(
        organisation=organisation,
        partner_center_role=PartnerCenterRole.SALES_AGENT,
        first_name="Sally",
    )
    client.force_login(billing_admin)
    form = client.get(refused_draft.get_absolute_url()).context["hand_over_form"]
    assert list(form.fields["to"].queryset) == [admin_agent]


def test_handing_over_without_choosing_someone_says_so_next_to_the_field(
    client, refused_draft, billing_admin, admin_agent
):
    client.force_login(billing_admin)
    response = client.post(
        reverse("drafts:hand_over", args=[refused_draft.public_id]),
        {"version": refused_draft.version},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Choose an Admin agent of your organisation to hand the draft to.") == 2


def test_the_hand_over_page_flow_moves_the_draft_out_of_my_drafts(
    client, refused_draft, billing_admin, admin_agent
):
    client.force_login(billing_admin)
    response = client.post(
        reverse("drafts:hand_over", args=[refused_draft.public_id]),
        {"version": refused_draft.version, "to": admin_agent.pk},
    )
    assert response.status_code == 302
    assert client.get(reverse("drafts:home")).context["rows"] == []


def test_a_role_answered_differently_from_the_profile_is_flagged_to_the_drafter(
    drafter_client, drafter
):
    draft = EligibleDraftFactory(owner=drafter)
    draft.answers = {**draft.answers, "role": "global_admin"}
    draft.save()
    html = drafter_client.get(draft.get_absolute_url()).content.decode()
    assert "You answered that your Partner Center role is Global admin" in html


@pytest.fixture
def reseller():
    organisation = OrganisationFactory(partner_type=PartnerType.INDIRECT_RESELLER)
    return UserFactory(organisation=organisation)


def test_a_reseller_downloads_a_package_for_the_indirect_provider(client, reseller):
    draft = EligibleDraftFactory(owner=reseller, eligible=False, details_text="", reference="R-9")
    draft.answers = {**draft.answers, "partner_type": "indirect_reseller"}
    draft.save()
    client.force_login(reseller)
    assert (
        "Download the package for your indirect provider"
        in client.get(draft.get_absolute_url()).content.decode()
    )
    response = client.get(reverse("drafts:provider_package", args=[draft.public_id]))
    text = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Outage incident ID: EX25194" in text
    assert "Partner type: Indirect provider" in text  # the Details text as the provider files it
    assert "What you, the indirect provider, must check before filing" in text


def test_only_a_resellers_draft_has_a_provider_package(drafter_client, drafter):
    draft = EligibleDraftFactory(owner=drafter)
    response = drafter_client.get(reverse("drafts:provider_package", args=[draft.public_id]))
    assert response.status_code == 404
