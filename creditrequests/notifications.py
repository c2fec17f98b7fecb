"""Mails about a draft's moves: to the drafter when it is returned or approved, to the
organisation's reviewers when it is submitted, to the new owner when it is handed over.

A move writes its Notification rows in its own transaction (services.py), so a mail exists
exactly when the move does. Once the transaction commits they are sent on a background
thread, so a slow mail server never holds up the page; a mail that fails stays unsent and
`manage.py send_notifications` (cron, every few minutes) retries it. The unique key
(draft, event, version, recipient) makes it idempotent: a move notifies each person once,
however often delivery runs. Each mail is written in its recipient's language.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connections, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import CreditRequestDraft, Notification, NotificationEvent, User

logger = logging.getLogger(__name__)

# Give up on a mail after this many failed attempts (it stays in the admin to look at).
MAX_ATTEMPTS = 5


def recipients_for(draft: CreditRequestDraft, event: NotificationEvent) -> list[User]:
    """Who hears about this move: active people with an address, never the one who moved it."""
    if event == NotificationEvent.SUBMITTED:
        people = User.objects.filter(
            organisation_id=draft.organisation_id, is_reviewer=True, is_active=True
        ).exclude(pk=draft.owner_id)
    else:
        people = User.objects.filter(pk=draft.owner_id, is_active=True)
    return list(people.exclude(email="").order_by("pk"))


def queue(draft: CreditRequestDraft, event: NotificationEvent, *, by: User) -> None:
    """Record the mails a move sends (call inside the move's transaction), then send them
    once it commits."""
    rows = [
        Notification(draft=draft, event=event, draft_version=draft.version, recipient=person)
        for person in recipients_for(draft, event)
        if person.pk != by.pk
    ]
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(lambda: deliver_soon(draft.pk, draft.version))


def deliver_soon(draft_id: int, version: int) -> None:
    """Send the move's mails now (tests, NOTIFY_IN_BACKGROUND off) or on a background thread."""
    if not getattr(settings, "NOTIFY_IN_BACKGROUND", True):
        deliver(Notification.objects.filter(draft_id=draft_id, draft_version=version))
        return
    thread = threading.Thread(
        target=_deliver_in_thread, args=(draft_id, version), daemon=True, name="notifications"
    )
    thread.start()


def _deliver_in_thread(draft_id: int, version: int) -> None:
    try:
        deliver(Notification.objects.filter(draft_id=draft_id, draft_version=version))
    except Exception:  # the thread must never die loudly; send_notifications retries
        logger.exception("Sending notifications for draft %s failed", draft_id)
    finally:
        connections.close_all()  # this thread's own connections; nothing else uses them


def deliver(notifications: Iterable[Notification] | None = None) -> tuple[int, int]:
    """Send every unsent notification given (default: all of them); return (sent, failed).

    Each mail is claimed with a conditional UPDATE first, so two senders at the same time
    never send the same mail twice.
    """
    if notifications is None:
        notifications = Notification.objects.all()
    pending = (
        notifications.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .select_related("draft", "draft__owner", "recipient")
        .order_by("pk")
    )
    sent = failed = 0
    for notification in pending:
        claimed = Notification.objects.filter(
            pk=notification.pk, sent_at__isnull=True, attempts=notification.attempts
        ).update(sent_at=timezone.now(), attempts=notification.attempts + 1)
        if not claimed:
            continue  # someone else is sending it
        try:
            _send(notification)
            sent += 1
        except Exception:  # a bad address or a mail server down: retried later
            logger.exception("Notification %s could not be sent", notification.pk)
            Notification.objects.filter(pk=notification.pk).update(sent_at=None)
            failed += 1
    return sent, failed


def _send(notification: Notification) -> None:
    recipient = notification.recipient
    draft = notification.draft
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "draft": draft,
            "recipient": recipient,
            "event": notification.event,
            "url": settings.SITE_URL.rstrip("/") + _link(notification),
        }
        subject = render_to_string(f"emails/{notification.event}_subject.txt", context)
        body = render_to_string(f"emails/{notification.event}.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[recipient.email]).send()


def _link(notification: Notification) -> str:
    if notification.event == NotificationEvent.SUBMITTED:
        return reverse("drafts:review", args=[notification.draft.public_id])
    return notification.draft.get_absolute_url()
