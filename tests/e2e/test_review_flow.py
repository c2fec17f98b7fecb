"""The review workflow in a real browser: submit, return with a comment, resubmit, approve, file."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.factories import EligibleDraftFactory, ReviewerFactory, UserFactory


def _context_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def test_a_draft_is_returned_resubmitted_approved_and_filed(
    page, browser, live_server, transactional_db
):
    drafter = UserFactory(username="dora", first_name="Dora", last_name="Drafter")
    reviewer = ReviewerFactory(
        username="rex", first_name="Rex", last_name="Reviewer", organisation=drafter.organisation
    )
    draft = EligibleDraftFactory(owner=drafter, customer_name="Contoso Ltd", reference="CR-2026-7")
    review_context, review_page = _context_page(browser, live_server)

    # The drafter finds the draft in My drafts and submits it for review.
    sign_in(page, drafter.username)
    expect(page.get_by_role("heading", name="My drafts")).to_be_visible()
    expect(page.get_by_role("cell", name="Contoso Ltd", exact=True)).to_be_visible()
    assert_accessible(page, "my drafts")
    screenshot(page, "review-1-my-drafts")
    page.get_by_role("link", name="Service outage (SLA)", exact=True).click()
    assert_accessible(page, "draft page")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review. A reviewer")).to_be_visible()

    # The reviewer returns it with a comment.
    sign_in(review_page, reviewer.username)
    review_page.get_by_role("link", name="Review queue").click()
    expect(review_page.get_by_role("heading", name="Review queue")).to_be_visible()
    assert_accessible(review_page, "review queue")
    screenshot(review_page, "review-2-queue")
    review_page.get_by_role("link", name="Service outage (SLA)", exact=True).click()
    expect(review_page.get_by_role("heading", name="Verdict: then and now")).to_be_visible()
    assert_accessible(review_page, "review page")
    screenshot(review_page, "review-3-review-page")
    review_page.get_by_label("Comment for the drafter").fill("Add the support ticket numbers.")
    review_page.get_by_role("button", name="Return for changes").click()
    expect(review_page.get_by_text("Returned to the drafter")).to_be_visible()

    # The drafter sees the comment and resubmits.
    page.reload()
    expect(page.locator(".panel blockquote.review-comment")).to_have_text(
        "Add the support ticket numbers."
    )
    assert_accessible(page, "returned draft")
    screenshot(page, "review-4-returned")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review. A reviewer")).to_be_visible()

    # The reviewer approves.
    review_page.goto(f"/review/{draft.public_id}/")
    review_page.get_by_role("button", name="Approve").click()
    expect(review_page.get_by_text("Approved. The draft can now be filed")).to_be_visible()
    review_context.close()

    # The drafter records the Partner Center ticket.
    page.reload()
    page.get_by_label("Partner Center ticket number").fill("2604150010001234")
    page.get_by_role("button", name="Record the filing").click()
    expect(page.get_by_text("Filing recorded.")).to_be_visible()
    expect(page.locator(".tag-status")).to_have_text("Filed")

    history = page.locator(".history")
    events = [text.strip() for text in history.locator(".history-head strong").all_inner_texts()]
    assert events == [
        "Filed with Microsoft",
        "Approved",
        "Submitted for review",
        "Returned for changes",
        "Submitted for review",
        "Created",
    ]
    expect(history).to_contain_text(re.compile(r"by Rex Reviewer"))
    expect(history).to_contain_text("2604150010001234")
    assert_accessible(page, "filed draft with history")
    screenshot(page, "review-5-filed-with-history")
