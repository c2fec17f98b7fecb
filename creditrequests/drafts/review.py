"""Reviewers' pages: the queue of drafts ready for review, its CSV export, one review."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creditrequests import services
from creditrequests.evaluation import request_date
from creditrequests.models import (
    REVIEW_LEAD_DAYS,
    CreditRequestDraft,
    DraftStatus,
)
from creditrequests.services import Action
from creditrequests.text import shown_safely

from .answers import answer_rows
from .duplicates import duplicates_of
from .forms import DraftFilterForm, ReviewForm
from .requester import reviewer_requester_differences
from .verdicts import compare
from .views import LIST_DEFERRED, PAGE_SIZE, DeadlineInfo, get_visible_draft, list_rows


def reviewer_required(view):
    """Signed in, and a reviewer of an organisation; else 403 (anonymous: sign in)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_reviewer or request.user.organisation_id is None:
            raise PermissionDenied(_("Only reviewers can see this page."))
        return view(request, *args, **kwargs)

    return wrapper


def waiting_for_review(request):
    return CreditRequestDraft.objects.visible_to(request.user).filter(
        status=DraftStatus.READY_FOR_REVIEW
    )


def queue_drafts(request, form):
    drafts = form.filter(waiting_for_review(request), returned_first=False)
    return drafts.select_related("owner").by_urgency().defer(*LIST_DEFERRED)


@reviewer_required
def review_queue(request):
    """Drafts waiting for review, most urgent first, with how many are overdue or due soon."""
    today = request_date()
    form = DraftFilterForm(request.GET or None)
    page = Paginator(queue_drafts(request, form), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "review/queue.html",
        {
            "form": form,
            "page": page,
            "rows": list_rows(page, today),
            "counts": waiting_for_review(request).urgency_counts(today, returned=False),
            "review_lead_days": REVIEW_LEAD_DAYS,
            "due": request.GET.get("due", ""),
            "filtered": form.is_bound,
        },
    )


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    text = "" if value is None else shown_safely(str(value))
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value):
        return value


@reviewer_required
def review_queue_csv(request):
    """The queue (with the same filters) as CSV, streamed so a long queue costs no memory."""
    today = request_date()
    drafts = queue_drafts(request, DraftFilterForm(request.GET or None))
    base_url = request.build_absolute_uri("/")[:-1]
    header = [
        _("Reference"),
        _("Customer"),
        _("Credit type"),
        _("Amount"),
        _("Currency"),
        _("Deadline"),
        _("Days left"),
        _("Drafted by"),
        _("Submitted for review"),
        _("Link"),
    ]

    def rows():
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow([csv_cell(cell) for cell in header])
        for draft in drafts.iterator(chunk_size=2000):
            days_left = draft.days_left(today)
            cells = [
                draft.reference,
                draft.customer_name,
                draft.get_credit_type_display(),
                draft.amount if draft.amount is not None else "",
                draft.currency,
                draft.deadline.isoformat() if draft.deadline else "",
                days_left if days_left is not None else "",
                draft.owner.get_full_name() or draft.owner.username,
                timezone.localtime(draft.submitted_at).strftime("%Y-%m-%d %H:%M")
                if draft.submitted_at
                else "",
                base_url + reverse("drafts:review", args=[draft.public_id]),
            ]
            yield writer.writerow([csv_cell(cell) for cell in cells])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    filename = f"review-queue-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@reviewer_required
def review_draft(request, public_id):
    """One draft for review: answers, Details text, verdict then and now; approve or return."""
    draft = get_visible_draft(request, public_id)
    if request.method == "POST":
        return _decide(request, draft)
    return render_review(request, draft)


def render_review(request, draft, *, form=None, refusal=None, status=200):
    today = request_date()
    actions = services.available_actions(draft, request.user)
    may_review = Action.APPROVE in actions or Action.RETURN in actions
    if form is None:
        form = ReviewForm(initial={"version": draft.version})
    context = {
        "draft": draft,
        "answers": answer_rows(draft.answers),
        "comparison": compare(draft, today=today),
        "requester_differences": reviewer_requester_differences(draft),
        "duplicates": duplicates_of(draft),
        "form": form,
        "may_approve": Action.APPROVE in actions,
        "may_return": Action.RETURN in actions,
        "may_review": may_review,
        "own_draft": draft.owner_id == request.user.pk,
        "refusal": refusal,
        "deadline": DeadlineInfo.of(draft, today),
    }
    return render(request, "review/review.html", context, status=status)


def _decide(request, draft):
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return render_review(request, draft, form=form)
    data = form.cleaned_data
    try:
        if data["decision"] == ReviewForm.APPROVE:
            services.approve(
                draft, by=request.user, expected_version=data["version"], comment=data["comment"]
            )
            messages.success(request, _("Approved. The draft can now be filed with Microsoft."))
        else:
            services.return_for_changes(
                draft, by=request.user, expected_version=data["version"], comment=data["comment"]
            )
            messages.success(request, _("Returned to the drafter with your comment."))
    except services.NotPermitted as error:
        raise PermissionDenied(error.message) from error
    except services.DraftActionRefused as error:
        current = error.draft or draft
        # Keep what the reviewer wrote; the form now carries the current version.
        kept = ReviewForm(initial={"version": current.version, "comment": data["comment"]})
        return render_review(request, current, form=kept, refusal=error.message, status=409)
    return redirect("drafts:review_queue")
