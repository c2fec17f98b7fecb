"""Mails about a draft's moves: who gets them, when, in which language, and only once."""

import threading
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.urls import reverse

from creditrequests import notifications, services
from creditrequests.evaluation import request_date
from creditrequests.models import Notification
from tests.factories import TEST_PASSWORD, EligibleDraftFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(drafter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)


def test_submitting_mails_the_organisations_reviewers_after_the_move_commits(
    drafter, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    draft = EligibleDraftFactory(owner=drafter)
    ReviewerFactory()  # another organisation's reviewer hears nothing
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_for_review(draft, by=drafter)
        assert mailoutbox == []  # nothing is sent before the transaction commits
    assert [mail.to for mail in mailoutbox] == [[reviewer.email]]
    assert mailoutbox[0].subject.startswith("Waiting for your review")
    assert f"/review/{draft.public_id}/" in mailoutbox[0].body


def test_a_reviewer_who_owns_the_draft_is_not_asked_to_review_it(
    organisation, mailoutbox, django_capture_on_commit_callbacks
):
    owner = ReviewerFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_for_review(EligibleDraftFactory(owner=owner), by=owner)
    assert mailoutbox == []


def test_returning_mails_the_drafter_with_the_comment(
    submitted, drafter, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_changes(submitted, by=reviewer, comment="Name the affected service.")
    assert [mail.to for mail in mailoutbox] == [[drafter.email]]
    assert mailoutbox[0].subject.startswith("Needs your changes")
    assert "Name the affected service." in mailoutbox[0].body


def test_approval_is_mailed_to_the_drafter_in_their_language(
    submitted, drafter, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    drafter.language = "sv"
    drafter.save(update_fields=["language"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(submitted, by=reviewer)
    assert mailoutbox[0].subject.startswith("Godkänt, klart att skicka in")


def test_a_double_clicked_approval_mails_once(
    submitted, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    version = submitted.version
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(submitted, by=reviewer, expected_version=version)
        services.approve(submitted, by=reviewer, expected_version=version)
    assert len(mailoutbox) == 1


def test_delivering_again_sends_nothing_twice(submitted, mailoutbox):
    count = len(mailoutbox)
    assert notifications.deliver() == (0, 0)
    assert len(mailoutbox) == count


def test_a_mail_server_failure_keeps_the_move_and_the_mail_is_retried_later(
    drafter, reviewer, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, fail_silently=False):
        raise SMTPException("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    assert draft.status == "ready_for_review"
    assert Notification.objects.get().sent_at is None
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [mail.to for mail in mailoutbox] == [[reviewer.email]]
    assert Notification.objects.get().sent_at is not None


def test_with_background_delivery_the_move_does_not_send_the_mail_itself(
    drafter, reviewer, mailoutbox, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_IN_BACKGROUND = True
    started = []

    class RecordingThread:
        def __init__(self, target, args, **kwargs):
            started.append((target, args))

        def start(self):
            pass

    monkeypatch.setattr(notifications.threading, "Thread", RecordingThread)
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    assert mailoutbox == []
    assert started == [(notifications._deliver_in_thread, (draft.pk, draft.version))]


def test_people_without_an_address_or_inactive_get_no_mail(
    organisation, drafter, mailoutbox, django_capture_on_commit_callbacks
):
    ReviewerFactory(organisation=organisation, email="")
    ReviewerFactory(organisation=organisation, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    assert mailoutbox == []


def test_signing_in_remembers_the_language_for_mails(client, drafter):
    client.post(
        reverse("login"),
        {"username": drafter.username, "password": TEST_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    drafter.refresh_from_db()
    assert drafter.language == "sv"


def test_switching_the_language_remembers_it_for_mails(drafter_client, drafter):
    drafter_client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    drafter.refresh_from_db()
    assert drafter.language == "sv"


def test_an_unknown_language_is_not_remembered(drafter_client, drafter):
    drafter_client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    drafter.refresh_from_db()
    assert drafter.language in ("", "en")


def test_the_deadline_reminder_is_written_in_the_owners_language(mailoutbox):
    owner = UserFactory(language="sv")
    EligibleDraftFactory(owner=owner, deadline=request_date() + timedelta(days=1))
    call_command("send_deadline_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mailoutbox[0].subject.startswith("Sista dag om 1 dag:")


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_sends_the_mail_after_the_move_commits(mailoutbox, settings):
    settings.NOTIFY_IN_BACKGROUND = True
    drafter = UserFactory()
    reviewer = ReviewerFactory(organisation=drafter.organisation)
    services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    for thread in threading.enumerate():
        if thread.name == "notifications":
            thread.join(timeout=60)
    assert [mail.to for mail in mailoutbox] == [[reviewer.email]]
