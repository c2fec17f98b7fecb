"""factory-boy factories for the Django models."""

import factory

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
