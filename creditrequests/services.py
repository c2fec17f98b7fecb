"""The life of a credit request draft: every status change goes through here.

    draft -> ready for review -> approved -> filed with Microsoft -> closed (credited | refused)

A reviewer may return a draft that is ready for review (or approved and not yet
filed) to draft, with a comment. Only reviewers approve or return, and nobody
reviews their own draft. The owner may withdraw a draft from review to change it.
Before filing, the owner or a reviewer may close a draft with a reason (no request
needed, too late, duplicate, withdrawn, handled elsewhere) and reopen it later.

Each move is claimed with one conditional UPDATE on (pk, version, status): when
two people act on the same draft at the same moment exactly one UPDATE matches;
the other caller gets `StaleDraft` carrying the draft as it is now. The winner's
save writes the history record (who, when, what changed) in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from creditrequests.evaluation import request_date

from . import notifications
from . import text as text_rule
from .evaluation import evaluate_answers, is_evaluable, record_verdict
from .models import (
    ClosedResult,
    CloseReason,
    CreditRequestDraft,
    DraftStatus,
    NotificationEvent,
    PartnerCenterRole,
    User,
)

# The rules' outcome for a purchase Microsoft refunds without any request.
NO_REQUEST_NEEDED = "no_request_needed"

TICKET_MAX_LENGTH = 64
COMMENT_MAX_LENGTH = 4000


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    RECORD_FILING = "record_filing"
    CLOSE_CREDITED = "close_credited"
    CLOSE_REFUSED = "close_refused"
    WITHDRAW = "withdraw"
    CLOSE = "close"
    REOPEN = "reopen"
    HAND_OVER = "hand_over"


class Actor(StrEnum):
    OWNER = "owner"  # the draft's owner only
    REVIEWER = "reviewer"  # a reviewer of the organisation who does not own the draft
    OWNER_OR_REVIEWER = "owner_or_reviewer"


@dataclass(frozen=True)
class Move:
    sources: tuple[DraftStatus, ...]
    target: DraftStatus
    actor: Actor
    history_reason: str  # English, stored with the history record


OPEN_BEFORE_FILING = (DraftStatus.DRAFT, DraftStatus.READY_FOR_REVIEW, DraftStatus.APPROVED)

MOVES: dict[Action, Move] = {
    Action.SUBMIT: Move(
        (DraftStatus.DRAFT,), DraftStatus.READY_FOR_REVIEW, Actor.OWNER, "Submitted for review"
    ),
    Action.APPROVE: Move(
        (DraftStatus.READY_FOR_REVIEW,), DraftStatus.APPROVED, Actor.REVIEWER, "Approved"
    ),
    Action.RETURN: Move(
        (DraftStatus.READY_FOR_REVIEW, DraftStatus.APPROVED),
        DraftStatus.DRAFT,
        Actor.REVIEWER,
        "Returned for changes",
    ),
    Action.RECORD_FILING: Move(
        (DraftStatus.APPROVED,),
        DraftStatus.FILED,
        Actor.OWNER_OR_REVIEWER,
        "Filed with Microsoft",
    ),
    Action.CLOSE_CREDITED: Move(
        (DraftStatus.FILED,), DraftStatus.CLOSED, Actor.OWNER_OR_REVIEWER, "Closed: credited"
    ),
    Action.CLOSE_REFUSED: Move(
        (DraftStatus.FILED,), DraftStatus.CLOSED, Actor.OWNER_OR_REVIEWER, "Closed: refused"
    ),
    Action.WITHDRAW: Move(
        (DraftStatus.READY_FOR_REVIEW, DraftStatus.APPROVED),
        DraftStatus.DRAFT,
        Actor.OWNER,
        "Withdrawn from review",
    ),
    Action.CLOSE: Move(
        OPEN_BEFORE_FILING, DraftStatus.CLOSED, Actor.OWNER_OR_REVIEWER, "Closed without filing"
    ),
    # The draft stays a draft, with a new owner.
    Action.HAND_OVER: Move((DraftStatus.DRAFT,), DraftStatus.DRAFT, Actor.OWNER, "Handed over"),
    # Only a draft closed without filing reopens; Microsoft's answer is final.
    Action.REOPEN: Move(
        (DraftStatus.CLOSED,), DraftStatus.DRAFT, Actor.OWNER_OR_REVIEWER, "Reopened"
    ),
}


# Moves that mail someone (see notifications.py): reviewers on submit, the drafter otherwise.
NOTIFIED = {
    Action.SUBMIT: NotificationEvent.SUBMITTED,
    Action.RETURN: NotificationEvent.RETURNED,
    Action.APPROVE: NotificationEvent.APPROVED,
    Action.HAND_OVER: NotificationEvent.HANDED_OVER,
}

# Who may file credit requests, so who can take a draft over from someone who may not.
FILING_ROLE = PartnerCenterRole.ADMIN_AGENT


class DraftActionRefused(Exception):
    """A move was refused; nothing changed. `message` is translated and safe to show."""

    def __init__(self, message: str, *, draft: CreditRequestDraft | None = None):
        super().__init__(message)
        self.message = message
        self.draft = draft


class NotPermitted(DraftActionRefused):
    """This person may not make this move (wrong role, own draft, other organisation)."""


class IllegalMove(DraftActionRefused):
    """The draft's status does not allow this move (e.g. approving a draft never submitted)."""


