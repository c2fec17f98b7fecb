"""State: organisations, their people, and the credit request drafts they write.

Decisions live in `rules/`; state changes of a draft live in `services.py`.
"""

import functools
import secrets
import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import connections, models, transaction
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

from .text import shown_safely


class PartnerType(models.TextChoices):
    DIRECT = "direct", _("Direct-bill partner")
    INDIRECT_PROVIDER = "indirect_provider", _("Indirect provider")
    INDIRECT_RESELLER = "indirect_reseller", _("Indirect reseller")


class PartnerCenterRole(models.TextChoices):
    ADMIN_AGENT = "admin_agent", _("Admin agent")
    GLOBAL_ADMIN = "global_admin", _("Global admin")
    BILLING_ADMIN = "billing_admin", _("Billing admin")
    SALES_AGENT = "sales_agent", _("Sales agent")
    HELPDESK_AGENT = "helpdesk_agent", _("Helpdesk agent")
    ACCOUNT_ADMIN = "account_admin", _("Account admin")
    OTHER = "other", _("Other role")


class CreditType(models.TextChoices):
    ACCIDENTAL_PURCHASE = "accidental_purchase", _("Accidental purchase")
    DUPLICATE_ORDER = "duplicate_order", _("Duplicate order")
    SERVICE_OUTAGE = "service_outage", _("Service outage (SLA)")
    TECHNICAL_ISSUE = "technical_issue", _("Technical issue")
    INCORRECT_INFORMATION = "incorrect_information", _("Incorrect information from Microsoft")


class Organisation(models.Model):
    """A CSP partner organisation; every user and draft belongs to exactly one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    partner_type = models.CharField(_("partner type"), max_length=32, choices=PartnerType.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class PartnerUserManager(UserManager):
    def get_queryset(self):
        # Nearly every page needs the signed-in user's organisation (who may see what,
        # the partner type the wizard starts from): load it with the user, in one query.
        return super().get_queryset().select_related("organisation")


class User(AbstractUser):
    """A partner's billing person (drafter) or admin (reviewer)."""

    objects = PartnerUserManager()

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    partner_center_role = models.CharField(
        _("Partner Center role"),
        max_length=32,
        choices=PartnerCenterRole.choices,
        default=PartnerCenterRole.OTHER,
    )
    is_reviewer = models.BooleanField(
        _("reviewer"),
        default=False,
        help_text=_("Reviewers approve or return their organisation's drafts."),
    )
    calendar_token = models.CharField(max_length=64, blank=True, default="", db_index=True)
    # The language the person last used here: mails to them are written in it.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )

    def set_password(self, raw_password):
        """A new password also retires the calendar feed's secret URL (saved with the user)."""
        super().set_password(raw_password)
        if self.calendar_token:
            self.calendar_token = secrets.token_urlsafe(32)

    def check_password(self, raw_password) -> bool:
        """Django's check, except that re-hashing at sign-in keeps the calendar URL."""

        def upgrade_hash(raw_password):
            AbstractBaseUser.set_password(self, raw_password)
            self._password = None
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, upgrade_hash)

    def regenerate_calendar_token(self) -> str:
        """Issue a new secret for the calendar feed; the old URL stops working."""
        self.calendar_token = secrets.token_urlsafe(32)
        self.save(update_fields=["calendar_token"])
        return self.calendar_token


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY_FOR_REVIEW = "ready_for_review", _("Ready for review")
    APPROVED = "approved", _("Approved")
    FILED = "filed", _("Filed with Microsoft")
    CLOSED = "closed", _("Closed")


# Until a draft is filed with Microsoft its deadline can still be missed.
AWAITING_FILING = (DraftStatus.DRAFT, DraftStatus.READY_FOR_REVIEW, DraftStatus.APPROVED)

# A deadline this close (in days) is marked "due soon" and triggers reminders.
DUE_SOON_DAYS = 7

# A review needs about this many days: a draft in the queue due sooner is flagged to reviewers.
REVIEW_LEAD_DAYS = 2


class DraftState(models.TextChoices):
    """A draft's state as people think of it: the status, plus "returned" told apart."""

    RETURNED = "returned", _("Needs your changes")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_FOR_REVIEW = "ready_for_review", _("Waiting for review")
    READY_TO_FILE = "approved", _("Ready to file")
    FILED = "filed", _("Filed")
    CLOSED = "closed", _("Closed")


