"""Many realistic drafts in one organisation, for load tests and the page benchmark."""

import random
import time
import uuid
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from creditrequests.demo import DEMO_PASSWORD
from creditrequests.evaluation import request_date
from creditrequests.models import (
    ClosedResult,
    CreditRequestDraft,
    CreditType,
    DraftStatus,
    Organisation,
    PartnerCenterRole,
    PartnerType,
)

DEFAULT_ORGANISATION = "Benchmark Partner AB"
STATUS_WEIGHTS = {
    DraftStatus.DRAFT: 40,
    DraftStatus.READY_FOR_REVIEW: 20,
    DraftStatus.APPROVED: 10,
    DraftStatus.FILED: 15,
    DraftStatus.CLOSED: 15,
}
CUSTOMERS = [
    "Contoso Ltd",
    "Fabrikam Inc",
    "Tailspin Toys",
    "Wingtip Toys",
    "Northwind Traders",
    "Adventure Works",
    "Litware Inc",
    "Proseware AB",
    "Woodgrove Bank",
    "Alpine Ski House",
]


class Command(BaseCommand):
    help = (
        "Seed an organisation (default 'Benchmark Partner AB') with drafters, a reviewer and "
        "--count drafts in every status, using bulk_create (no history rows). Idempotent: it "
        "tops the organisation up to --count drafts; running it again adds nothing. Users are "
        "bench-drafter-NN and bench-reviewer, with the demo password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=1000, help="Drafts the organisation should have."
        )
        parser.add_argument("--organisation", default=DEFAULT_ORGANISATION)
        parser.add_argument(
            "--drafters", type=int, default=20, help="Owners to spread drafts over."
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (repeatable data).")

    def handle(self, *args, **options):
        count, drafters = options["count"], options["drafters"]
        if count < 0 or drafters < 1:
            raise CommandError("--count must be 0 or more and --drafters at least 1.")
        started = time.perf_counter()
        organisation, owners, reviewer = self._people(options["organisation"], drafters)
        existing = CreditRequestDraft.objects.filter(organisation=organisation).count()
        missing = max(0, count - existing)
        rng = random.Random(options["seed"] + existing)  # noqa: S311 (test data, not secrets)
        today = request_date()
        now = timezone.now()
        batch_size = options["batch_size"]
        with transaction.atomic():
            for start in range(0, missing, batch_size):
                size = min(batch_size, missing - start)
                CreditRequestDraft.objects.bulk_create(
                    [
                        self._draft(
                            rng, existing + start + n, organisation, owners, reviewer, today, now
                        )
                        for n in range(size)
                    ],
                    batch_size=batch_size,
                )
        self.stdout.write(
            f"{organisation.name}: {existing + missing} drafts ({missing} new) in "
            f"{time.perf_counter() - started:.1f} s; owners bench-drafter-00.."
            f"{drafters - 1:02d}, reviewer bench-reviewer."
        )

    def _people(self, name, drafters):
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"partner_type": PartnerType.DIRECT}
        )
        users = get_user_model().objects
        password = make_password(DEMO_PASSWORD)
        owners = []
        for index in range(drafters):
            owner, _ = users.get_or_create(
                username=f"bench-drafter-{index:02d}",
                defaults={
                    "organisation": organisation,
                    "partner_center_role": PartnerCenterRole.ADMIN_AGENT,
                    "email": f"bench-drafter-{index:02d}@example.com",
                    "password": password,
                },
            )
            owners.append(owner)
        reviewer, _ = users.get_or_create(
            username="bench-reviewer",
            defaults={
                "organisation": organisation,
                "partner_center_role": PartnerCenterRole.GLOBAL_ADMIN,
                "is_reviewer": True,
                "email": "bench-reviewer@example.com",
                "password": password,
            },
        )
        return organisation, owners, reviewer

    def _draft(self, rng, number, organisation, owners, reviewer, today, now):
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        credit_type = rng.choice(list(CreditType))
        deadline = None if rng.random() < 0.1 else today + timedelta(days=rng.randint(-30, 150))
        customer = f"{rng.choice(CUSTOMERS)} {number % 997}"
        tenant_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        amount = Decimal(rng.randint(1000, 500000)) / 100
        reviewed = status in (DraftStatus.APPROVED, DraftStatus.FILED, DraftStatus.CLOSED)
        closed_result = rng.choice(list(ClosedResult)) if status == DraftStatus.CLOSED else ""
        return CreditRequestDraft(
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            organisation=organisation,
            owner=owners[number % len(owners)],
            credit_type=credit_type,
            status=status,
            answers={
                "credit_type": str(credit_type),
                "role": "admin_agent",
                "partner_type": "direct",
                "customer_name": customer,
                "tenant_id": tenant_id,
                "amount": str(amount),
                "currency": "EUR",
            },
            customer_name=customer,
            customer_tenant_id=tenant_id,
            reference=f"CR-{number:06d}",
            amount=amount,
            currency="EUR",
            rule_set_version="2021-03-31",
            eligible=status != DraftStatus.DRAFT or rng.random() < 0.5,
            outcome="review",
            deadline=deadline,
            details_text=f"Credit request type: {credit_type.label}\nCustomer: {customer}\n",
            evaluated_on=today,
            submitted_at=now if status != DraftStatus.DRAFT else None,
            reviewed_by=reviewer if reviewed else None,
            reviewed_at=now if reviewed else None,
            partner_center_ticket=f"{rng.randint(10**9, 10**10 - 1)}"
            if status in (DraftStatus.FILED, DraftStatus.CLOSED)
            else "",
            filed_on=today if status in (DraftStatus.FILED, DraftStatus.CLOSED) else None,
            closed_result=closed_result,
            credited_amount=amount if closed_result == ClosedResult.CREDITED else None,
            refusal_reason="Outside the window." if closed_result == ClosedResult.REFUSED else "",
        )
