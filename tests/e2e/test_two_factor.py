"""Two-factor sign-in in a real browser: a reviewer enrols, then signs in with a code."""

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, current_code, screenshot
from tests.factories import TEST_PASSWORD, ReviewerFactory


def _password(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_reviewer_enrols_an_authenticator_on_first_sign_in(page, transactional_db):
    import base64

    reviewer = ReviewerFactory(username="rita")
    _password(page, reviewer.username)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_alt_text("QR code for your authenticator app")).to_be_visible()
    assert_accessible(page, "two-factor setup")
    screenshot(page, "two-factor-1-setup")

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("That code does not match").first).to_be_visible()
    assert_accessible(page, "two-factor setup with an error")

    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code").fill(current_code(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page, "recovery codes")
    screenshot(page, "two-factor-2-recovery-codes")

    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()  # a reviewer's landing
    assert TOTPDevice.objects.get(user=reviewer).confirmed


def test_a_reviewer_signs_in_with_the_code_from_the_app(page, transactional_db):
    reviewer = ReviewerFactory(username="ruben")
    device = TOTPDevice.objects.create(
        user=reviewer, name="Phone", key="3132333435363738393031323334353637383930"
    )
    page.goto("/review/")
    page.get_by_label("Username").fill(reviewer.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    assert_accessible(page, "two-factor code")
    screenshot(page, "two-factor-3-code")

    page.get_by_label("Code").fill(current_code(device.bin_key))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()


def test_the_code_page_is_accessible_in_swedish(page, transactional_db):
    reviewer = ReviewerFactory(username="rut")
    TOTPDevice.objects.create(user=reviewer, name="Phone", confirmed=True)
    page.goto("/accounts/login/")
    page.get_by_label("Language").select_option("sv")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    page.locator("#id_username").fill(reviewer.username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page.get_by_role("heading", name="Ange din inloggningskod")).to_be_visible()
    assert_accessible(page, "two-factor code in Swedish")
