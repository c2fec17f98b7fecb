"""Who is asking: what the drafter answered about themselves beside what their profile says."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from creditrequests.models import PartnerCenterRole, PartnerType


def is_reseller_draft(draft) -> bool:
    """Drafted by (or for) an indirect reseller: its indirect provider must file it."""
    answers = draft.answers if isinstance(draft.answers, dict) else {}
    return (
        draft.organisation.partner_type == PartnerType.INDIRECT_RESELLER
        or answers.get("partner_type") == PartnerType.INDIRECT_RESELLER
    )


@dataclass(frozen=True)
class Mismatch:
    """One answer about who is asking that differs from the profile: `field` is "role" or
    "partner_type"; `declared` and `profile` are labels in the active language."""

    field: str
    declared: str
    profile: str


def requester_mismatches(draft) -> list[Mismatch]:
    """The role and partner type the drafter answered, where they differ from the profile.

    The wizard prefills both from the profile but lets the drafter correct them, so the
    drafter is told at once and the reviewer checks a correction before it goes to Microsoft.
    """
    answers = draft.answers if isinstance(draft.answers, dict) else {}
    declared_role = answers.get("role")
    declared_type = answers.get("partner_type")
    mismatches = []
    if declared_role and declared_role != draft.owner.partner_center_role:
        mismatches.append(
            Mismatch(
                "role",
                str(dict(PartnerCenterRole.choices).get(declared_role, declared_role)),
                str(draft.owner.get_partner_center_role_display()),
            )
        )
    if declared_type and declared_type != draft.organisation.partner_type:
        mismatches.append(
            Mismatch(
                "partner_type",
                str(dict(PartnerType.choices).get(declared_type, declared_type)),
                str(draft.organisation.get_partner_type_display()),
            )
        )
    return mismatches


def own_requester_differences(draft) -> list[str]:
    """requester_mismatches as told to the drafter."""
    differences = []
    for mismatch in requester_mismatches(draft):
        if mismatch.field == "role":
            text = _(
                "You answered that your Partner Center role is %(declared)s, but your profile "
                "here says %(profile)s."
            )
        else:
            text = _(
                "You answered that the partner type is %(declared)s, but %(organisation)s is "
                "registered here as %(profile)s."
            )
        differences.append(text % _values(draft, mismatch))
    return differences


def reviewer_requester_differences(draft) -> list[str]:
    """requester_mismatches as told to the reviewer."""
    differences = []
    for mismatch in requester_mismatches(draft):
        if mismatch.field == "role":
            text = _(
                "The drafter answered that their Partner Center role is %(declared)s; "
                "their profile here says %(profile)s."
            )
        else:
            text = _(
                "The drafter answered that the partner type is %(declared)s; "
                "%(organisation)s is registered here as %(profile)s."
            )
        differences.append(text % _values(draft, mismatch))
    return differences


def _values(draft, mismatch: Mismatch) -> dict[str, str]:
    return {
        "declared": mismatch.declared,
        "profile": mismatch.profile,
        "organisation": draft.organisation.name,
    }