class NotEligible(DraftActionRefused):
    """Only eligible drafts with a Details text can be submitted for review."""


class InvalidInput(DraftActionRefused):
    """A value the move needs is missing or invalid (forms check first; this is the last guard)."""


class StaleDraft(DraftActionRefused):
    """Someone else changed the draft since the caller loaded it; `draft` is how it is now."""


def can_act(draft: CreditRequestDraft, user: User, action: Action) -> bool:
    """Whether `user`'s role allows `action` on `draft` (regardless of its status)."""
    if not user.is_authenticated or user.organisation_id != draft.organisation_id:
        return False
    is_owner = draft.owner_id == user.pk
    actor = MOVES[action].actor
    if actor is Actor.OWNER:
        return is_owner
    if actor is Actor.REVIEWER:
        return user.is_reviewer and not is_owner
    return is_owner or user.is_reviewer


def is_submittable(draft: CreditRequestDraft) -> bool:
    return draft.eligible is True and bool(draft.details_text.strip())


def available_actions(draft: CreditRequestDraft, user: User) -> list[Action]:
    """The moves `user` may make on `draft` right now, in workflow order."""
    actions = []
    for action, move in MOVES.items():
        if draft.status not in move.sources or not can_act(draft, user, action):
            continue
        if action is Action.SUBMIT and not is_submittable(draft):
            continue
        if action is Action.REOPEN and not draft.close_reason:
            continue
        if action is Action.HAND_OVER and not may_hand_over(draft):
            continue
        actions.append(action)
    return actions


def may_hand_over(draft: CreditRequestDraft) -> bool:
    """A drafter whose role may not file hands their draft to an Admin agent."""
    return draft.owner.partner_center_role != FILING_ROLE


def hand_over_candidates(draft: CreditRequestDraft):
    """The Admin agents of the draft's organisation who can take it over."""
    return (
        User.objects.filter(
            organisation_id=draft.organisation_id,
            partner_center_role=FILING_ROLE,
            is_active=True,
        )
        .exclude(pk=draft.owner_id)
        .order_by("first_name", "last_name", "username")
    )


def suggested_close_reason(draft: CreditRequestDraft, today: date) -> CloseReason | None:
    """The reason a draft can be closed in one click: nothing to request, or too late."""
    if draft.status not in OPEN_BEFORE_FILING:
        return None
    if draft.outcome == NO_REQUEST_NEEDED:
        return CloseReason.NO_REQUEST_NEEDED
    if draft.deadline is not None and draft.deadline < today:
        return CloseReason.TOO_LATE
    return None


def submit_for_review(
    draft: CreditRequestDraft, *, by: User, expected_version: int | None = None
) -> CreditRequestDraft:
    """Send an eligible draft to the organisation's reviewers.

    A resubmitted draft leaves its last review behind: the return and its comment stay in
    the history as a dated event, but are no longer the draft's current review.
    """
    return _move(
        draft,
        Action.SUBMIT,
        by=by,
        expected_version=expected_version,
        changes={
            "submitted_at": timezone.now(),
            "reviewed_by": None,
            "reviewed_at": None,
            "review_comment": "",
        },
    )


def approve(
    draft: CreditRequestDraft, *, by: User, expected_version: int | None = None, comment: str = ""
) -> CreditRequestDraft:
    """A reviewer approves the draft for filing with Microsoft."""
    return _move(
        draft,
        Action.APPROVE,
        by=by,
        expected_version=expected_version,
        changes={
            "reviewed_by": by,
            "reviewed_at": timezone.now(),
            "review_comment": _clean_text(comment, required=False),
        },
    )