# A reviewer sent it back and the owner has not resubmitted yet (submitting clears reviewed_at).
RETURNED = models.Q(status=DraftStatus.DRAFT, reviewed_at__isnull=False)

_STATE_FILTERS = {
    DraftState.RETURNED: RETURNED,
    DraftState.IN_PROGRESS: models.Q(status=DraftStatus.DRAFT, reviewed_at__isnull=True),
    DraftState.WAITING_FOR_REVIEW: models.Q(status=DraftStatus.READY_FOR_REVIEW),
    DraftState.READY_TO_FILE: models.Q(status=DraftStatus.APPROVED),
    DraftState.FILED: models.Q(status=DraftStatus.FILED),
    DraftState.CLOSED: models.Q(status=DraftStatus.CLOSED),
}


class ClosedResult(models.TextChoices):
    CREDITED = "credited", _("Credited")
    REFUSED = "refused", _("Refused by Microsoft")


class CloseReason(models.TextChoices):
    """Why a draft was closed before Microsoft answered it."""

    NO_REQUEST_NEEDED = "no_request_needed", _("No request needed")
    TOO_LATE = "too_late", _("Too late")
    DUPLICATE = "duplicate", _("Duplicate of another draft")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    HANDLED_ELSEWHERE = "handled_elsewhere", _("Handled elsewhere")


class CreditRequestDraftQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def visible_to(self, user):
        """The drafts a user may see: their organisation's, nothing else."""
        if not user.is_authenticated or user.organisation_id is None:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)

    def open(self):
        return self.exclude(status=DraftStatus.CLOSED)

    def matching(self, text: str):
        """Drafts whose customer name or reference contains `text`, in any case.

        Served by trigram indexes (migration 0011): PostgreSQL's GIN index serves
        icontains itself; on SQLite the FTS5 table narrows the rows first (it needs 3
        characters) and icontains keeps the exact meaning.
        """
        drafts = self
        if connections[self.db].vendor == "sqlite" and len(text) >= 3:
            phrase = '"' + text.replace('"', '""') + '"'  # an FTS5 string: no operators
            found = RawSQL("SELECT rowid FROM draft_search WHERE draft_search MATCH %s", [phrase])
            drafts = drafts.filter(pk__in=found)
        return drafts.filter(
            models.Q(customer_name__icontains=text) | models.Q(reference__icontains=text)
        )

    def in_state(self, state: str):
        return self.filter(_STATE_FILTERS[DraftState(state)])

    def awaiting_filing(self):
        """Drafts whose deadline still matters: not yet filed with Microsoft."""
        return self.filter(status__in=AWAITING_FILING)

    def by_urgency(self):
        """Overdue first, then the nearest deadline; no deadline (or already filed) last."""
        return self.order_by("urgent_deadline", "-pk")

    def inbox_order(self):
        """Returned to the owner first, then by urgency (overdue, due soon, the rest)."""
        return self.order_by("inbox_rank", "urgent_deadline", "-pk")

    def urgency_counts(self, today: date, *, returned: bool = True) -> dict[str, int]:
        """How many drafts fall in each inbox group (see urgency_groups), in one query."""
        groups = urgency_groups(today, returned=returned)
        counts = self.aggregate(
            total=models.Count("pk"),
            **{name: models.Count("pk", filter=group) for name, group in groups.items()},
        )
        counts.setdefault("returned", 0)
        return counts

    def in_urgency_group(self, group: str, today: date, *, returned: bool = True):
        return self.filter(urgency_groups(today, returned=returned)[group])


URGENCY_GROUPS = ("returned", "overdue", "due_soon", "rest")


def urgency_groups(today: date, *, returned: bool = True) -> dict[str, models.Q]:
    """The inbox groups, in inbox order; each draft is in exactly one.

    returned to its owner (when `returned`), past the deadline, due within DUE_SOON_DAYS,
    the rest (later, or no deadline that still matters).
    """
    not_returned = ~RETURNED if returned else models.Q()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    groups = {"returned": RETURNED} if returned else {}
    groups["overdue"] = not_returned & models.Q(urgent_deadline__lt=today)
    groups["due_soon"] = not_returned & models.Q(
        urgent_deadline__gte=today, urgent_deadline__lte=soon
    )
    groups["rest"] = not_returned & models.Q(urgent_deadline__gt=soon)
    return groups


