"""seed_drafts: many realistic drafts for load tests, topped up idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command

from creditrequests.models import CreditRequestDraft, DraftStatus, Organisation

pytestmark = pytest.mark.django_db


def _seed(count):
    call_command("seed_drafts", "--count", str(count), "--drafters", "3", stdout=StringIO())


def test_seed_drafts_creates_drafts_in_every_status_and_tops_up_idempotently():
    _seed(200)
    organisation = Organisation.objects.get(name="Benchmark Partner AB")
    drafts = CreditRequestDraft.objects.filter(organisation=organisation)
    assert drafts.count() == 200
    assert set(drafts.values_list("status", flat=True)) == set(DraftStatus)
    assert drafts.values("owner").distinct().count() == 3
    _seed(200)
    assert drafts.count() == 200
    _seed(250)
    assert drafts.count() == 250


def test_seeded_drafts_sort_by_urgency_in_the_database():
    _seed(100)
    drafts = list(CreditRequestDraft.objects.by_urgency())
    keys = [draft.urgent_deadline for draft in drafts]
    assert keys == sorted(keys)
    waiting = [d for d in drafts if d.awaits_filing and d.deadline]
    assert all(d.urgent_deadline == d.deadline for d in waiting)
