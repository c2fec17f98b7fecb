"""Drafts saved before missed deadlines were kept get the deadline they missed."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from creditrequests.models import DraftStatus
from tests.factories import DraftFactory

pytestmark = pytest.mark.django_db

TOO_LATE_OUTAGE = {
    "credit_type": "service_outage",
    "role": "admin_agent",
    "partner_type": "direct",
    "incident_date": "2026-09-30",
    "tenant_id": "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
    "tenant_domains": ["contoso.com"],
    "outage_id": "EX25194",
    "evidence_email": "it@contoso.com",
}


def _too_late(**columns):
    columns.setdefault("answers", TOO_LATE_OUTAGE)
    return DraftFactory(
        deadline=None,
        eligible=False,
        outcome="no_refund",
        rule_set_version="2021-03-31",
        evaluated_on=date(2026, 11, 30),
        **columns,
    )


def _run(*args):
    call_command("record_missed_deadlines", *args, stdout=StringIO())


def test_a_too_late_draft_saved_without_a_deadline_gets_the_one_it_missed():
    draft = _too_late()
    _run()
    draft.refresh_from_db()
    assert draft.deadline == date(2026, 10, 31)


def test_a_dry_run_changes_nothing():
    draft = _too_late()
    _run("--dry-run")
    draft.refresh_from_db()
    assert draft.deadline is None


def test_a_filed_draft_is_left_alone():
    draft = _too_late(status=DraftStatus.FILED)
    _run()
    draft.refresh_from_db()
    assert draft.deadline is None


def test_answers_the_rules_cannot_read_are_skipped_without_an_error():
    draft = _too_late(answers={"credit_type": "nonsense", "role": "x", "partner_type": "y"})
    _run()
    draft.refresh_from_db()
    assert draft.deadline is None
