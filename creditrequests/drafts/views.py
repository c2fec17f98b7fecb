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
from creditrequests.evaluation import request_date
from creditrequests.messages import SelfServiceClock
from creditrequests.models import (
    REVIEW_LEAD_DAYS,
    ClosedResult,
    CreditRequestDraft,
    CreditType,
    DraftState,
    DraftStatus,
)
from creditrequests.services import Action

from .answers import answer_rows
from .duplicates import duplicates_of
from .forms import (
    CloseDraftForm,
    CloseForm,
    DraftFilterForm,
    FilingForm,
    HandOverForm,
    OneClickCloseForm,
    ReopenForm,
    SubmitForReviewForm,
    WithdrawForm,
)
from .history import draft_history
from .requester import is_reseller_draft, own_requester_differences

PAGE_SIZE = 25

# Columns a list needs; the long ones (answers, Details text) stay in the database.
LIST_DEFERRED = ("answers", "completed_steps", "details_text", "review_comment", "refusal_reason")

# The rules' outcome for a purchase that Microsoft refunds without any request.
NO_REQUEST_NEEDED = services.NO_REQUEST_NEEDED


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
    """A draft's clock today, for the deadline include: window closed, due today, N days left."""

    days: int | None
    state: str  # "overdue" (the window has closed), "soon", "ok" or "" (no deadline matters)
    review_at_risk: bool = False  # waiting for review, due before a review can reasonably finish
    no_request_needed: bool = False
    # A self-service window (cancel or reduce seats in Partner Center), in words.
    self_service: SelfServiceClock | None = None

    @classmethod
    def of(cls, draft, today, now=None) -> "DeadlineInfo":
        days = draft.days_left(today)
        if draft.act_by is not None and draft.awaits_filing:
            return cls(
                days,
                draft.deadline_state(today),
                no_request_needed=draft.outcome == NO_REQUEST_NEEDED,
                self_service=SelfServiceClock.of(draft.action, draft.act_by, now or timezone.now()),
            )
        return cls(
            days,
            draft.deadline_state(today),
            review_at_risk=(
                draft.status == DraftStatus.READY_FOR_REVIEW
                and days is not None
                and 0 <= days <= REVIEW_LEAD_DAYS
            ),
            no_request_needed=draft.outcome == NO_REQUEST_NEEDED,
        )


@dataclass(frozen=True)
class ListRow:
    draft: CreditRequestDraft
    deadline: DeadlineInfo
    state: str
    state_label: str
    credit_type: str


def list_rows(drafts, today) -> list[ListRow]:
    """Rows for a draft list; labels are looked up once per page, not per cell (it shows)."""
    states = {value: str(label) for value, label in DraftState.choices}
    credit_types = {value: str(label) for value, label in CreditType.choices}
    now = timezone.now()
    rows = []
    for draft in drafts:
        state = draft.state
        rows.append(
            ListRow(
                draft,
                DeadlineInfo.of(draft, today, now),
                state.value,
                states[state.value],
                credit_types.get(draft.credit_type, "") or _("New request"),
            )
        )
    return rows


@login_required
def landing(request):
    """Where signing in leads: reviewers to their queue, everyone else to My drafts."""
    if request.user.is_reviewer and request.user.organisation_id is not None:
        return redirect("drafts:review_queue")
    return redirect("drafts:home")


@login_required
def my_drafts(request):
    """The signed-in user's drafts, most urgent first."""
    today = request_date()
    form = DraftFilterForm(request.GET or None)
    mine = CreditRequestDraft.objects.visible_to(request.user).filter(owner=request.user)
    drafts = form.filter(mine, today=today)
    page = Paginator(drafts.inbox_order().defer(*LIST_DEFERRED), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "drafts/my_drafts.html",
        {
            "form": form,
            "page": page,
            "rows": list_rows(page, today),
            "counts": mine.open().urgency_counts(today),
            "due": request.GET.get("due", ""),
            "filtered": form.is_bound,
        },
    )


