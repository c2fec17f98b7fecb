"""Who may file a credit request: the Partner Center role and the partner type."""

from rules import catalogue
from rules.catalogue import gettext_noop
from rules.model import CreditRequest, Finding, PartnerType, Role
from rules.ruleset import RuleSet
from rules.wording import allowed_roles_phrase, finding

catalogue.register(
    findings={
        ("role_not_allowed", ""): gettext_noop(
            "Partner Center role: the %(role)s role cannot file credit requests; only "
            "%(allowed_roles)s can. Ask %(allowed_roles)s in your organisation to file it."
        ),
        ("role_not_listed", ""): gettext_noop(
            "Partner Center role: Microsoft's current article lists only %(allowed_roles)s as "
            "able to file credit requests. It no longer names the %(role)s role, but it does not "
            "say that role is refused (our reading). If Microsoft sends the request back, ask "
            "%(allowed_roles)s to file it."
        ),
        ("partner_type_not_allowed", "indirect_reseller"): gettext_noop(
            "Partner type: Microsoft does not accept credit requests from indirect resellers. "
            "Your indirect provider must file it on your behalf."
        ),
        ("partner_type_not_allowed", "other"): gettext_noop(
            "Partner type: Microsoft does not accept credit requests from this partner type "
            "(%(partner_type)s). Ask the partner that bills the customer to file it."
        ),
    }
)


def role_allowed(role: Role, rule_set: RuleSet) -> bool:
    """Only some Partner Center roles (Admin agent, Global admin in 2021) may file."""
    return role in rule_set.allowed_roles or role in rule_set.warned_roles


def partner_type_allowed(partner_type: PartnerType, rule_set: RuleSet) -> bool:
    """Direct-bill partners and indirect providers file; indirect resellers cannot."""
    return partner_type in rule_set.allowed_partner_types


def allowed_roles_value(rule_set: RuleSet) -> str:
    """The roles the article names, as the comma-separated values a finding's params carry."""
    return ",".join(role.value for role in rule_set.allowed_roles)


def allowed_roles_in_words(rule_set: RuleSet) -> str:
    """The roles that may file, as a phrase with its article: "an Admin agent or Global admin"."""
    return allowed_roles_phrase(allowed_roles_value(rule_set))


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
            finding(
                "role",
                "role_not_allowed",
                role=request.role.value,
                allowed_roles=allowed_roles_value(rule_set),
            )
        )
    if not partner_type_allowed(request.partner_type, rule_set):
        reseller = request.partner_type is PartnerType.INDIRECT_RESELLER
        problems.append(
            finding(
                "partner_type",
                "partner_type_not_allowed",
                "indirect_reseller" if reseller else "other",
                partner_type=request.partner_type.value,
            )
        )
    return tuple(problems)


def requester_warnings(request: CreditRequest, rule_set: RuleSet) -> tuple[Finding, ...]:
    """A warning for a role the current article no longer names but does not refuse
    (Global admin from 2024-01-01: our convention, POLICY.md part 2)."""
    if request.role in rule_set.warned_roles:
        return (
            finding(
                "role",
                "role_not_listed",
                role=request.role.value,
                allowed_roles=allowed_roles_value(rule_set),
            ),
        )
    return ()
