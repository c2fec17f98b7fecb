import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creditrequests.evidence_files.models import EvidenceFile, SenderCheck
from tests import evidence_samples as samples
from tests.factories import EligibleDraftFactory, EvidenceFileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client):
    draft = EligibleDraftFactory()
    draft.answers.pop("evidence_email", None)
    draft.save()
    client.force_login(draft.owner)
    return draft


def upload(client, draft, name, data):
    return client.post(
        reverse("evidence_files:list", args=[draft.public_id]),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_an_email_from_the_tenant_domain_is_accepted_and_fills_the_evidence_email(client, draft):
    upload(client, draft, "mail.eml", samples.eml(sender="it@contoso.com"))
    evidence = EvidenceFile.objects.get()
    draft.refresh_from_db()
    assert evidence.sender_check == SenderCheck.ACCEPTED
    assert draft.answers["evidence_email"] == "it@contoso.com"


def test_an_email_from_gmail_is_stored_but_refused_as_evidence_with_the_reason(client, draft):
    page = upload(client, draft, "mail.eml", samples.eml(sender="contoso.it@gmail.com"))
    draft.refresh_from_db()
    assert EvidenceFile.objects.get().sender_check == SenderCheck.PERSONAL
    assert "personal email address" in page.content.decode()
    assert "evidence_email" not in draft.answers


def test_an_email_from_another_domain_is_shown_as_a_mismatch(client, draft):
    page = upload(client, draft, "mail.eml", samples.eml(sender="it@fabrikam.se"))
    assert EvidenceFile.objects.get().sender_check == SenderCheck.MISMATCH
    assert "not from the tenant" in page.content.decode()


def test_an_outlook_msg_is_read_like_an_eml(client, draft):
    upload(client, draft, "mail.msg", samples.outlook_msg(sender="it@contoso.com"))
    evidence = EvidenceFile.objects.get()
    assert (evidence.kind, evidence.email_sender) == ("msg", "it@contoso.com")


def test_attaching_a_file_is_in_the_drafts_history(client, draft):
    upload(client, draft, "impact.pdf", samples.PDF)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Evidence file attached" in page
    assert "impact.pdf" in page


def test_a_renamed_program_is_refused_next_to_the_field(client, draft):
    page = upload(client, draft, "invoice.pdf", b"MZ\x90\x00" + b"\x00" * 100).content.decode()
    assert "There is a problem" in page
    assert "a Windows program" in page
    assert not EvidenceFile.objects.exists()


def test_a_colleague_cannot_attach_files_to_someone_elses_draft(client, draft):
    colleague = UserFactory(organisation=draft.organisation)
    client.force_login(colleague)
    upload(client, draft, "impact.pdf", samples.PDF)
    assert not EvidenceFile.objects.exists()


def test_a_download_is_an_attachment_that_is_never_sniffed(client, draft):
    evidence = EvidenceFileFactory(draft=draft)
    response = client.get(
        reverse("evidence_files:download", args=[draft.public_id, evidence.public_id])
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_organisation_cannot_download_a_file(client, draft):
    evidence = EvidenceFileFactory(draft=draft)
    client.force_login(UserFactory())
    response = client.get(
        reverse("evidence_files:download", args=[draft.public_id, evidence.public_id])
    )
    assert response.status_code == 404


def test_removing_a_file_deletes_it_from_storage(client, draft, django_capture_on_commit_callbacks):
    evidence = EvidenceFileFactory(draft=draft)
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evidence_files:remove", args=[draft.public_id, evidence.public_id]))
    assert not EvidenceFile.objects.exists()
    assert not storage.exists(name)
