"""Hostile uploads: each is refused with a reason or stored inert; none is a 500."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creditrequests.evidence_files.models import EvidenceFile
from tests import evidence_samples as samples
from tests.factories import EligibleDraftFactory

pytestmark = pytest.mark.django_db


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("evidence.pdf", b"\x00" * 20_000_000)
    return buffer.getvalue()


HOSTILE = {
    "renamed_program.pdf": b"MZ\x90\x00\x03" + b"\x00" * 200,
    "zip_bomb.pdf": zip_bomb(),
    "script.eml": b"<html><body><script>alert(document.cookie)</script></body></html>",
    "page.png": b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    "broken.msg": samples.outlook_msg()[:3000],
    "garbage.msg": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 4000,
    "empty.eml": b"",
}


@pytest.fixture
def draft(client):
    draft = EligibleDraftFactory()
    client.force_login(draft.owner)
    return draft


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_with_a_reason_and_nothing_is_stored(client, draft, name):
    response = client.post(
        reverse("evidence_files:list", args=[draft.public_id]),
        {"file": SimpleUploadedFile(name, HOSTILE[name])},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_fifty_megabyte_file_is_refused_for_its_size(client, draft):
    response = client.post(
        reverse("evidence_files:list", args=[draft.public_id]),
        {"file": SimpleUploadedFile("huge.pdf", b"%PDF-" + b"0" * (50 * 1024 * 1024))},
    )
    assert "the limit is 10 MB" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_an_email_with_a_script_in_its_subject_is_shown_as_text(client, draft):
    client.post(
        reverse("evidence_files:list", args=[draft.public_id]),
        {"file": SimpleUploadedFile("x.eml", samples.eml(subject="<script>alert(1)</script>"))},
    )
    page = client.get(reverse("evidence_files:list", args=[draft.public_id])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_an_email_served_back_is_a_download_not_a_page(client, draft):
    client.post(
        reverse("evidence_files:list", args=[draft.public_id]),
        {"file": SimpleUploadedFile("x.eml", samples.eml(subject="<script>alert(1)</script>"))},
    )
    evidence = EvidenceFile.objects.get()
    response = client.get(
        reverse("evidence_files:download", args=[draft.public_id, evidence.public_id])
    )
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"].startswith("attachment;")
