from dataclasses import replace
from datetime import date

import pytest

from rules import (
    RULE_SETS,
    CreditRequest,
    CreditType,
    Offer,
    Outcome,
    PartnerType,
    Role,
    evaluate,
)


def request(**changes: object) -> CreditRequest:
    base = CreditRequest(
        credit_type=CreditType.ACCIDENTAL_PURCHASE,
        role=Role.ADMIN_AGENT,
        partner_type=PartnerType.DIRECT,
        today=date(2026, 4, 10),
        rule_set="2021-03-31",
        offer=Offer.LEGACY_M365,
        purchase_date=date(2026, 3, 1),
        subscription_id="8d0c7b7e-3a51-4c1e-a9f0-5b2d6e4c1f37",
        description="Wrong product bought.",
    )
    return replace(base, **changes)


@pytest.mark.parametrize("role", [Role.ADMIN_AGENT, Role.GLOBAL_ADMIN])
@pytest.mark.parametrize("partner_type", [PartnerType.DIRECT, PartnerType.INDIRECT_PROVIDER])
def test_admin_agents_and_global_admins_of_direct_and_indirect_providers_may_file(
    role: Role, partner_type: PartnerType
) -> None:
    verdict = evaluate(request(role=role, partner_type=partner_type))
    assert verdict.eligible
    assert verdict.problems == ()


@pytest.mark.parametrize(
    "role",
    [Role.BILLING_ADMIN, Role.SALES_AGENT, Role.HELPDESK_AGENT, Role.ACCOUNT_ADMIN, Role.OTHER],
)
def test_every_other_role_is_refused_and_told_who_can_file(role: Role) -> None:
    verdict = evaluate(request(role=role))
    assert [(p.field, p.code) for p in verdict.problems] == [("role", "role_not_allowed")]
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert verdict.details_text is None
    message = verdict.problems[0].message
    assert f"the {role.label} role cannot file credit requests" in message
    assert "Ask an Admin agent or Global admin in your organisation to file it." in message


def test_indirect_resellers_are_refused_and_sent_to_their_indirect_provider() -> None:
    verdict = evaluate(request(partner_type=PartnerType.INDIRECT_RESELLER))
    assert [(p.field, p.code) for p in verdict.problems] == [
        ("partner_type", "partner_type_not_allowed")
    ]
    assert "Your indirect provider must file it on your behalf." in verdict.problems[0].message


def test_a_refused_requester_still_sees_the_deadline_their_colleague_must_meet() -> None:
    verdict = evaluate(request(role=Role.BILLING_ADMIN))
    assert verdict.deadline == date(2026, 5, 30)


def test_role_and_partner_refusals_come_first_and_both_are_reported() -> None:
    verdict = evaluate(
        request(role=Role.SALES_AGENT, partner_type=PartnerType.INDIRECT_RESELLER, offer=None)
    )
    assert [p.code for p in verdict.problems] == [
        "role_not_allowed",
        "partner_type_not_allowed",
        "missing_field",
    ]


def test_who_may_file_comes_from_the_rule_set() -> None:
    stricter = replace(
        RULE_SETS["2021-03-31"],
        allowed_roles=(Role.GLOBAL_ADMIN,),
        allowed_partner_types=(PartnerType.INDIRECT_PROVIDER,),
    )
    verdict = evaluate(request(), rule_set=stricter)
    assert [p.code for p in verdict.problems] == ["role_not_allowed", "partner_type_not_allowed"]
    assert "only a Global admin can. Ask a Global admin in your" in verdict.problems[0].message
    assert "Ask the partner that bills the customer to file it." in verdict.problems[1].message
