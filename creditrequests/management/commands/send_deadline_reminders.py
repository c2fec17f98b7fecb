"""Mail owners and reviewers of open drafts whose deadline is near. Run it from cron, daily."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from creditrequests.evaluation import request_date
from creditrequests.messages import moment_text
from creditrequests.models import CreditRequestDraft, ReminderSent

logger = logging.getLogger(__name__)

# Remind this many days (or fewer) before the deadline; each threshold mails once per draft.
THRESHOLDS = (7, 2)


def threshold_for(days_left: int) -> int | None:
    """The tightest threshold a deadline `days_left` away falls in (None: not yet, or overdue)."""
    if days_left < 0:
        return None
    matching = [threshold for threshold in THRESHOLDS if days_left <= threshold]
    return min(matching) if matching else None


def recipients(draft, reviewers_by_organisation) -> list[str]:
    """The owner first, then the organisation's reviewers; each address once."""
    people = [draft.owner, *reviewers_by_organisation.get(draft.organisation_id, [])]
    addresses = []
    for person in people:
        if person.is_active and person.email and person.email not in addresses:
            addresses.append(person.email)
    return addresses


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today must be a date like 2026-03-31, not {value!r}") from error


class Command(BaseCommand):
    help = (
        "Mail the owner and the organisation's reviewers of every draft not yet filed with "
        "Microsoft whose deadline is within 7 days, and again within 2 days. Idempotent: "
        "each draft gets one mail per threshold (recorded in ReminderSent), however often "
        "this runs; a changed deadline is reminded afresh."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; send and record nothing.",
        )
        parser.add_argument(
            "--today",
            type=_parse_date,
            help="Pretend today is this date (YYYY-MM-DD); default: today in TIME_ZONE.",
        )

    def handle(self, *args, **options):
        today = options["today"] or request_date()
        dry_run = options["dry_run"]
        drafts = list(
            CreditRequestDraft.objects.awaiting_filing()
            .filter(deadline__gte=today, deadline__lte=today + timedelta(days=max(THRESHOLDS)))
            .select_related("owner", "organisation")
            .defer("answers", "details_text")
            .order_by("deadline", "pk")
        )
        already = set(
            ReminderSent.objects.filter(draft__in=[draft.pk for draft in drafts]).values_list(
                "draft_id", "threshold_days", "deadline"
            )
        )
        reviewers_by_organisation: dict[int, list] = {}
        for reviewer in get_user_model().objects.filter(
            is_reviewer=True, is_active=True, organisation__in={d.organisation_id for d in drafts}
        ):
            reviewers_by_organisation.setdefault(reviewer.organisation_id, []).append(reviewer)

        sent = skipped = failed = 0
        for draft in drafts:
            days_left = (draft.deadline - today).days
            threshold = threshold_for(days_left)
            if threshold is None or (draft.pk, threshold, draft.deadline) in already:
                skipped += 1
                continue
            to = recipients(draft, reviewers_by_organisation)
            if not to:
                skipped += 1
                continue
            if dry_run:
                self.stdout.write(f"Would remind {', '.join(to)}: {draft} due {draft.deadline}")
                sent += 1
                continue
            try:
                if self._remind(draft, threshold, days_left, to):
                    sent += 1
                else:
                    skipped += 1
            except Exception:  # one bad address must not stop the others; cron retries tomorrow
                logger.exception("Reminder for draft %s failed", draft.public_id)
                failed += 1
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {sent} reminder(s); {skipped} skipped (already reminded or not due); "
            f"{failed} failed."
        )

    def _remind(self, draft, threshold: int, days_left: int, to: list[str]) -> bool:
        """Record, then send, in one transaction: a failed send leaves no record."""
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        draft=draft, threshold_days=threshold, deadline=draft.deadline
                    )
            except IntegrityError:
                return False  # another run got there first
            context = {
                "draft": draft,
                "days_left": days_left,
                "url": settings.SITE_URL.rstrip("/") + draft.get_absolute_url(),
            }
            # One mail to the owner (Cc the reviewers), written in the owner's language.
            with translation.override(draft.owner.language or settings.LANGUAGE_CODE):
                context["act_by"] = moment_text(draft.act_by) if draft.act_by else ""
                subject = render_to_string("emails/deadline_reminder_subject.txt", context)
                body = render_to_string("emails/deadline_reminder.txt", context)
            EmailMessage(subject=" ".join(subject.split()), body=body, to=to[:1], cc=to[1:]).send()
        return True