@login_required
def draft_detail(request, public_id):
    draft = get_visible_draft(request, public_id)
    return render_detail(request, draft)


def render_detail(request, draft, *, refusal=None, unsaved=None, status=200, **forms):
    """The draft page; `forms` replaces the blank move forms with bound ones after an error."""
    today = request_date()
    actions = services.available_actions(draft, request.user)
    initial = {"version": draft.version}
    suggested = services.suggested_close_reason(draft, today)
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
        "close_draft_form": forms.get("close_draft_form") or CloseDraftForm(initial=initial),
        "quick_close_form": OneClickCloseForm(initial={**initial, "reason": suggested}),
        "suggested_close_reason": suggested if Action.CLOSE in actions else None,
        "withdraw_form": WithdrawForm(initial=initial),
        "hand_over_form": forms.get("hand_over_form")
        or HandOverForm(initial=initial, candidates=services.hand_over_candidates(draft)),
        "duplicates": duplicates_of(draft),
        "own_differences": own_requester_differences(draft)
        if draft.owner_id == request.user.pk
        else [],
        "for_reseller": is_reseller_draft(draft),
        "reopen_form": ReopenForm(initial=initial),
        "is_owner": draft.owner_id == request.user.pk,
        "state_label": state_label(draft, request.user),
        # Only a draft waiting for review is reviewed; an approved one can still be returned
        # from the review page, but is not offered as "to review".
        "may_review": Action.APPROVE in actions,
    }
    return render(request, "drafts/detail.html", context, status=status)


def state_label(draft, user) -> str:
    """The draft's state in words, as the person looking at it thinks of it."""
    if draft.is_returned and draft.owner_id != user.pk:
        return _("Returned to the drafter")
    return str(draft.state.label)


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


def _close_draft_with(request, draft, form):
    if not form.is_valid():
        if isinstance(form, OneClickCloseForm):
            return stale_form(request, draft)
        return render_detail(request, draft, close_draft_form=form)
    data = form.cleaned_data
    try:
        services.close(
            draft,
            by=request.user,
            reason=data["reason"],
            note=data.get("note", ""),
            expected_version=data["version"],
        )
    except services.DraftActionRefused as error:
        unsaved = [(_("Note"), data["note"])] if data.get("note") else []
        return refused(request, draft, error, unsaved=unsaved)
    messages.success(
        request,
        _("The draft is closed. It has left My drafts; search for it or reopen it at any time."),
    )
    return redirect(draft)


@login_required
@require_POST
def close_draft(request, public_id):
    """Close a draft that will not be filed, with a reason (the form on the draft page)."""
    draft = get_visible_draft(request, public_id)
    if not services.can_act(draft, request.user, Action.CLOSE):
        raise PermissionDenied
    return _close_draft_with(request, draft, CloseDraftForm(request.POST))


@login_required
@require_POST
def quick_close(request, public_id):
    """Close in one click when there is nothing to request or the window has closed."""
    draft = get_visible_draft(request, public_id)
    if not services.can_act(draft, request.user, Action.CLOSE):
        raise PermissionDenied
    return _close_draft_with(request, draft, OneClickCloseForm(request.POST))


@login_required
@require_POST
def withdraw(request, public_id):
    draft = get_visible_draft(request, public_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return stale_form(request, draft)
    try:
        services.withdraw(draft, by=request.user, expected_version=form.cleaned_data["version"])
    except services.DraftActionRefused as error:
        return refused(request, draft, error)
    messages.success(
        request, _("Withdrawn from review. Change what you need, then submit it again.")
    )
    return redirect(draft)


@login_required
@require_POST
def reopen(request, public_id):
    draft = get_visible_draft(request, public_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return stale_form(request, draft)
    try:
        services.reopen(draft, by=request.user, expected_version=form.cleaned_data["version"])
    except services.DraftActionRefused as error:
        return refused(request, draft, error)
    messages.success(request, _("The draft is open again and back in My drafts."))
    return redirect(draft)
