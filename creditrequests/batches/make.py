"""Make one SLA draft per customer from one draft's incident, and report what each still needs."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from creditrequests.evaluation import evaluate_answers, is_evaluable, record_verdict
from creditrequests.messages import finding_text
from creditrequests.models import CreditRequestDraft, CreditType
from creditrequests.wizard.steps import STEPS

from .models import BatchMember, OutageBatch

MAX_CUSTOMERS = 200

# Answers that belong to one customer: never copied from the source draft.
CUSTOMER_KEYS = frozenset(
    {
        "customer_name",
        "partner_reference",
        "tenant_id",
        "tenant_domains",
        "evidence_email",
        "customer_requested_credit",
        "bought_through_csp",
        "affected_users",
        "affected_locations",
        "support_ticket_numbers",
        "evidence_attached",
        "amount",
        "currency",
    }
)


def can_make_batch(draft: CreditRequestDraft) -> bool:
    """An SLA draft whose incident is known: it has an outage ID."""
    return draft.credit_type == CreditType.SERVICE_OUTAGE and bool(
        (draft.answers or {}).get("outage_id")
    )


def customer_answers(source: dict, customer) -> dict:
    answers = {key: value for key, value in source.items() if key not in CUSTOMER_KEYS}
    answers["customer_name"] = customer.name
    if customer.tenant_id:
        answers["tenant_id"] = customer.tenant_id
    if customer.tenant_domains:
        answers["tenant_domains"] = list(customer.tenant_domains)
    return answers


def _completed_steps(source: CreditRequestDraft) -> list[str]:
    """The source's completed steps that ask nothing about one customer."""
    return [
        step
        for step, form_class in STEPS
        if step in (source.completed_steps or [])
        and step != "check"
        and not (set(form_class.base_fields) & CUSTOMER_KEYS)
    ]


@transaction.atomic
def make_batch(source: CreditRequestDraft, customers, *, by) -> OutageBatch:
    """One new draft per customer (owned by `by`), each evaluated on its own answers."""
    batch = OutageBatch.objects.create(organisation=by.organisation, source=source, created_by=by)
    today = timezone.localdate()
    completed = _completed_steps(source)
    for customer in customers:
        answers = customer_answers(source.answers or {}, customer)
        draft = CreditRequestDraft(owner=by, organisation=by.organisation)
        draft.set_answers(answers)
        draft.completed_steps = completed
        if is_evaluable(answers):
            with suppress(ValueError):
                record_verdict(draft, evaluate_answers(answers, today=today), today=today)
        draft._history_user = by
        draft._change_reason = "Made from an outage batch"
        draft.save()
        BatchMember.objects.create(batch=batch, draft=draft)
    return batch


@dataclass(frozen=True)
class MemberReport:
    draft: CreditRequestDraft
    missing: list[str]
    files: int


def batch_report(batch: OutageBatch) -> list[MemberReport]:
    """Per customer: the draft and what it still needs before it can be submitted."""
    from django.utils.translation import gettext as _

    today = timezone.localdate()
    rows = []
    drafts = CreditRequestDraft.objects.filter(batch_membership__batch=batch).select_related(
        "owner", "reviewed_by"
    )
    for draft in drafts.order_by("customer_name", "pk"):
        missing: list[str] = []
        try:
            verdict = (
                evaluate_answers(draft.answers, today=today)
                if is_evaluable(draft.answers)
                else None
            )
        except ValueError:
            verdict = None
        if verdict is not None:
            missing += [finding_text(problem) for problem in verdict.problems]
        if verdict is None and not (draft.answers or {}).get("evidence_email"):
            missing.append(
                _("The customer's evidence email: attach their email or enter the address.")
            )
        files = draft.evidence_files.count()
        if not files:
            missing.append(_("No evidence file is attached."))
        rows.append(MemberReport(draft=draft, missing=list(dict.fromkeys(missing)), files=files))
    return rows
