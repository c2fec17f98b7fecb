import io
import zipfile

import pytest
from django.urls import reverse

from creditrequests.models import DraftStatus
from tests.factories import EligibleDraftFactory, EvidenceFileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(client):
    draft = EligibleDraftFactory(status=DraftStatus.APPROVED)
    client.force_login(draft.owner)
    return draft


def package(client, draft):
    response = client.get(reverse("evidence_files:package", args=[draft.public_id]))
    return response, zipfile.ZipFile(io.BytesIO(response.content))


def test_the_package_holds_the_details_text_a_summary_and_the_evidence(client, approved):
    EvidenceFileFactory(draft=approved, original_name="impact.pdf")
    response, archive = package(client, approved)
    assert response["Content-Disposition"].startswith("attachment;")
    assert sorted(archive.namelist()) == ["details.txt", "evidence/impact.pdf", "summary.txt"]
    assert archive.read("details.txt").decode().startswith(approved.details_text)
    assert archive.read("evidence/impact.pdf").startswith(b"%PDF")


def test_the_summary_names_the_customer_tenant_and_outage(client, approved):
    _response, archive = package(client, approved)
    summary = archive.read("summary.txt").decode()
    assert "Contoso Ltd" in summary
    assert approved.customer_tenant_id in summary
    assert "EX25194" in summary


def test_two_files_with_one_name_both_go_in(client, approved):
    EvidenceFileFactory(draft=approved, original_name="mail.pdf")
    EvidenceFileFactory(draft=approved, original_name="mail.pdf")
    _response, archive = package(client, approved)
    assert {"evidence/mail.pdf", "evidence/mail (2).pdf"} <= set(archive.namelist())


def test_a_draft_not_yet_approved_has_no_package(client):
    draft = EligibleDraftFactory()
    client.force_login(draft.owner)
    response = client.get(reverse("evidence_files:package", args=[draft.public_id]))
    assert response.status_code == 404


def test_another_organisation_gets_no_package(client, approved):
    client.force_login(UserFactory())
    response = client.get(reverse("evidence_files:package", args=[approved.public_id]))
    assert response.status_code == 404
