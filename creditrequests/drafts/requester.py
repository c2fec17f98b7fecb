"""Who is asking: what the drafter answered about themselves beside what their profile says."""

from django.utils.translation import gettext as _

from creditrequests.models import PartnerCenterRole, PartnerType


def is_reseller_draft(draft) -> bool:
    """Drafted by (or for) an indirect reseller: its indirect provider must file it."""
    answers = draft.answers if isinstance(draft.answers, dict) else {}
    return (
        draft.organisation.partner_type == PartnerType.INDIRECT_RESELLER
        or answers.get("partner_type") == PartnerType.INDIRECT_RESELLER
    )


def own_requester_differences(draft) -> list[str]:
    """Told to the drafter at once (not only to the reviewer): a role or partner type they
    answered differently from their profile, which decides whether Microsoft accepts it."""
    answers = draft.answers if isinstance(draft.answers, dict) else {}
    declared_role = answers.get("role")
    declared_type = answers.get("partner_type")
    differences = []
    if declared_role and declared_role != draft.owner.partner_center_role:
        differences.append(
            _(
                "You answered that your Partner Center role is %(declared)s, but your profile "
                "here says %(profile)s."
            )
            % {
                "declared": dict(PartnerCenterRole.choices).get(declared_role, declared_role),
                "profile": draft.owner.get_partner_center_role_display(),
            }
        )
    if declared_type and declared_type != draft.organisation.partner_type:
        differences.append(
            _(
                "You answered that the partner type is %(declared)s, but %(organisation)s is "
                "registered here as %(profile)s."
            )
            % {
                "declared": dict(PartnerType.choices).get(declared_type, declared_type),
                "organisation": draft.organisation.name,
                "profile": draft.organisation.get_partner_type_display(),
            }
        )
    return differences
