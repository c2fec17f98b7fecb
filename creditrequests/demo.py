"""The demo organisations and people that `make run` signs you in with."""

from dataclasses import dataclass

from .models import Organisation, PartnerCenterRole, PartnerType

DEMO_PASSWORD = "wizard-demo-2026"  # noqa: S105 (demo data for a laptop, printed on purpose)

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
    return created
