"""One outage, many customers: make the drafts, see what each still needs, review them together."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from creditrequests import services
from creditrequests.customers.csv_import import CsvRefused, import_customers, read_rows
from creditrequests.customers.models import Customer
from creditrequests.drafts.review import reviewer_required
from creditrequests.drafts.views import get_visible_draft
from creditrequests.models import DraftStatus

from .forms import DECISIONS, ChooseCustomersForm
from .make import batch_report, can_make_batch, make_batch
from .models import OutageBatch


def _batch(request, public_id) -> OutageBatch:
    return get_object_or_404(
        OutageBatch.objects.filter(organisation_id=request.user.organisation_id),
        public_id=public_id,
    )


@login_required
def new_batch(request, public_id):
    source = get_visible_draft(request, public_id)
    if not can_make_batch(source):
        messages.error(request, _("Only a service outage draft with an outage ID makes a batch."))
        return redirect(source.get_absolute_url())
    customers = Customer.objects.visible_to(request.user).active()
    query = request.GET.get("q", "")[:100]
    shown = customers.search(query)
    form = ChooseCustomersForm(request.POST or None, request.FILES or None, customers=customers)
    problems = []
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["customers"] or [])
        upload = form.cleaned_data.get("tenants_csv")
        if upload:
            try:
                data = upload.read()
                report = import_customers(request.user.organisation, data)
                tenants = _tenant_ids(data)
            except CsvRefused as refusal:
                form.add_error("tenants_csv", str(refusal))
            else:
                problems = report.problems
                chosen += list(
                    customers.filter(tenant_id__in=tenants).exclude(pk__in=[c.pk for c in chosen])
                )
        if not form.errors and not problems:
            batch = make_batch(source, chosen, by=request.user)
            messages.success(
                request,
                _("%(count)d drafts made, one per customer.") % {"count": len(chosen)},
            )
            return redirect("batches:detail", batch.public_id)
    return render(
        request,
        "batches/new.html",
        {"source": source, "form": form, "shown": shown, "query": query, "problems": problems},
    )


def _tenant_ids(data: bytes) -> list[str]:
    from rules import validators

    tenants = []
    for _line, row in read_rows(data)[0]:
        try:
            tenants.append(validators.normalise_guid(row.get("tenant_id", "")))
        except validators.InvalidValue:
            continue
    return tenants


@login_required
def batch_detail(request, public_id):
    batch = _batch(request, public_id)
    rows = batch_report(batch)
    if request.method == "POST" and "submit_ready" in request.POST:
        submitted = 0
        for row in rows:
            draft = row.draft
            if (
                draft.status == DraftStatus.DRAFT
                and services.can_act(draft, request.user, services.Action.SUBMIT)
                and services.is_submittable(draft)
                and not row.missing
            ):
                try:
                    services.submit_for_review(draft, by=request.user)
                    submitted += 1
                except services.DraftActionRefused:
                    continue
        messages.success(request, _("%(count)d drafts sent for review.") % {"count": submitted})
        return redirect("batches:detail", batch.public_id)
    return render(request, "batches/detail.html", {"batch": batch, "rows": rows})


@reviewer_required
def batch_review(request, public_id):
    """Every draft of the batch waiting for review, with a decision each, in one form."""
    batch = _batch(request, public_id)
    rows = [row for row in batch_report(batch) if row.draft.status == DraftStatus.READY_FOR_REVIEW]
    errors: dict[int, str] = {}
    if request.method == "POST":
        decided, refused = 0, []
        for row in rows:
            draft = row.draft
            decision = request.POST.get(f"decision-{draft.public_id}", "")
            comment = request.POST.get(f"comment-{draft.public_id}", "")[:4000]
            if decision not in dict(DECISIONS) or not decision:
                continue
            try:
                if decision == "approve":
                    services.approve(draft, by=request.user, comment=comment)
                else:
                    services.return_for_changes(draft, by=request.user, comment=comment)
                decided += 1
            except services.DraftActionRefused as refusal:
                errors[draft.pk] = str(refusal)
                refused.append(draft)
        if not errors:
            messages.success(request, _("%(count)d decisions recorded.") % {"count": decided})
            return redirect("batches:detail", batch.public_id)
    return render(
        request,
        "batches/review.html",
        {
            "batch": batch,
            "rows": [
                {
                    "report": row,
                    "error": errors.get(row.draft.pk, ""),
                    "decision": request.POST.get(f"decision-{row.draft.public_id}", ""),
                    "comment": request.POST.get(f"comment-{row.draft.public_id}", "")[:4000],
                }
                for row in rows
            ],
            "decisions": DECISIONS,
        },
    )
