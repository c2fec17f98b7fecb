import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import rules
from rules import CreditRequest, CreditType, Offer, Outcome, PartnerType, Role

ROOT = Path(__file__).resolve().parents[2]


def test_importing_rules_imports_no_django() -> None:
    code = "import rules, sys; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


@pytest.mark.parametrize(
    ("enum", "values"),
    [
        (
            CreditType,
            [
                "accidental_purchase",
                "duplicate_order",
                "service_outage",
                "technical_issue",
                "incorrect_information",
            ],
        ),
        (
            Role,
            [
                "admin_agent",
                "global_admin",
                "billing_admin",
                "sales_agent",
                "helpdesk_agent",
                "account_admin",
                "other",
            ],
        ),
        (PartnerType, ["direct", "indirect_provider", "indirect_reseller"]),
        (
            Offer,
            ["legacy_m365", "legacy_d365", "power_bi_premium_p1", "m365_a1", "power_bi_premium"],
        ),
        (
            Outcome,
            [
                "full_refund",
                "prorated",
                "fixed_costs_deducted",
                "no_refund",
                "no_request_needed",
                "not_eligible",
                "review",
                "other_process",
            ],
        ),
        (rules.model.Commerce, ["legacy", "new_commerce"]),
        (
            rules.model.Product,
            [
                "license_based",
                "software_subscription",
                "perpetual_software",
                "marketplace_saas",
                "business_central",
                "azure",
            ],
        ),
        (
            rules.model.Event,
            [
                "purchase",
                "renewal",
                "seat_addition",
                "trial_conversion",
                "migration",
                "partial_upgrade",
            ],
        ),
        (rules.model.BoughtFrom, ["csp", "microsoft_direct"]),
        (rules.model.ServiceFamily, ["microsoft_365", "dynamics_365", "azure"]),
        (
            rules.model.Action,
            [
                "file_request",
                "cancel_in_partner_center",
                "reduce_seats_in_partner_center",
                "contact_other",
                "none",
            ],
        ),
        (rules.model.Refund, ["full", "prorated"]),
        (
            rules.model.RouteProcess,
            [
                "microsoft_billing_support",
                "azure_support",
                "marketplace_publisher",
                "indirect_provider",
            ],
        ),
    ],
)
def test_enum_values_are_the_agreed_strings_each_with_an_english_label(
    enum: type[rules.model.LabelledChoice], values: list[str]
) -> None:
    assert [member.value for member in enum] == values
    assert all(member == member.value for member in enum)
    assert all(member.label and member.label.isascii() for member in enum)
    assert enum.choices() == [(member.value, member.label) for member in enum]


def test_some_labels_read_as_the_policy_names_them() -> None:
    assert CreditType.SERVICE_OUTAGE.label == "Service outage (SLA)"
    assert Role.ADMIN_AGENT.label == "Admin agent"
    assert PartnerType.DIRECT.label == "Direct-bill partner"
    assert Offer.POWER_BI_PREMIUM_P1.label == "Power BI Premium P1"


def test_credit_request_accepts_form_strings_and_lists() -> None:
    request = CreditRequest(
        credit_type="service_outage",
        role="admin_agent",
        partner_type="direct",
        today=date(2026, 3, 10),
        offer="m365_a1",
        tenant_domains=["contoso.com"],
    )
    assert request.credit_type is CreditType.SERVICE_OUTAGE
    assert request.role is Role.ADMIN_AGENT
    assert request.partner_type is PartnerType.DIRECT
    assert request.offer is Offer.M365_A1
    assert request.tenant_domains == ("contoso.com",)
    assert request.details_max_length == 4000


def test_credit_request_refuses_unknown_enum_values_and_a_single_domain_string() -> None:
    with pytest.raises(ValueError):
        CreditRequest("service_outage", "janitor", "direct", date(2026, 3, 10))
    with pytest.raises(TypeError):
        CreditRequest(
            CreditType.SERVICE_OUTAGE,
            Role.ADMIN_AGENT,
            PartnerType.DIRECT,
            date(2026, 3, 10),
            tenant_domains="contoso.com",
        )


def test_requests_and_verdicts_are_frozen() -> None:
    request = CreditRequest(
        CreditType.TECHNICAL_ISSUE, Role.ADMIN_AGENT, PartnerType.DIRECT, date(2026, 3, 10)
    )
    verdict = rules.evaluate(request)
    with pytest.raises(AttributeError):
        request.role = Role.OTHER
    with pytest.raises(AttributeError):
        verdict.eligible = False


def test_every_field_has_a_label_in_words() -> None:
    fields = set(CreditRequest.__dataclass_fields__)
    assert fields == set(rules.FIELD_LABELS)
