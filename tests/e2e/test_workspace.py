"""The drafts workspace in a real browser: small screens, a too-late draft closed in one click."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

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
    today = timezone.localdate()
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
    today = timezone.localdate()
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
