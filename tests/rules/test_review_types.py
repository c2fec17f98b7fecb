from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from rules import CreditRequest, CreditType, Outcome, PartnerType, Role, evaluate

REVIEW_TYPES = [CreditType.TECHNICAL_ISSUE, CreditType.INCORRECT_INFORMATION]


def review(credit_type: CreditType, **changes: object) -> CreditRequest:
    request = CreditRequest(
        credit_type=credit_type,
        role=Role.ADMIN_AGENT,
        partner_type=PartnerType.DIRECT,
        today=date(2026, 3, 10),
        rule_set="2021-03-31",
        issue_date=date(2026, 3, 1),
        tenant_id="2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
        references="Invoice G012345678",
        description="Provisioning failed; licences billed but never usable.",
        amount=Decimal("125.5"),
        currency="eur",
    )
    return replace(request, **changes)


@pytest.mark.parametrize("credit_type", REVIEW_TYPES)
def test_review_types_have_no_window_and_go_to_review(credit_type: CreditType) -> None:
    verdict = evaluate(review(credit_type, issue_date=date(2021, 4, 1)))
    assert (verdict.eligible, verdict.outcome, verdict.deadline) == (True, Outcome.REVIEW, None)
    assert verdict.problems == ()


@pytest.mark.parametrize("credit_type", REVIEW_TYPES)
def test_missing_description_and_amount_are_warnings_not_problems(credit_type: CreditType) -> None:
    verdict = evaluate(review(credit_type, description=None, amount=None, currency=None))
    assert verdict.eligible
    assert [(w.field, w.code) for w in verdict.warnings] == [
        ("description", "missing_evidence"),
        ("amount", "missing_evidence"),
    ]


def test_a_bare_review_request_is_eligible_with_a_warning_per_missing_fact() -> None:
    bare = CreditRequest(
        credit_type=CreditType.TECHNICAL_ISSUE,
        role=Role.ADMIN_AGENT,
        partner_type=PartnerType.DIRECT,
        today=date(2026, 3, 10),
        rule_set="2021-03-31",
    )
    verdict = evaluate(bare)
    assert verdict.eligible
    assert {w.field for w in verdict.warnings} == {
        "description",
        "issue_date",
        "references",
        "tenant_id",
        "amount",
    }


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"issue_date": date(2026, 3, 11)}, "issue_date", "date_in_future"),
        ({"tenant_id": "tenant"}, "tenant_id", "invalid_guid"),
        ({"amount": Decimal("0")}, "amount", "invalid_amount"),
        ({"amount": Decimal("-10")}, "amount", "invalid_amount"),
        ({"amount": Decimal("10.005")}, "amount", "invalid_amount"),
        ({"amount": Decimal("NaN")}, "amount", "invalid_amount"),
        ({"amount": Decimal("Infinity")}, "amount", "invalid_amount"),
        ({"amount": Decimal("1E+40")}, "amount", "invalid_amount"),
        ({"currency": "euro"}, "currency", "invalid_currency"),
        ({"currency": "E1R"}, "currency", "invalid_currency"),
        ({"currency": None}, "currency", "missing_field"),
    ],
)
def test_invalid_review_input_is_not_eligible(
    changes: dict[str, object], field: str, code: str
) -> None:
    verdict = evaluate(review(CreditType.TECHNICAL_ISSUE, **changes))
    assert [(p.field, p.code) for p in verdict.problems] == [(field, code)]
    assert verdict.outcome is Outcome.NOT_ELIGIBLE


def test_amount_rules_apply_to_every_credit_type() -> None:
    request = CreditRequest(
        credit_type=CreditType.DUPLICATE_ORDER,
        role=Role.ADMIN_AGENT,
        partner_type=PartnerType.DIRECT,
        today=date(2026, 3, 10),
        rule_set="2021-03-31",
        new_subscription_purchase_date=date(2026, 3, 1),
        amount=Decimal("99.999"),
        currency="SEK",
    )
    assert [p.code for p in evaluate(request).problems] == ["invalid_amount"]


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("125.5"), "125.50 EUR"),
        (Decimal("1E+3"), "1000.00 EUR"),
        (Decimal("7"), "7.00 EUR"),
    ],
)
def test_amount_is_shown_with_two_decimals_and_the_currency_code(
    amount: Decimal, shown: str
) -> None:
    verdict = evaluate(review(CreditType.INCORRECT_INFORMATION, amount=amount))
    assert f"Amount requested: {shown}" in verdict.details_text.splitlines()


def test_review_details_hold_what_a_reviewer_needs() -> None:
    lines = evaluate(review(CreditType.INCORRECT_INFORMATION)).details_text.splitlines()
    for line in [
        "Credit request type: Incorrect information from Microsoft",
        "Customer tenant ID: 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
        "Issue date: 2026-03-01",
        "Subscriptions, orders or invoices: Invoice G012345678",
        "Amount requested: 125.50 EUR",
        "What Microsoft said and what happened: Provisioning failed; licences billed but never "
        "usable.",
    ]:
        assert line in lines


def test_technical_issue_details_say_what_happened() -> None:
    text = evaluate(review(CreditType.TECHNICAL_ISSUE)).details_text
    assert "Credit request type: Technical issue" in text
    assert "What happened: Provisioning failed" in text