class StaleWrite(Exception):
    """An older copy of a draft (lower version) was about to overwrite a newer one."""


# Sorts after every real deadline: "no deadline that still matters".
NO_URGENT_DEADLINE = date(9999, 12, 31)


class OneClassHistoryManager(HistoryManager):
    """django-simple-history's manager, its class built once instead of on every access.

    simple-history (3.13) builds a new manager class, with every queryset method, each
    time `draft.history` is read, and it reads it on every save to write the history
    record: 0.2 ms of a wizard step's save (make profile). The class depends only on the
    queryset class, so it is built once per queryset class.
    """

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class CreditRequestDraft(models.Model):
    """One credit request, from the first wizard step until Microsoft closes it.

    `answers` holds the wizard's answers in the `rules` CLI input format (JSON);
    the key facts are copied into columns so that lists can filter and sort.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="drafts")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafts"
    )
    credit_type = models.CharField(
        _("credit type"), max_length=32, choices=CreditType.choices, blank=True, default=""
    )
    status = models.CharField(
        _("status"), max_length=32, choices=DraftStatus.choices, default=DraftStatus.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    current_step = models.CharField(max_length=64, blank=True, default="")
    completed_steps = models.JSONField(default=list, blank=True)
    # What was typed on a step saved for later while it did not validate, as posted
    # ({step: {field: [values]}}): shown again, with its errors, when the draft is resumed.
    unsaved_input = models.JSONField(default=dict, blank=True)

    customer_name = models.CharField(_("customer"), max_length=200, blank=True, default="")
    customer_tenant_id = models.CharField(
        _("customer tenant ID"), max_length=36, blank=True, default=""
    )
    reference = models.CharField(_("reference"), max_length=200, blank=True, default="")
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="")

    # The verdict, as evaluated when the draft was last saved.
    rule_set_version = models.CharField(_("rule set"), max_length=32, blank=True, default="")
    eligible = models.BooleanField(null=True)
    outcome = models.CharField(_("outcome"), max_length=32, blank=True, default="")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # The next step the rules name (rules.Action) and, for a self-service step in Partner
    # Center (cancel, reduce seats), its last moment in UTC.
    action = models.CharField(_("next step"), max_length=40, blank=True, default="")
    act_by = models.DateTimeField(_("act by (UTC)"), null=True, blank=True)
    details_text = models.TextField(_("Details text"), blank=True, default="")
    evaluated_on = models.DateField(null=True, blank=True)

    # Review and filing.
    review_comment = models.TextField(_("review comment"), blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviewed_drafts",
        null=True,
        blank=True,
        verbose_name=_("reviewed by"),
    )
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    partner_center_ticket = models.CharField(
        _("Partner Center ticket number"), max_length=64, blank=True, default=""
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    closed_result = models.CharField(
        _("result"), max_length=16, choices=ClosedResult.choices, blank=True, default=""
    )
    credited_amount = models.DecimalField(
        _("credited amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    refusal_reason = models.TextField(_("Microsoft's reason"), blank=True, default="")
    # Closed before filing (or instead of it): why, in the closer's words.
    close_reason = models.CharField(
        _("reason for closing"), max_length=32, choices=CloseReason.choices, blank=True, default=""
    )
    close_note = models.TextField(_("note on closing"), blank=True, default="")

    # The deadline while it still matters (not yet filed), else NO_URGENT_DEADLINE: computed by
    # the database so that "most urgent first" lists read an index instead of sorting.
    urgent_deadline = models.GeneratedField(
        expression=models.Case(
            models.When(
                status__in=AWAITING_FILING, deadline__isnull=False, then=models.F("deadline")
            ),
            default=models.Value(NO_URGENT_DEADLINE),
            output_field=models.DateField(),
        ),
        output_field=models.DateField(),
        db_persist=True,
    )

    # My drafts puts drafts returned to their owner first: 0 for those, else 1. Computed by the
    # database so that the inbox order (QuerySet.inbox_order) reads an index too.
    inbox_rank = models.GeneratedField(
        expression=models.Case(
            models.When(RETURNED, then=models.Value(0)),
            default=models.Value(1),
            output_field=models.SmallIntegerField(),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )

    # Optimistic concurrency: every state change bumps it; a stale form is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "urgent_deadline", "inbox_rank"],
        history_manager=OneClassHistoryManager,
    )
    objects = CreditRequestDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("credit request draft")
        verbose_name_plural = _("credit request drafts")
        indexes = [
            # My drafts: returned first, then most urgent (QuerySet.inbox_order).
            models.Index(
                fields=["organisation", "owner", "inbox_rank", "urgent_deadline", "-id"],
                name="draft_owner_inbox",
            ),
            # The review queue, most urgent first (QuerySet.by_urgency).
            models.Index(
                fields=["organisation", "status", "urgent_deadline", "-id"],
                name="draft_status_urgency",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_credit_type_display() or _("New request")
        customer = shown_safely(self.customer_name or self.customer_tenant_id)
        return f"{label} – {customer}" if customer else str(label)

    def save(self, *args, locked=False, **kwargs):
        """Save, refusing to write an older version over a newer one.

        `version` only goes up: a stale copy, or a history record restored as the draft,
        would otherwise undo moves made through services.py (and revive old forms).
        `locked`: the caller read this row with select_for_update in the transaction it
        is still in, so the copy cannot be stale and the version is not read again.
        """
        if locked and not transaction.get_connection(kwargs.get("using")).in_atomic_block:
            raise StaleWrite(f"Draft {self.public_id}: locked=True outside the transaction.")
        if self.pk is None or locked:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            stored = (
                type(self)
                ._default_manager.select_for_update()
                .filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            if stored is not None and self.version < stored:
                raise StaleWrite(
                    f"Draft {self.public_id} is at version {stored}; refusing to write "
                    f"version {self.version} over it."
                )
            return super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("drafts:detail", args=[self.public_id])

    def set_answers(self, answers: dict) -> None:
        """Store the answers and copy the facts lists filter and sort by into columns."""
        self.answers = answers
        self.credit_type = answers.get("credit_type", "")
        self.customer_name = answers.get("customer_name", "")
        self.customer_tenant_id = answers.get("tenant_id", "")
        self.reference = answers.get("partner_reference", "")
        self.amount = Decimal(answers["amount"]) if answers.get("amount") else None
        self.currency = answers.get("currency", "")

    @property
    def awaits_filing(self) -> bool:
        return self.status in AWAITING_FILING

    @property
    def is_returned(self) -> bool:
        return self.status == DraftStatus.DRAFT and self.reviewed_at is not None

    @property
    def state(self) -> DraftState:
        """The state people think in (see DraftState)."""
        if self.is_returned:
            return DraftState.RETURNED
        if self.status == DraftStatus.DRAFT:
            return DraftState.IN_PROGRESS
        return DraftState(self.status)

    def days_left(self, today: date) -> int | None:
        """Days until the deadline (negative when overdue); None when it no longer matters."""
        if self.deadline is None or not self.awaits_filing:
            return None
        return (self.deadline - today).days

    def deadline_state(self, today: date) -> str:
        """Return overdue, soon (within DUE_SOON_DAYS), ok, or "" when no deadline matters."""
        days = self.days_left(today)
        if days is None:
            return ""
        if days < 0:
            return "overdue"
        return "soon" if days <= DUE_SOON_DAYS else "ok"


class ReminderSent(models.Model):
    """One deadline reminder mail, so the reminder command never sends it twice."""

    draft = models.ForeignKey(
        CreditRequestDraft, on_delete=models.CASCADE, related_name="reminders"
    )
    threshold_days = models.PositiveSmallIntegerField()
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "threshold_days", "deadline"], name="one_reminder_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft} – {self.threshold_days} days before {self.deadline}"


class NotificationEvent(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    HANDED_OVER = "handed_over", _("Handed over")


class Notification(models.Model):
    """One mail about a move of a draft, to one person: written in the same transaction as the
    move, sent after it commits (see notifications.py). The unique key makes it idempotent:
    a move, retried or double-clicked, notifies each person once."""

    draft = models.ForeignKey(
        CreditRequestDraft, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=16, choices=NotificationEvent.choices)
    draft_version = models.PositiveIntegerField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "event", "draft_version", "recipient"],
                name="one_notification_per_move_and_person",
            )
        ]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="notification_outbox")]

    def __str__(self) -> str:
        return f"{self.get_event_display()} – {self.draft} – {self.recipient}"


# Models of the feature packages (one module each), registered with this app.
from .batches.models import BatchMember, OutageBatch  # noqa: E402, F401
from .customers.models import Customer  # noqa: E402, F401
from .evidence_files.models import EvidenceFile  # noqa: E402, F401
