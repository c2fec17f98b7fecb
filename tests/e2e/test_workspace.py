"""The drafts workspace in a real browser: small screens, a too-late draft closed in one click."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from creditrequests import services
from creditrequests.evaluation import request_date
from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.factories import DraftFactory, EligibleDraftFactory, ReviewerFactory, UserFactory

# One unbroken 120-character word: it used to stretch the table to 2,553 px.
LONG_NAME = "Aktiebolaget" + "Långnamnsleverantörerna" * 5

NO_HORIZONTAL_SCROLL = (
    "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


def _small_page(browser, live_server, *, width: int):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": width, "height": 800}
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _workspace(owner):
    today = request_date()
    EligibleDraftFactory(owner=owner, customer_name=LONG_NAME, reference="REF-" + "9" * 60)
    DraftFactory(owner=owner, deadline=today - timedelta(days=30), outcome="no_refund")
    DraftFactory(owner=owner, deadline=today + timedelta(days=2), status="ready_for_review")
    DraftFactory(owner=owner, deadline=today + timedelta(days=20), reviewed_at=timezone.now())


@pytest.mark.parametrize(("width", "locale"), [(375, "en"), (375, "sv"), (640, "en")])
def test_my_drafts_needs_no_horizontal_scrolling_on_a_small_screen(
    browser, live_server, transactional_db, width, locale
):
    drafter = UserFactory(username="sam")
    _workspace(drafter)
    context, page = _small_page(browser, live_server, width=width)
    sign_in(page, drafter.username)
    if locale == "sv":
        page.get_by_label("Language").select_option("sv")
        page.get_by_role("button", name="Change").click()
    page.goto("/")
    expect(page.locator(".drafts-table tbody tr")).to_have_count(4)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert_accessible(page, f"my drafts at {width} px, {locale}")
    screenshot(page, f"workspace-my-drafts-{width}-{locale}")
    context.close()


def test_the_review_queue_needs_no_horizontal_scrolling_at_375_px(
    browser, live_server, transactional_db
):
    drafter = UserFactory(username="sam")
    reviewer = ReviewerFactory(username="rita", organisation=drafter.organisation)
    EligibleDraftFactory(owner=drafter, customer_name=LONG_NAME, status="ready_for_review")
    context, page = _small_page(browser, live_server, width=375)
    sign_in(page, reviewer.username)
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert_accessible(page, "review queue at 375 px")
    screenshot(page, "workspace-review-queue-375")
    context.close()


def test_a_too_late_draft_is_flagged_first_and_closed_in_one_click(page, transactional_db):
    drafter = UserFactory(username="tove")
    today = request_date()
    DraftFactory(owner=drafter, customer_name="Later AB", deadline=today + timedelta(days=5))
    DraftFactory(
        owner=drafter,
        customer_name="Too Late AB",
        deadline=today - timedelta(days=30),
        outcome="no_refund",
        eligible=False,
    )
    sign_in(page, drafter.username)
    first_row = page.locator(".drafts-table tbody tr").first
    expect(first_row).to_contain_text("Too Late AB")
    expect(first_row).to_contain_text("Window closed")
    screenshot(page, "workspace-too-late-first")
    first_row.get_by_role("link").first.click()
    assert_accessible(page, "too-late draft")
    page.get_by_role("button", name="Close: too late").click()
    expect(page.get_by_text("The draft is closed.")).to_be_visible()
    expect(page.locator(".tag-status")).to_have_text("Closed")
    page.get_by_role("link", name="My drafts").first.click()
    expect(page.locator(".drafts-table tbody tr")).to_have_count(1)
    expect(page.locator(".drafts-table")).not_to_contain_text("Too Late AB")


def test_a_returned_draft_comes_first_is_resubmitted_and_its_approval_is_mailed(
    page, browser, live_server, transactional_db, mailoutbox
):
    drafter = UserFactory(username="dora", first_name="Dora", last_name="Drafter")
    reviewer = ReviewerFactory(
        username="rex", first_name="Rex", last_name="Reviewer", organisation=drafter.organisation
    )
    DraftFactory(owner=drafter, customer_name="Soon AB", deadline=request_date())
    draft = services.submit_for_review(
        EligibleDraftFactory(owner=drafter, customer_name="Contoso Ltd"), by=drafter
    )
    services.return_for_changes(draft, by=reviewer, comment="Add the support ticket numbers.")
    assert mailoutbox[-1].subject.startswith("Needs your changes")
    mailoutbox.clear()

    sign_in(page, drafter.username)
    expect(page.locator(".counts")).to_contain_text("1 returned to you")
    first_row = page.locator(".drafts-table tbody tr").first
    expect(first_row).to_contain_text("Contoso Ltd")
    expect(first_row).to_contain_text("Needs your changes")
    assert_accessible(page, "my drafts with a returned draft")
    screenshot(page, "workspace-returned-first")
    first_row.get_by_role("link", name="Service outage (SLA)", exact=True).click()
    expect(page.locator(".panel blockquote.review-comment")).to_have_text(
        "Add the support ticket numbers."
    )
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review. A reviewer")).to_be_visible()
    assert [mail.to for mail in mailoutbox] == [[reviewer.email]]

    context = browser.new_context(base_url=live_server.url)
    review_page = context.new_page()
    sign_in(review_page, reviewer.username)
    expect(review_page.get_by_role("heading", name="Review queue")).to_be_visible()
    review_page.get_by_role("link", name="Service outage (SLA)", exact=True).click()
    review_page.get_by_role("button", name="Approve").click()
    expect(review_page.get_by_text("Approved. The draft can now be filed")).to_be_visible()
    context.close()
    approval = mailoutbox[-1]
    assert approval.to == [drafter.email]
    assert approval.subject.startswith("Approved, ready to file")


def test_a_billing_admin_hands_a_draft_to_an_admin_agent(
    page, browser, live_server, transactional_db
):
    billing = UserFactory(username="bella", first_name="Bella", partner_center_role="billing_admin")
    agent = UserFactory(
        username="anna", first_name="Anna", last_name="Agent", organisation=billing.organisation
    )
    draft = EligibleDraftFactory(
        owner=billing, customer_name="Fabrikam", eligible=False, outcome="not_eligible"
    )
    draft.answers = {**draft.answers, "role": "billing_admin"}
    draft.save()

    sign_in(page, billing.username)
    page.get_by_role("link", name="Service outage (SLA)", exact=True).click()
    expect(page.get_by_role("heading", name="Hand the draft to an Admin agent")).to_be_visible()
    assert_accessible(page, "draft page with hand-over")
    screenshot(page, "workspace-hand-over")
    page.get_by_label("Hand it over to").select_option(label="Anna Agent")
    page.get_by_role("button", name="Hand over").click()
    expect(page.get_by_text("Handed over to Anna Agent")).to_be_visible()
    expect(page.locator(".drafts-table")).to_have_count(0)

    context = browser.new_context(base_url=live_server.url)
    agent_page = context.new_page()
    sign_in(agent_page, agent.username)
    agent_page.get_by_role("link", name="Service outage (SLA)", exact=True).click()
    expect(agent_page.locator(".history")).to_contain_text("Handed over")
    expect(agent_page.get_by_role("button", name="Submit for review")).to_be_visible()
    assert_accessible(agent_page, "handed-over draft")
    context.close()


def test_the_too_late_draft_page_reads_in_swedish(page, transactional_db):
    drafter = UserFactory(username="sven")
    draft = DraftFactory(
        owner=drafter,
        customer_name="För Sent AB",
        deadline=request_date() - timedelta(days=30),
        outcome="no_refund",
        eligible=False,
    )
    sign_in(page, drafter.username)
    page.get_by_label("Language").select_option("sv")
    page.get_by_role("button", name="Change").click()
    page.goto(f"/drafts/{draft.public_id}/")
    expect(page.locator(".tag-overdue")).to_contain_text("Fristen gick ut")
    expect(page.get_by_role("button", name="Stäng: för sent")).to_be_visible()
    page.locator("summary").click()
    expect(page.get_by_text("Varför stänger du utkastet?")).to_be_visible()
    assert_accessible(page, "too-late draft in Swedish")
    screenshot(page, "workspace-too-late-draft-sv")
