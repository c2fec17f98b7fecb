"""`python -m rules bench`: verdicts per second on one core, for a batch mixing all credit types,
legacy and new commerce, under the rule set in force in March 2026."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from time import process_time

from rules.engine import evaluate
from rules.model import (
    Commerce,
    CreditRequest,
    CreditType,
    Event,
    Offer,
    PartnerType,
    Product,
    Role,
)

_TENANT = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"
_SUBSCRIPTION = "8d0c7b7e-3a51-4c1e-a9f0-5b2d6e4c1f37"


@dataclass(frozen=True, slots=True)
class BenchResult:
    """How long `count` evaluations took, and how many of them produced a Details text."""

    count: int
    seconds: float
    with_details: int

    @property
    def per_second(self) -> float:
        """Verdicts per second of CPU time."""
        return self.count / self.seconds if self.seconds > 0 else float("inf")


def sample_requests(today: date = date(2026, 3, 10)) -> tuple[CreditRequest, ...]:
    """A realistic mix: every credit type, mostly eligible (with Details text), some refused."""
    common = {"role": Role.ADMIN_AGENT, "partner_type": PartnerType.DIRECT, "today": today}
    outage = {
        **common,
        "credit_type": CreditType.SERVICE_OUTAGE,
        "incident_date": date(2026, 2, 15),
        "tenant_id": _TENANT,
        "tenant_domains": ("contoso.com", "contoso.onmicrosoft.com"),
        "outage_id": "EX25194",
        "evidence_email": "it@contoso.com",
        "customer_requested_credit": True,
        "bought_through_csp": True,
        "incident_duration": "3 hours 20 minutes, 09:10-12:30 CET",
        "affected_services": "Exchange Online",
        "affected_users": 120,
        "resolution_actions": "Mail flow rerouted; Microsoft fixed the incident.",
        "support_ticket_numbers": "2602150040001234",
        "customer_name": "Contoso Ltd",
    }
    accidental = {
        **common,
        "credit_type": CreditType.ACCIDENTAL_PURCHASE,
        "commerce": Commerce.LEGACY,
        "offer": Offer.LEGACY_M365,
        "purchase_date": date(2026, 1, 20),
        "subscription_id": _SUBSCRIPTION,
        "description": "Licence count raised from 10 to 100 by mistake.",
        "amount": Decimal("1250.00"),
        "currency": "EUR",
    }
    return (
        CreditRequest(**outage),
        CreditRequest(**{**outage, "outage_id": "ZZ123", "tenant_domains": ("fabrikam.com",)}),
        CreditRequest(**{**outage, "role": Role.BILLING_ADMIN}),
        CreditRequest(**accidental),
        CreditRequest(**{**accidental, "offer": Offer.POWER_BI_PREMIUM_P1}),
        CreditRequest(
            **{
                **accidental,
                "offer": Offer.M365_A1,
                "users_assigned": 0,
                "purchase_date": date(2026, 2, 20),
            }
        ),
        CreditRequest(**{**accidental, "purchase_date": date(2025, 6, 1)}),
        CreditRequest(
            **common,
            credit_type=CreditType.DUPLICATE_ORDER,
            commerce=Commerce.LEGACY,
            new_subscription_purchase_date=date(2026, 1, 5),
            original_subscription_id=_SUBSCRIPTION,
            new_subscription_id="5b2d6e4c-1f37-4c1e-a9f0-8d0c7b7e3a51",
            tenant_id=_TENANT,
            description="Customer moved tenant; old subscription still billed.",
        ),
        CreditRequest(
            **common,
            credit_type=CreditType.TECHNICAL_ISSUE,
            issue_date=date(2026, 3, 1),
            tenant_id=_TENANT,
            references="Invoice G012345678",
            description="Provisioning failed; licences billed but never usable.",
            amount=Decimal("310.50"),
            currency="SEK",
        ),
        CreditRequest(
            **{**common, "partner_type": PartnerType.INDIRECT_PROVIDER},
            credit_type=CreditType.INCORRECT_INFORMATION,
            issue_date=date(2026, 2, 2),
            references="Order 1234-5678",
            description="Support said the add-on was included; it was billed.",
            amount=Decimal("99"),
            currency="usd",
        ),
        *(
            CreditRequest(
                **{
                    **accidental,
                    "commerce": Commerce.NEW_COMMERCE,
                    "product": product,
                    "event": event,
                    "event_time": datetime(2026, 3, day, 9, 30, tzinfo=UTC),
                    "evidence_attached": ("request_form", "purchase_record"),
                }
            )
            for product, event, day in (
                (Product.LICENSE_BASED, Event.SEAT_ADDITION, 6),
                (Product.LICENSE_BASED, Event.RENEWAL, 1),
                (Product.MARKETPLACE_SAAS, Event.PURCHASE, 9),
                (Product.AZURE, Event.PURCHASE, 9),
            )
        ),
    )


def run(count: int) -> BenchResult:
    """Evaluate `count` requests from the mixed sample (each verdict renders its Details text).

    Timed in CPU time: the figure is what one core does, whatever else the machine is running.
    """
    samples = sample_requests()
    batch = [samples[index % len(samples)] for index in range(count)]
    for request in samples:  # warm-up: first calls stay out of the figure
        evaluate(request)
    with_details = 0
    start = process_time()
    for request in batch:
        if evaluate(request).details_text is not None:
            with_details += 1
    seconds = process_time() - start
    return BenchResult(count, seconds, with_details)
