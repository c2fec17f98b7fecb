"""Pages about saved drafts: My drafts, one draft, and the moves its owner makes."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from creditrequests import services
from creditrequests.models import ClosedResult, CreditRequestDraft, CreditType, DraftStatus
from creditrequests.services import Action

from .answers import answer_rows
from .forms import CloseForm, DraftFilterForm, FilingForm, SubmitForReviewForm
from .history import draft_history

PAGE_SIZE = 25

# Columns a list needs; the long ones (answers, Details text) stay in the database.
LIST_DEFERRED = ("answers", "completed_steps", "details_text", "review_comment", "refusal_reason")


def get_visible_draft(request, public_id) -> CreditRequestDraft:
    """The draft if it belongs to the user's organisation; any other ID is a 404."""
    return get_object_or_404(
        CreditRequestDraft.objects.visible_to(request.user).select_related(
            "owner", "organisation", "reviewed_by"
        ),
        public_id=public_id,
    )


@dataclass(frozen=True)
class DeadlineInfo:
    """How urgent a draft's deadline is today, for the deadline include."""

    days: int | None
    state: str  # "overdue", "soon", "ok" or ""

    @classmethod
    def of(cls, draft, today) -> "DeadlineInfo":
        return cls(draft.days_left(today), draft.deadline_state(today))

    @property
    def overdue_by(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


@dataclass(frozen=True)
class ListRow:
    draft: CreditRequestDraft
    deadline: DeadlineInfo
    status: str
    credit_type: str


def list_rows(drafts, today) -> list[ListRow]:
    """Rows for a draft list; labels are looked up once per page, not per cell (it shows)."""
    statuses = {value: str(label) for value, label in DraftStatus.choices}
    credit_types = {value: str(label) for value, label in CreditType.choices}
    return [
        ListRow(
            draft,
            DeadlineInfo.of(draft, today),
            statuses.get(draft.status, draft.status),
            credit_types.get(draft.credit_type, "") or _("New request"),
        )
        for draft in drafts
    ]


@login_required
def my_drafts(request):
    """The signed-in user's drafts, most urgent first."""
    today = timezone.localdate()
    form = DraftFilterForm(request.GET or None)
    drafts = form.filter(
        CreditRequestDraft.objects.visible_to(request.user).filter(owner=request.user)
    )
    page = Paginator(drafts.by_urgency().defer(*LIST_DEFERRED), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "drafts/my_drafts.html",
        {
            "form": form,
            "page": page,
            "rows": list_rows(page, today),
            "filtered": form.is_bound,
        },
    )


@login_required
def draft_detail(request, public_id):
    draft = get_visible_draft(request, public_id)
    return render_detail(request, draft)


def render_detail(request, draft, *, refusal=None, unsaved=None, status=200, **forms):
    """The draft page; `forms` replaces the blank move forms with bound ones after an error."""
    today = timezone.localdate()
    actions = services.available_actions(draft, request.user)
    initial = {"version": draft.version}
    context = {
        "draft": draft,
        "answers": answer_rows(draft.answers),
        "actions": actions,
        "deadline": DeadlineInfo.of(draft, today),
        "history": draft_history(draft),
        "refusal": refusal,
        "unsaved": unsaved or [],
        "submit_form": SubmitForReviewForm(initial=initial),
        "filing_form": forms.get("filing_form")
        or FilingForm(initial={**initial, "filed_on": today}, approved_at=draft.reviewed_at),
        "close_form": forms.get("close_form") or CloseForm(initial=initial),
        "is_owner": draft.owner_id == request.user.pk,
        "may_review": Action.APPROVE in actions or Action.RETURN in actions,
    }
    return render(request, "drafts/detail.html", context, status=status)


def refused(request, draft, error: services.DraftActionRefused, *, unsaved=None, **forms):
    """A refused move: 403 for the wrong person, else the draft as it is now with the reason."""
    if isinstance(error, services.NotPermitted):
        raise PermissionDenied(error.message)
    current = error.draft or draft
    return render_detail(request, current, refusal=error.message, unsaved=unsaved, status=409)


def stale_form(request, draft):
    messages.error(
        request, _("The form was out of date. Nothing was changed; please try again below.")
    )
    return redirect(draft)


@login_required
@require_POST
def submit_for_review(request, public_id):
    draft = get_visible_draft(request, public_id)
    form = SubmitForReviewForm(request.POST)
    if not form.is_valid():
        return stale_form(request, draft)
    try:
        services.submit_for_review(
            draft, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except services.DraftActionRefused as error:
        return refused(request, draft, error)
    messages.success(request, _("Submitted for review. A reviewer of your organisation is next."))
    return redirect(draft)


@login_required
@require_POST
def record_filing(request, public_id):
    draft = get_visible_draft(request, public_id)
    if not services.can_act(draft, request.user, Action.RECORD_FILING):
        raise PermissionDenied
    form = FilingForm(request.POST, approved_at=draft.reviewed_at)
    if not form.is_valid():
        return render_detail(request, draft, filing_form=form)
    data = form.cleaned_data
    try:
        services.record_filing(
            draft,
            by=request.user,
            ticket=data["ticket"],
            filed_on=data["filed_on"],
            expected_version=data["version"],
        )
    except services.DraftActionRefused as error:
        unsaved = [(_("Partner Center ticket number"), data["ticket"])]
        return refused(request, draft, error, unsaved=unsaved)
    messages.success(request, _("Filing recorded. Record Microsoft's answer when it comes."))
    return redirect(draft)


@login_required
@require_POST
def close(request, public_id):
    draft = get_visible_draft(request, public_id)
    if not services.can_act(draft, request.user, Action.CLOSE_CREDITED):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if not form.is_valid():
        return render_detail(request, draft, close_form=form)
    data = form.cleaned_data
    try:
        if data["result"] == ClosedResult.CREDITED:
            services.close_credited(
                draft,
                by=request.user,
                amount=data["credited_amount"],
                expected_version=data["version"],
            )
        else:
            services.close_refused(
                draft,
                by=request.user,
                reason=data["refusal_reason"],
                expected_version=data["version"],
            )
    except services.DraftActionRefused as error:
        unsaved = [
            (_("Credited amount"), data.get("credited_amount") or ""),
            (_("Microsoft's reason"), data.get("refusal_reason") or ""),
        ]
        return refused(request, draft, error, unsaved=[row for row in unsaved if row[1]])
    messages.success(request, _("The request is closed."))
    return redirect(draft)
