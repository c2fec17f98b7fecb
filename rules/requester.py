"""Who may file a credit request: the Partner Center role and the partner type."""

from rules.model import CreditRequest, Finding, PartnerType, Role
from rules.ruleset import RuleSet


def role_allowed(role: Role, rule_set: RuleSet) -> bool:
    """Only some Partner Center roles (Admin agent, Global admin in 2021) may file."""
    return role in rule_set.allowed_roles


def partner_type_allowed(partner_type: PartnerType, rule_set: RuleSet) -> bool:
    """Direct-bill partners and indirect providers file; indirect resellers cannot."""
    return partner_type in rule_set.allowed_partner_types


def allowed_roles_in_words(rule_set: RuleSet) -> str:
    """The roles that may file, as a phrase with its article: "an Admin agent or Global admin"."""
    roles = " or ".join(role.label for role in rule_set.allowed_roles)
    article = "an" if roles[:1].lower() in ("a", "e", "i", "o", "u") else "a"
    return f"{article} {roles}"


def role_advice(rule_set: RuleSet) -> str:
    """What a requester whose role may not file should do instead."""
    return f"Ask {allowed_roles_in_words(rule_set)} in your organisation to file it."


def partner_type_advice(partner_type: PartnerType) -> str:
    """What a partner that may not file should do instead."""
    if partner_type is PartnerType.INDIRECT_RESELLER:
        return "Your indirect provider must file it on your behalf."
    return "Ask the partner that bills the customer to file it."


def requester_problems(request: CreditRequest, rule_set: RuleSet) -> tuple[Finding, ...]:
    """Refusals for a requester who may not file, each saying who can file instead."""
    problems = []
    if not role_allowed(request.role, rule_set):
        problems.append(
            Finding(
                "role",
                "role_not_allowed",
                f"Partner Center role: the {request.role.label} role cannot file credit requests; "
                f"only {allowed_roles_in_words(rule_set)} can. {role_advice(rule_set)}",
                {
                    "role": request.role.value,
                    "allowed_roles": ",".join(role.value for role in rule_set.allowed_roles),
                },
            )
        )
    if not partner_type_allowed(request.partner_type, rule_set):
        who = (
            "indirect resellers"
            if request.partner_type is PartnerType.INDIRECT_RESELLER
            else f"this partner type ({request.partner_type.label})"
        )
        problems.append(
            Finding(
                "partner_type",
                "partner_type_not_allowed",
                f"Partner type: Microsoft does not accept credit requests from {who}. "
                f"{partner_type_advice(request.partner_type)}",
                {
                    "variant": (
                        "indirect_reseller"
                        if request.partner_type is PartnerType.INDIRECT_RESELLER
                        else "other"
                    ),
                    "partner_type": request.partner_type.value,
                },
            )
        )
    return tuple(problems)
