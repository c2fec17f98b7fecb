import base64
import hashlib
import io
import json

import pytest

from creditrequests.backup import BackupError, export_drafts, import_drafts, load
from creditrequests.evidence_files.models import EvidenceFile
from creditrequests.models import CreditRequestDraft
from tests import evidence_samples as samples
from tests.factories import EligibleDraftFactory, EvidenceFileFactory

pytestmark = pytest.mark.django_db


def exported() -> list[dict]:
    out = io.StringIO()
    export_drafts(out)
    return load(io.StringIO(out.getvalue()))


def wipe():
    EvidenceFile.objects.all().delete()
    CreditRequestDraft.history.all().delete()
    CreditRequestDraft.objects.all().delete()


@pytest.fixture
def draft_with_file():
    evidence = EvidenceFileFactory(
        draft=EligibleDraftFactory(),
        original_name="mail.eml",
        kind="eml",
        file__data=samples.eml(),
        size=len(samples.eml()),
        sha256=hashlib.sha256(samples.eml()).hexdigest(),
        email_sender="it@contoso.com",
        sender_check="accepted",
    )
    return evidence


def test_export_wipe_import_brings_back_each_file_byte_for_byte(draft_with_file):
    drafts = exported()
    wipe()
    import_drafts(drafts)
    restored = EvidenceFile.objects.get()
    assert restored.public_id == draft_with_file.public_id
    assert restored.email_sender == "it@contoso.com"
    with restored.file.open("rb") as handle:
        assert handle.read() == samples.eml()


def test_a_damaged_file_in_the_export_stops_the_whole_import(draft_with_file):
    drafts = exported()
    drafts[0]["evidence_files"][0]["content"] = base64.b64encode(b"MZ" + b"\x00" * 50).decode()
    wipe()
    with pytest.raises(BackupError, match="evidence_files"):
        import_drafts(drafts)
    assert not CreditRequestDraft.objects.exists()


def test_a_file_whose_checksum_differs_is_refused(draft_with_file):
    drafts = exported()
    drafts[0]["evidence_files"][0]["sha256"] = "0" * 64
    wipe()
    with pytest.raises(BackupError, match="sha256"):
        import_drafts(drafts)


def test_an_export_made_before_files_existed_still_imports(draft_with_file):
    drafts = json.loads(json.dumps(exported()))
    for record in drafts:
        record.pop("evidence_files")
    wipe()
    assert import_drafts(drafts)[0] == 1
