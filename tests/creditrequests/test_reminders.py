"""send_deadline_reminders: one mail per draft per threshold (7 and 2 days), however often."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from creditrequests.management.commands.send_deadline_reminders import threshold_for
from creditrequests.models import DraftStatus, ReminderSent
from tests.factories import DraftFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


def _run(*args, today=TODAY):
    out = StringIO()
    call_command("send_deadline_reminders", "--today", today.isoformat(), *args, stdout=out)
    return out.getvalue()


def _due_in(days, **columns):
    return DraftFactory(deadline=TODAY + timedelta(days=days), **columns)


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [(-1, None), (0, 2), (1, 2), (2, 2), (3, 7), (7, 7), (8, None)],
)
def test_the_threshold_is_the_tightest_one_the_deadline_falls_in(days_left, threshold):
    assert threshold_for(days_left) == threshold


def test_the_owner_and_the_organisations_reviewers_get_one_mail(organisation):
    owner = UserFactory(organisation=organisation, email="owner@example.com")
    ReviewerFactory(organisation=organisation, email="reviewer@example.com")
    ReviewerFactory(email="other-org@example.com")
    draft = _due_in(5, owner=owner)
    _run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.com"]
    assert message.cc == ["reviewer@example.com"]
    assert "Due in 5 days" in message.subject
    assert draft.get_absolute_url() in message.body


def test_running_twice_a_day_sends_one_mail_per_draft_per_threshold():
    _due_in(5)
    _due_in(1)
    _run()
    _run()
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_the_two_day_reminder_follows_the_seven_day_one():
    draft = _due_in(7)
    _run()
    _run(today=TODAY + timedelta(days=3))  # 4 days left: already reminded at 7
    _run(today=TODAY + timedelta(days=5))  # 2 days left
    _run(today=TODAY + timedelta(days=6))
    assert len(mail.outbox) == 2
    assert set(ReminderSent.objects.values_list("threshold_days", flat=True)) == {7, 2}
    assert ReminderSent.objects.filter(draft=draft).count() == 2


def test_a_moved_deadline_is_reminded_afresh():
    draft = _due_in(5)
    _run()
    draft.deadline = TODAY + timedelta(days=6)
    draft.save()
    _run()
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("status", [DraftStatus.FILED, DraftStatus.CLOSED])
def test_filed_or_closed_drafts_are_not_reminded(status):
    _due_in(1, status=status)
    _run()
    assert mail.outbox == []


def test_far_off_overdue_and_undated_drafts_are_not_reminded():
    _due_in(8)
    _due_in(-1)
    DraftFactory(deadline=None)
    _run()
    assert mail.outbox == []


def test_dry_run_sends_and_records_nothing():
    _due_in(3)
    output = _run("--dry-run")
    assert "Would remind" in output
    assert mail.outbox == []
    assert ReminderSent.objects.count() == 0


def test_a_failed_send_records_nothing_so_the_next_run_retries(monkeypatch):
    _due_in(3)

    def broken(self, fail_silently=False):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    output = _run()
    assert "1 failed" in output
    assert ReminderSent.objects.count() == 0


def test_a_bad_today_option_is_a_clear_error():
    with pytest.raises(CommandError, match="--today"):
        call_command("send_deadline_reminders", "--today", "tomorrow")
