"""Customers, evidence files, the filing package and outage batches in Chromium.

Each page is checked with axe; with UPDATE_DOCS_SCREENSHOTS=1 the pictures go to
docs/screenshots/ for the user guide (see test_user_guide_screenshots.py). Hostile files
are uploaded with a listener counting Content-Security-Policy violations and any dialog
a script could open.
"""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from creditrequests.batches.models import OutageBatch
from creditrequests.evaluation import request_date
from creditrequests.evidence_files.models import EvidenceFile
from creditrequests.models import CreditRequestDraft, DraftStatus
from tests import evidence_samples as samples
from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.e2e.test_user_guide_screenshots import picture
from tests.factories import CustomerFactory, EligibleDraftFactory, UserFactory

TENANT = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"
COUNT_VIOLATIONS = """
window.__cspViolations = 0;
document.addEventListener("securitypolicyviolation", () => { window.__cspViolations += 1; });
"""


@pytest.fixture
def anna(transactional_db):
    return UserFactory(username="anna", first_name="Anna", last_name="Lind")


def continue_(page):
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def attach(page, name, data, mime="application/octet-stream"):
    page.get_by_label("Evidence file").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    page.get_by_role("button", name="Attach", exact=True).click()
    page.wait_for_load_state()


def test_importing_a_customer_csv_with_one_bad_row_reports_it_and_imports_the_rest(page, anna):
    sign_in(page, anna.username)
    page.goto("/customers/import/")
    csv = (
        "Microsoft ID,Company name,Primary domain name,Relationship,Tags\n"
        f"{TENANT},Contoso Ltd,contoso.com,Cloud Reseller,\n"
        "not-a-tenant,Broken Inc,broken.example,Cloud Reseller,\n"
        "7c0f1d9e-2b1a-4c3d-8e5f-6a7b8c9d0e1f,Fabrikam AB,fabrikam.se,Cloud Reseller,\n"
    )
    page.get_by_label("Customer list (CSV)").set_input_files(
        files=[{"name": "Customers.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_role("button", name="Import", exact=True).click()
    report = page.get_by_test_id("import-report")
    expect(report).to_contain_text("1 line was not imported")
    expect(report).to_contain_text("Line 3:")
    expect(report).to_contain_text("not-a-tenant")
    assert_accessible(page, "customer import report")
    picture(page, "customers-import-bad-row")
    page.get_by_role("link", name="See the customers").click()
    expect(page.get_by_test_id("customers").locator("tbody tr")).to_have_count(2)
    assert_accessible(page, "customer list")
    picture(page, "customers-list")


def test_an_sla_claim_is_drafted_by_picking_the_customer(page, anna):
    CustomerFactory(
        organisation=anna.organisation,
        name="Contoso Ltd",
        tenant_id=TENANT,
        tenant_domains=["contoso.com", "contoso.onmicrosoft.com"],
    )
    sign_in(page, anna.username)
    page.goto("/requests/new/")
    continue_(page)
    page.get_by_label(re.compile("^Service outage")).check()
    continue_(page)
    page.get_by_label("Pick from your customers (optional)").fill("Contoso Ltd (contoso.com)")
    assert_accessible(page, "customer step with the picker")
    picture(page, "wizard-customer-picker")
    continue_(page)
    page.get_by_label("Microsoft 365", exact=True).check()
    page.get_by_label("Outage incident ID").fill("EX25194")
    page.get_by_label("Incident date").fill(request_date().isoformat())
    continue_(page)
    expect(page.get_by_role("heading", name="The customer's tenant")).to_be_visible()
    expect(page.get_by_label("Customer tenant ID")).to_have_value(TENANT)
    expect(page.get_by_label("Tenant domains")).to_have_value(
        "contoso.com\ncontoso.onmicrosoft.com"
    )
    picture(page, "wizard-customer-picked-tenant-filled")
    draft = CreditRequestDraft.objects.get(owner=anna)
    assert draft.customer_name == "Contoso Ltd"


def test_an_email_from_the_tenant_is_accepted_and_one_from_gmail_is_refused(page, anna):
    draft = EligibleDraftFactory(owner=anna)
    draft.answers.pop("evidence_email")
    draft.save()
    sign_in(page, anna.username)
    page.goto(f"/drafts/{draft.public_id}/files/")
    attach(page, "from-contoso.eml", samples.eml(sender="it@contoso.com"), "message/rfc822")
    attach(page, "from-gmail.eml", samples.eml(sender="contoso.it@gmail.com"), "message/rfc822")
    attach(page, "from-outlook.msg", samples.outlook_msg(sender="boss@contoso.com"))
    files = page.get_by_test_id("evidence-file")
    expect(files).to_have_count(3)
    expect(files.nth(0)).to_contain_text("Accepted: the sender is from one of the tenant's")
    expect(files.nth(1)).to_contain_text("a personal email address")
    expect(files.nth(2)).to_contain_text("boss@contoso.com")
    assert_accessible(page, "evidence files")
    picture(page, "evidence-files")
    draft.refresh_from_db()
    assert draft.answers["evidence_email"] == "boss@contoso.com"


def test_the_filing_package_holds_the_details_text_summary_and_files(page, anna):
    draft = EligibleDraftFactory(owner=anna, status=DraftStatus.APPROVED)
    EvidenceFile.objects.create(
        draft=draft,
        uploaded_by=anna,
        original_name="impact.pdf",
        kind="pdf",
        size=len(samples.PDF),
        sha256="0" * 64,
        file=ContentFile(samples.PDF, name="impact.pdf"),
    )
    sign_in(page, anna.username)
    page.goto(f"/drafts/{draft.public_id}/")
    picture(page, "draft-approved-with-filing-package")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the filing package (.zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))
    assert sorted(archive.namelist()) == ["details.txt", "evidence/impact.pdf", "summary.txt"]
    assert "Outage incident ID:" in archive.read("summary.txt").decode()


def test_five_drafts_are_made_from_one_outage(page, anna):
    source = EligibleDraftFactory(owner=anna)
    for number in range(5):
        CustomerFactory(
            organisation=anna.organisation,
            name=f"Kund {number + 1} AB",
            tenant_domains=[f"kund{number + 1}.se"],
        )
    sign_in(page, anna.username)
    page.goto(f"/drafts/{source.public_id}/")
    page.get_by_role("link", name=re.compile("Same outage, more customers")).click()
    for number in range(5):
        page.get_by_label(re.compile(f"^Kund {number + 1} AB")).check()
    assert_accessible(page, "choose customers for a batch")
    picture(page, "batch-choose-customers")
    page.get_by_role("button", name="Make the drafts").click()
    expect(page.get_by_test_id("batch-row")).to_have_count(5)
    expect(page.get_by_test_id("batch-report")).to_contain_text("evidence email")
    assert_accessible(page, "batch report")
    picture(page, "batch-report")
    batch = OutageBatch.objects.get()
    assert batch.members.count() == 5


def test_hostile_files_are_refused_and_no_script_runs(page, anna):
    draft = EligibleDraftFactory(owner=anna)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(COUNT_VIOLATIONS)
    sign_in(page, anna.username)
    page.goto(f"/drafts/{draft.public_id}/files/")
    attach(page, "invoice.pdf", b"MZ\x90\x00" + b"\x00" * 500)
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("a Windows program")
    screenshot(page, "evidence-refused-program")
    attach(page, "page.html", b"<html><script>alert('xss')</script></html>", "text/html")
    expect(page.locator(".error-summary")).to_contain_text("not an email, PDF or screenshot")
    attach(
        page,
        "script-subject.eml",
        samples.eml(subject="<img src=x onerror=alert(1)><script>alert(2)</script>"),
        "message/rfc822",
    )
    expect(page.get_by_test_id("evidence-file")).to_contain_text("<script>alert(2)</script>")
    assert_accessible(page, "evidence files after hostile uploads")
    assert dialogs == []
    assert page.evaluate("window.__cspViolations") == 0
    assert EvidenceFile.objects.count() == 1


def test_customers_evidence_and_batches_read_in_swedish(page, anna):
    draft = EligibleDraftFactory(owner=anna)
    CustomerFactory(organisation=anna.organisation, name="Fabrikam AB")
    sign_in(page, anna.username)
    page.get_by_label("Language").select_option("sv")
    page.get_by_role("button", name="Change").click()
    page.goto("/customers/")
    expect(page.get_by_role("heading", name="Kunder", exact=True)).to_be_visible()
    assert_accessible(page, "customers in Swedish")
    page.goto(f"/drafts/{draft.public_id}/files/")
    page.get_by_label("Underlagsfil").set_input_files(
        files=[
            {
                "name": "privat.eml",
                "mimeType": "message/rfc822",
                "buffer": samples.eml(sender="kund@gmail.com"),
            }
        ]
    )
    page.get_by_role("button", name="Bifoga", exact=True).click()
    expect(page.get_by_test_id("evidence-file")).to_contain_text("en privat e-postadress")
    assert_accessible(page, "evidence files in Swedish")
    screenshot(page, "evidence-files-sv")
    page.goto(f"/batches/from/{draft.public_id}/")
    expect(page.get_by_role("heading", name="Ett avbrott, många kunder")).to_be_visible()
    assert_accessible(page, "batch in Swedish")
