"""The demo organisations and people that `make run` signs you in with."""

import base64
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from creditrequests.evaluation import request_date

from .models import CreditRequestDraft, Organisation, PartnerCenterRole, PartnerType

DEMO_PASSWORD = "wizard-demo-2026"  # noqa: S105 (demo data for a laptop, printed on purpose)
# The demo reviewers' authenticator key (printed on purpose, like the password): add it to
# an authenticator app, or run `manage.py seed_demo --code` for the code it shows now.
DEMO_AUTHENTICATOR_KEY = b"credit-wizard-demo-1".hex()

ORGANISATIONS = {
    "Contoso Cloud AB": PartnerType.DIRECT,
    "Northwind Distribution": PartnerType.INDIRECT_PROVIDER,
    "Fabrikam Resellers": PartnerType.INDIRECT_RESELLER,
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    organisation: str
    role: PartnerCenterRole
    is_reviewer: bool = False
    is_superuser: bool = False
    what: str = ""


DEMO_USERS = [
    DemoUser(
        "anna",
        "Anna Lind",
        "Contoso Cloud AB",
        PartnerCenterRole.ADMIN_AGENT,
        what="admin agent, direct-bill partner: may file",
    ),
    DemoUser(
        "gustav",
        "Gustav Berg",
        "Northwind Distribution",
        PartnerCenterRole.GLOBAL_ADMIN,
        what="global admin, indirect provider: may file",
    ),
    DemoUser(
        "bella",
        "Bella Ek",
        "Contoso Cloud AB",
        PartnerCenterRole.BILLING_ADMIN,
        what="billing admin: refused (must ask an admin agent)",
    ),
    DemoUser(
        "rolf",
        "Rolf Sand",
        "Fabrikam Resellers",
        PartnerCenterRole.ADMIN_AGENT,
        what="indirect reseller: refused (the provider files)",
    ),
    DemoUser(
        "rebecka",
        "Rebecka Holm",
        "Contoso Cloud AB",
        PartnerCenterRole.GLOBAL_ADMIN,
        is_reviewer=True,
        what="reviewer at Contoso",
    ),
    DemoUser(
        "nils",
        "Nils Strand",
        "Northwind Distribution",
        PartnerCenterRole.ADMIN_AGENT,
        is_reviewer=True,
        what="reviewer at Northwind",
    ),
    DemoUser(
        "admin",
        "Site Administrator",
        "Contoso Cloud AB",
        PartnerCenterRole.GLOBAL_ADMIN,
        is_reviewer=True,
        is_superuser=True,
        what="site administrator (Django admin)",
    ),
]


def create_demo_data(user_model) -> list[str]:
    """Create the demo organisations and users; return the names of what was new.

    Idempotent: existing rows are left exactly as they are (passwords included).
    """
    created = []
    organisations = {}
    for name, partner_type in ORGANISATIONS.items():
        organisation, was_created = Organisation.objects.get_or_create(
            name=name, defaults={"partner_type": partner_type}
        )
        organisations[name] = organisation
        if was_created:
            created.append(name)
    for demo in DEMO_USERS:
        if user_model.objects.filter(username=demo.username).exists():
            continue
        first, _, last = demo.full_name.partition(" ")
        user = user_model(
            username=demo.username,
            first_name=first,
            last_name=last,
            email=f"{demo.username}@example.com",
            organisation=organisations[demo.organisation],
            partner_center_role=demo.role,
            is_reviewer=demo.is_reviewer,
            is_staff=demo.is_superuser,
            is_superuser=demo.is_superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        created.append(demo.username)
        if demo.is_reviewer or demo.is_superuser:
            # Reviewers and staff sign in with a second factor (creditrequests/two_factor.py).
            TOTPDevice.objects.create(
                user=user, name="Demo authenticator", key=DEMO_AUTHENTICATOR_KEY, confirmed=True
            )
    return created


def demo_authenticator_secret() -> str:
    """The demo key as an authenticator app takes it (base32, in groups of four)."""
    secret = base64.b32encode(bytes.fromhex(DEMO_AUTHENTICATOR_KEY)).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def demo_code_now() -> str:
    """The code an authenticator app with the demo key shows now."""
    return f"{totp(bytes.fromhex(DEMO_AUTHENTICATOR_KEY)):06d}"


def _demo_requests(today) -> list[tuple[dict, bool]]:
    """Three of Anna's requests, dated from today: (answers, submit for review?)."""
    common = {"role": "admin_agent", "partner_type": "direct"}
    incident = today - timedelta(days=9)
    return [
        (
            {
                **common,
                "credit_type": "service_outage",
                "customer_name": "Fabrikam Logistics AB",
                "partner_reference": "CASE-1042",
                "incident_date": incident.isoformat(),
                "outage_id": "EX25194",
                "tenant_id": "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
                "tenant_domains": ["fabrikam.se", "fabrikam.onmicrosoft.com"],
                "incident_duration": "4 hours 20 minutes",
                "affected_services": "Exchange Online",
                "affected_users": 120,
                "affected_locations": "Stockholm, Göteborg",
                "resolution_actions": "Mail queued; users worked from Outlook cached mode.",
                "evidence_email": "it-chef@fabrikam.se",
                "customer_requested_credit": True,
                "bought_through_csp": True,
                "support_ticket_numbers": "2611170040001234",
                "advisory": False,
                "service_family": "microsoft_365",
                "evidence_attached": [
                    "request_form",
                    "outage_incident_id",
                    "downtime",
                    "customer_email",
                    "support_contact",
                ],
            },
            True,
        ),
        (
            {
                **common,
                "credit_type": "accidental_purchase",
                "customer_name": "Northwind Traders",
                "partner_reference": "CASE-1051",
                "bought_from": "csp",
                "commerce": "new_commerce",
                "product": "license_based",
                "event": "seat_addition",
                "event_time": f"{(today - timedelta(days=2)).isoformat()}T09:30:00Z",
                "subscription_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                "order_id": "ORD-88213",
                "description": "The licence count was raised from 10 to 100 instead of 10 to 11.",
                "evidence_attached": ["request_form", "purchase_record"],
            },
            False,
        ),
        (
            {
                **common,
                "credit_type": "technical_issue",
                "customer_name": "Litware Inc",
                "issue_date": (today - timedelta(days=20)).isoformat(),
                "description": "Usage for the customer was billed twice in one invoice.",
                "references": "Invoice G012345678",
                "amount": "1250.00",
                "currency": "EUR",
                "evidence_attached": ["request_form", "what_happened", "affected_items"],
            },
            False,
        ),
    ]


DEMO_CUSTOMERS = [
    ("Fabrikam Logistics AB", "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14", ["fabrikam.se"]),
    ("Tailspin Toys AB", "5b8e2f47-9c1d-4e3a-8f6b-2d7c9a1e4b30", ["tailspintoys.se"]),
    ("Wingtip Resor AB", "8d3a6c21-4f7b-4b9e-a2d5-6e1c8f9b0a47", ["wingtip.se", "wingtipresor.se"]),
    ("Woodgrove Bank Nord", "c4e9b7a2-1d6f-4c8b-9e3a-7f2d5b8c1e60", ["woodgrove.se"]),
    ("Adatum Konsult AB", "e1f7c3b9-6a2d-4e5f-8b1c-9d4a7e2f3c85", ["adatum.se"]),
]


def create_demo_customers() -> int:
    """Contoso Cloud AB's customer directory, the first time only."""
    from .customers.models import Customer

    organisation = Organisation.objects.filter(name="Contoso Cloud AB").first()
    if organisation is None or organisation.customers.exists():
        return 0
    for name, tenant_id, domains in DEMO_CUSTOMERS:
        Customer.objects.create(
            organisation=organisation, name=name, tenant_id=tenant_id, tenant_domains=domains
        )
    return len(DEMO_CUSTOMERS)


@transaction.atomic
def create_demo_drafts(user_model) -> int:
    """Give Anna three drafts (one waiting for review) the first time; never again."""
    from . import services
    from .evaluation import evaluate_answers, record_verdict
    from .wizard.steps import STEPS, step_applies

    anna = user_model.objects.filter(username="anna").first()
    if anna is None or anna.drafts.exists():
        return 0
    today = request_date()
    for answers, submit in _demo_requests(today):
        draft = CreditRequestDraft(
            owner=anna,
            organisation=anna.organisation,
            completed_steps=[step for step, _form in STEPS if step_applies(step, answers)],
            current_step="check",
        )
        draft.set_answers(answers)
        record_verdict(draft, evaluate_answers(answers, today=today), today=today)
        draft.save()
        if submit:
            services.submit_for_review(draft, by=anna)
    return len(_demo_requests(today))
