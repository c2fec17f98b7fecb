from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.factories import UserFactory


def test_a_demo_user_signs_in_and_sees_their_drafts(page, transactional_db):
    user = UserFactory(username="anna")
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert_accessible(page, "sign-in page")
    screenshot(page, "sign-in")
    sign_in(page, user.username)
    assert page.get_by_role("heading", name="My drafts").is_visible()
    assert_accessible(page, "my drafts")


def test_the_sign_in_page_switches_to_swedish(page, transactional_db):
    page.goto("/accounts/login/")
    page.get_by_label("Language").select_option("sv")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_accessible(page, "sign-in page in Swedish")
