"""Drafts that look like the same request: the same customer tenant and outage ID, or the
same reference. Said on the draft and review pages (and for the wizard to call at start and
finish), with a link to the other draft, so one request is not filed twice."""

from django.db.models import Q

from creditrequests.models import CreditRequestDraft

SHOWN = 5


def find_duplicates(
    organisation_id: int,
    *,
    reference: str = "",
    tenant_id: str = "",
    outage_id: str = "",
    exclude_pk: int | None = None,
) -> list[CreditRequestDraft]:
    """The organisation's other drafts with the same reference, or the same tenant and
    outage ID (newest first, at most SHOWN)."""
    same = Q()
    if reference.strip():
        same |= Q(reference__iexact=reference.strip())
    if tenant_id.strip() and outage_id.strip():
        same |= Q(
            customer_tenant_id__iexact=tenant_id.strip(),
            answers__outage_id__iexact=outage_id.strip(),
        )
    if not same:
        return []
    drafts = CreditRequestDraft.objects.filter(same, organisation_id=organisation_id)
    if exclude_pk is not None:
        drafts = drafts.exclude(pk=exclude_pk)
    return list(
        drafts.select_related("owner")
        .defer("answers", "details_text", "completed_steps")
        .order_by("-created_at", "-pk")[:SHOWN]
    )


def duplicates_of(draft: CreditRequestDraft) -> list[CreditRequestDraft]:
    answers = draft.answers if isinstance(draft.answers, dict) else {}
    outage_id = answers.get("outage_id")
    return find_duplicates(
        draft.organisation_id,
        reference=draft.reference,
        tenant_id=draft.customer_tenant_id,
        outage_id=outage_id if isinstance(outage_id, str) else "",
        exclude_pk=draft.pk,
    )