def return_for_changes(
    draft: CreditRequestDraft, *, by: User, comment: str, expected_version: int | None = None
) -> CreditRequestDraft:
    """A reviewer sends the draft back to its owner, saying what to change."""
    return _move(
        draft,
        Action.RETURN,
        by=by,
        expected_version=expected_version,
        changes={
            "reviewed_by": by,
            "reviewed_at": timezone.now(),
            "review_comment": _clean_text(comment, required=True),
        },
    )


def record_filing(
    draft: CreditRequestDraft,
    *,
    by: User,
    ticket: str,
    filed_on: date,
    expected_version: int | None = None,
    today: date | None = None,
) -> CreditRequestDraft:
    """Record that the approved request was filed in Partner Center, with its ticket number."""
    ticket = (ticket or "").strip()
    if not ticket or len(ticket) > TICKET_MAX_LENGTH:
        raise InvalidInput(_("Enter the Partner Center ticket number."), draft=draft)
    if kind := text_rule.refused_kind(ticket):
        raise InvalidInput(str(text_rule.MESSAGES[kind]), draft=draft)
    if not isinstance(filed_on, date) or filed_on > (today or request_date()):
        raise InvalidInput(_("The filing date cannot be in the future."), draft=draft)
    if draft.reviewed_at and filed_on < timezone.localdate(draft.reviewed_at):
        raise InvalidInput(
            _("The filing date cannot be before the draft was approved."), draft=draft
        )
    return _move(
        draft,
        Action.RECORD_FILING,
        by=by,
        expected_version=expected_version,
        changes={"partner_center_ticket": ticket, "filed_on": filed_on},
    )


def close_credited(
    draft: CreditRequestDraft,
    *,
    by: User,
    amount: Decimal | str,
    expected_version: int | None = None,
) -> CreditRequestDraft:
    """Microsoft granted the credit: close the draft with the amount credited."""
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0 or amount.as_tuple().exponent < -2:
        raise InvalidInput(
            _("Enter the credited amount, a number above 0 with at most 2 decimals."), draft=draft
        )
    return _move(
        draft,
        Action.CLOSE_CREDITED,
        by=by,
        expected_version=expected_version,
        changes={
            "closed_result": ClosedResult.CREDITED,
            "credited_amount": amount,
            "refusal_reason": "",
        },
    )


def close_refused(
    draft: CreditRequestDraft, *, by: User, reason: str, expected_version: int | None = None
) -> CreditRequestDraft:
    """Microsoft refused the credit: close the draft with Microsoft's reason."""
    return _move(
        draft,
        Action.CLOSE_REFUSED,
        by=by,
        expected_version=expected_version,
        changes={
            "closed_result": ClosedResult.REFUSED,
            "refusal_reason": _clean_text(reason, required=True),
            "credited_amount": None,
        },
    )


def hand_over(
    draft: CreditRequestDraft, *, by: User, to: User, expected_version: int | None = None
) -> CreditRequestDraft:
    """A drafter who may not file gives the draft to an Admin agent of the organisation, who
    becomes its owner (and is mailed). The answer "who is asking" becomes the new owner's
    role, and the verdict is worked out again for them."""
    if not hand_over_candidates(draft).filter(pk=getattr(to, "pk", None)).exists():
        raise InvalidInput(
            _("Choose an Admin agent of your organisation to hand the draft to."), draft=draft
        )
    if not may_hand_over(draft):
        raise IllegalMove(
            _("You may file this request yourself: there is no need to hand it over."),
            draft=draft,
        )
    answers = dict(draft.answers) if isinstance(draft.answers, dict) else {}
    changes: dict[str, Any] = {"owner_id": to.pk}
    if answers.get("role"):
        answers["role"] = to.partner_center_role
        changes["answers"] = answers
        changes.update(_verdict_columns(answers, draft))
    return _move(draft, Action.HAND_OVER, by=by, expected_version=expected_version, changes=changes)


def _verdict_columns(answers: dict, draft: CreditRequestDraft) -> dict[str, Any]:
    """The verdict's columns for changed answers, or nothing when they cannot be evaluated yet."""
    if not is_evaluable(answers):
        return {}
    today = request_date()
    try:
        verdict = evaluate_answers(answers, today=today, rule_set=draft.rule_set_version or None)
    except (LookupError, ValueError, TypeError):
        return {}
    probe = CreditRequestDraft()
    record_verdict(probe, verdict, today=today)
    names = ("eligible", "outcome", "deadline", "details_text", "rule_set_version", "evaluated_on")
    return {name: getattr(probe, name) for name in names}


