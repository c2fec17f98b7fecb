"""factory-boy factories for the Django models."""

import factory

from creditrequests.evaluation import request_date
from creditrequests.models import (
    CreditRequestDraft,
    CreditType,
    Organisation,
    PartnerCenterRole,
    PartnerType,
    User,
)

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partner {n} AB")
    partner_type = PartnerType.DIRECT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    organisation = factory.SubFactory(OrganisationFactory)
    partner_center_role = PartnerCenterRole.ADMIN_AGENT
    is_reviewer = False

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class ReviewerFactory(UserFactory):
    partner_center_role = PartnerCenterRole.GLOBAL_ADMIN
    is_reviewer = True


class DraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditRequestDraft

    owner = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda d: d.owner.organisation)
    credit_type = CreditType.SERVICE_OUTAGE
    customer_name = factory.Faker("company")
    customer_tenant_id = factory.Faker("uuid4")
    answers = factory.LazyAttribute(
        lambda d: {"credit_type": d.credit_type, "tenant_id": d.customer_tenant_id}
    )


# --- drafts and review -------------------------------------------------------------------


def _days_ago(days: int):
    from datetime import timedelta

    return request_date() - timedelta(days=days)


def _end_of_following_month(day):
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=1, day=31)


def _outage_answers(draft) -> dict:
    return {
        "credit_type": "service_outage",
        "role": "admin_agent",
        "partner_type": "direct",
        "customer_name": draft.customer_name,
        "incident_date": draft.incident_date.isoformat(),
        "tenant_id": draft.customer_tenant_id,
        "tenant_domains": ["contoso.com"],
        "outage_id": "EX25194",
        "evidence_email": "it@contoso.com",
        "customer_requested_credit": True,
        "bought_through_csp": True,
        "incident_duration": "4 hours",
        "affected_users": 120,
    }


def _outage_details(draft) -> str:
    return "\n".join(
        [
            "Credit request type: Service outage (SLA)",
            "Partner type: Direct-bill partner",
            "Requested by role: Admin agent",
            f"Customer: {draft.customer_name}",
            f"Customer tenant ID: {draft.customer_tenant_id}",
            "Tenant domains: contoso.com",
            "Outage incident ID: EX25194 (Exchange Online)",
            f"Incident date: {draft.incident_date.isoformat()}",
            "Duration: 4 hours",
            "Affected users: 120",
            "Customer evidence email: it@contoso.com",
            "Customer asked for SLA credit: Yes",
            "Bought through CSP: Yes",
            f"Claim deadline: {draft.deadline.isoformat() if draft.deadline else 'none'}",
            "Rule set: 2021-03-31",
        ]
    )


class EligibleDraftFactory(DraftFactory):
    """A complete, eligible service-outage draft (incident 10 days ago), ready to submit."""

    class Params:
        incident_date = factory.LazyFunction(lambda: _days_ago(10))

    customer_name = "Contoso Ltd"
    customer_tenant_id = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"
    reference = factory.Sequence(lambda n: f"CR-{n:04d}")
    amount = "1250.00"
    currency = "EUR"
    rule_set_version = "2021-03-31"
    eligible = True
    outcome = "review"
    deadline = factory.LazyAttribute(lambda d: _end_of_following_month(d.incident_date))
    answers = factory.LazyAttribute(_outage_answers)
    details_text = factory.LazyAttribute(_outage_details)


# --- customers and evidence files --------------------------------------------------------


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "creditrequests.Customer"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Customer {n} AB")
    tenant_id = factory.Faker("uuid4")
    tenant_domains = factory.Sequence(lambda n: [f"customer{n}.example.com"])


class EvidenceFileFactory(factory.django.DjangoModelFactory):
    """A PDF on a draft, stored through the storage API."""

    class Meta:
        model = "creditrequests.EvidenceFile"

    draft = factory.SubFactory(EligibleDraftFactory)
    uploaded_by = factory.LazyAttribute(lambda f: f.draft.owner)
    original_name = "impact.pdf"
    kind = "pdf"
    file = factory.django.FileField(data=b"%PDF-1.4\n%%EOF\n", filename="impact.pdf")
    size = 15
    sha256 = "0" * 64
