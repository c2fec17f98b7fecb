"""Browser tests: Playwright for Python driving Debian's Chromium against the live server.

Screenshots go to test-artifacts/screenshots/ (kept by CI as artifacts; the best
ones are copied into docs/screenshots/ by hand).
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make around it (creating users, reading drafts) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e import nu_checker  # noqa: E402
from tests.e2e.nu_checker import NuChecker  # noqa: E402
from tests.factories import TEST_PASSWORD  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def html_checker():
    checker = NuChecker()
    yield checker
    checker.close()


@pytest.fixture(autouse=True)
def nu_valid_pages(html_checker):
    """Every HTML page the live server sends during the test passes the Nu HTML Checker."""
    nu_checker.recorded = []
    yield
    pages, nu_checker.recorded = nu_checker.recorded, None
    problems = []
    for path, html in dict.fromkeys(pages):
        problems.extend(f"{path} {error}" for error in html_checker.errors(html))
    assert not problems, "Nu HTML Checker errors:\n" + "\n".join(problems)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def current_code(key: bytes) -> str:
    """The code an authenticator app with this key shows now."""
    from django_otp.oath import totp

    return f"{totp(key):06d}"


def sign_in(page, username: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real login form, with the second factor when it is asked for.

    A reviewer without an authenticator enrols one on the way, as on their first sign-in.
    """
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/two-factor/setup/" in page.url:
        enrol_authenticator(page)
    elif "/accounts/two-factor/verify/" in page.url:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        # Each code works once: let the test sign the same person in twice in 30 seconds.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        page.get_by_label("Code").fill(current_code(device.bin_key))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()


def enrol_authenticator(page) -> list[str]:
    """On the setup page: "scan" the key, prove it with a code; the recovery codes shown."""
    import base64

    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code").fill(current_code(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_load_state()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    page.get_by_role("link", name="I have saved them: continue").click()
    page.wait_for_load_state()
    return codes


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artifact and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


_axe = Axe()


def assert_accessible(page, context: str = "") -> None:
    """axe-core finds no violations on the page as it is now."""
    results = _axe.run(page)
    violations = results.response["violations"]
    summary = "; ".join(
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )
    assert not violations, f"axe violations {context}: {summary}"