def withdraw(
    draft: CreditRequestDraft, *, by: User, expected_version: int | None = None
) -> CreditRequestDraft:
    """The owner takes a draft back from review (or approval) to change it; resubmit after."""
    return _move(
        draft,
        Action.WITHDRAW,
        by=by,
        expected_version=expected_version,
        changes={"reviewed_by": None, "reviewed_at": None, "review_comment": ""},
    )


def close(
    draft: CreditRequestDraft,
    *,
    by: User,
    reason: str,
    note: str = "",
    expected_version: int | None = None,
) -> CreditRequestDraft:
    """Close a draft that will not be filed, saying why; it leaves the lists but can reopen."""
    if reason not in CloseReason.values:
        raise InvalidInput(_("Choose why you are closing the draft."), draft=draft)
    return _move(
        draft,
        Action.CLOSE,
        by=by,
        expected_version=expected_version,
        changes={"close_reason": reason, "close_note": _clean_text(note, required=False)},
    )


def reopen(
    draft: CreditRequestDraft, *, by: User, expected_version: int | None = None
) -> CreditRequestDraft:
    """Bring a draft closed without filing back to "in progress"."""
    return _move(
        draft,
        Action.REOPEN,
        by=by,
        expected_version=expected_version,
        changes={
            "close_reason": "",
            "close_note": "",
            "reviewed_by": None,
            "reviewed_at": None,
            "review_comment": "",
        },
    )


