"""The user guide's pictures of saved drafts and a refused request, taken in Chromium.

Normally the screenshots are test artifacts like every other e2e test's. With
UPDATE_DOCS_SCREENSHOTS=1 they are written to docs/screenshots/ for docs/user-guide.md:

    UPDATE_DOCS_SCREENSHOTS=1 .venv/bin/python -m pytest -q tests/e2e/test_user_guide_screenshots.py

The guide's other pictures (the steps of each credit type, Check your answers, the
result) come from tests/e2e/test_wizard_flows.py's artifacts in test-artifacts/screenshots/.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest

from creditrequests.evaluation import evaluate_answers, record_verdict, request_date
from creditrequests.models import CreditRequestDraft
from creditrequests.wizard.steps import STEPS
from tests.e2e.conftest import screenshot, sign_in
from tests.factories import DraftFactory, EligibleDraftFactory, UserFactory

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE_DOCS = os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1"


def picture(page, name: str) -> Path:
    """A full-page screenshot: into docs/screenshots/ when updating the docs, else an artifact."""
    if not UPDATE_DOCS:
        return screenshot(page, f"user-guide-{name}")
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = DOCS_SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def days_ago(days: int) -> str:
    return (request_date() - timedelta(days=days)).isoformat()


def finished_draft(owner, answers: dict, **fields) -> CreditRequestDraft:
    """A draft as the wizard leaves it after "Write the Details text"."""
    today = request_date()
    draft = DraftFactory.build(
        owner=owner,
        organisation=owner.organisation,
        credit_type=answers["credit_type"],
        customer_name=answers.get("customer_name", ""),
        customer_tenant_id=answers.get("tenant_id", ""),
        answers=answers,
        completed_steps=[step for step, _form in STEPS],
        current_step="check",
        **fields,
    )
    record_verdict(draft, evaluate_answers(answers, today=today), today=today)
    draft.save()
    return draft


@pytest.fixture
def anna_with_drafts(transactional_db):
    anna = UserFactory(username="anna", first_name="Anna", last_name="Lind")
    EligibleDraftFactory(owner=anna, reference="CASE-17")
    refused = finished_draft(
        anna,
        {
            "credit_type": "accidental_purchase",
            "role": "admin_agent",
            "partner_type": "direct",
            "customer_name": "Fabrikam School",
            "bought_from": "csp",
            "commerce": "legacy",
            "offer": "m365_a1",
            "purchase_date": days_ago(45),
            "users_assigned": 0,
            "description": "300 Microsoft 365 A1 licences were bought instead of 30.",
        },
        reference="CASE-23",
    )
    in_progress = DraftFactory(
        owner=anna,
        credit_type="duplicate_order",
        customer_name="Northwind Traders",
        customer_tenant_id="",
        reference="CASE-31",
        answers={
            "credit_type": "duplicate_order",
            "role": "admin_agent",
            "partner_type": "direct",
            "customer_name": "Northwind Traders",
            "partner_reference": "CASE-31",
        },
        completed_steps=["requester", "credit-type", "customer"],
        current_step="duplicate-order",
    )
    return anna, refused, in_progress


def test_the_user_guide_pictures_of_saving_resuming_and_a_refusal(page, anna_with_drafts):
    anna, refused, in_progress = anna_with_drafts
    sign_in(page, anna.username)

    # Resume a saved draft: it opens at its first unfinished step.
    page.goto(f"/requests/{in_progress.public_id}/resume/")
    assert page.get_by_role("heading", name="Where and how it was bought").is_visible()
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your draft is saved.").is_visible()
    assert page.get_by_role("cell", name="Northwind Traders", exact=True).is_visible()
    picture(page, "my-drafts-saved")

    page.goto(f"/requests/{refused.public_id}/result/")
    assert page.get_by_role("heading", name="This credit request cannot be filed as it is")
    picture(page, "result-refused")
