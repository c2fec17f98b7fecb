from dataclasses import replace
from datetime import date, timedelta

import pytest

from rules import CreditRequest, CreditType, Outcome, PartnerType, Role, evaluate
from rules.duplicate import MOVE_NOTES

BOUGHT = date(2026, 1, 5)


def duplicate(**changes: object) -> CreditRequest:
    request = CreditRequest(
        credit_type=CreditType.DUPLICATE_ORDER,
        role=Role.GLOBAL_ADMIN,
        partner_type=PartnerType.INDIRECT_PROVIDER,
        today=BOUGHT + timedelta(days=30),
        rule_set="2021-03-31",
        new_subscription_purchase_date=BOUGHT,
        original_subscription_id="8d0c7b7e-3a51-4c1e-a9f0-5b2d6e4c1f37",
        new_subscription_id="5b2d6e4c-1f37-4c1e-a9f0-8d0c7b7e3a51",
        original_tenant_id="9a51c0f3-8e6d-4b14-2f1e-6c1a7d3b4b7e",
        tenant_id="2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
        description="The customer moved tenant; the old subscription is still billed.",
    )
    return replace(request, **changes)


@pytest.mark.parametrize(
    ("day", "eligible", "outcome", "deadline"),
    [
        (0, True, Outcome.REVIEW, date(2026, 5, 5)),
        (120, True, Outcome.REVIEW, date(2026, 5, 5)),
        (121, False, Outcome.NO_REFUND, None),
    ],
)
def test_duplicate_order_is_in_time_until_120_days_after_the_new_purchase(
    day: int, eligible: bool, outcome: Outcome, deadline: date | None
) -> None:
    verdict = evaluate(duplicate(today=BOUGHT + timedelta(days=day)))
    assert (verdict.eligible, verdict.outcome, verdict.deadline) == (eligible, outcome, deadline)


def test_late_duplicate_order_is_past_deadline_on_the_new_purchase_date() -> None:
    verdict = evaluate(duplicate(today=date(2026, 5, 6)))
    assert [(p.field, p.code) for p in verdict.problems] == [
        ("new_subscription_purchase_date", "past_deadline")
    ]
    assert "2026-05-05" in verdict.problems[0].message


@pytest.mark.parametrize("today", [date(2026, 2, 1), date(2027, 1, 1)])
def test_voluntary_move_notes_are_always_given(today: date) -> None:
    notes = evaluate(duplicate(today=today)).notes
    assert notes == MOVE_NOTES
    assert any("lose all offers" in note for note in notes)
    assert any("Past promotions do not carry over" in note for note in notes)
    assert any("today's price" in note for note in notes)


def test_voluntary_move_notes_stay_out_of_the_details_text() -> None:
    assert "promotions" not in evaluate(duplicate()).details_text


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        (
            {"new_subscription_purchase_date": None},
            "new_subscription_purchase_date",
            "missing_field",
        ),
        (
            {"new_subscription_purchase_date": date(2026, 2, 5)},
            "new_subscription_purchase_date",
            "date_in_future",
        ),
        ({"original_subscription_id": "abc"}, "original_subscription_id", "invalid_guid"),
        ({"new_subscription_id": "abc"}, "new_subscription_id", "invalid_guid"),
        ({"original_tenant_id": "abc"}, "original_tenant_id", "invalid_guid"),
        ({"tenant_id": "abc"}, "tenant_id", "invalid_guid"),
    ],
)
def test_invalid_duplicate_order_input_is_not_eligible(
    changes: dict[str, object], field: str, code: str
) -> None:
    verdict = evaluate(duplicate(**changes))
    assert [(p.field, p.code) for p in verdict.problems] == [(field, code)]
    assert verdict.outcome is Outcome.NOT_ELIGIBLE


def test_missing_subscription_ids_are_warnings() -> None:
    verdict = evaluate(duplicate(original_subscription_id=None, new_subscription_id=None))
    assert verdict.eligible
    assert [w.field for w in verdict.warnings] == [
        "original_subscription_id",
        "new_subscription_id",
    ]


def test_duplicate_order_details_name_both_subscriptions_and_tenants() -> None:
    lines = evaluate(duplicate()).details_text.splitlines()
    for line in [
        "Credit request type: Duplicate order",
        "Partner type: Indirect provider",
        "Requested by role: Global admin",
        "Original subscription ID: 8d0c7b7e-3a51-4c1e-a9f0-5b2d6e4c1f37",
        "Original tenant ID: 9a51c0f3-8e6d-4b14-2f1e-6c1a7d3b4b7e",
        "New subscription ID: 5b2d6e4c-1f37-4c1e-a9f0-8d0c7b7e3a51",
        "New tenant ID: 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
        "New subscription purchase date: 2026-01-05",
        "Request deadline: 2026-05-05",
        "Why the licences are duplicated: The customer moved tenant; the old subscription is "
        "still billed.",
    ]:
        assert line in lines