def _clean_text(text: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise InvalidInput(_("Write a comment."))
    if len(text) > COMMENT_MAX_LENGTH:
        raise InvalidInput(
            _("Shorten the text to %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}
        )
    if kind := text_rule.refused_kind(text, multiline=True):
        raise InvalidInput(str(text_rule.MESSAGES[kind]))
    return text


def _move(
    draft: CreditRequestDraft,
    action: Action,
    *,
    by: User,
    expected_version: int | None,
    changes: dict[str, Any],
) -> CreditRequestDraft:
    move = MOVES[action]
    if expected_version is None:
        expected_version = draft.version
    if not can_act(draft, by, action):
        raise NotPermitted(_permission_message(draft, by, action), draft=draft)

    with transaction.atomic():
        claim = CreditRequestDraft.objects.filter(
            pk=draft.pk, version=expected_version, status__in=move.sources
        )
        if action is Action.SUBMIT:
            claim = claim.filter(eligible=True).exclude(details_text="")
        if action is Action.REOPEN:
            claim = claim.exclude(close_reason="")
        claimed = claim.update(
            status=move.target,
            version=expected_version + 1,
            **{name: value for name, value in changes.items() if name != "reviewed_by"},
            **(
                {"reviewed_by_id": changes["reviewed_by"] and changes["reviewed_by"].pk}
                if "reviewed_by" in changes
                else {}
            ),
        )
        current = CreditRequestDraft.objects.select_related("owner", "reviewed_by").get(pk=draft.pk)
        if not claimed:
            return _explain_refusal(current, action, by=by, expected_version=expected_version)
        # Save once more through the model so that simple_history records who, when and what.
        current._history_user = by
        current._change_reason = move.history_reason
        current.save()
        if action in NOTIFIED:
            notifications.queue(current, NOTIFIED[action], by=by)
    return current


def _explain_refusal(
    current: CreditRequestDraft, action: Action, *, by: User, expected_version: int
) -> CreditRequestDraft:
    move = MOVES[action]
    if current.version != expected_version:
        if _already_done_by(current, move, by=by, expected_version=expected_version):
            return (
                current  # a double-clicked button: the first click did it, the second does nothing
            )
        raise StaleDraft(
            _("Someone else changed this draft a moment ago; here is what it looks like now."),
            draft=current,
        )
    if current.status not in move.sources:
        raise IllegalMove(
            _("This draft is “%(status)s”: it cannot be %(action)s now.")
            % {"status": current.get_status_display(), "action": _action_past_tense(action)},
            draft=current,
        )
    if action is Action.REOPEN:
        raise IllegalMove(
            _("Microsoft has answered this request: it cannot be reopened."), draft=current
        )
    raise NotEligible(
        _(
            "Only an eligible draft with a Details text can be submitted for review. "
            "Finish the request in the wizard first."
        ),
        draft=current,
    )


def _already_done_by(
    current: CreditRequestDraft, move: Move, *, by: User, expected_version: int
) -> bool:
    if current.version != expected_version + 1 or current.status != move.target:
        return False
    latest = current.history.order_by("-history_date", "-history_id").first()
    return (
        latest is not None
        and latest.history_user_id == by.pk
        and latest.history_change_reason == move.history_reason
    )


def _action_past_tense(action: Action) -> str:
    return {
        Action.SUBMIT: _("submitted for review"),
        Action.APPROVE: _("approved"),
        Action.RETURN: _("returned for changes"),
        Action.RECORD_FILING: _("recorded as filed"),
        Action.CLOSE_CREDITED: _("closed as credited"),
        Action.CLOSE_REFUSED: _("closed as refused"),
        Action.WITHDRAW: _("withdrawn from review"),
        Action.CLOSE: _("closed"),
        Action.REOPEN: _("reopened"),
        Action.HAND_OVER: _("handed over"),
    }[action]


def _permission_message(draft: CreditRequestDraft, user: User, action: Action) -> str:
    if not user.is_authenticated or user.organisation_id != draft.organisation_id:
        return _("This draft belongs to another organisation.")
    actor = MOVES[action].actor
    if actor is Actor.OWNER and action is Action.HAND_OVER:
        return _("Only the person who owns this draft can hand it over.")
    if actor is Actor.OWNER and action is Action.WITHDRAW:
        return _("Only the person who wrote this draft can withdraw it from review.")
    if actor is Actor.OWNER:
        return _("Only the person who wrote this draft can submit it for review.")
    if actor is Actor.REVIEWER and draft.owner_id == user.pk and user.is_reviewer:
        return _("You cannot review your own draft: ask another reviewer.")
    if actor is Actor.REVIEWER:
        return _("Only reviewers can approve or return drafts.")
    return _("Only the draft's owner or a reviewer can record this.")


# --- evidence files ------------------------------------------------------------------------
# Attaching or removing a file is part of the draft's story: the draft is saved with the
# event as its history reason (drafts/history.py shows it), and its version goes up so that a
# stale form elsewhere is refused. An accepted email's sender becomes the evidence email.

FILE_ATTACHED = "Evidence file attached: "
FILE_REMOVED = "Evidence file removed: "


def may_change_files(draft: CreditRequestDraft, user: User) -> bool:
    """The owner changes a draft's files while it is a draft, like its answers."""
    return draft.status == DraftStatus.DRAFT and draft.owner_id == user.pk


def attach_evidence_file(
    draft: CreditRequestDraft, *, by: User, upload, stored_name: str, facts: dict[str, Any]
):
    """Store an already checked file on the draft; an accepted email fills the evidence email."""
    from .evidence_files.models import EvidenceFile, SenderCheck

    if not may_change_files(draft, by):
        raise NotPermitted(
            _("Only the owner adds files, while the request is a draft."), draft=draft
        )
    with transaction.atomic():
        current = CreditRequestDraft.objects.select_for_update().get(pk=draft.pk)
        if current.status != DraftStatus.DRAFT:
            raise IllegalMove(_("This request is no longer a draft."), draft=current)
        evidence = EvidenceFile(draft=current, uploaded_by=by, original_name=stored_name, **facts)
        evidence.file.save(stored_name, upload, save=False)
        evidence._history_user = by
        evidence.save()
        if evidence.sender_check == SenderCheck.ACCEPTED:
            answers = dict(current.answers or {})
            answers["evidence_email"] = evidence.email_sender
            current.set_answers(answers)
            for name, value in _verdict_columns(answers, current).items():
                setattr(current, name, value)
        current.version += 1
        current._history_user = by
        current._change_reason = (FILE_ATTACHED + stored_name)[:100]
        current.save()
    return evidence


def remove_evidence_file(evidence, *, by: User) -> None:
    """Delete a file from the draft (and from storage once the transaction commits)."""
    draft = evidence.draft
    if not may_change_files(draft, by):
        raise NotPermitted(
            _("Only the owner removes files, while the request is a draft."), draft=draft
        )
    with transaction.atomic():
        current = CreditRequestDraft.objects.select_for_update().get(pk=draft.pk)
        stored = evidence.file.name
        storage = evidence.file.storage
        evidence._history_user = by
        evidence.delete()
        current.version += 1
        current._history_user = by
        current._change_reason = (FILE_REMOVED + evidence.original_name)[:100]
        current.save()
        transaction.on_commit(lambda: storage.delete(stored))
